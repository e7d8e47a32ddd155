/*
 * Encoding telex-alert's output record, schemas/Alert.avsc, as a Telex frame.
 *
 * Telex's records library encodes its own four records; a stage with a record
 * of its own encodes the Avro body itself and frames it with the SDK. This
 * file shows how: the schema comes from the loaded set (the runtime loads
 * every .avsc in schemas/, so Alert.avsc is there, and telex-cat can print
 * alerts), the body is written with Avro C's generic value API, and
 * telex_frame_wrap() prefixes the single-object header.
 */
#ifndef TELEX_ALERT_RECORD_H
#define TELEX_ALERT_RECORD_H

#include <avro.h>

#include "alert_rule.h"
#include "telex/records.h"

/* One per stage instance: the parsed schema and one value, reset per alert. */
typedef struct alert_encoder {
    const telex_schemas *schemas; /* borrowed: the runtime's schema set */
    uint64_t fingerprint;         /* of the current telex.Alert */
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;
    telex_buf body;
} alert_encoder;

/*
 * Prepares enc for the current telex.Alert of schemas. Returns 0, or -1 with a
 * reason in err (for instance when no Alert.avsc was loaded). On success free
 * it with alert_encoder_free(); on failure it holds nothing.
 */
int alert_encoder_init(alert_encoder *enc, const telex_schemas *schemas, char *err, size_t errlen);
void alert_encoder_free(alert_encoder *enc);

/*
 * Appends to out the frame of the Alert for event, one of story's events,
 * which alert_match_event() matched. Returns 0, or -1 with a reason in err.
 */
int alert_encode(alert_encoder *enc, const telex_enriched_story *story, const telex_event *event,
                 const alert_match *match, telex_buf *out, char *err, size_t errlen);

#endif

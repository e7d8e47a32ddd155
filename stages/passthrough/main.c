/*
 * telex-passthrough: the smallest useful stage. Every input record that is a
 * Telex Avro frame (one the loaded schemas know) is emitted unchanged to the
 * output topic with its key; anything else is dead-lettered. It exists to
 * prove the runtime end to end: consumer group, delivery-gated offsets,
 * dead letters, --stdio.
 */
#include <stdio.h>

#include "telex/records.h"
#include "telex/stage.h"

static int passthrough_process(void *ctx, const telex_record *in, telex_io *io, char *err,
                               size_t errlen)
{
    const unsigned char *bytes = in->value;

    if (!telex_frame_schema_name(telex_io_schemas(io), in->value, in->value_len)) {
        snprintf(err, errlen,
                 "not a Telex Avro frame: %zu bytes starting %02x %02x (want c3 01 and a "
                 "known schema fingerprint)",
                 in->value_len, in->value_len > 0 ? bytes[0] : 0, in->value_len > 1 ? bytes[1] : 0);
        return TELEX_REJECT;
    }
    if (telex_io_emit(io, NULL, in->key, in->key_len, in->value, in->value_len, err, errlen) != 0)
        return TELEX_FATAL;
    return TELEX_OK;
}

static const telex_stage_def passthrough_stage = {
    .name = "passthrough",
    .description = "copies Telex frames from its input to its output topic unchanged",
    .input_topics = "wire.raw",
    .output_topic = "wire.passthrough",
    .process = passthrough_process,
};

int main(int argc, char **argv)
{
    return telex_stage_main(&passthrough_stage, argc, argv);
}

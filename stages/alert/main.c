/*
 * telex-alert: reads enriched stories and emits an Alert record (schema
 * telex.Alert, schemas/Alert.avsc) to wire.alerts whenever a story reports a
 * summit, meeting or call between the leaders of two watched countries.
 *
 *   telex-alert -b localhost:9092 -X alert.watch=US,KP   (telex-cat -t wire.alerts shows them)
 *
 * The example of docs/writing-a-stage.md: a descriptor handed to
 * telex_stage_main(); the runtime does Kafka, offsets, dead letters, metrics
 * and --stdio. The rule is in alert_rule.c, the record in alert_record.c.
 */
#include <stddef.h>

#include "alert_record.h" /* and through it alert_rule.h, telex/records.h */
#include "telex/stage.h"

struct alert_ctx {
    char *watch_text; /* alert.watch, filled by the runtime from the table below */
    alert_watch watch;
    alert_encoder encoder;
    telex_enriched_story story; /* reused for every input record */
    telex_buf frame;
};

static const telex_conf_entry alert_config[] = {
    {TELEX_CONF_STRING, "watch", NULL, offsetof(struct alert_ctx, watch_text),
     "watched countries, ISO 3166-1 alpha-2 codes, comma-separated (US,KP)"},
    {0},
};

static int alert_init(void *ctx, telex_io *io, char *err, size_t errlen)
{
    struct alert_ctx *c = ctx;
    if (alert_watch_parse(c->watch_text, &c->watch, err, errlen) != 0 ||
        alert_encoder_init(&c->encoder, telex_io_schemas(io), err, errlen) != 0)
        return TELEX_FATAL;
    telex_io_log(io, "info", "watching %zu countries: %s", c->watch.n_codes, c->watch_text);
    return TELEX_OK;
}

/* Emits one alert for event if it pairs watched leaders. Returns a telex_result. */
static int alert_on_event(struct alert_ctx *c, const telex_event *event, const telex_record *in,
                          telex_io *io, char *err, size_t errlen)
{
    alert_match match;
    int matched = alert_match_event(&c->watch, &c->story, event, &match, err, errlen);
    if (matched <= 0)
        return matched == 0 ? TELEX_OK : TELEX_FATAL;
    telex_buf_reset(&c->frame);
    int rc = alert_encode(&c->encoder, &c->story, event, &match, &c->frame, err, errlen);
    alert_match_clear(&match);
    if (rc != 0)
        return TELEX_REJECT; /* e.g. text Avro cannot hold: dead-letter the story */
    const telex_buf *frame = &c->frame;
    if (telex_io_emit(io, NULL, in->key, in->key_len, frame->data, frame->len, err, errlen) != 0)
        return TELEX_FATAL;
    telex_io_count(io, "alerts", 1);
    return TELEX_OK;
}

static int alert_process(void *ctx, const telex_record *in, telex_io *io, char *err, size_t errlen)
{
    struct alert_ctx *c = ctx;
    telex_enriched_story_clear(&c->story);
    if (telex_enriched_story_decode(telex_io_schemas(io), in->value, in->value_len, &c->story, err,
                                    errlen) != 0)
        return TELEX_REJECT;
    int rc = TELEX_OK;
    for (size_t i = 0; rc == TELEX_OK && i < c->story.n_events; i++)
        rc = alert_on_event(c, &c->story.events[i], in, io, err, errlen);
    return rc;
}

static void alert_exit(void *ctx)
{
    struct alert_ctx *c = ctx;
    alert_encoder_free(&c->encoder);
    alert_watch_clear(&c->watch);
    telex_enriched_story_clear(&c->story);
    telex_buf_free(&c->frame);
}

static const telex_stage_def alert_stage = {
    .name = "alert",
    .description = "alerts when the leaders of two watched countries meet",
    .input_topics = "wire.enriched",
    .output_topic = "wire.alerts",
    .config = alert_config,
    .ctx_size = sizeof(struct alert_ctx),
    .init = alert_init,
    .process = alert_process,
    .exit = alert_exit,
};

int main(int argc, char **argv)
{
    return telex_stage_main(&alert_stage, argc, argv);
}

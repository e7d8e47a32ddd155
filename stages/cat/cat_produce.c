/*
 * telex-cat -P: reads length-prefixed frames from stdin and produces each,
 * unchanged and without a key, to -t TOPIC (namespace applied). The bytes are
 * not checked, so tests can push garbage too. Exit 1 if the input is broken
 * or any record could not be delivered.
 */
#include <string.h>

#include "cat.h"

static int produce_all(const telex_config *cfg, telex_producer *p, const telex_logger *log,
                       uint64_t *sent)
{
    const char *topic = telex_config_common(cfg)->input_topics;
    telex_buf frame = {0};
    char err[1024];
    int rc = 0;

    while (!telex_signals_stop_requested() &&
           (rc = telex_frame_read(stdin, &frame, err, sizeof(err))) > 0) {
        if (telex_producer_send(p, topic, NULL, 0, frame.data, frame.len, NULL, err, sizeof(err)) !=
            0)
            break;
        (*sent)++;
        telex_producer_poll(p, 0);
    }
    telex_buf_free(&frame);
    if (rc == 0 || telex_signals_stop_requested())
        return 0;
    telex_log(log, TELEX_LOG_ERROR, "cannot produce stdin", "error", err, NULL);
    return -1;
}

int cat_produce(const telex_config *cfg, const telex_logger *log)
{
    const telex_common *common = telex_config_common(cfg);
    telex_producer *p = NULL;
    char err[1024], count[32];
    uint64_t sent = 0;

    if (!common->input_topics || !*common->input_topics || strchr(common->input_topics, ',')) {
        fprintf(stderr, "telex-cat: -P needs one topic: -t TOPIC\n");
        return 2;
    }
    if (telex_producer_open(cfg, log, NULL, NULL, &p, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-cat: %s\n", err);
        return 1;
    }
    int failed = produce_all(cfg, p, log, &sent) != 0;
    uint64_t undelivered = telex_producer_close(p, (int)common->shutdown_timeout_ms);
    snprintf(count, sizeof(count), "%llu", (unsigned long long)(sent - undelivered));
    telex_log(log, TELEX_LOG_INFO, "produced", "topic", common->input_topics, "delivered", count,
              NULL);
    return failed || undelivered > 0 ? 1 : 0;
}

/*
 * The tables of options.h: what each ingest.* key means, its flag, and the
 * telex_program that ties them to the runtime's parser and --help.
 */
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "ingest.h"
#include "options.h"

static const telex_conf_entry ingest_config[] = {
    {TELEX_CONF_STRING, "format", "auto", offsetof(ingest_options, format),
     "auto, text, nitf, newsml, anpa, rss, atom or json"},
    {TELEX_CONF_STRING, "published", NULL, offsetof(ingest_options, published),
     "publication time for formats that carry none (default: a file's mtime; for stdin and HTTP, "
     "the time received)"},
    {TELEX_CONF_BOOL, "stdout", "false", offsetof(ingest_options, to_stdout),
     "write length-prefixed frames to stdout instead of Kafka"},
    {TELEX_CONF_STRING, "watch", NULL, offsetof(ingest_options, watch),
     "watch this directory and send each new file once (runs until SIGTERM)"},
    {TELEX_CONF_STRING, "state", NULL, offsetof(ingest_options, state),
     "state file of --watch (default: DIR/.telex-ingest.state)"},
    {TELEX_CONF_STRING, "listen", NULL, offsetof(ingest_options, listen),
     "accept HTTP POSTs of payloads on IPV4:PORT (runs until SIGTERM)"},
    {TELEX_CONF_STRING, "source", NULL, offsetof(ingest_options, source),
     "source name in the records (default: file, stdin or http)"},
    {TELEX_CONF_INT, "poll.ms", "1000", offsetof(ingest_options, poll_ms),
     "how often --watch scans the directory"},
    {TELEX_CONF_INT, "max.bytes", "67108864", offsetof(ingest_options, max_bytes),
     "largest file or POST body accepted"},
    {0},
};

static const telex_flag ingest_flags[] = {
    {0, "format", "ingest.format", NULL, "FORMAT"},
    {0, "published", "ingest.published", NULL, "TIME"},
    {0, "stdout", "ingest.stdout", "true", NULL},
    {0, "watch", "ingest.watch", NULL, "DIR"},
    {0, "state", "ingest.state", NULL, "FILE"},
    {0, "listen", "ingest.listen", NULL, "ADDR:PORT"},
    {0, "source", "ingest.source", NULL, "NAME"},
    {0},
};

const telex_program ingest_program = {
    .name = "ingest",
    .description = "send wire files, watched directories, stdin or HTTP POSTs to wire.raw",
    .usage = "[--format F] [--published TIME] [--stdout] [--watch DIR] [--listen ADDR:PORT] "
             "[FILE|DIR|-]...",
    .key_groups = TELEX_KEYS_PRODUCER,
    .output_topic = "wire.raw",
    .config = ingest_config,
    .flags = ingest_flags,
    .takes_files = 1,
};

int ingest_check_options(const ingest_options *o, char *err, size_t errlen)
{
    if (strcmp(o->format, "auto") != 0 && !wire_format_known(o->format)) {
        snprintf(err, errlen,
                 "bad --format \"%s\" (auto, text, nitf, newsml, anpa, rss, atom, json)",
                 o->format);
        return -1;
    }
    if (o->published && ingest_check_time(o->published) != 0) {
        snprintf(err, errlen,
                 "bad --published \"%s\" (want ISO 8601, e.g. 2016-11-10T12:00:00+09:00)",
                 o->published);
        return -1;
    }
    if (o->poll_ms <= 0 || o->max_bytes <= 0) {
        snprintf(err, errlen, "ingest.poll.ms and ingest.max.bytes must be positive");
        return -1;
    }
    return 0;
}

int ingest_is_daemon(const ingest_options *o)
{
    return o->watch != NULL || o->listen != NULL;
}

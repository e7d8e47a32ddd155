/*
 * Collecting a backtest's output: the enriched stories (and the dead letters)
 * that the stages wrote under the backtest's namespace.
 *
 * The collector reads NS.wire.enriched and NS.wire.dlq from the beginning of
 * every partition, with no consumer group and no commits, until as many
 * records arrived as stories were replayed (every replayed story ends as one
 * enriched story or one dead letter), or until the time bound. Each enriched
 * record is kept as its JSON view line (what telex-cat prints) and as a parsed
 * jansson object; a record received twice (at-least-once delivery) is kept
 * once.
 */
#ifndef TELEX_BACKTEST_COLLECT_H
#define TELEX_BACKTEST_COLLECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"
#include "telex/runtime.h"

typedef struct collected_story {
    char *line;    /* the JSON view, one line, no newline */
    json_t *story; /* the same, parsed */
} collected_story;

typedef struct collection {
    collected_story *stories;
    size_t n;
    size_t cap;
    size_t dead_letters;
    size_t duplicates; /* records received again and dropped */
    size_t unreadable; /* records that were not Telex frames */
} collection;

/* Says whether the stages still run: 0, or -1 with the reason in err. */
typedef int collect_stages_check(void *ctx, char *err, size_t errlen);

/*
 * Reads until expected records (enriched + dead letters) arrived or timeout_ms
 * passed, or stages_ok (may be NULL) says a stage is gone. Returns 0 when all
 * arrived, -1 with the shortfall (or another error) in err; what arrived stays
 * in *out either way (free it with collection_free).
 */
int collect_output(const telex_config *cfg, const telex_logger *log, const telex_schemas *schemas,
                   size_t expected, int64_t timeout_ms, collect_stages_check *stages_ok,
                   void *stages_ctx, collection *out, char *err, size_t errlen);

/* Adds one JSON view line (pure; the unit tests use it). 1 if added, 0 if it was
   a duplicate of one already kept, -1 with err if it is not a JSON object. */
int collection_add_line(collection *c, const char *line, size_t len, char *err, size_t errlen);

/* Sorts the stories by report_story_key() and id, the order of enriched.jsonl. */
void collection_sort(collection *c);

void collection_free(collection *c);

#endif

/*
 * The benchmark corpus: any number of distinct wire stories made from a few
 * sample ones.
 *
 * corpus_load() reads a samples folder (deploy/samples/): manifest.tsv names
 * each file, its format and, for formats that carry no date, its publication
 * time. corpus_story_make() then builds story number `index` from sample
 * index % n: the people it names are swapped for others from a list of
 * world leaders and made-up names, months, days and years are moved, middle
 * paragraphs are dropped or repeated (0.5x to 3x the sample's length, order
 * kept), and every item id the format carries gets the suffix "-bINDEX", so
 * no two stories share an id or a body. The same (seed, index) always gives
 * the same bytes, whatever else was generated before.
 *
 * Errors: 0, or -1 with a one-line reason in err.
 */
#ifndef TELEX_BENCH_CORPUS_H
#define TELEX_BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"

typedef struct corpus corpus;

typedef struct corpus_story {
    char file_name[160]; /* "b0000042-dev2-mar-a-lago.xml" */
    const char *format;  /* the sample's format; owned by the corpus */
    char *published_at;  /* heap; NULL when the sample's manifest gives none */
    telex_buf payload;   /* the story's bytes */
} corpus_story;

int corpus_load(const char *samples_dir, corpus **out, char *err, size_t errlen);
void corpus_free(corpus *c);

/* How many samples the corpus was loaded from. */
size_t corpus_template_count(const corpus *c);

/* Builds story `index` into *story (zeroed by the caller; clear it with corpus_story_clear). */
int corpus_story_make(const corpus *c, uint64_t seed, uint64_t index, corpus_story *story,
                      char *err, size_t errlen);
void corpus_story_clear(corpus_story *story);

/*
 * Fills raw (zeroed by the caller) as telex-ingest would for the story read
 * from a file: source "bench", source_file and key "bench:FILE", its format
 * and publication time, and a fixed received_at so the corpus is
 * reproducible. Returns 0, or -1 when memory runs out.
 */
int corpus_story_to_raw(const corpus_story *story, telex_raw_story *raw);

#endif

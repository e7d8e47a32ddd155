/*
 * telex-tag: wire.normalized (Story) to wire.enriched (EnrichedStory).
 *
 * The knowledge base (tag.kb.dir) is loaded once in init; each Story frame is
 * decoded, enriched by tag_story() (tag.h: entities, then dates, then events)
 * and emitted keyed by the story id. A frame that does not decode, or a story
 * the tagger rejects, goes to the dead-letter topic with its reason.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tag.h"
#include "telex/records.h"
#include "telex/stage.h"

typedef struct tag_ctx {
    char *kb_dir; /* tag.kb.dir */
    tag_kb *kb;
    telex_buf frame; /* reused for every output frame */
} tag_ctx;

static const telex_conf_entry tag_config[] = {
    {TELEX_CONF_STRING, "kb.dir", NULL, offsetof(tag_ctx, kb_dir),
     "knowledge base folder (default: stages/tag/kb of the source tree, else the installed "
     "share/telex/kb)"},
    {0},
};

/* The KB folder when tag.kb.dir is unset: $TELEX_SOURCE_DIR's, the build's
   source tree's, then the installed one. */
static const char *default_kb_dir(char *buf, size_t buflen)
{
    const char *source_dir = getenv("TELEX_SOURCE_DIR");
    if (source_dir && *source_dir) {
        snprintf(buf, buflen, "%s/stages/tag/kb/countries.tsv", source_dir);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, buflen, "%s/stages/tag/kb", source_dir);
            return buf;
        }
    }
    if (access(TAG_KB_DEFAULT_DIR "/countries.tsv", R_OK) == 0)
        return TAG_KB_DEFAULT_DIR;
    return TAG_KB_INSTALL_DIR;
}

static int tag_init(void *vctx, telex_io *io, char *err, size_t errlen)
{
    tag_ctx *ctx = vctx;
    char buf[4096];
    const char *dir = ctx->kb_dir ? ctx->kb_dir : default_kb_dir(buf, sizeof buf);
    if (tag_kb_load(dir, &ctx->kb, err, errlen) != 0)
        return TELEX_FATAL;
    telex_io_log(io, "info",
                 "loaded KB from %s: %zu countries, %zu persons, %zu organizations, %zu places",
                 dir, tag_kb_count(ctx->kb, "country"), tag_kb_count(ctx->kb, "person"),
                 tag_kb_count(ctx->kb, "organization"), tag_kb_count(ctx->kb, "place"));
    return TELEX_OK;
}

static int tag_process(void *vctx, const telex_record *in, telex_io *io, char *err, size_t errlen)
{
    tag_ctx *ctx = vctx;
    telex_story story = {0};
    telex_enriched_story enriched = {0};
    int rc = TELEX_REJECT;
    if (telex_story_decode(telex_io_schemas(io), in->value, in->value_len, &story, err, errlen) !=
        0)
        goto out;
    if (tag_story(ctx->kb, &story, &enriched, err, errlen) != 0)
        goto out;
    telex_buf_reset(&ctx->frame);
    rc = TELEX_FATAL; /* from here on a failure is ours, not the record's */
    if (telex_enriched_story_encode(telex_io_schemas(io), &enriched, &ctx->frame, err, errlen) != 0)
        goto out;
    const char *key = enriched.story.id ? enriched.story.id : "";
    if (telex_io_emit(io, NULL, key, strlen(key), ctx->frame.data, ctx->frame.len, err, errlen) !=
        0)
        goto out;
    telex_io_count(io, "entities", enriched.n_entities);
    rc = TELEX_OK;

out:
    telex_enriched_story_clear(&enriched);
    telex_story_clear(&story);
    return rc;
}

static void tag_exit(void *vctx)
{
    tag_ctx *ctx = vctx;
    tag_kb_free(ctx->kb);
    telex_buf_free(&ctx->frame);
}

static const telex_stage_def tag_stage = {
    .name = "tag",
    .description = "tags diplomatic entities, summit dates and events in normalized stories",
    .input_topics = "wire.normalized",
    .output_topic = "wire.enriched",
    .config = tag_config,
    .ctx_size = sizeof(tag_ctx),
    .init = tag_init,
    .process = tag_process,
    .exit = tag_exit,
};

int main(int argc, char **argv)
{
    return telex_stage_main(&tag_stage, argc, argv);
}

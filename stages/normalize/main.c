/*
 * telex-normalize: wire.raw (RawStory) to wire.normalized (Story).
 *
 * Each RawStory is normalized by normalize_story() (normalize.h); bad input
 * (not the format it claims, truncated XML, invalid UTF-8, an empty body, over
 * normalize.max.bytes) is rejected with its reason and the runtime sends it to
 * wire.dlq. Versions and exact duplicates are decided here with the bounded
 * map of versions.h; a duplicate is dropped and counted as
 * telex_normalize_duplicates_dropped_total. Stories are keyed by their id, so
 * every version of a story lands in the same partition downstream.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boilerplate.h"
#include "normalize.h"
#include "telex/records.h"
#include "telex/stage.h"
#include "versions.h"

typedef struct normalize_ctx {
    char *rules_path;     /* normalize.rules */
    int64_t max_bytes;    /* normalize.max.bytes */
    int64_t versions_max; /* normalize.versions.max */
    boilerplate_rules *rules;
    story_versions *versions;
    telex_buf frame;
} normalize_ctx;

static const telex_conf_entry normalize_config[] = {
    {TELEX_CONF_STRING, "rules", NULL, offsetof(normalize_ctx, rules_path),
     "boilerplate rules file (default: stages/normalize/rules/boilerplate.rules under "
     "$TELEX_SOURCE_DIR, else under the build's source tree, else the installed copy)"},
    {TELEX_CONF_INT, "max.bytes", "2097152", offsetof(normalize_ctx, max_bytes),
     "payloads larger than this many bytes go to the dead-letter topic"},
    {TELEX_CONF_INT, "versions.max", "100000", offsetof(normalize_ctx, versions_max),
     "story ids remembered for versioning and duplicate detection"},
    {0},
};

/* The rules file when normalize.rules is unset: $TELEX_SOURCE_DIR's, the build's source
   tree's, then the installed one. */
static const char *default_rules_path(char *buf, size_t buflen)
{
    const char *source_dir = getenv("TELEX_SOURCE_DIR");
    if (source_dir && *source_dir) {
        snprintf(buf, buflen, "%s/stages/normalize/rules/boilerplate.rules", source_dir);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    if (access(TELEX_NORMALIZE_SOURCE_RULES, R_OK) == 0)
        return TELEX_NORMALIZE_SOURCE_RULES;
    return TELEX_NORMALIZE_INSTALL_RULES;
}

static int normalize_init(void *vctx, telex_io *io, char *err, size_t errlen)
{
    normalize_ctx *ctx = vctx;
    char buf[4096];
    const char *path = ctx->rules_path ? ctx->rules_path : default_rules_path(buf, sizeof buf);
    if (ctx->max_bytes <= 0 || ctx->versions_max <= 0) {
        snprintf(err, errlen, "normalize.max.bytes and normalize.versions.max must be positive");
        return TELEX_FATAL;
    }
    if (boilerplate_load(path, &ctx->rules, err, errlen) != 0)
        return TELEX_FATAL;
    ctx->versions = story_versions_new((size_t)ctx->versions_max);
    if (!ctx->versions) {
        snprintf(err, errlen, "out of memory");
        return TELEX_FATAL;
    }
    telex_io_log(io, "info", "loaded %zu boilerplate rules from %s",
                 boilerplate_rule_count(ctx->rules), path);
    return TELEX_OK;
}

/* Assigns the version; returns 1 when the story is an exact duplicate, 0, or -1. */
static int assign_version(normalize_ctx *ctx, telex_story *story, int32_t format_version)
{
    char digest[65];
    if (normalize_story_digest(story, digest) != 0)
        return -1;
    int verdict =
        story_versions_assign(ctx->versions, story->id, digest, format_version, &story->version);
    if (verdict < 0)
        return -1;
    return verdict == VERSION_DUPLICATE;
}

static int normalize_process(void *vctx, const telex_record *in, telex_io *io, char *err,
                             size_t errlen)
{
    normalize_ctx *ctx = vctx;
    telex_raw_story raw = {0};
    telex_story story = {0};
    int32_t format_version = 0;
    int rc = TELEX_REJECT;
    if (telex_raw_story_decode(telex_io_schemas(io), in->value, in->value_len, &raw, err, errlen) !=
        0)
        goto out;
    normalize_options options = {(size_t)ctx->max_bytes, ctx->rules};
    if (normalize_story(&raw, &options, &story, &format_version, err, errlen) != 0)
        goto out;
    rc = TELEX_FATAL;
    int duplicate = assign_version(ctx, &story, format_version);
    if (duplicate < 0) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (duplicate) {
        telex_io_count(io, "duplicates_dropped", 1);
        rc = TELEX_OK;
        goto out;
    }
    telex_buf_reset(&ctx->frame);
    if (telex_story_encode(telex_io_schemas(io), &story, &ctx->frame, err, errlen) != 0)
        goto out;
    if (telex_io_emit(io, NULL, story.id, strlen(story.id), ctx->frame.data, ctx->frame.len, err,
                      errlen) != 0)
        goto out;
    telex_io_count(io, "stories", 1);
    telex_io_count(io, "boilerplate_stripped", story.n_stripped);
    rc = TELEX_OK;
out:
    telex_raw_story_clear(&raw);
    telex_story_clear(&story);
    return rc;
}

static void normalize_exit(void *vctx)
{
    normalize_ctx *ctx = vctx;
    boilerplate_free(ctx->rules);
    story_versions_free(ctx->versions);
    telex_buf_free(&ctx->frame);
}

static const telex_stage_def normalize_stage = {
    .name = "normalize",
    .description = "normalizes raw wire stories (RawStory) into clean Story records",
    .input_topics = "wire.raw",
    .output_topic = "wire.normalized",
    .config = normalize_config,
    .ctx_size = sizeof(normalize_ctx),
    .init = normalize_init,
    .process = normalize_process,
    .exit = normalize_exit,
};

int main(int argc, char **argv)
{
    return telex_stage_main(&normalize_stage, argc, argv);
}

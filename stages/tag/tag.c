/*
 * tag_story(): one normalized story in, one enriched story out. It copies the
 * story, then runs the three taggers in order, since events are read from the
 * entities and dates already found; dates and events share one scan of the
 * text (tag_dates_events_find()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "tag.h"

static int copy_string(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

/* Deep copy of a story into a zeroed dst. Returns 0, or -1 out of memory. */
static int story_copy(telex_story *dst, const telex_story *src)
{
    dst->version = src->version;
    dst->utc_offset_minutes = src->utc_offset_minutes;
    if (copy_string(&dst->id, src->id) || copy_string(&dst->source, src->source) ||
        copy_string(&dst->source_file, src->source_file) ||
        copy_string(&dst->format, src->format) || copy_string(&dst->language, src->language) ||
        copy_string(&dst->headline, src->headline) || copy_string(&dst->byline, src->byline) ||
        copy_string(&dst->dateline_place, src->dateline_place) ||
        copy_string(&dst->dateline_date, src->dateline_date) ||
        copy_string(&dst->published, src->published) || copy_string(&dst->text, src->text) ||
        copy_string(&dst->content_hash, src->content_hash))
        return -1;
    if (src->n_paragraphs > 0) {
        dst->paragraphs = malloc(src->n_paragraphs * sizeof *dst->paragraphs);
        if (!dst->paragraphs)
            return -1;
        memcpy(dst->paragraphs, src->paragraphs, src->n_paragraphs * sizeof *dst->paragraphs);
        dst->n_paragraphs = src->n_paragraphs;
    }
    if (src->n_stripped > 0) {
        dst->stripped = calloc(src->n_stripped, sizeof *dst->stripped);
        if (!dst->stripped)
            return -1;
        dst->n_stripped = src->n_stripped;
        for (size_t i = 0; i < src->n_stripped; i++)
            if (copy_string(&dst->stripped[i].text, src->stripped[i].text) ||
                copy_string(&dst->stripped[i].rule, src->stripped[i].rule))
                return -1;
    }
    return 0;
}

int tag_story(const tag_kb *kb, const telex_story *in, telex_enriched_story *out, char *err,
              size_t errlen)
{
    if (!in->text) {
        snprintf(err, errlen, "story %s has no text", in->id ? in->id : "(no id)");
        return -1;
    }
    if (story_copy(&out->story, in) != 0) {
        snprintf(err, errlen, "out of memory copying story %s", in->id ? in->id : "(no id)");
        goto err_clear;
    }
    if (tag_entities_find(kb, &out->story, &out->entities, &out->n_entities, err, errlen) != 0)
        goto err_clear;
    if (tag_dates_events_find(&out->story, out->entities, out->n_entities, &out->dates,
                              &out->n_dates, &out->events, &out->n_events, err, errlen) != 0)
        goto err_clear;
    return 0;

err_clear:
    telex_enriched_story_clear(out);
    return -1;
}

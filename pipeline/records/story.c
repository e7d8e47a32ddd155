/*
 * Freeing the record structs of telex/story.h. Each *_clear() frees every
 * member the struct owns and zeroes it, so a struct can be reused or cleared
 * twice.
 */
#include <stdlib.h>
#include <string.h>

#include "telex/story.h"

void telex_raw_story_clear(telex_raw_story *raw)
{
    if (!raw)
        return;
    free(raw->payload);
    free(raw->format);
    free(raw->source);
    free(raw->source_file);
    free(raw->item_id);
    free(raw->key);
    free(raw->received_at);
    free(raw->published_at);
    memset(raw, 0, sizeof *raw);
}

void telex_story_clear(telex_story *story)
{
    if (!story)
        return;
    free(story->id);
    free(story->source);
    free(story->source_file);
    free(story->format);
    free(story->language);
    free(story->headline);
    free(story->byline);
    free(story->dateline_place);
    free(story->dateline_date);
    free(story->published);
    free(story->text);
    free(story->paragraphs);
    free(story->content_hash);
    for (size_t i = 0; i < story->n_stripped; i++) {
        free(story->stripped[i].text);
        free(story->stripped[i].rule);
    }
    free(story->stripped);
    memset(story, 0, sizeof *story);
}

void telex_entity_clear(telex_entity *entity)
{
    if (!entity)
        return;
    free(entity->id);
    free(entity->type);
    free(entity->name);
    free(entity->role);
    free(entity->country);
    free(entity->code);
    for (size_t i = 0; i < entity->n_mentions; i++)
        free(entity->mentions[i].text);
    free(entity->mentions);
    memset(entity, 0, sizeof *entity);
}

void telex_date_clear(telex_date *date)
{
    if (!date)
        return;
    free(date->text);
    free(date->value);
    free(date->type);
    memset(date, 0, sizeof *date);
}

void telex_event_clear(telex_event *event)
{
    if (!event)
        return;
    free(event->type);
    free(event->name);
    for (size_t i = 0; i < event->n_participants; i++)
        free(event->participants[i]);
    free(event->participants);
    free(event->location);
    free(event->start);
    free(event->end);
    free(event->status);
    memset(event, 0, sizeof *event);
}

void telex_enriched_story_clear(telex_enriched_story *enriched)
{
    if (!enriched)
        return;
    telex_story_clear(&enriched->story);
    for (size_t i = 0; i < enriched->n_entities; i++)
        telex_entity_clear(&enriched->entities[i]);
    free(enriched->entities);
    for (size_t i = 0; i < enriched->n_dates; i++)
        telex_date_clear(&enriched->dates[i]);
    free(enriched->dates);
    for (size_t i = 0; i < enriched->n_events; i++)
        telex_event_clear(&enriched->events[i]);
    free(enriched->events);
    memset(enriched, 0, sizeof *enriched);
}

void telex_dead_letter_clear(telex_dead_letter *dead)
{
    if (!dead)
        return;
    free(dead->payload);
    free(dead->stage);
    free(dead->error);
    free(dead->topic);
    free(dead->failed_at);
    memset(dead, 0, sizeof *dead);
}

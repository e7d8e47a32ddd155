/*
 * Fuzz harness for the date grammar and the event linker: any bytes as a
 * story's text (number runs, month and weekday words, ranges, invalid UTF-8).
 * tag_dates_find() and tag_events_find() must not crash, leak or read out of
 * bounds, every date's offsets must select its own text, and every event must
 * have a type, a start and a status. The first byte picks the time zone, so
 * offsets that move the local date are fuzzed too. Events get a hand-made
 * entity list whose mentions are found in the text, so no KB is needed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "events.h"

static void check_dates(const char *text, size_t len, const telex_date *dates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t start = (size_t)dates[i].span.start, end = (size_t)dates[i].span.end;
        if (start >= end || end > len || strlen(dates[i].text) != end - start ||
            memcmp(text + start, dates[i].text, end - start) != 0 || !dates[i].value ||
            !dates[i].type) {
            fprintf(stderr, "fuzz: date %zu..%zu does not select its text\n", start, end);
            abort();
        }
    }
}

/* Person entities "Abe" and "Trump" and a place "Lima", with a mention at each
   occurrence in text (at most 8 each). */
static void make_entities(const char *text, telex_entity *entities, telex_mention *mentions)
{
    static const char *const names[3][4] = {
        {"person:shinzo-abe", "person", "Abe", "Prime Minister of Japan"},
        {"person:donald-trump", "person", "Trump", "President of the United States"},
        {"place:lima", "place", "Lima", NULL}};
    for (size_t e = 0; e < 3; e++) {
        entities[e] = (telex_entity){.id = (char *)names[e][0],
                                     .type = (char *)names[e][1],
                                     .name = (char *)names[e][2],
                                     .role = (char *)names[e][3],
                                     .mentions = &mentions[e * 8]};
        size_t len = strlen(names[e][2]);
        for (const char *at = strstr(text, names[e][2]); at && entities[e].n_mentions < 8;
             at = strstr(at + len, names[e][2])) {
            telex_mention *m = &mentions[e * 8 + entities[e].n_mentions++];
            m->span.start = (int32_t)(at - text);
            m->span.end = (int32_t)(at - text + (ptrdiff_t)len);
            m->text = (char *)names[e][2];
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int32_t offsets[4] = {0, 540, -300, 1440};
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);
    telex_story story = {.text = text,
                         .published = (char *)"2016-12-31T20:00:00Z",
                         .utc_offset_minutes = size ? offsets[data[0] % 4] : 0};
    telex_date *dates = NULL;
    telex_event *events = NULL;
    size_t n_dates = 0, n_events = 0;
    char err[256];
    if (tag_dates_find(&story, &dates, &n_dates, err, sizeof err) == 0) {
        check_dates(text, len, dates, n_dates);
        telex_entity entities[3];
        telex_mention mentions[24];
        make_entities(text, entities, mentions);
        if (tag_events_find(&story, entities, 3, dates, n_dates, &events, &n_events, err,
                            sizeof err) == 0) {
            for (size_t i = 0; i < n_events; i++) {
                if (!events[i].type || !events[i].start || !events[i].status)
                    abort();
                telex_event_clear(&events[i]);
            }
            free(events);
        }
        for (size_t i = 0; i < n_dates; i++)
            telex_date_clear(&dates[i]);
        free(dates);
    }
    free(text);
    return 0;
}

/*
 * Diplomatic events in wire copy (work in progress: finds nothing yet).
 */
#include "events.h"

#include <stdlib.h>

int tag_events_find(const telex_story *story, const telex_entity *entities, size_t n_entities,
                    const telex_date *dates, size_t n_dates, telex_event **events,
                    size_t *n_events, char *err, size_t errlen)
{
    (void)story;
    (void)entities;
    (void)n_entities;
    (void)dates;
    (void)n_dates;
    (void)err;
    (void)errlen;
    *events = NULL;
    *n_events = 0;
    return 0;
}

/*
 * Datelines: the place (and sometimes date and agency) that opens wire copy.
 *
 *     SEOUL, South Korea (AP) _ The leaders of ...
 *     TOKYO — Prime Minister ...
 *     OSAKA, Japan — Chinese President ...
 *     WASHINGTON, March 30 (Reuters) - ...
 *     BEIJING, Jan. 5 (Xinhua) -- ...
 *
 * A dateline is a head, a separator (em or en dash, " _ ", " -- ", " - ")
 * and the text. The head is comma-separated: a place written in capitals (or,
 * in any case, the place the format itself states), then a region or state
 * ("South Korea", "Japan") and/or a date ("March 30", "Jan. 5"), then an
 * optional agency in parentheses. Anything else is not a dateline, and the
 * paragraph is left alone.
 *
 * The place is the first part only ("SEOUL", not "SEOUL, South Korea"): the
 * city is what wire style puts first and what DESIGN.md's example shows; the
 * region is a gloss for readers abroad and stays out of the field.
 */
#ifndef TELEX_DATELINE_H
#define TELEX_DATELINE_H

#include <stddef.h>

typedef struct dateline_match {
    char *place;     /* "SEOUL"; caller frees */
    int month;       /* 1-12 when the dateline writes a date, else 0 */
    int day;         /* 1-31, or 0 */
    int year;        /* when written ("March 30, 2017"), else 0 */
    size_t consumed; /* bytes of the paragraph taken by the dateline and separator */
} dateline_match;

/* Looks for a dateline at the start of text. located is the place stated by the format,
   or NULL. Returns 1 with *out filled, 0 when there is none, -1 on allocation failure. */
int dateline_find(const char *text, const char *located, dateline_match *out);

/* Month number of an English month name or abbreviation ("Jan", "Sept.", "March"), or 0. */
int dateline_month(const char *name, size_t len);

#endif

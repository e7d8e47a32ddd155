/*
 * Datelines: the place (and sometimes date and agency) that opens wire copy.
 *
 *     SEOUL, South Korea (AP) _ The leaders of ...
 *     TOKYO — Prime Minister ...
 *     WASHINGTON, March 30 (Reuters) - ...
 *     TOKYO, Oct. 5 Kyodo - ...
 *     BERLIN, 12. März (dpa) - ...
 *     New Delhi, Jul 10 (PTI) The talks ...
 *     Brasília, Jan 20 (EFE).- ...
 *     MOSCOW, June 1. /TASS/. ...
 *
 * A dateline is a head followed either by a separator (em or en dash, " _ ",
 * " -- ", " - ") or by an agency credit in parentheses or slashes ("(PTI)",
 * "/TASS/") that may itself be followed by a period and a dash. The head is
 * comma-separated: a place, then a region or state ("South Korea") and/or a
 * date ("March 30", "Jan. 5", "12. März", "June 1.", optionally followed by
 * an agency named without parentheses: "Oct. 5 Kyodo") and/or a year, then an
 * optional agency in parentheses. Month names may be English, German,
 * French, Spanish or Portuguese, written out or cut to three letters or more.
 *
 * The place is written in capitals, or is the place the format itself states,
 * or (only when the head also has a date, since "Officials said" would
 * otherwise pass) is a place name in ordinary case: "New Delhi", "Brasília",
 * "Rio de Janeiro". A credit with no separator after it ("(PTI) The talks")
 * also needs a date in the head, so that "UN (United Nations) officials" is
 * not taken for one. Anything else is not a dateline, and the paragraph is
 * left alone.
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

/* Month number of a month name or an abbreviation of three letters or more, with or
   without a period ("Jan", "Sept.", "March", "März", "févr.", "ene"), in English, German,
   French, Spanish or Portuguese, case-insensitive; or 0. */
int dateline_month(const char *name, size_t len);

/* The year of a dateline's month/day, given the publication date: the publication's year,
   or the year before when that would put the dateline more than DATELINE_FUTURE_DAYS after
   the publication (a story sent on January 2 from a "Dec. 31" dateline). */
#define DATELINE_FUTURE_DAYS 3
int dateline_year(int published_year, int published_month, int published_day, int month, int day);

#endif

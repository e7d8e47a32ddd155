/*
 * Publication times as wire formats write them, read into one instant plus
 * the sender's UTC offset.
 *
 * Accepted: ISO 8601 / RFC 3339 ("2019-06-25T15:30:00+09:00", "...Z", a date
 * alone), the compact ISO form of NITF ("20170330T161500+0800"), RFC 822 dates
 * of RSS ("Wed, 05 Jul 2017 13:45:00 +0000", "... GMT", "... EST"), and the AP
 * trailer of ANPA copy ("AP-WF-03-29-18 0822GMT"). A time with no zone is read
 * as UTC. The offset is kept because the tagger resolves "Thursday" in the
 * sender's own calendar.
 */
#ifndef TELEX_WIRE_TIME_H
#define TELEX_WIRE_TIME_H

#include <stdint.h>

typedef struct wire_time {
    int64_t utc_seconds;    /* seconds since 1970-01-01T00:00:00Z */
    int32_t offset_minutes; /* the sender's offset from UTC */
} wire_time;

/* Parses ISO 8601, compact ISO or RFC 822 text. Returns 0, or -1 when text is none of
   them or names an impossible date. */
int wire_time_parse(const char *text, wire_time *out);

/* Parses an AP-style ANPA trailer line "AP-WF-03-29-18 0822GMT" (the time is GMT). Returns
   0, or -1 when line is not such a trailer. */
int wire_time_parse_anpa_trailer(const char *line, wire_time *out);

/* "2016-11-10T03:00:00Z" (21 bytes with the NUL). */
void wire_time_format_utc(const wire_time *t, char out[21]);

/* The calendar date in the sender's offset, "2016-11-10" (11 bytes with the NUL). */
void wire_time_local_date(const wire_time *t, char out[11]);

/* Splits the local calendar date into year, month (1-12) and day. */
void wire_time_local_ymd(const wire_time *t, int *year, int *month, int *day);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t wire_days_from_civil(int year, int month, int day);

/* 1 when year-month-day is a real calendar date. */
int wire_date_valid(int year, int month, int day);

#endif

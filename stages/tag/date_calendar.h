/*
 * Calendar arithmetic for the date tagger: proleptic Gregorian civil dates
 * converted to and from a day count, weekdays, ISO 8601 weeks, and the
 * story's reference date (its publication time shifted into the sender's
 * time zone). Pure functions on small value types; nothing here allocates.
 */
#ifndef TELEX_TAG_DATE_CALENDAR_H
#define TELEX_TAG_DATE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

typedef struct date_civil {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
} date_civil;

/* 1 for a leap year of the Gregorian calendar. */
int date_is_leap(int year);

/* Days in month of year (0 for a month outside 1..12). */
int date_days_in_month(int year, int month);

/* 1 when d names a real day (Feb. 29 only in leap years). */
int date_is_valid(date_civil d);

/* Days since 1970-01-01 (negative before). d must be valid. */
int64_t date_to_days(date_civil d);
date_civil date_from_days(int64_t days);

/* d shifted by n days. */
date_civil date_add_days(date_civil d, int64_t n);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(date_civil d);

/* The ISO 8601 week of d: *week_year (may differ from d.year) and *week 1..53. */
void date_iso_week(date_civil d, int *week_year, int *week);

/* Months since year 0 (year * 12 + month - 1), for month arithmetic. */
static inline int date_month_index(int year, int month)
{
    return year * 12 + month - 1;
}

/*
 * Parses an ISO 8601 time "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|+HH:MM|-HH:MM)" (a
 * date alone "YYYY-MM-DD" is midnight UTC), converts it to UTC, shifts it by
 * utc_offset_minutes and stores the local calendar date in *local. Returns 0,
 * or -1 with a one-line reason naming the text in err.
 */
int date_reference_from_published(const char *published, int32_t utc_offset_minutes,
                                  date_civil *local, char *err, size_t errlen);

#endif

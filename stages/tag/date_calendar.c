/*
 * Calendar arithmetic for the date tagger. The day-count conversions are
 * Howard Hinnant's days_from_civil / civil_from_days algorithms, exact for
 * the proleptic Gregorian calendar over the whole int range used here. The
 * ISO week follows ISO 8601: weeks start on Monday and week 1 holds the
 * year's first Thursday.
 */
#include "date_calendar.h"

#include <stdio.h>
#include <string.h>

int date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && date_is_leap(year))
        return 29;
    return days[month - 1];
}

int date_is_valid(date_civil d)
{
    return d.year >= 1 && d.year <= 9999 && d.day >= 1 &&
           d.day <= date_days_in_month(d.year, d.month);
}

int64_t date_to_days(date_civil d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

date_civil date_from_days(int64_t days)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    date_civil d;
    d.day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(year_of_era + era * 400 + (d.month <= 2));
    return d;
}

date_civil date_add_days(date_civil d, int64_t n)
{
    return date_from_days(date_to_days(d) + n);
}

int date_weekday(date_civil d)
{
    int64_t days = date_to_days(d); /* 1970-01-01 was a Thursday (3) */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

void date_iso_week(date_civil d, int *week_year, int *week)
{
    /* The Thursday of d's week decides the week's year. */
    date_civil thursday = date_add_days(d, 3 - date_weekday(d));
    date_civil jan1 = {thursday.year, 1, 1};
    *week_year = thursday.year;
    *week = (int)((date_to_days(thursday) - date_to_days(jan1)) / 7 + 1);
}

/* Reads exactly n decimal digits at s into *value; returns 0 or -1. */
static int read_digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 0;
}

/* Parses "HH:MM[:SS[.frac]]" then the zone at s; stores minutes of the day and
   the zone's offset east of UTC in minutes. Returns 0 or -1. */
static int parse_time_and_zone(const char *s, int *minutes, int *zone_minutes)
{
    int hour, minute, second = 0;
    if (read_digits(s, 2, &hour) || s[2] != ':' || read_digits(s + 3, 2, &minute))
        return -1;
    s += 5;
    if (*s == ':') {
        if (read_digits(s + 1, 2, &second))
            return -1;
        s += 3;
        if (*s == '.' || *s == ',') {
            s++;
            while (*s >= '0' && *s <= '9')
                s++;
        }
    }
    if (hour > 23 || minute > 59 || second > 60)
        return -1;
    *minutes = hour * 60 + minute;
    if (strcmp(s, "Z") == 0 || *s == '\0') {
        *zone_minutes = 0;
        return 0;
    }
    int zh, zm;
    if ((*s != '+' && *s != '-') || read_digits(s + 1, 2, &zh))
        return -1;
    const char *rest = s + 3;
    if (*rest == ':')
        rest++;
    if (read_digits(rest, 2, &zm) || rest[2] != '\0' || zh > 23 || zm > 59)
        return -1;
    *zone_minutes = (*s == '-' ? -1 : 1) * (zh * 60 + zm);
    return 0;
}

int date_reference_from_published(const char *published, int32_t utc_offset_minutes,
                                  date_civil *local, char *err, size_t errlen)
{
    date_civil d;
    int minutes = 0, zone_minutes = 0;
    if (!published) {
        snprintf(err, errlen, "story has no publication time to resolve dates against");
        return -1;
    }
    if (read_digits(published, 4, &d.year) || published[4] != '-' ||
        read_digits(published + 5, 2, &d.month) || published[7] != '-' ||
        read_digits(published + 8, 2, &d.day) || !date_is_valid(d))
        goto bad;
    if (published[10] != '\0') {
        if (published[10] != 'T' && published[10] != ' ')
            goto bad;
        if (parse_time_and_zone(published + 11, &minutes, &zone_minutes))
            goto bad;
    }
    if (utc_offset_minutes < -24 * 60 || utc_offset_minutes > 24 * 60) {
        snprintf(err, errlen, "utc_offset_minutes %d is outside -1440..1440",
                 (int)utc_offset_minutes);
        return -1;
    }
    int64_t total = date_to_days(d) * 1440 + minutes - zone_minutes + utc_offset_minutes;
    int64_t days = total >= 0 ? total / 1440 : -((-total + 1439) / 1440);
    *local = date_from_days(days);
    return 0;
bad:
    snprintf(err, errlen, "publication time \"%.40s\" is not ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)",
             published);
    return -1;
}

/*
 * Parsing and printing of wire publication times (see wire_time.h). All
 * arithmetic is on the proleptic Gregorian calendar, independent of the
 * machine's time zone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wire_time.h"

int64_t wire_days_from_civil(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

int wire_date_valid(int year, int month, int day)
{
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int limit = days_in_month[month - 1] + (month == 2 && leap);
    return day <= limit;
}

/* Reads exactly n digits at *p into *value and advances *p. Returns 0 or -1. */
static int read_digits(const char **p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *value = v;
    return 0;
}

static int make_time(int year, int month, int day, int hour, int minute, int second,
                     int offset_minutes, wire_time *out)
{
    if (!wire_date_valid(year, month, day) || hour > 23 || minute > 59 || second > 60)
        return -1;
    if (offset_minutes < -14 * 60 || offset_minutes > 14 * 60)
        return -1;
    int64_t local =
        wire_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    out->utc_seconds = local - (int64_t)offset_minutes * 60;
    out->offset_minutes = offset_minutes;
    return 0;
}

/* "+09:00", "+0900", "+09", "Z" or nothing at *p. Returns 0 with the offset, or -1. */
static int read_iso_zone(const char *p, int *offset_minutes)
{
    *offset_minutes = 0;
    if (*p == '\0' || ((*p == 'Z' || *p == 'z') && p[1] == '\0'))
        return 0;
    if (*p != '+' && *p != '-')
        return -1;
    int sign = *p == '-' ? -1 : 1, hours, minutes = 0;
    p++;
    if (read_digits(&p, 2, &hours) != 0)
        return -1;
    if (*p == ':')
        p++;
    if (*p && read_digits(&p, 2, &minutes) != 0)
        return -1;
    if (*p != '\0' || minutes > 59)
        return -1;
    *offset_minutes = sign * (hours * 60 + minutes);
    return 0;
}

/* ISO 8601 extended or basic (compact) form. */
static int parse_iso(const char *p, wire_time *out)
{
    int year, month, day, hour = 0, minute = 0, second = 0, offset;
    if (read_digits(&p, 4, &year) != 0)
        return -1;
    int extended = *p == '-';
    if (extended)
        p++;
    if (read_digits(&p, 2, &month) != 0 || (extended && *p++ != '-') ||
        read_digits(&p, 2, &day) != 0)
        return -1;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (read_digits(&p, 2, &hour) != 0)
            return -1;
        if (*p == ':')
            p++;
        if (read_digits(&p, 2, &minute) != 0)
            return -1;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)*p) && read_digits(&p, 2, &second) != 0)
            return -1;
        if (*p == '.' || *p == ',') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (read_iso_zone(p, &offset) != 0)
        return -1;
    return make_time(year, month, day, hour, minute, second, offset, out);
}

static int month_from_name(const char *name, size_t len)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (len < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(name, months[i], 3) == 0)
            return i + 1;
    return 0;
}

/* RFC 822 zone names and numeric offsets. Returns 0 with the offset, or -1. */
static int read_rfc822_zone(const char *p, int *offset_minutes)
{
    static const struct {
        const char *name;
        int minutes;
    } zones[] = {{"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},
                 {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
                 {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
    while (*p == ' ')
        p++;
    if (*p == '\0') {
        *offset_minutes = 0;
        return 0;
    }
    if (*p == '+' || *p == '-')
        return read_iso_zone(p, offset_minutes);
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        if (strcasecmp(p, zones[i].name) == 0) {
            *offset_minutes = zones[i].minutes;
            return 0;
        }
    }
    return -1;
}

/* "[Wed, ]05 Jul 2017 13:45[:00] +0000" */
static int parse_rfc822(const char *p, wire_time *out)
{
    const char *comma = strchr(p, ',');
    if (comma)
        p = comma + 1;
    while (*p == ' ')
        p++;
    int day = 0, year = 0, hour, minute, second = 0, offset;
    char *end;
    day = (int)strtol(p, &end, 10);
    if (end == p || *end != ' ')
        return -1;
    p = end + 1;
    size_t name_len = strcspn(p, " ");
    int month = month_from_name(p, name_len);
    if (month == 0 || p[name_len] != ' ')
        return -1;
    p += name_len + 1;
    const char *year_start = p;
    year = (int)strtol(p, &end, 10);
    if (end - year_start == 2)
        year += year < 50 ? 2000 : 1900;
    else if (end - year_start != 4)
        return -1;
    p = end;
    while (*p == ' ')
        p++;
    if (read_digits(&p, 2, &hour) != 0 || *p++ != ':' || read_digits(&p, 2, &minute) != 0)
        return -1;
    if (*p == ':') {
        p++;
        if (read_digits(&p, 2, &second) != 0)
            return -1;
    }
    if (read_rfc822_zone(p, &offset) != 0)
        return -1;
    return make_time(year, month, day, hour, minute, second, offset, out);
}

int wire_time_parse(const char *text, wire_time *out)
{
    char buf[64];
    if (!text)
        return -1;
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (isdigit((unsigned char)buf[0]) && len >= 8 && isdigit((unsigned char)buf[3]) &&
        parse_iso(buf, out) == 0)
        return 0;
    return parse_rfc822(buf, out);
}

int wire_time_parse_anpa_trailer(const char *line, wire_time *out)
{
    /* Service and desk letters, then MM-DD-YY HHMM and a zone: "AP-WF-03-29-18 0822GMT". */
    const char *p = line;
    int letter_groups = 0;
    while (isupper((unsigned char)*p)) {
        while (isupper((unsigned char)*p))
            p++;
        if (*p++ != '-')
            return -1;
        letter_groups++;
    }
    int month, day, year, hour, minute;
    if (letter_groups < 1 || read_digits(&p, 2, &month) != 0 || *p++ != '-' ||
        read_digits(&p, 2, &day) != 0 || *p++ != '-' || read_digits(&p, 2, &year) != 0 ||
        *p++ != ' ' || read_digits(&p, 2, &hour) != 0 || read_digits(&p, 2, &minute) != 0)
        return -1;
    if (strcmp(p, "GMT") != 0 && strcmp(p, "UTC") != 0 && strcmp(p, "Z") != 0)
        return -1;
    return make_time(2000 + year, month, day, hour, minute, 0, 0, out);
}

void wire_time_local_ymd(const wire_time *t, int *year, int *month, int *day)
{
    int64_t local = t->utc_seconds + (int64_t)t->offset_minutes * 60;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    civil_from_days(days, year, month, day);
}

void wire_time_format_utc(const wire_time *t, char out[21])
{
    int64_t days =
        t->utc_seconds >= 0 ? t->utc_seconds / 86400 : -((-t->utc_seconds + 86399) / 86400);
    int64_t rest = t->utc_seconds - days * 86400;
    int year, month, day;
    civil_from_days(days, &year, &month, &day);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year % 10000, month, day,
             (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
    snprintf(out, 21, "%.20s", buf);
}

void wire_time_local_date(const wire_time *t, char out[11])
{
    int year, month, day;
    wire_time_local_ymd(t, &year, &month, &day);
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month, day);
    snprintf(out, 11, "%.10s", buf);
}

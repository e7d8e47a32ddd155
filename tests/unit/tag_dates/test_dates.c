/*
 * The date tagger's resolution tables. Each case tags one sentence published at
 * a given time and offset and checks the date whose text is `expr`: its value
 * and type. Publication dates cover year boundaries, leap days, the weekday of
 * the story's own day and offsets that move the local date; expressions cover
 * every kind in the issue (absolute, months and years, weekdays, relative,
 * ranges and lists, durations). A case with value "" asserts that no date
 * overlaps expr.
 *
 * Parameters hold only char arrays (no pointers), so Criterion can hand them
 * to its worker processes by copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "dates.h"

typedef struct date_case {
    char published[32];
    int offset; /* utc_offset_minutes */
    char text[200];
    char expr[40];
    char value[48];
    char type[12];
} date_case;

/* Thursday 2016-11-10 12:00 in Tokyo, the seed story's time. */
#define SEED "2016-11-10T03:00:00Z", 540

/* One week of publication days, Monday 2024-05-06 to Sunday 2024-05-12. */
#define MON "2024-05-06T10:00:00Z", 0
#define TUE "2024-05-07T10:00:00Z", 0
#define WED "2024-05-08T10:00:00Z", 0
#define THU "2024-05-09T10:00:00Z", 0
#define FRI "2024-05-10T10:00:00Z", 0
#define SAT "2024-05-11T10:00:00Z", 0
#define SUN "2024-05-12T10:00:00Z", 0

static date_case cases[] = {
    /* absolute month and day: the year follows tense */
    {SEED, "Abe and Trump agreed to meet on Nov. 17 in New York.", "Nov. 17", "2016-11-17", "date"},
    {SEED, "Trump told CNN in an interview March 29.", "March 29", "2016-03-29", "date"},
    {SEED, "Officials want contact before he gets sworn in on Jan. 20.", "Jan. 20", "2017-01-20",
     "date"},
    {SEED, "The attack on Dec. 7, 1941, killed more than 2,400 Americans.", "Dec. 7, 1941",
     "1941-12-07", "date"},
    {SEED, "The report is dated 2016-11-17 in the archive.", "2016-11-17", "2016-11-17", "date"},
    {SEED, "The deal was signed on 17 November 2016 in Lima.", "17 November 2016", "2016-11-17",
     "date"},
    {SEED, "The memo of 11/17/2016 was leaked.", "11/17/2016", "2016-11-17", "date"},
    {SEED, "The vote will be held on Sept. 30 in Tokyo.", "Sept. 30", "2017-09-30", "date"},
    {SEED, "The summit opens on November 20th.", "November 20th", "2016-11-20", "date"},
    /* year boundaries */
    {"2016-12-30T12:00:00Z", 0, "The leaders will meet on Jan. 3 in Tokyo.", "Jan. 3", "2017-01-03",
     "date"},
    {"2017-01-02T12:00:00Z", 0, "The leaders met on Dec. 30 in Tokyo.", "Dec. 30", "2016-12-30",
     "date"},
    {"2017-01-02T12:00:00Z", 0, "The summit will be held in December.", "December", "2017-12",
     "date"},
    {"2017-01-02T12:00:00Z", 0, "Exports fell in December.", "December", "2016-12", "date"},
    /* leap days */
    {"2016-03-01T12:00:00Z", 0, "They met on Feb. 29 in Paris.", "Feb. 29", "2016-02-29", "date"},
    {"2017-03-01T12:00:00Z", 0, "They met on Feb. 29 in Paris.", "Feb. 29", "2016-02-29", "date"},
    {"2019-06-01T12:00:00Z", 0, "The forum will open on Feb. 29.", "Feb. 29", "2020-02-29", "date"},
    {"2019-06-01T12:00:00Z", 0, "The forum will open on Feb. 30.", "Feb. 30", "", ""},
    /* months and years */
    {SEED, "Abe met Clinton in September in New York.", "September", "2016-09", "date"},
    {SEED, "The first summit was held in June 2000.", "June 2000", "2000-06", "date"},
    {SEED, "The deficit stood at $347 billion in 2016.", "2016", "2016", "date"},
    {SEED, "Missile launches went on this year.", "this year", "2016", "date"},
    {"2017-01-15T12:00:00Z", 0, "Prices rose last month.", "last month", "2016-12", "date"},
    {"2016-12-15T12:00:00Z", 0, "Talks resume next month.", "next month", "2017-01", "date"},
    {SEED, "The plan dates from the 1990s.", "1990s", "199", "date"},
    {"2017-07-05T13:45:00Z", 0, "The meeting is expected in mid-July.", "mid-July", "2017-07",
     "date"},
    {"2017-07-05T13:45:00Z", 0, "A deal could come early next year.", "early next year", "2018",
     "date"},
    {"2017-07-05T13:45:00Z", 0, "She met Theresa May in London.", "May", "", ""},
    {"2017-07-05T13:45:00Z", 0, "Trump may meet Xi at the Mar-a-Lago resort.", "Mar", "", ""},
    /* weekdays: forward for future, back for past, the day itself counts */
    {SEED, "The ministry said Thursday that talks went well.", "Thursday", "2016-11-10", "date"},
    {SEED, "They held a teleconference Thursday morning.", "Thursday morning", "2016-11-10TMO",
     "time"},
    {SEED, "The two leaders will meet on Friday.", "Friday", "2016-11-11", "date"},
    {SEED, "The two leaders met on Friday.", "Friday", "2016-11-04", "date"},
    {SEED, "Abe, in Thursday\xE2\x80\x99s call, praised Trump.", "Thursday", "2016-11-10", "date"},
    {"2016-12-05T09:40:00Z", 0, "Suga said later Monday that no apology was planned.",
     "later Monday", "2016-12-05", "date"},
    {"2017-07-05T13:45:00Z", 0, "Talks on Friday are the focus.", "Friday", "2017-07-07", "date"},
    {SEED, "Abe met Trump last Friday.", "last Friday", "2016-11-04", "date"},
    {SEED, "Abe will fly to Lima next Thursday.", "next Thursday", "2016-11-17", "date"},
    /* time zones that move the local date */
    {"2016-11-10T20:00:00Z", 540, "Officials said today that talks went well.", "today",
     "2016-11-11", "date"},
    {"2016-11-10T20:00:00Z", -300, "Officials said today that talks went well.", "today",
     "2016-11-10", "date"},
    {"2016-11-10T02:00:00Z", -300, "Officials said today that talks went well.", "today",
     "2016-11-09", "date"},
    {"2016-11-10T12:00:00+09:00", 540, "Officials said Thursday that talks went well.", "Thursday",
     "2016-11-10", "date"},
    /* relative */
    {SEED, "Talks will resume tomorrow.", "tomorrow", "2016-11-11", "date"},
    {SEED, "Talks ended yesterday.", "yesterday", "2016-11-09", "date"},
    {SEED, "Talks resume tonight.", "tonight", "2016-11-10TNI", "time"},
    {"2018-05-24T08:00:00Z", 0, "Trump cancelled the summit on June 12.", "June 12", "2018-06-12",
     "date"},
    {"2018-03-29T08:22:00Z", 0, "The two sides will hold talks next week.", "next week", "2018-W14",
     "date"},
    {"2020-12-29T08:00:00Z", 0, "The two sides will hold talks next week.", "next week", "2021-W01",
     "date"},
    {"2021-01-01T08:00:00Z", 0, "The two sides hold talks this week.", "this week", "2020-W53",
     "date"},
    {"2017-07-05T13:45:00Z", 0, "The first summit took place two years ago.", "two years ago",
     "2015", "date"},
    {SEED, "A day after the vote, the two leaders spoke.", "A day after", "2016-11-09", "date"},
    /* ranges and lists */
    {SEED, "Abe will go to Lima for the summit on Nov. 19 and 20.", "Nov. 19 and 20",
     "2016-11-19/2016-11-20", "date"},
    {"2017-03-30T08:15:00Z", 480, "Xi will visit Finland from April 4 to 6.", "April 4 to 6",
     "2017-04-04/2017-04-06", "date"},
    {"2019-06-25T06:30:00Z", 540, "Xi will attend the June 28-29 summit.", "June 28-29",
     "2019-06-28/2019-06-29", "date"},
    {"2016-12-20T06:30:00Z", 0, "The talks will run from Dec. 30 to Jan. 2.", "Dec. 30 to Jan. 2",
     "2016-12-30/2017-01-02", "date"},
    {"2016-12-20T06:30:00Z", 0, "The talks will run between Jan. 4 and 6.", "Jan. 4 and 6",
     "2017-01-04/2017-01-06", "date"},
    {"2016-06-20T06:30:00Z", 0, "Votes were held on May 3 and 10.", "May 3", "2016-05-03", "date"},
    {"2016-06-20T06:30:00Z", 0, "Votes were held on May 3 and 10.", "10", "2016-05-10", "date"},
    /* durations */
    {"2017-07-05T13:45:00Z", 0, "The two-day summit opens in Hamburg.", "two-day", "P2D",
     "duration"},
    {"2019-06-25T06:30:00Z", 540, "They agreed on a 90-day truce.", "90-day", "P90D", "duration"},
    {"2016-12-05T09:40:00Z", 0, "It comes 75 years after the attack.", "75 years", "P75Y",
     "duration"},
    {SEED, "He serves a four-year term.", "four-year", "P4Y", "duration"},
    {SEED, "They held a 20-minute call.", "20-minute", "", ""},
    {SEED, "About 1.8 million visitors come a year.", "a year", "", ""},
    /* seasons (TIMEX3 SP, SU, FA, WI; a winter is named by its December) */
    {SEED, "Abe will visit Russia this spring.", "this spring", "2016-SP", "date"},
    {SEED, "Abe will visit Russia next summer.", "next summer", "2017-SU", "date"},
    {SEED, "Abe visited Russia last winter.", "last winter", "2015-WI", "date"},
    {"2017-01-20T00:00:00Z", 0, "Snow fell this winter.", "this winter", "2016-WI", "date"},
    {"2017-02-10T00:00:00Z", 0, "Abe will visit next spring.", "next spring", "2017-SP", "date"},
    {SEED, "A summit is planned for spring 2017.", "spring 2017", "2017-SP", "date"},
    {SEED, "They met in the autumn of 2015.", "autumn of 2015", "2015-FA", "date"},
    {SEED, "Prices fall 2016 percent.", "fall 2016", "", ""},
    /* "the 27th": a day of this month, or the next or last one by tense */
    {SEED, "Trump will meet Abe on the 27th.", "27th", "2016-11-27", "date"},
    {SEED, "Trump met Abe on the 27th.", "27th", "2016-10-27", "date"},
    {SEED, "Trump will meet Abe on the 5th, officials said.", "5th", "2016-12-05", "date"},
    {SEED, "Trump will meet Abe on the 27th of December.", "27th of December", "2016-12-27",
     "date"},
    {SEED, "It marks the 27th anniversary of the treaty.", "27th", "", ""},
    {SEED, "The 20th century saw two world wars.", "20th", "", ""},
    {SEED, "He will leave on the 31st, aides said.", "31st", "", ""},
    /* more relative expressions */
    {SEED, "The talks are planned for early next month.", "early next month", "2016-12", "date"},
    {SEED, "The deal was signed two weeks ago.", "two weeks ago", "2016-W43", "date"},
    {SEED, "The summit will be held in March 2017.", "March 2017", "2017-03", "date"},
    {SEED, "Officials recalled last year's summit.", "last year", "2015", "date"},
    {SEED, "Abe sat next to Trump on Monday.", "Monday", "2016-11-07", "date"},
    /* present-tense schedules point forward, from every weekday (2024-05-06 is a
       Monday); "said" points back; the day itself counts either way */
    {MON, "The president hosts the summit on Friday.", "Friday", "2024-05-10", "date"},
    {TUE, "A deal was likely on Monday, diplomats said.", "Monday", "2024-05-13", "date"},
    {WED, "The vote is set for Tuesday.", "Tuesday", "2024-05-14", "date"},
    {THU, "She leaves for Tokyo on Monday.", "Monday", "2024-05-13", "date"},
    {THU, "The forum opens on Thursday.", "Thursday", "2024-05-09", "date"},
    {FRI, "The prime minister travels to Rome on Thursday.", "Thursday", "2024-05-16", "date"},
    {SAT, "Her deputy meets the envoys on Sunday.", "Sunday", "2024-05-12", "date"},
    {SUN, "The minister said Sunday that talks went well.", "Sunday", "2024-05-12", "date"},
    {SUN, "The alliance begins its review on Wednesday.", "Wednesday", "2024-05-15", "date"},
    {WED, "The delegation said on Tuesday that talks went well.", "Tuesday", "2024-05-07", "date"},
    {TUE, "The envoy met his counterpart on Wednesday.", "Wednesday", "2024-05-01", "date"},
    {MON, "His visits on Saturday drew crowds.", "Saturday", "2024-05-04", "date"},
    {THU, "Leaders join a summit hosted by Italy on Saturday.", "Saturday", "2024-05-11", "date"},
    {FRI, "The truce collapsed late Thursday, officials said.", "late Thursday", "2024-05-09",
     "date"},
    {TUE, "Rebels attacked the port early Sunday morning.", "early Sunday morning", "2024-05-05TMO",
     "time"},
    /* a cue only after the date (a reporting verb) is weak: the nearest day wins */
    {WED, "Talks begin at 10:30 local time on Thursday, officials said.", "Thursday", "2024-05-09",
     "date"},
    {"2024-09-14T08:00:00Z", 0,
     "Aides told reporters that the Sept. 15-16 talks were still in doubt.", "Sept. 15-16",
     "2024-09-15/2024-09-16", "date"},
    /* years of month-day dates and months */
    {"2024-06-03T08:00:00Z", 0, "The meeting, originally set for Sept. 20, was called off.",
     "Sept. 20", "2024-09-20", "date"},
    {"2024-06-20T08:00:00Z", 0, "Exports collapsed in March, the agency said.", "March", "2024-03",
     "date"},
    {"2024-06-20T08:00:00Z", 0, "Negotiators resume talks Oct. 31 to Nov. 12 in Geneva.",
     "Oct. 31 to Nov. 12", "2024-10-31/2024-11-12", "date"},
    {"2024-08-20T08:00:00Z", 0, "Leaders will meet Sept 5 to 7 in Jakarta.", "Sept 5 to 7",
     "2024-09-05/2024-09-07", "date"},
    {"2024-06-20T08:00:00Z", 0, "The vote will be held on Jul 10.", "Jul 10", "2024-07-10", "date"},
    {"2024-06-20T08:00:00Z", 0, "A decision is expected in early September.", "early September",
     "2024-09", "date"},
    {"2024-08-10T08:00:00Z", 0, "The ceasefire expired at the end of June.", "the end of June",
     "2024-06", "date"},
    {"2024-03-10T08:00:00Z", 0, "They first met in December last year.", "December last year",
     "2023-12", "date"},
    {"2024-03-10T08:00:00Z", 0, "The pact signed in August last year has lapsed.",
     "August last year", "2023-08", "date"},
    {"2024-03-10T08:00:00Z", 0, "The accord was sealed on Nov. 20 last year.", "Nov. 20 last year",
     "2023-11-20", "date"},
    {"2024-03-10T08:00:00Z", 0, "The games open in July next year.", "July next year", "2025-07",
     "date"},
    {"2024-06-10T08:00:00Z", 0,
     "Elections were held in February 2019 and a plan was agreed that April.", "that April",
     "2019-04", "date"},
    {"2024-06-10T08:00:00Z", 0, "In 2019, officials said that May would decide.", "May", "", ""},
    {"2024-06-10T08:00:00Z", 0, "Officials insist that April is too soon.", "April", "", ""},
    /* weekends: the ISO week of the weekend the tense points to */
    {"2022-11-10T08:00:00Z", 0, "Leaders attend a summit over the weekend.", "the weekend",
     "2022-W45-WE", "date"},
    {MON, "Rebels attacked the town over the weekend.", "the weekend", "2024-W18-WE", "date"},
    {WED, "They will meet again over the weekend.", "the weekend", "2024-W19-WE", "date"},
    {WED, "Protests spread during the weekend.", "the weekend", "2024-W18-WE", "date"},
    {SUN, "Crowds gather in the square this weekend.", "this weekend", "2024-W19-WE", "date"},
    /* clock times take the day of a date in their sentence */
    {WED, "The ministers will meet on Friday at 9 a.m. in Geneva.", "9 a.m.", "2024-05-10T09:00",
     "time"},
    {WED, "Talks begin at 10:30 local time on Thursday, officials said.", "10:30 local time",
     "2024-05-09T10:30", "time"},
    {WED, "The session ended at 3 p.m.", "3 p.m.", "2024-05-08T15:00", "time"},
    {WED, "Voting closes at 12 p.m. and results follow at 12:30 a.m.", "12:30 a.m.",
     "2024-05-08T00:30", "time"},
    {WED, "The score was 10:30 at halftime.", "10:30", "", ""},
    {WED, "They talked for 9 minutes.", "9", "", ""},
    /* quarters, halves and fiscal years */
    {WED, "Growth slowed in the first quarter.", "first quarter", "2024-Q1", "date"},
    {WED, "Profits will rise in the fourth quarter.", "fourth quarter", "2024-Q4", "date"},
    {"2024-02-10T08:00:00Z", 0, "The economy shrank in the fourth quarter.", "fourth quarter",
     "2023-Q4", "date"},
    {WED, "Output fell in Q3 2023.", "Q3 2023", "2023-Q3", "date"},
    {WED, "Exports rose in the second half of last year.", "second half of last year", "2023-H2",
     "date"},
    {WED, "First-quarter growth beat forecasts.", "First-quarter", "2024-Q1", "date"},
    {WED, "It was the worst war of the first half of the century.", "first half", "", ""},
    {WED, "Three quarters of voters agreed.", "quarters", "", ""},
    {WED, "The budget for fiscal 2025 was approved.", "fiscal 2025", "FY2025", "date"},
    {WED, "Spending in FY2024 rose.", "FY2024", "FY2024", "date"},
    {WED, "The plan covers the 2026 fiscal year.", "2026 fiscal year", "FY2026", "date"},
    /* ranges with an abbreviated month written without its period */
    {"2023-08-20T10:00:00Z", 0, "The trade fair runs Sept 5 to 7 in Leipzig.", "Sept 5 to 7",
     "2023-09-05/2023-09-07", "date"},
    {"2023-08-20T10:00:00Z", 0, "Strikes are planned Sep 5-7 at the ports.", "Sep 5-7",
     "2023-09-05/2023-09-07", "date"},
    {"2023-08-20T10:00:00Z", 0, "Farmers will protest Aug 22 to 24 in the capital.", "Aug 22 to 24",
     "2023-08-22/2023-08-24", "date"},
    {"2023-08-20T10:00:00Z", 0, "Polls on Jul 10 and 11 were quiet.", "Jul 10 and 11",
     "2023-07-10/2023-07-11", "date"},
    /* a schedule's date reported within weeks after it is past; "will" stays firm */
    {"2021-11-16T10:00:00Z", 0,
     "The forum, scheduled to run Oct. 31 to Nov. 12, closed with a deal.", "Oct. 31 to Nov. 12",
     "2021-10-31/2021-11-12", "date"},
    {"2021-11-16T10:00:00Z", 0, "Ministers signed the text at talks set for Nov. 2 in Oslo.",
     "Nov. 2", "2021-11-02", "date"},
    {"2021-11-16T10:00:00Z", 0, "The board is expected to vote on Nov. 3 on the merger.", "Nov. 3",
     "2021-11-03", "date"},
    {"2021-11-16T10:00:00Z", 0, "The audit is scheduled for Aug. 1 again.", "Aug. 1", "2022-08-01",
     "date"},
    {"2021-11-16T10:00:00Z", 0, "The regulator will rule on Nov. 10.", "Nov. 10", "2022-11-10",
     "date"},
    /* the end of a month; a weekday with late or early */
    {"2025-03-04T10:00:00Z", 0, "The bank will publish its review at the end of June.",
     "the end of June", "2025-06", "date"},
    {"2025-03-04T10:00:00Z", 0, "Stocks fell until the end of January.", "the end of January",
     "2025-01", "date"},
    {"2025-03-04T10:00:00Z", 0, "Prices had risen by end-February.", "end-February", "2025-02",
     "date"},
    {"2025-03-04T10:00:00Z", 0, "Payments are due by the end of the month.", "the end of the month",
     "2025-03", "date"},
    {"2025-03-04T10:00:00Z", 0, "He spoke of the end of the war.", "end of the war", "", ""},
    {WED, "The strike ended late Monday.", "late Monday", "2024-05-06", "date"},
    {WED, "The ministers will meet early Friday.", "early Friday", "2024-05-10", "date"},
    /* the day after the date last named, in the same or the previous sentence */
    {WED, "The miners walked out on May 2. The next day the mine closed.", "The next day",
     "2024-05-03", "date"},
    {WED, "Rain began on April 28 and the following day rivers rose.", "the following day",
     "2024-04-29", "date"},
    {WED, "Talks stalled on Monday. A day later the envoy left.", "A day later", "2024-05-07",
     "date"},
    {WED, "The next day was quiet.", "next day", "", ""},
    /* not dates */
    {SEED, "USA Today reported the call.", "Today", "", ""},
    {SEED, "More than 2,400 Americans died.", "2,400", "", ""},
    {SEED, "About 2016 people marched.", "2016", "", ""},
};

ParameterizedTestParameters(dates, resolves)
{
    return cr_make_param_array(date_case, cases, sizeof cases / sizeof cases[0]);
}

/* 1 when a and b share a byte range. */
static int overlaps(telex_span a, telex_span b)
{
    return a.start < b.end && b.start < a.end;
}

ParameterizedTest(date_case *c, dates, resolves)
{
    telex_story story = {
        .text = c->text, .published = c->published, .utc_offset_minutes = c->offset};
    telex_date *dates = NULL;
    size_t n = 0;
    char err[256];
    cr_assert_eq(tag_dates_find(&story, &dates, &n, err, sizeof err), 0, "%s", err);
    const char *at = strstr(c->text, c->expr);
    cr_assert_not_null(at, "case error: \"%s\" not in the text", c->expr);
    telex_span want = {(int32_t)(at - c->text), (int32_t)(at - c->text + strlen(c->expr))};
    const telex_date *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (c->value[0] ? strcmp(dates[i].text, c->expr) == 0 : overlaps(dates[i].span, want))
            found = &dates[i];
    if (!c->value[0]) {
        cr_expect_null(found, "\"%s\" tagged as %s", c->expr, found ? found->value : "");
    } else {
        cr_expect_not_null(found, "\"%s\" not tagged in \"%s\"", c->expr, c->text);
        if (found) {
            cr_expect_str_eq(found->value, c->value, "\"%s\"", c->expr);
            cr_expect_str_eq(found->type, c->type, "\"%s\"", c->expr);
        }
    }
    for (size_t i = 0; i < n; i++)
        telex_date_clear(&dates[i]);
    free(dates);
}

/* Every date's text is the slice of the story its span selects, in text order. */
Test(dates, spans_select_their_text)
{
    char text[] =
        "Xi will visit Finland from April 4 to 6 and meet Trump on April 6 and 7, "
        "the ministry said Thursday. The summit comes \xE2\x80\x9Cthree weeks\xE2\x80\x9D "
        "after Tillerson met Xi on March 19.";
    telex_story story = {
        .text = text, .published = "2017-03-30T08:15:00Z", .utc_offset_minutes = 480};
    telex_date *dates = NULL;
    size_t n = 0;
    char err[256];
    cr_assert_eq(tag_dates_find(&story, &dates, &n, err, sizeof err), 0, "%s", err);
    cr_assert_eq(n, 5, "found %zu dates", n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(strlen(dates[i].text), (size_t)(dates[i].span.end - dates[i].span.start));
        cr_expect_eq(memcmp(text + dates[i].span.start, dates[i].text, strlen(dates[i].text)), 0);
        if (i > 0)
            cr_expect_gt(dates[i].span.start, dates[i - 1].span.start);
    }
    for (size_t i = 0; i < n; i++)
        telex_date_clear(&dates[i]);
    free(dates);
}

typedef struct bad_published {
    char published[40];
    char message[60]; /* a part of the error */
} bad_published;

static bad_published bad_times[] = {
    {"yesterday", "publication time \"yesterday\" is not ISO 8601"},
    {"2016-02-30T00:00:00Z", "publication time \"2016-02-30T00:00:00Z\""},
    {"2016-11-10T25:00:00Z", "is not ISO 8601"},
    {"2016-11-10T12:00:00+0x:00", "is not ISO 8601"},
};

ParameterizedTestParameters(dates, rejects_bad_published)
{
    return cr_make_param_array(bad_published, bad_times, sizeof bad_times / sizeof bad_times[0]);
}

ParameterizedTest(bad_published *c, dates, rejects_bad_published)
{
    telex_story story = {.text = "Talks resume tomorrow.", .published = c->published};
    telex_date *dates = NULL;
    size_t n = 0;
    char err[256] = "";
    cr_assert_eq(tag_dates_find(&story, &dates, &n, err, sizeof err), -1);
    cr_expect_not_null(strstr(err, c->message), "error was: %s", err);
    cr_expect_null(dates);
    cr_expect_eq(n, 0);
}

Test(dates, dateline_date_serves_when_published_is_missing)
{
    telex_story story = {.text = "Talks resume tomorrow.", .dateline_date = "2018-03-29"};
    telex_date *dates = NULL;
    size_t n = 0;
    char err[256];
    cr_assert_eq(tag_dates_find(&story, &dates, &n, err, sizeof err), 0, "%s", err);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(dates[0].value, "2018-03-30");
    telex_date_clear(&dates[0]);
    free(dates);
}

Test(dates, no_text_no_dates)
{
    telex_story story = {.published = "2018-03-29T00:00:00Z"};
    telex_date *dates = NULL;
    size_t n = 1;
    char err[256];
    cr_assert_eq(tag_dates_find(&story, &dates, &n, err, sizeof err), 0);
    cr_expect_eq(n, 0);
}

/*
 * Unit tests of telex-alert's rule (stages/alert/alert_rule.c): parsing the
 * watch list, which events of an enriched story fire an alert, and the
 * evidence slice. The stories are built by hand; no Kafka, no Avro.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "alert_rule.h"

/* ---- the watch list ---- */

/*
 * Criterion runs each parameter set in a freshly started worker process, so
 * parameters hold their strings inline: a pointer into the parent's memory
 * would not be valid there.
 */
struct watch_case {
    int text_is_null;
    char text[32];
    char expected_codes[32]; /* "US,KP" when it parses, "" when it must fail */
    char expected_error[64]; /* a part of the error line */
};

ParameterizedTestParameters(alert_watch, parse)
{
    static struct watch_case cases[] = {
        {0, "US,KP", "US,KP", ""},
        {0, " us , kp ,JP", "US,KP,JP", ""},
        {0, "US,KP,US", "US,KP", ""},
        {0, "US", "", "needs at least two different countries"},
        {0, "US,us", "", "needs at least two different countries"},
        {0, "USA,KP", "", "\"USA\" is not an ISO 3166-1 alpha-2 code"},
        {0, "US,,KP", "", "\"\" is not an ISO 3166-1 alpha-2 code"},
        {0, "US,K1", "", "\"K1\" is not an ISO 3166-1 alpha-2 code"},
        {0, "", "", "alert.watch is not set"},
        {1, "", "", "alert.watch is not set"},
    };
    return cr_make_param_array(struct watch_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct watch_case *c, alert_watch, parse)
{
    alert_watch watch;
    char err[256] = "";
    int rc = alert_watch_parse(c->text_is_null ? NULL : c->text, &watch, err, sizeof err);
    if (!c->expected_codes[0]) {
        cr_assert_eq(rc, -1, "\"%s\" should not parse", c->text);
        cr_assert_not_null(strstr(err, c->expected_error), "error was: %s", err);
        cr_assert_eq(watch.n_codes, 0);
        return;
    }
    cr_assert_eq(rc, 0, "\"%s\": %s", c->text, err);
    char joined[64] = "";
    for (size_t i = 0; i < watch.n_codes; i++) {
        strcat(joined, i ? "," : "");
        strcat(joined, watch.codes[i]);
    }
    cr_assert_str_eq(joined, c->expected_codes);
    alert_watch_clear(&watch);
}

Test(alert_watch, lookup_ignores_case_and_rejects_non_codes)
{
    alert_watch watch;
    char err[256];
    cr_assert_eq(alert_watch_parse("US,KP", &watch, err, sizeof err), 0, "%s", err);
    cr_assert(alert_watch_has(&watch, "kp"));
    cr_assert(alert_watch_has(&watch, "US"));
    cr_assert_not(alert_watch_has(&watch, "JP"));
    cr_assert_not(alert_watch_has(&watch, "USA"));
    cr_assert_not(alert_watch_has(&watch, NULL));
    alert_watch_clear(&watch);
}

/* ---- which events fire ---- */

/* A story with three watched-country leaders, one unwatched, and non-persons. */
static telex_entity story_entities[] = {
    {.id = "person:donald-trump", .type = "person", .country = "US"},
    {.id = "person:mike-pence", .type = "person", .country = "US"},
    {.id = "person:kim-jong-un", .type = "person", .country = "KP"},
    {.id = "person:shinzo-abe", .type = "person", .country = "JP"},
    {.id = "person:no-country", .type = "person", .country = NULL},
    {.id = "country:KP", .type = "country", .code = "KP"},
    {.id = "organization:apec", .type = "organization"},
};

struct event_case {
    char watch[16];
    char type[16];
    char status[16];
    char participants[5][32];    /* up to the first "" */
    int expected;                /* 1 fires, 0 does not */
    char expected_leaders[128];  /* ids joined by ",", when it fires */
    char expected_countries[16]; /* codes joined by ",", when it fires */
};

ParameterizedTestParameters(alert_match, event)
{
    static struct event_case cases[] = {
        {"US,KP",
         "meeting",
         "planned",
         {"person:donald-trump", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:kim-jong-un",
         "US,KP"},
        {"US,KP",
         "summit",
         "held",
         {"person:kim-jong-un", "person:donald-trump"},
         1,
         "person:kim-jong-un,person:donald-trump",
         "KP,US"},
        {"US,KP",
         "call",
         "held",
         {"person:donald-trump", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:kim-jong-un",
         "US,KP"},
        {"US,KP",
         "meeting",
         "postponed",
         {"person:donald-trump", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:kim-jong-un",
         "US,KP"},
        {"us,kp",
         "meeting",
         "proposed",
         {"person:donald-trump", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:kim-jong-un",
         "US,KP"},
        /* a trip is not a meeting; a cancelled meeting is not happening */
        {"US,KP", "visit", "planned", {"person:donald-trump", "person:kim-jong-un"}, 0},
        {"US,KP", "meeting", "cancelled", {"person:donald-trump", "person:kim-jong-un"}, 0},
        /* the other side is not watched, not a person, unknown, or of no country */
        {"US,KP", "meeting", "held", {"person:donald-trump", "person:shinzo-abe"}, 0},
        {"US,KP", "meeting", "held", {"person:donald-trump", "country:KP"}, 0},
        {"US,KP", "meeting", "held", {"person:donald-trump", "person:not-in-story"}, 0},
        {"US,KP", "meeting", "held", {"person:donald-trump", "person:no-country"}, 0},
        {"US,KP", "summit", "held", {"organization:apec", "person:kim-jong-un"}, 0},
        /* two leaders of the same country */
        {"US,KP", "meeting", "held", {"person:donald-trump", "person:mike-pence"}, 0},
        /* only the watched leaders are reported, each once */
        {"US,KP",
         "summit",
         "planned",
         {"person:donald-trump", "person:shinzo-abe", "person:kim-jong-un", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:kim-jong-un",
         "US,KP"},
        {"US,KP,JP",
         "summit",
         "planned",
         {"person:donald-trump", "person:shinzo-abe", "person:mike-pence", "person:kim-jong-un"},
         1,
         "person:donald-trump,person:shinzo-abe,person:mike-pence,person:kim-jong-un",
         "US,JP,KP"},
        {"US,KP", "meeting", "held", {"person:donald-trump"}, 0},
    };
    return cr_make_param_array(struct event_case, cases, sizeof cases / sizeof cases[0]);
}

static void join_leaders(const alert_match *match, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < match->n_leaders; i++) {
        strncat(out, i ? "," : "", outlen - strlen(out) - 1);
        strncat(out, match->leaders[i]->id, outlen - strlen(out) - 1);
    }
}

static void join_countries(const alert_match *match, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < match->n_countries; i++) {
        strncat(out, i ? "," : "", outlen - strlen(out) - 1);
        strncat(out, match->countries[i], outlen - strlen(out) - 1);
    }
}

ParameterizedTest(struct event_case *c, alert_match, event)
{
    alert_watch watch;
    char err[256];
    cr_assert_eq(alert_watch_parse(c->watch, &watch, err, sizeof err), 0, "%s", err);
    char *participants[5];
    size_t n_participants = 0;
    while (n_participants < 5 && c->participants[n_participants][0]) {
        participants[n_participants] = c->participants[n_participants];
        n_participants++;
    }
    telex_event event = {.type = c->type,
                         .status = c->status,
                         .participants = participants,
                         .n_participants = n_participants};
    telex_enriched_story story = {.entities = story_entities,
                                  .n_entities = sizeof story_entities / sizeof story_entities[0],
                                  .events = &event,
                                  .n_events = 1};
    alert_match match;
    int rc = alert_match_event(&watch, &story, &event, &match, err, sizeof err);
    cr_assert_eq(rc, c->expected, "%s %s: got %d", c->type, c->status, rc);
    if (rc == 1) {
        char joined[256];
        join_leaders(&match, joined, sizeof joined);
        cr_assert_str_eq(joined, c->expected_leaders);
        join_countries(&match, joined, sizeof joined);
        cr_assert_str_eq(joined, c->expected_countries);
    } else {
        cr_assert_eq(match.n_leaders, 0);
        cr_assert_null(match.leaders);
    }
    alert_match_clear(&match);
    alert_watch_clear(&watch);
}

/* ---- the evidence slice ---- */

struct evidence_case {
    int32_t start;
    int32_t end;
    char expected[16];
};

ParameterizedTestParameters(alert_evidence, slice)
{
    static struct evidence_case cases[] = {
        {0, 5, "Trump"}, {16, 29, "meet Kim Jong"}, {0, 0, ""}, {-1, 4, ""}, {10, 5, ""},
        {0, 400, ""},
    };
    return cr_make_param_array(struct evidence_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct evidence_case *c, alert_evidence, slice)
{
    telex_enriched_story story = {.story.text = "Trump agreed to meet Kim Jong Un."};
    telex_event event = {.evidence = {c->start, c->end}};
    size_t len = 99;
    const char *evidence = alert_evidence(&story, &event, &len);
    cr_assert_eq(len, strlen(c->expected));
    cr_assert_eq(strncmp(evidence, c->expected, len), 0, "[%d, %d) gave \"%.*s\"", c->start, c->end,
                 (int)len, evidence);
}

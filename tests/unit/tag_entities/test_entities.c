/*
 * The entity tagger's rules, one ParameterizedTest table per rule class:
 * titles, metonymy, coreference, dated roles, demonyms, possessives and
 * unknown persons. Each case tags a short text against the real KB and checks
 * one entity: its mentions (as "text@start" in order) and, for persons, the
 * role on the story's date. A case with expected mentions "" asserts that the
 * entity is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tag.h"

/* A copy of s in Criterion's shared memory, visible to the test's process. */
static char *shared_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cr_malloc(n);
    memcpy(copy, s, n);
    return copy;
}

static tag_kb *kb;

static void load_kb(void)
{
    char err[512];
    cr_assert_eq(tag_kb_load(TAG_KB_DEFAULT_DIR, &kb, err, sizeof err), 0, "%s", err);
}

static void free_kb(void)
{
    tag_kb_free(kb);
}

typedef struct entity_case {
    char *text;
    char *published;
    char *id;       /* the entity checked */
    char *mentions; /* "Abe@0 Abe@20": mention texts and starts, "" for absent */
    char *role;     /* expected role, or NULL to skip the check */
} entity_case;

/* Criterion runs each test in a fresh process, so parameters and the strings
   they point to must live in its shared memory (cr_malloc, cr_strdup). */
static char *shared_string(const char *s)
{
    return s ? shared_strdup(s) : NULL;
}

static entity_case *shared_cases(const entity_case *cases, size_t n)
{
    entity_case *out = cr_malloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        out[i].text = shared_string(cases[i].text);
        out[i].published = shared_string(cases[i].published);
        out[i].id = shared_string(cases[i].id);
        out[i].mentions = shared_string(cases[i].mentions);
        out[i].role = shared_string(cases[i].role);
    }
    return out;
}

#define CASES(array)                                                                               \
    cr_make_param_array(entity_case, shared_cases(array, sizeof array / sizeof array[0]),          \
                        sizeof array / sizeof array[0])

/* Tags c->text and returns the mentions of c->id as "text@start ..." in buf. */
static const telex_entity *tag_case(const entity_case *c, telex_entity **entities, size_t *n,
                                    char *buf, size_t buflen)
{
    char err[512];
    telex_story story = {.text = (char *)c->text, .published = (char *)c->published};
    cr_assert_eq(tag_entities_find(kb, &story, entities, n, err, sizeof err), 0, "%s", err);
    buf[0] = '\0';
    for (size_t i = 0; i < *n; i++) {
        const telex_entity *e = &(*entities)[i];
        if (strcmp(e->id, c->id) != 0)
            continue;
        size_t len = 0;
        for (size_t m = 0; m < e->n_mentions; m++) {
            const telex_mention *mention = &e->mentions[m];
            cr_assert_eq(strncmp(c->text + mention->span.start, mention->text,
                                 (size_t)(mention->span.end - mention->span.start)),
                         0, "offsets of %s do not select its text", mention->text);
            len += (size_t)snprintf(buf + len, buflen - len, "%s%s@%d", m ? " " : "", mention->text,
                                    mention->span.start);
        }
        return e;
    }
    return NULL;
}

static void check_case(const entity_case *c)
{
    telex_entity *entities = NULL;
    size_t n = 0;
    char got[1024];
    const telex_entity *e = tag_case(c, &entities, &n, got, sizeof got);
    if (!c->mentions[0]) {
        cr_expect_null(e, "%s should not be found in \"%s\" (got %s)", c->id, c->text, got);
    } else {
        cr_expect_not_null(e, "%s not found in \"%s\"", c->id, c->text);
        cr_expect_str_eq(got, c->mentions, "mentions of %s in \"%s\": got \"%s\", want \"%s\"",
                         c->id, c->text, got, c->mentions);
        if (e && c->role)
            cr_expect_str_eq(e->role ? e->role : "(null)", c->role, "role of %s", c->id);
    }
    for (size_t i = 0; i < n; i++)
        telex_entity_clear(&entities[i]);
    free(entities);
}

#define D2016 "2016-11-10T03:00:00Z"
#define D2019 "2019-06-25T06:30:00Z"
#define D2021 "2021-03-01T00:00:00Z"

static entity_case title_cases[] = {
    {"Prime Minister Shinzo Abe held talks.", D2016, "person:shinzo-abe", "Shinzo Abe@15", NULL},
    {"Chief Cabinet Secretary Yoshihide Suga said so.", D2016, "person:yoshihide-suga",
     "Yoshihide Suga@24", "Chief Cabinet Secretary of Japan"},
    {"North Korean leader Kim Jong Un will attend.", D2019, "person:kim-jong-un", "Kim Jong Un@20",
     NULL},
    {"President Donald J. Trump spoke.", D2019, "person:donald-trump", "Donald J. Trump@10", NULL},
    {"President Moon Jae-in met him.", D2019, "person:moon-jae-in", "Moon Jae-in@10", NULL},
};

ParameterizedTestParameters(titles, known_persons)
{
    return CASES(title_cases);
}

ParameterizedTest(entity_case *c, titles, known_persons, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case unknown_cases[] = {
    {"Foreign Minister Wang Kexin said on Monday that talks would go on.", D2019,
     "person:wang-kexin", "Wang Kexin@17", "Foreign Minister"},
    {"Indonesian Foreign Minister Adi Santoso arrived. Santoso said little.", D2019,
     "person:adi-santoso", "Adi Santoso@28 Santoso@49", "Foreign Minister of Indonesia"},
    {"The talks were led by Pak Chol Su, chairman of the committee.", D2019, "person:pak-chol-su",
     "Pak Chol Su@22", "Chairman"},
    {"President Kagiso Molefe Tuesday said it.", D2019, "person:kagiso-molefe", "Kagiso Molefe@10",
     NULL},
    {"Prime Minister’s Office officials met.", D2019, "person:office", "", NULL},
    {"The Premier League season starts.", D2019, "person:league", "", NULL},
};

static entity_case unknown_more_cases[] = {
    /* particles inside a name after a title */
    {"Commission President Ursula von der Leyen said so.", D2021, "person:ursula-von-der-leyen",
     "Ursula von der Leyen@21", NULL},
    {"Defence Secretary Ben Wallace met her.", D2021, "person:ben-wallace", "Ben Wallace@18",
     "Defence Secretary"},
    {"He met his Australian counterpart, Marise Payne, there.", D2021, "person:marise-payne",
     "Marise Payne@35", NULL},
    {"The Kremlin's foreign policy aide Yuri Ushakov said.", D2021, "person:yuri-ushakov",
     "Yuri Ushakov@34", NULL},
    {"Slovenian President Milan Kucan will welcome them.", D2021, "person:milan-kucan",
     "Milan Kucan@20", NULL},
    /* a given name and a surname before a verb, no title */
    {"Florence Parly had been due to hold talks. Parly left.", D2021, "person:florence-parly",
     "Florence Parly@0 Parly@43", NULL},
    {"Florence Cathedral was closed.", D2021, "person:florence-cathedral", "", NULL},
    {"Peter Meyer was there.", D2021, "person:peter-meyer", "Peter Meyer@0", NULL},
    {"Peter Meyer Foundation gave money.", D2021, "person:peter-meyer-foundation", "", NULL},
    /* a full name that is not the KB's namesake, and its surname later */
    {"Penny Wong met Kevin Wong. Wong said so.", D2021, "person:kevin-wong",
     "Kevin Wong@15 Wong@27", NULL},
    {"Tom Abe arrived. Abe said hello.", D2016, "person:shinzo-abe", "", NULL},
};

ParameterizedTestParameters(unknown_persons, found_without_title)
{
    return CASES(unknown_more_cases);
}

ParameterizedTest(entity_case *c, unknown_persons, found_without_title, .init = load_kb,
                  .fini = free_kb)
{
    check_case(c);
}

static entity_case agreement_cases[] = {
    {"Bush wants to move beyond the 1972 Anti-Ballistic Missile Treaty.", D2021,
     "agreement:abm-treaty", "Anti-Ballistic Missile Treaty@35", NULL},
    {"Talks on the Comprehensive Agreement on Investment stalled.", D2021, "agreement:cai",
     "Comprehensive Agreement on Investment@13", NULL},
    {"Under the AUKUS partnership they build submarines.", D2021, "agreement:aukus", "AUKUS@10",
     NULL},
    /* not in the KB: the generic pattern */
    {"Both signed the Caspian Sea Fisheries Accord on Monday.", D2021,
     "agreement:caspian-sea-fisheries-accord", "Caspian Sea Fisheries Accord@16", NULL},
    {"They revived the Treaty of Zanzibar Ports last year.", D2021,
     "agreement:treaty-of-zanzibar-ports", "Treaty of Zanzibar Ports@17", NULL},
    {"It joined the North Atlantic Treaty Organization.", D2021, "agreement:north-atlantic-treaty",
     "", NULL},
    {"Treaty talks resumed.", D2021, "agreement:treaty", "", NULL},
};

ParameterizedTestParameters(agreements, named)
{
    return CASES(agreement_cases);
}

ParameterizedTest(entity_case *c, agreements, named, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case place_cases[] = {
    {"Modi will travel to Samarkand, Uzbekistan, on Thursday.", D2021, "place:samarkand",
     "Samarkand@20", NULL},
    {"The summit in the eastern German city of Leipzig was postponed.", D2021, "place:leipzig",
     "Leipzig@41", NULL},
    {"They met at Chevening on Saturday.", D2021, "place:chevening", "Chevening@12", NULL},
    {"Leaders gathered in Gothenburg, Sweden.", D2021, "place:gothenburg", "Gothenburg@20", NULL},
};

ParameterizedTestParameters(places, curated)
{
    return CASES(place_cases);
}

ParameterizedTest(entity_case *c, places, curated, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case compound_name_cases[] = {
    {"Luiz Inacio Lula da Silva arrived. Lula spoke.", "2023-08-22T10:00:00Z",
     "person:luiz-inacio-lula-da-silva", "Luiz Inacio Lula da Silva@0 Lula@35", NULL},
    {"Recep Tayyip Erdogan arrived. Erdogan spoke.", D2021, "person:recep-tayyip-erdogan",
     "Recep Tayyip Erdogan@0 Erdogan@30", NULL},
    {"Cyril Ramaphosa will host. Ramaphosa said.", D2021, "person:cyril-ramaphosa",
     "Cyril Ramaphosa@0 Ramaphosa@27", NULL},
    {"Nguyen Xuan Phuc met him.", D2021, "person:nguyen-xuan-phuc", "Nguyen Xuan Phuc@0", NULL},
};

ParameterizedTestParameters(kb_coverage, compound_names)
{
    return CASES(compound_name_cases);
}

ParameterizedTest(entity_case *c, kb_coverage, compound_names, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

ParameterizedTestParameters(unknown_persons, found_by_title)
{
    return CASES(unknown_cases);
}

ParameterizedTest(entity_case *c, unknown_persons, found_by_title, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case metonymy_cases[] = {
    {"Tokyo said it would respond.", D2016, "country:JP", "Tokyo@0", NULL},
    {"Washington has pressed Beijing to act.", D2016, "country:CN", "Beijing@23", NULL},
    {"Washington has pressed Beijing to act.", D2016, "country:US", "Washington@0", NULL},
    {"They held talks in Tokyo on Monday.", D2016, "place:tokyo", "Tokyo@19", NULL},
    {"They held talks in Tokyo on Monday.", D2016, "country:JP", "", NULL},
    {"He stopped in Tokyo and Seoul before Beijing.", D2016, "place:beijing", "Beijing@37", NULL},
    {"Trump will fly to Seoul for a summit.", D2019, "place:seoul", "Seoul@18", NULL},
    {"A day after Beijing and Pyongyang disclosed the trip.", D2019, "country:KP", "Pyongyang@24",
     NULL},
    {"Seoul's Unification Ministry read it.", D2019, "country:KR", "Seoul@0", NULL},
    /* "to" is movement only after a motion word; otherwise it addresses the government */
    {"It would send a strong message to Moscow.", D2021, "country:RU", "Moscow@34", NULL},
    {"It would send a strong message to Moscow.", D2021, "place:moscow", "", NULL},
    {"Paris recalled its ambassadors to Washington and Canberra.", D2021, "country:AU",
     "Canberra@49", NULL},
    {"He went on to Seoul the next day.", D2019, "place:seoul", "Seoul@14", NULL},
    {"Biden departs Washington later Thursday.", D2021, "place:washington", "Washington@14", NULL},
    {"They met outside the Slovenian capital, Ljubljana, on Saturday.", D2021, "place:ljubljana",
     "Ljubljana@40", NULL},
};

ParameterizedTestParameters(metonymy, capitals)
{
    return CASES(metonymy_cases);
}

ParameterizedTest(entity_case *c, metonymy, capitals, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case coref_cases[] = {
    {"Shinzo Abe arrived. Abe said hello.", D2016, "person:shinzo-abe", "Shinzo Abe@0 Abe@20",
     NULL},
    {"Abe said he would go.", D2016, "person:shinzo-abe", "Abe@0", "Prime Minister of Japan"},
    {"Moon said he would go.", D2019, "person:moon-jae-in", "", NULL},
    {"Moon Jae-in spoke. Moon said more.", D2019, "person:moon-jae-in", "Moon Jae-in@0 Moon@19",
     NULL},
    {"North Korea fired a missile. The North said it was a test.", D2019, "country:KP",
     "North Korea@0 North@33", NULL},
    {"The North said it was a test.", D2019, "country:KP", "", NULL},
    {"Ships sailed the North Atlantic near North Korea.", D2019, "country:KP", "North Korea@37",
     NULL},
    {"Kim Jong Un smiled. Kim left.", D2019, "person:kim-jong-un", "Kim Jong Un@0 Kim@20", NULL},
    {"Trump met Abe at Trump Tower on Friday.", D2016, "person:donald-trump", "Trump@0", NULL},
};

ParameterizedTestParameters(coreference, short_forms)
{
    return CASES(coref_cases);
}

ParameterizedTest(entity_case *c, coreference, short_forms, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case role_cases[] = {
    {"Yoshihide Suga spoke.", D2016, "person:yoshihide-suga", "Yoshihide Suga@0",
     "Chief Cabinet Secretary of Japan"},
    {"Yoshihide Suga spoke.", D2021, "person:yoshihide-suga", "Yoshihide Suga@0",
     "Prime Minister of Japan"},
    {"Shinzo Abe spoke.", "2007-03-01T00:00:00Z", "person:shinzo-abe", "Shinzo Abe@0",
     "Prime Minister of Japan"},
    {"Shinzo Abe spoke.", "2010-03-01T00:00:00Z", "person:shinzo-abe", "Shinzo Abe@0", NULL},
    {"Donald Trump spoke.", D2016, "person:donald-trump", "Donald Trump@0",
     "President-elect of the United States"},
    {"Donald Trump spoke.", D2019, "person:donald-trump", "Donald Trump@0",
     "President of the United States"},
    /* the time's own offset counts: 08:00+09:00 on Jan. 20 is Jan. 19 in UTC (offset 0) */
    {"Donald Trump spoke.", "2017-01-20T08:00:00+09:00", "person:donald-trump", "Donald Trump@0",
     "President-elect of the United States"},
};

ParameterizedTestParameters(dated_roles, on_story_date)
{
    return CASES(role_cases);
}

ParameterizedTest(entity_case *c, dated_roles, on_story_date, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

/* Curated coverage: ASEAN and G20 foreign ministers, and heads of government
   of the Factbook's April 2017 - November 2020 gap, with the office on the date. */
static entity_case coverage_cases[] = {
    {"Retno Marsudi spoke.", D2019, "person:retno-marsudi", "Retno Marsudi@0",
     "Minister of Foreign Affairs of Indonesia"},
    {"Vivian Balakrishnan spoke.", D2019, "person:vivian-balakrishnan", "Vivian Balakrishnan@0",
     "Minister for Foreign Affairs of Singapore"},
    {"Teodoro Locsin Jr. spoke.", D2019, "person:teodoro-locsin", "Teodoro Locsin Jr.@0",
     "Secretary of Foreign Affairs of the Philippines"},
    {"Phạm Bình Minh spoke.", D2019, "person:pham-binh-minh", "Phạm Bình Minh@0",
     "Minister of Foreign Affairs of Vietnam"},
    {"Mevlut Cavusoglu spoke.", D2019, "person:mevlut-cavusoglu", "Mevlut Cavusoglu@0",
     "Minister of Foreign Affairs of Turkey"},
    {"Marcelo Ebrard spoke. Ebrard left.", D2019, "person:marcelo-ebrard",
     "Marcelo Ebrard@0 Ebrard@22", "Secretary of Foreign Affairs of Mexico"},
    {"Chrystia Freeland spoke.", D2019, "person:chrystia-freeland", "Chrystia Freeland@0",
     "Minister of Foreign Affairs of Canada"},
    {"Mahathir Mohamad spoke.", D2019, "person:mahathir-mohamad", "Mahathir Mohamad@0",
     "Prime Minister of Malaysia"},
    {"Mahathir Mohamad spoke.", "2016-01-01T00:00:00Z", "person:mahathir-mohamad",
     "Mahathir Mohamad@0", NULL},
    {"Edouard Philippe spoke.", D2019, "person:edouard-philippe", "Edouard Philippe@0",
     "Prime Minister of France"},
    {"Aung San Suu Kyi spoke. Suu Kyi left.", D2019, "person:aung-san-suu-kyi",
     "Aung San Suu Kyi@0 Suu Kyi@24", "State Counsellor of Myanmar"},
    {"Cyril Ramaphosa spoke.", D2019, "person:cyril-ramaphosa", "Cyril Ramaphosa@0",
     "President of South Africa"},
    {"Thongloun Sisoulith spoke.", D2019, "person:thongloun-sisoulith", "Thongloun Sisoulith@0",
     "Prime Minister of Laos"},
    {"Don spoke.", D2019, "person:don-pramudwinai", "", NULL},
};

ParameterizedTestParameters(kb_coverage, curated_offices)
{
    return CASES(coverage_cases);
}

ParameterizedTest(entity_case *c, kb_coverage, curated_offices, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case demonym_cases[] = {
    {"Japanese officials said so.", D2016, "country:JP", "Japanese@0", NULL},
    {"More than 2,400 Americans died.", D2016, "country:US", "Americans@16", NULL},
    {"South Korean President Moon Jae-in spoke.", D2019, "country:KR", "South Korean@0", NULL},
    {"South Korean President Moon Jae-in spoke.", D2019, "country:KP", "", NULL},
    {"A Korean delegation arrived.", D2019, "country:KR", "", NULL},
    {"Latin American leaders met.", D2019, "country:US", "", NULL},
    {"Ships patrol the East and South China seas.", D2019, "country:CN", "", NULL},
    {"The summit, hosted by Uzbek President Shavkat Mirziyoyev, opened.", D2021, "country:UZ",
     "Uzbek@22", NULL},
    {"Kazakh and Kyrgyz officials met Tajik envoys.", D2021, "country:TJ", "Tajik@32", NULL},
    {"Kazakh and Kyrgyz officials met Tajik envoys.", D2021, "country:KG", "Kyrgyz@11", NULL},
    {"Emirati and Saudi ministers met.", D2021, "country:SA", "Saudi@12", NULL},
    {"Thai and Filipino diplomats met.", D2021, "country:PH", "Filipino@9", NULL},
};

ParameterizedTestParameters(demonyms, countries)
{
    return CASES(demonym_cases);
}

ParameterizedTest(entity_case *c, demonyms, countries, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

static entity_case possessive_cases[] = {
    {"Donald Trump’s victory surprised Trump’s team.", D2016, "person:donald-trump",
     "Donald Trump@0 Trump@35", NULL},
    {"China's Foreign Ministry said it.", D2016, "country:CN", "China@0", NULL},
    {"The Koreas’ leaders and Japan’s envoy met.", D2016, "country:JP", "Japan@26", NULL},
    {"A Japan-U.S. alliance is vital.", D2016, "country:US", "U.S.@8", NULL},
};

ParameterizedTestParameters(possessives, apostrophes)
{
    return CASES(possessive_cases);
}

ParameterizedTest(entity_case *c, possessives, apostrophes, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

Test(entities, stable_ids_across_stories, .init = load_kb, .fini = free_kb)
{
    entity_case a = {"Japan and China talked.", D2016, "country:JP", "Japan@0", NULL};
    entity_case b = {"Officials in China and Japan talked.", D2019, "country:JP", "Japan@23", NULL};
    check_case(&a);
    check_case(&b);
}

Test(entities, empty_text_has_no_entities, .init = load_kb, .fini = free_kb)
{
    char err[256];
    telex_entity *entities = NULL;
    size_t n = 99;
    telex_story story = {.text = (char *)"", .published = (char *)D2016};
    cr_assert_eq(tag_entities_find(kb, &story, &entities, &n, err, sizeof err), 0);
    cr_expect_eq(n, 0);
    free(entities);
}

#define D2023 "2023-06-01T00:00:00Z"

/* Honorifics are not part of the name; "former" titles are not the office held now. */
static entity_case honorific_cases[] = {
    {"Prime Minister Datuk Seri Anwar Ibrahim flew home. Anwar spoke later.", D2023,
     "person:anwar-ibrahim", "Anwar Ibrahim@26 Anwar@51", "Prime Minister of Malaysia"},
    {"Tan Sri Azlan Kamaruddin chaired the panel. Kamaruddin said little.", D2023,
     "person:azlan-kamaruddin", "Azlan Kamaruddin@8 Kamaruddin@44", NULL},
    {"Tan Sri Azlan Kamaruddin chaired the panel.", D2023, "person:tony-tan", "", NULL},
    {"Sir Geoffrey Hallworth led the delegation.", D2023, "person:geoffrey-hallworth",
     "Geoffrey Hallworth@4", NULL},
    {"Dame Jacinda Ardern gave a lecture.", D2023, "person:jacinda-ardern", "Jacinda Ardern@5",
     NULL},
    {"Dato' Sri Hamzah Yusof arrived on Monday.", D2023, "person:hamzah-yusof", "Hamzah Yusof@10",
     NULL},
    {"Crown Prince Mohammed bin Salman hosted the talks.", D2023, "person:mohammed-bin-salman",
     "Mohammed bin Salman@13", "Crown Prince of Saudi Arabia"},
    {"Former British Prime Minister Tony Blair spoke at the forum.", D2023, "person:tony-blair",
     "Tony Blair@30", "(null)"},
    {"Former Finance Minister Olu Adeyemi Bakare criticised the plan.", D2023,
     "person:olu-adeyemi-bakare", "Olu Adeyemi Bakare@24", "(null)"},
    {"Finance Minister Olu Adeyemi Bakare criticised the plan.", D2023, "person:olu-adeyemi-bakare",
     "Olu Adeyemi Bakare@17", "Finance Minister"},
};

ParameterizedTestParameters(honorifics, names_and_roles)
{
    return CASES(honorific_cases);
}

ParameterizedTest(entity_case *c, honorifics, names_and_roles, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

/* Long names, nicknames and titles the round-3 KB lacked. */
static entity_case long_name_cases[] = {
    {"Egypt's leader Abdel Fattah al-Sisi arrived. Sisi smiled.", D2023,
     "person:abdel-fattah-al-sisi", "Abdel Fattah al-Sisi@15 Sisi@45", NULL},
    {"Moussa Faki Mahamat, the AU Commission chief, spoke. Faki left.", D2023,
     "person:moussa-faki-mahamat", "Moussa Faki Mahamat@0 Faki@53",
     "Chairperson of the African Union Commission"},
    {"Jokowi opened the new capital.", D2023, "person:joko-widodo", "Jokowi@0",
     "President of Indonesia"},
    {"Press secretary Karine Jean-Pierre took questions.", D2023, "person:karine-jean-pierre",
     "Karine Jean-Pierre@16", "White House Press Secretary"},
    {"Vice Foreign Minister Lena Okafor arrived. Okafor spoke.", D2023, "person:lena-okafor",
     "Lena Okafor@22 Okafor@43", "Vice Foreign Minister"},
    {"Deputy Foreign Minister Pavel Rudenko met them.", D2023, "person:pavel-rudenko",
     "Pavel Rudenko@24", "Deputy Foreign Minister"},
    {"Chief of Staff Maren Holt joined the call.", D2023, "person:maren-holt", "Maren Holt@15",
     "Chief of Staff"},
    /* an apposition after the name: "X, <country>'s <title>," */
    {"Haruto Ishikawa, Japan's deputy minister for trade, said so. Ishikawa left.", D2023,
     "person:haruto-ishikawa", "Haruto Ishikawa@0 Ishikawa@61", "Deputy Minister of Japan"},
    {"Dara Bello, Nigeria's special envoy, said it.", D2023, "person:dara-bello", "Dara Bello@0",
     "Special Envoy of Nigeria"},
};

ParameterizedTestParameters(kb_coverage, long_names_and_titles)
{
    return CASES(long_name_cases);
}

ParameterizedTest(entity_case *c, kb_coverage, long_names_and_titles, .init = load_kb,
                  .fini = free_kb)
{
    check_case(c);
}

/* Organizations: the longer name wins over a country inside it. */
static entity_case organization_cases[] = {
    {"ECOWAS leaders met in Abuja.", D2023, "organization:ecowas", "ECOWAS@0", NULL},
    {"CELAC and the OIC issued statements.", D2023, "organization:oic", "OIC@14", NULL},
    {"Hezbollah and Hamas fired rockets.", D2023, "organization:hamas", "Hamas@14", NULL},
    {"OPEC+ agreed to cut output.", D2023, "organization:opec-plus", "OPEC+@0", NULL},
    {"The Non-Aligned Movement met in Kampala.", D2023, "organization:non-aligned-movement",
     "Non-Aligned Movement@4", NULL},
    {"The Shanghai Co-operation Organisation expanded.", D2023, "organization:sco",
     "Shanghai Co-operation Organisation@4", NULL},
    {"The Democratic Party of Japan lost seats.", D2023, "organization:democratic-party-of-japan",
     "Democratic Party of Japan@4", NULL},
    {"The Democratic Party of Japan lost seats.", D2023, "country:JP", "", NULL},
    {"The Forum on China-Africa Cooperation opens today.", D2023, "country:CN", "", NULL},
    {"She spoke at the U.S. Naval Academy.", D2023, "country:US", "", NULL},
    {"The AU Commission chair spoke.", D2023, "organization:african-union", "", NULL},
    {"The Arctic Council paused its work.", D2023, "organization:arctic-council",
     "Arctic Council@4", NULL},
    {"A U.S.-led coalition formed.", D2023, "country:US", "U.S.@2", NULL},
    {"An Italy-Africa summit opened.", D2023, "country:IT", "Italy@3", NULL},
};

ParameterizedTestParameters(organizations, curated)
{
    return CASES(organization_cases);
}

ParameterizedTest(entity_case *c, organizations, curated, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

/* Places: more cities, and capitals used as places by their context. */
static entity_case place_more_cases[] = {
    {"The ministers met in Agra on Friday.", D2023, "place:agra", "Agra@21", NULL},
    {"Cadets paraded in Annapolis.", D2023, "place:annapolis", "Annapolis@18", NULL},
    {"Talks moved to Mombasa and then Kisumu.", D2023, "place:kisumu", "Kisumu@32", NULL},
    {"The Lisbon gathering ended early.", D2023, "place:lisbon", "Lisbon@4", NULL},
    {"The Lisbon gathering ended early.", D2023, "country:PT", "", NULL},
    {"Delegates praised the Nairobi summit.", D2023, "place:nairobi", "Nairobi@22", NULL},
    {"Ottawa said the summit would go ahead.", D2023, "country:CA", "Ottawa@0", NULL},
    {"The envoy will leave for Hanoi on Sunday.", D2023, "place:hanoi", "Hanoi@25", NULL},
    {"The plane was bound for Lima.", D2023, "place:lima", "Lima@24", NULL},
    {"They argued over the status of Jerusalem.", D2023, "place:jerusalem", "Jerusalem@31", NULL},
    {"Shelling hit the outskirts of Kyiv.", D2023, "place:kyiv", "Kyiv@30", NULL},
    {"It sent a note to Kyiv.", D2023, "country:UA", "Kyiv@18", NULL},
};

ParameterizedTestParameters(places, more_cities_and_context)
{
    return CASES(place_more_cases);
}

ParameterizedTest(entity_case *c, places, more_cities_and_context, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

/* Region words hide the country names inside them. */
static entity_case region_cases[] = {
    {"South American leaders met.", D2023, "country:US", "", NULL},
    {"Central American migrants waited.", D2023, "country:US", "", NULL},
    {"North American trade rose.", D2023, "country:US", "", NULL},
    {"Exports to North America grew.", D2023, "country:US", "", NULL},
    {"American and British troops trained.", D2023, "country:GB", "British@13", NULL},
    {"Two Britons were freed.", D2023, "country:GB", "Britons@4", NULL},
};

ParameterizedTestParameters(demonyms, regions)
{
    return CASES(region_cases);
}

ParameterizedTest(entity_case *c, demonyms, regions, .init = load_kb, .fini = free_kb)
{
    check_case(c);
}

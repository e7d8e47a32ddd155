/*
 * The event tagger's table: each trigger kind and status, participants from
 * names and pronouns, locations, dates (ranges included), summit series, and
 * the merging of one event told twice. Each case tags the dates of a short
 * text, builds its entities by hand from a spec, runs tag_events_find() and
 * checks that one event, written as
 *   "type|participant,participant|location|start|end|status"
 * (participants sorted), is among those found, and how many were found.
 *
 * Entity spec: "id=Name|Alias=Role;..." (the type is the id's prefix, the
 * role is optional; for a place or an organization the third field is its
 * country, and a country's code is its id's suffix); every occurrence of a
 * name or alias in the text is a mention. Parameters hold only char arrays, so Criterion copies
 * them whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "dates.h"
#include "events.h"

#define ABE   "person:shinzo-abe=Shinzo Abe|Abe=Prime Minister of Japan"
#define TRUMP "person:donald-trump=Donald Trump|Trump=President of the United States"
#define OBAMA "person:barack-obama=Barack Obama|Obama=President of the United States"
#define XI    "person:xi-jinping=Xi Jinping|Xi=President of China"
#define KIM   "person:kim-jong-un=Kim Jong Un|Kim=Supreme Leader of North Korea"
#define TILLERSON                                                                                  \
    "person:rex-tillerson=Rex Tillerson|Tillerson=Secretary of State of the United States"
#define WANG   "person:wang-yi=Wang Yi|Wang=Minister of Foreign Affairs of China"
#define MERKEL "person:angela-merkel=Angela Merkel|Merkel=Chancellor of Germany"
#define MACRON "person:emmanuel-macron=Emmanuel Macron|Macron=President of France"
#define PUTIN  "person:vladimir-putin=Vladimir Putin|Putin=President of Russia"
#define HARRIS "person:kamala-harris=Kamala Harris|Harris=Vice President of the United States"
#define BIDEN  "person:joe-biden=Joe Biden|Biden=President of the United States"
#define MAAS   "person:heiko-maas=Heiko Maas|Maas=Minister of Foreign Affairs of Germany"
#define G7     "organization:g7=G7"
#define DRAGHI "person:mario-draghi=Mario Draghi|Draghi=Prime Minister of Italy"
#define NATO   "organization:nato=NATO"
#define ASEAN  "organization:asean=ASEAN"

typedef struct event_case {
    char published[32];
    char text[300];
    char entities[400];
    char expect[160]; /* "" expects no event at all */
    int count;        /* events expected in all */
} event_case;

static event_case cases[] = {
    /* triggers and statuses */
    {"2016-12-05T09:40:00Z", "Abe will meet Obama in Hawaii on Dec. 27.",
     ABE ";" OBAMA ";place:hawaii=Hawaii",
     "summit|person:barack-obama,person:shinzo-abe|Hawaii|2016-12-27|2016-12-27|planned", 1},
    {"2017-03-30T08:15:00Z", "Tillerson met Wang in Beijing on March 19.",
     TILLERSON ";" WANG ";place:beijing=Beijing",
     "meeting|person:rex-tillerson,person:wang-yi|Beijing|2017-03-19|2017-03-19|held", 1},
    {"2016-11-10T03:00:00Z", "Trump and Abe held a teleconference on Thursday.", ABE ";" TRUMP,
     "call|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|held", 1},
    {"2016-11-10T03:00:00Z", "Abe and Trump spoke by phone on Thursday.", ABE ";" TRUMP,
     "call|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|held", 1},
    {"2017-03-30T08:15:00Z", "Xi will pay a state visit to Finland from April 4 to 6.",
     XI ";country:FI=Finland", "visit|person:xi-jinping|Finland|2017-04-04|2017-04-06|planned", 1},
    {"2018-03-29T08:22:00Z", "Kim made a trip to China on Sunday.", KIM ";country:CN=China",
     "visit|person:kim-jong-un|China|2018-03-25|2018-03-25|held", 1},
    {"2017-03-30T08:15:00Z", "Trump hosted Abe at Mar-a-Lago on Feb. 10.",
     ABE ";" TRUMP ";place:mar-a-lago=Mar-a-Lago",
     "summit|person:donald-trump,person:shinzo-abe|Mar-a-Lago|2017-02-10|2017-02-10|held", 1},
    {"2016-11-10T03:00:00Z", "Abe proposed to Trump that the two leaders meet in Lima on Nov. 19.",
     ABE ";" TRUMP ";place:lima=Lima",
     "summit|person:donald-trump,person:shinzo-abe|Lima|2016-11-19|2016-11-19|proposed", 1},
    {"2018-05-24T08:00:00Z", "Trump cancelled his summit with Kim in Singapore on June 12.",
     TRUMP ";" KIM ";country:SG=Singapore",
     "summit|person:donald-trump,person:kim-jong-un|Singapore|2018-06-12|2018-06-12|cancelled", 1},
    {"2018-05-24T08:00:00Z", "Trump and Kim postponed their summit on June 12.", TRUMP ";" KIM,
     "summit|person:donald-trump,person:kim-jong-un||2018-06-12|2018-06-12|postponed", 1},
    /* summit series: the organization is the participant */
    {"2016-11-10T03:00:00Z", "Abe plans to stop in Lima for the APEC summit on Nov. 19 and 20.",
     ABE ";organization:apec=APEC;place:lima=Lima",
     "summit|organization:apec,person:shinzo-abe|Lima|2016-11-19|2016-11-20|planned", 1},
    {"2019-06-25T06:30:00Z",
     "Xi and Trump will hold talks on Saturday at the G20 summit in Osaka. Xi will attend the "
     "June 28-29 summit hosted by Abe.",
     XI ";" TRUMP ";" ABE ";organization:g20=G20;place:osaka=Osaka",
     "summit|organization:g20|Osaka|2019-06-28|2019-06-29|planned", 2},
    /* pronouns and plural references */
    {"2016-12-05T09:40:00Z",
     "Abe spoke to reporters. It will be his last meeting with Obama on Dec. 27.", ABE ";" OBAMA,
     "summit|person:barack-obama,person:shinzo-abe||2016-12-27|2016-12-27|planned", 1},
    {"2019-06-25T06:30:00Z",
     "Xi praised Trump. The two presidents will have dinner in Osaka on Saturday.",
     XI ";" TRUMP ";place:osaka=Osaka",
     "summit|person:donald-trump,person:xi-jinping|Osaka|2019-06-29|2019-06-29|planned", 1},
    /* one event told twice is one event; "the visit" carries its dates */
    {"2016-11-10T03:00:00Z",
     "Abe will meet Trump in New York on Nov. 17. Abe hopes to meet Trump as soon as possible.",
     ABE ";" TRUMP ";place:new-york=New York",
     "summit|person:donald-trump,person:shinzo-abe|New York|2016-11-17|2016-11-17|planned", 1},
    {"2018-03-29T08:22:00Z",
     "Kim made a surprise trip to China and held talks with Xi. The visit lasted from Sunday to "
     "Wednesday.",
     KIM ";" XI ";country:CN=China",
     "visit|person:kim-jong-un,person:xi-jinping|China|2018-03-25|2018-03-28|held", 1},
    /* no event: negated, undated, or no participant */
    /* more trigger phrases */
    {"2016-11-10T03:00:00Z", "Abe will sit down with Trump on Thursday.", ABE ";" TRUMP,
     "summit|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|planned", 1},
    {"2016-11-10T03:00:00Z", "Abe welcomed Trump to Tokyo on Monday.",
     ABE ";" TRUMP ";place:tokyo=Tokyo",
     "summit|person:donald-trump,person:shinzo-abe|Tokyo|2016-11-07|2016-11-07|held", 1},
    {"2016-11-10T03:00:00Z", "Abe received U.S. President Donald Trump in Tokyo on Monday.",
     ABE ";" TRUMP ";country:US=U.S.;place:tokyo=Tokyo",
     "summit|person:donald-trump,person:shinzo-abe|Tokyo|2016-11-07|2016-11-07|held", 1},
    {"2016-11-10T03:00:00Z", "Abe received Japan's support on Monday.", ABE ";country:JP=Japan", "",
     0},
    {"2016-11-10T03:00:00Z", "Abe sat next to Trump on Monday.", ABE ";" TRUMP, "", 0},
    {"2016-11-10T03:00:00Z", "Abe and Trump will hold talks on Thursday.", ABE ";" TRUMP,
     "summit|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|planned", 1},
    {"2016-11-10T03:00:00Z", "Abe and Trump held a video call on Thursday.", ABE ";" TRUMP,
     "call|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|held", 1},
    {"2016-11-10T03:00:00Z", "Abe spoke by telephone with Trump on Thursday.", ABE ";" TRUMP,
     "call|person:donald-trump,person:shinzo-abe||2016-11-10|2016-11-10|held", 1},
    {"2016-11-10T03:00:00Z", "Abe will make a state visit to Russia this spring.",
     ABE ";country:RU=Russia", "visit|person:shinzo-abe|Russia|2016-SP|2016-SP|planned", 1},
    {"2016-11-10T03:00:00Z", "Abe postponed the summit with Putin on Monday.",
     ABE ";person:vladimir-putin=Vladimir Putin|Putin=President of Russia",
     "summit|person:shinzo-abe,person:vladimir-putin||2016-11-07|2016-11-07|postponed", 1},
    {"2016-11-10T03:00:00Z", "Abe did not meet with Trump on Nov. 17.", ABE ";" TRUMP, "", 0},
    {"2016-11-10T03:00:00Z", "Abe hopes to meet Trump soon.", ABE ";" TRUMP, "", 0},
    {"2016-11-10T03:00:00Z", "The two countries will hold talks on Nov. 17.", "", "", 0},
    /* sources quoted about an event are not its participants */
    {"2021-06-01T09:00:00Z",
     "Merkel will meet Macron on Friday, government spokesman Hans Keller said.",
     MERKEL ";" MACRON ";person:hans-keller=Hans Keller=Spokesperson",
     "summit|person:angela-merkel,person:emmanuel-macron||2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z",
     "Merkel will host Macron on Friday, according to deputy spokeswoman Ulla Brandt.",
     MERKEL ";" MACRON ";person:ulla-brandt=Ulla Brandt=Spokesperson",
     "summit|person:angela-merkel,person:emmanuel-macron||2021-06-04|2021-06-04|planned", 1},
    /* "he" opening a sentence is the previous sentence's subject */
    {"2021-06-01T09:00:00Z",
     "Macron landed in Berlin after a stop in Madrid with Putin. He will meet Merkel on Friday.",
     MERKEL ";" MACRON ";" PUTIN,
     "summit|person:angela-merkel,person:emmanuel-macron||2021-06-04|2021-06-04|planned", 1},
    /* a clause with its own subject is another event */
    {"2021-06-01T09:00:00Z",
     "Merkel will meet Putin on Friday, the first summit since Putin met Macron in Paris in May.",
     MERKEL ";" MACRON ";" PUTIN ";place:paris=Paris",
     "summit|person:emmanuel-macron,person:vladimir-putin|Paris|2021-05|2021-05|held", 2},
    /* one person alone is no meeting; a negation reaches over a few words */
    {"2021-06-01T09:00:00Z", "Merkel will host talks on climate policy on Friday.", MERKEL, "", 0},
    {"2021-06-01T09:00:00Z",
     "Merkel and Putin are not expected to hold a formal meeting on Friday.", MERKEL ";" PUTIN, "",
     0},
    /* "since" starts a period, not the event's date; "phone or video calls" */
    {"2021-06-01T09:00:00Z",
     "Merkel and Putin have held four phone or video calls since March 2020, most recently in "
     "April.",
     MERKEL ";" PUTIN, "call|person:angela-merkel,person:vladimir-putin||2021-04|2021-04|held", 1},
    /* summits of a series told by name, forum, a hyphenated partner or a bare summit */
    {"2021-06-01T09:00:00Z", "Merkel will attend the East Asia Summit in Jakarta on Friday.",
     MERKEL ";organization:eas=East Asia Summit;place:jakarta=Jakarta",
     "summit|organization:eas,person:angela-merkel|Jakarta|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "Macron will be in Lima on Friday for the APEC forum.",
     MACRON ";organization:apec=APEC;place:lima=Lima",
     "summit|organization:apec,person:emmanuel-macron|Lima|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "Merkel will attend the EU-China summit on Friday.",
     MERKEL ";organization:eu=EU",
     "summit|organization:eu,person:angela-merkel||2021-06-04|2021-06-04|planned", 1},
    {"2022-06-26T09:00:00Z",
     "Leaders of the NATO alliance gather in Madrid on Tuesday for a two-day summit.",
     "organization:nato=NATO;place:madrid=Madrid",
     "summit|organization:nato|Madrid|2022-06-28|2022-06-29|planned", 1},
    {"2022-06-26T09:00:00Z", "The Pacific Islands Forum will meet in Suva on Tuesday.",
     "organization:pif=Pacific Islands Forum;place:suva=Suva",
     "summit|organization:pif|Suva|2022-06-28|2022-06-28|planned", 1},
    /* a group of leaders takes part, and with a head it is a summit */
    {"2021-06-01T09:00:00Z", "Xi will hold a meeting with EU leaders in Brussels on Friday.",
     XI ";organization:eu=EU;place:brussels=Brussels",
     "summit|organization:eu,person:xi-jinping|Brussels|2021-06-04|2021-06-04|planned", 1},
    /* a participle clause ("destroyed by") keeps its date to itself */
    {"2021-06-01T09:00:00Z",
     "In May, Obama was the first president to visit Hiroshima, the city destroyed by a bomb in "
     "August 1945.",
     OBAMA ";place:hiroshima=Hiroshima", "", 0},
    /* "spoke ... with" is a call once the story has told one; one person's calls
       (or talks said to be separate) with several others are one event each */
    {"2021-06-02T09:00:00Z",
     "Merkel spoke by phone with Putin on Monday. Merkel also spoke on Tuesday with Macron and Xi.",
     MERKEL ";" PUTIN ";" MACRON ";" XI,
     "call|person:angela-merkel,person:emmanuel-macron||2021-06-01|2021-06-01|held", 3},
    {"2021-06-02T09:00:00Z", "Merkel spoke on Tuesday with Macron about trade.", MERKEL ";" MACRON,
     "", 0},
    {"2021-06-01T09:00:00Z", "Putin will meet Merkel and Macron separately on Friday.",
     MERKEL ";" MACRON ";" PUTIN,
     "summit|person:emmanuel-macron,person:vladimir-putin||2021-06-04|2021-06-04|planned", 2},
    /* an undated call in a dated report has the report's day */
    {"2021-06-02T09:00:00Z", "Macron said Tuesday he had spoken by phone with Xi.", MACRON ";" XI,
     "call|person:emmanuel-macron,person:xi-jinping||2021-06-01|2021-06-01|held", 1},
    /* a fate told of an event with no sides named passes to the next sentence's */
    {"2021-06-01T09:00:00Z",
     "Germany has cancelled a meeting between its foreign minister and his Chinese counterpart. "
     "Maas had been due to hold talks with Wang in Berlin on Friday.",
     MAAS ";" WANG ";place:berlin=Berlin;country:DE=Germany",
     "meeting|person:heiko-maas,person:wang-yi|Berlin|2021-06-04|2021-06-04|cancelled", 1},
    {"2021-06-01T09:00:00Z",
     "The two sides postponed a round of talks. Maas had been due to meet Wang in Rome on June 4.",
     MAAS ";" WANG ";place:rome=Rome",
     "meeting|person:heiko-maas,person:wang-yi|Rome|2021-06-04|2021-06-04|postponed", 1},
    /* the trip to an event dates it; an arrival after talks dates the talks */
    {"2021-06-01T09:00:00Z", "Macron will fly to Berlin on Thursday for talks with Merkel.",
     MERKEL ";" MACRON ";place:berlin=Berlin",
     "summit|person:angela-merkel,person:emmanuel-macron|Berlin|2021-06-03|2021-06-03|planned", 2},
    {"2021-06-01T09:00:00Z", "Xi arrived in Berlin on Sunday after talks in Paris with Macron.",
     XI ";" MACRON ";place:berlin=Berlin;place:paris=Paris",
     "summit|person:emmanuel-macron,person:xi-jinping|Paris|2021-05-30|2021-05-30|held", 1},
    /* more visit words: arrived in, landed in, flew on to, a tour of */
    {"2021-06-01T09:00:00Z", "Xi arrived in Germany on Monday.", XI ";country:DE=Germany",
     "visit|person:xi-jinping|Germany|2021-05-31|2021-05-31|held", 1},
    {"2021-06-01T09:00:00Z", "Biden landed in Norway on May 30.", BIDEN ";country:NO=Norway",
     "visit|person:joe-biden|Norway|2021-05-30|2021-05-30|held", 1},
    {"2021-06-01T09:00:00Z", "Xi visited Italy on May 24 and flew on to France on May 26.",
     XI ";country:IT=Italy;country:FR=France",
     "visit|person:xi-jinping|France|2021-05-26|2021-05-26|held", 2},
    {"2021-06-01T09:00:00Z", "Xi will begin a three-day tour of Italy on Monday.",
     XI ";country:IT=Italy", "visit|person:xi-jinping|Italy|2021-06-07|2021-06-09|planned", 1},
    {"2021-06-01T09:00:00Z", "Before arriving in Italy, Xi will visit Greece on Friday.",
     XI ";country:IT=Italy;country:GR=Greece",
     "visit|person:xi-jinping|Greece|2021-06-04|2021-06-04|planned", 1},
    /* a relative clause set off by commas does not cut the date from its event;
       "took place" is the event's own verb */
    {"2021-06-01T09:00:00Z",
     "Merkel will attend the G7 summit, which brings together seven economies, on Friday.",
     MERKEL ";" G7, "summit|organization:g7,person:angela-merkel||2021-06-04|2021-06-04|planned",
     1},
    {"2021-06-01T09:00:00Z",
     "The last G7 summit held in person took place in Biarritz in August 2019.",
     G7 ";place:biarritz=Biarritz", "summit|organization:g7|Biarritz|2019-08|2019-08|held", 1},
    /* a summit of the series in another year is another summit */
    {"2021-06-01T09:00:00Z",
     "Merkel will attend the G7 summit in Cornwall on Friday. The last G7 summit took place in "
     "Biarritz in August 2019.",
     MERKEL ";" G7 ";place:cornwall=Cornwall;place:biarritz=Biarritz",
     "summit|organization:g7|Biarritz|2019-08|2019-08|held", 2},
    /* a week's summit takes the range the next sentence gives inside that week */
    {"2021-06-01T09:00:00Z",
     "Merkel will attend the G7 summit in Cornwall next week. The host will welcome the leaders "
     "of the group from June 11-13.",
     MERKEL ";" G7 ";place:cornwall=Cornwall",
     "summit|organization:g7,person:angela-merkel|Cornwall|2021-06-11|2021-06-13|planned", 1},
    {"2021-06-01T09:00:00Z",
     "Merkel will attend the G7 summit in Cornwall next week. The leaders met from May 11-13.",
     MERKEL ";" G7 ";place:cornwall=Cornwall",
     "summit|organization:g7,person:angela-merkel|Cornwall|2021-W23|2021-W23|planned", 1},
    /* a weekend is its Saturday and Sunday, shared by two summits joined by "and" */
    {"2021-06-08T09:00:00Z",
     "Merkel will attend the G7 summit and the NATO summit over the weekend.",
     MERKEL ";" G7 ";organization:nato=NATO",
     "summit|organization:g7,person:angela-merkel||2021-06-12|2021-06-13|planned", 2},
    /* whom a participant stands in for takes no part */
    {"2021-06-01T09:00:00Z",
     "Harris will attend the G7 summit in Cornwall on Friday in place of President Joe Biden.",
     HARRIS ";" BIDEN ";" G7 ";place:cornwall=Cornwall",
     "summit|organization:g7,person:kamala-harris|Cornwall|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "In May, Harris represented Biden at the G7 summit in Cornwall.",
     HARRIS ";" BIDEN ";" G7 ";place:cornwall=Cornwall",
     "summit|organization:g7,person:kamala-harris|Cornwall|2021-05|2021-05|held", 1},
    /* a country gives way to a place of it named in the sentence; a seat of
       government as a venue is its country */
    {"2021-06-01T09:00:00Z",
     "Merkel will travel to Hangzhou, China, where she will meet Xi on Friday.",
     MERKEL ";" XI ";place:hangzhou=Hangzhou=CN;country:CN=China",
     "summit|person:angela-merkel,person:xi-jinping|Hangzhou|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "Putin met Xi in the Kremlin on Monday, Russian media said.",
     PUTIN ";" XI ";organization:kremlin=Kremlin=RU;country:RU=Russia|Russian",
     "summit|person:vladimir-putin,person:xi-jinping|Russia|2021-05-31|2021-05-31|held", 1},
    /* a meeting announced on one day is dated by its own date */
    {"2021-06-01T09:00:00Z",
     "Merkel will meet Macron in Paris on Friday. Merkel announced the meeting on Tuesday.",
     MERKEL ";" MACRON ";place:paris=Paris",
     "summit|person:angela-merkel,person:emmanuel-macron|Paris|2021-06-04|2021-06-04|planned", 1},
    /* a meeting or summit held by video is a call; a series summit stays a summit */
    {"2021-06-01T09:00:00Z", "Merkel and Macron held a virtual summit on Monday.",
     MERKEL ";" MACRON,
     "call|person:angela-merkel,person:emmanuel-macron||2021-05-31|2021-05-31|held", 1},
    {"2021-06-01T09:00:00Z", "Biden will hold talks with Putin by video link on Friday.",
     BIDEN ";" PUTIN, "call|person:joe-biden,person:vladimir-putin||2021-06-04|2021-06-04|planned",
     1},
    {"2021-06-01T09:00:00Z", "Merkel held an online meeting with Biden on Monday.",
     MERKEL ";" BIDEN, "call|person:angela-merkel,person:joe-biden||2021-05-31|2021-05-31|held", 1},
    {"2021-06-01T09:00:00Z", "On Monday Xi met Putin over a video link.", XI ";" PUTIN,
     "call|person:vladimir-putin,person:xi-jinping||2021-05-31|2021-05-31|held", 1},
    {"2021-06-01T09:00:00Z", "Merkel attended the virtual G7 summit on Monday.", MERKEL ";" G7,
     "summit|organization:g7,person:angela-merkel||2021-05-31|2021-05-31|held", 1},
    /* a call told by the noun and its date is a call of its own */
    {"2021-06-01T09:00:00Z",
     "Biden spoke by phone with Putin on Monday. Their call on May 3 had been tense.",
     BIDEN ";" PUTIN, "call|person:joe-biden,person:vladimir-putin||2021-05-03|2021-05-03|held", 2},
    {"2021-06-01T09:00:00Z",
     "Xi and Putin held a phone call on Monday. The two leaders last spoke by phone in April.",
     XI ";" PUTIN, "call|person:vladimir-putin,person:xi-jinping||2021-04|2021-04|held", 2},
    {"2021-06-01T09:00:00Z", "Biden and Putin backed a call for calm on Monday.", BIDEN ";" PUTIN,
     "", 0},
    /* a summit told with its host stands with the host alone */
    {"2021-06-01T09:00:00Z", "Merkel hosts a Germany-Africa summit in Berlin on Friday.",
     MERKEL ";place:berlin=Berlin",
     "summit|person:angela-merkel|Berlin|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "A Libya summit Macron hosted in Paris on Monday ended early.",
     MACRON ";place:paris=Paris", "summit|person:emmanuel-macron|Paris|2021-05-31|2021-05-31|held",
     1},
    {"2021-06-01T09:00:00Z", "Merkel will host talks on Friday.", MERKEL, "", 0},
    /* "between X and Y" names the sides; a place before the noun is where */
    {"2021-06-01T09:00:00Z", "Merkel recalled the 2019 summit between Trump and Kim.",
     MERKEL ";" TRUMP ";" KIM, "summit|person:donald-trump,person:kim-jong-un||2019|2019|held", 1},
    {"2021-06-01T09:00:00Z",
     "Biden has criticized the Helsinki talks between Putin and Trump in 2018.",
     BIDEN ";" PUTIN ";" TRUMP ";place:helsinki=Helsinki",
     "summit|person:donald-trump,person:vladimir-putin|Helsinki|2018|2018|held", 1},
    {"2021-06-01T09:00:00Z", "Trump left the Hanoi summit with Kim on Feb. 28, 2019.",
     TRUMP ";" KIM ";place:hanoi=Hanoi",
     "summit|person:donald-trump,person:kim-jong-un|Hanoi|2019-02-28|2019-02-28|held", 1},
    {"2021-06-01T09:00:00Z", "Putin met Xi for the Ankara-Beijing talks on Monday.",
     PUTIN ";" XI ";place:ankara=Ankara;place:beijing=Beijing",
     "summit|person:vladimir-putin,person:xi-jinping||2021-05-31|2021-05-31|held", 1},
    /* "the ASEAN Summit": a series named before a capitalized Summit */
    {"2021-06-01T09:00:00Z", "Biden will attend the ASEAN Summit in Jakarta on Friday.",
     BIDEN ";" ASEAN ";place:jakarta=Jakarta",
     "summit|organization:asean,person:joe-biden|Jakarta|2021-06-04|2021-06-04|planned", 1},
    {"2021-06-01T09:00:00Z", "On Monday the NATO Summit opened in Brussels.",
     MERKEL ";" NATO ";place:brussels=Brussels",
     "summit|organization:nato|Brussels|2021-05-31|2021-05-31|held", 1},
    /* a trip to meet someone: the meeting takes the trip's date, place and tense */
    {"2021-06-01T09:00:00Z", "Merkel flew to Paris on Monday to meet Macron.",
     MERKEL ";" MACRON ";place:paris=Paris",
     "summit|person:angela-merkel,person:emmanuel-macron|Paris|2021-05-31|2021-05-31|held", 2},
    {"2021-06-01T09:00:00Z", "Biden will travel to Geneva on June 16 to hold talks with Putin.",
     BIDEN ";" PUTIN ";place:geneva=Geneva",
     "summit|person:joe-biden,person:vladimir-putin|Geneva|2021-06-16|2021-06-16|planned", 2},
    {"2021-06-01T09:00:00Z",
     "Xi flew to Moscow for talks with Putin on May 20 and went on to Berlin the next day to meet "
     "Merkel.",
     XI ";" PUTIN ";" MERKEL ";place:moscow=Moscow;place:berlin=Berlin",
     "summit|person:angela-merkel,person:xi-jinping|Berlin|2021-05-21|2021-05-21|held", 4},
    {"2021-06-01T09:00:00Z",
     "Merkel will fly to Paris on Friday for talks with Macron and travel on to Rome the following "
     "day to meet Draghi.",
     MERKEL ";" MACRON ";" DRAGHI ";place:paris=Paris;place:rome=Rome",
     "summit|person:angela-merkel,person:emmanuel-macron|Paris|2021-06-04|2021-06-04|planned", 4},
    /* a trip made for a meeting is a visit too: the traveller's, with the host met */
    {"2021-06-01T09:00:00Z", "Macron will visit Rome on Sunday for talks with Draghi.",
     MACRON ";" DRAGHI ";place:rome=Rome",
     "visit|person:emmanuel-macron,person:mario-draghi|Rome|2021-06-06|2021-06-06|planned", 2},
    {"2021-06-01T09:00:00Z", "Macron will visit Rome on Sunday for talks with Draghi.",
     MACRON ";" DRAGHI ";place:rome=Rome",
     "summit|person:emmanuel-macron,person:mario-draghi|Rome|2021-06-06|2021-06-06|planned", 2},
    {"2021-06-01T09:00:00Z", "Xi will fly on to Paris on Monday to meet Macron.",
     XI ";" MACRON ";place:paris=Paris",
     "visit|person:emmanuel-macron,person:xi-jinping|Paris|2021-06-07|2021-06-07|planned", 2},
    {"2021-06-01T09:00:00Z", "Biden arrives in Brussels on Friday for the NATO summit.",
     BIDEN ";" NATO ";place:brussels=Brussels",
     "visit|person:joe-biden|Brussels|2021-06-04|2021-06-04|planned", 2},
    {"2021-06-01T09:00:00Z", "Biden arrives in Brussels on Friday for the NATO summit.",
     BIDEN ";" NATO ";place:brussels=Brussels",
     "summit|organization:nato,person:joe-biden|Brussels|2021-06-04|2021-06-04|planned", 2},
    /* an arrival told beside a meeting, with no purpose, stays the meeting alone */
    {"2021-06-01T09:00:00Z",
     "Biden landed in Brussels on Monday and is expected to meet Merkel on Tuesday.",
     BIDEN ";" MERKEL ";place:brussels=Brussels",
     "summit|person:angela-merkel,person:joe-biden|Brussels|2021-06-01|2021-06-01|planned", 1},
    /* spokespeople and the press are no counterparts */
    {"2021-06-01T09:00:00Z",
     "Xi will meet Putin on Monday, Hua Ning, a Foreign Ministry spokeswoman, said in Beijing.",
     XI ";" PUTIN ";person:hua-ning=Hua Ning=Foreign Ministry Spokesperson of China",
     "summit|person:vladimir-putin,person:xi-jinping||2021-06-07|2021-06-07|planned", 1},
    {"2021-06-01T09:00:00Z",
     "Xi's talks with Putin on Monday were called candid by spokesman Lu Ping.",
     XI ";" PUTIN ";person:lu-ping=Lu Ping",
     "summit|person:vladimir-putin,person:xi-jinping||2021-05-31|2021-05-31|held", 1},
    {"2021-06-01T09:00:00Z", "Merkel and Macron met reporters in Paris on Monday.",
     MERKEL ";" MACRON ";place:paris=Paris", "", 0},
    {"2021-06-01T09:00:00Z", "Biden and Putin will meet the press separately on Wednesday.",
     BIDEN ";" PUTIN, "", 0},
};

static char *dup_range(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    cr_assert_not_null(copy);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

/* Adds a mention at every occurrence of name not inside an earlier mention. */
static void add_mentions(const char *text, const char *name, size_t len, telex_entity *e)
{
    for (const char *at = strstr(text, name); at; at = strstr(at + len, name)) {
        int32_t start = (int32_t)(at - text);
        int taken = 0;
        for (size_t m = 0; m < e->n_mentions; m++)
            taken |= start >= e->mentions[m].span.start && start < e->mentions[m].span.end;
        if (taken)
            continue;
        e->mentions = realloc(e->mentions, (e->n_mentions + 1) * sizeof *e->mentions);
        cr_assert_not_null(e->mentions);
        e->mentions[e->n_mentions++] =
            (telex_mention){{start, start + (int32_t)len}, dup_range(name, len)};
    }
}

/* Builds entities from a spec (see the file comment); returns how many. */
static size_t build_entities(const char *text, const char *spec, telex_entity *out, size_t cap)
{
    size_t n = 0;
    while (*spec && n < cap) {
        size_t len = strcspn(spec, ";");
        char *item = dup_range(spec, len);
        char *names = strchr(item, '='), *role = names ? strchr(names + 1, '=') : NULL;
        cr_assert_not_null(names, "bad spec %s", item);
        *names++ = '\0';
        if (role)
            *role++ = '\0';
        telex_entity *e = &out[n++];
        memset(e, 0, sizeof *e);
        e->id = strdup(item);
        e->type = dup_range(item, strcspn(item, ":"));
        e->name = dup_range(names, strcspn(names, "|"));
        int has_country = strcmp(e->type, "place") == 0 || strcmp(e->type, "organization") == 0;
        e->role = role && !has_country ? strdup(role) : NULL;
        e->country = role && has_country ? strdup(role) : NULL;
        if (strcmp(e->type, "country") == 0)
            e->code = strdup(item + strlen("country:"));
        for (char *name = names; *name;) {
            size_t name_len = strcspn(name, "|");
            add_mentions(text, name, name_len, e);
            name += name_len + (name[name_len] == '|');
        }
        free(item);
        spec += len + (spec[len] == ';');
    }
    return n;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void describe(const telex_event *ev, char *buf, size_t len)
{
    char *sorted[16];
    size_t n = ev->n_participants < 16 ? ev->n_participants : 16;
    memcpy(sorted, ev->participants, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_strings);
    char people[400] = "";
    for (size_t i = 0; i < n; i++) {
        strncat(people, i ? "," : "", sizeof people - strlen(people) - 1);
        strncat(people, sorted[i], sizeof people - strlen(people) - 1);
    }
    snprintf(buf, len, "%s|%s|%s|%s|%s|%s", ev->type, people, ev->location ? ev->location : "",
             ev->start, ev->end, ev->status);
}

ParameterizedTestParameters(events, finds)
{
    return cr_make_param_array(event_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(event_case *c, events, finds)
{
    telex_story story = {.text = c->text, .published = c->published};
    telex_entity entities[10];
    size_t n_entities = build_entities(c->text, c->entities, entities, 10);
    telex_date *dates = NULL;
    telex_event *events = NULL;
    size_t n_dates = 0, n_events = 0;
    char err[256];
    cr_assert_eq(tag_dates_find(&story, &dates, &n_dates, err, sizeof err), 0, "%s", err);
    cr_assert_eq(tag_events_find(&story, entities, n_entities, dates, n_dates, &events, &n_events,
                                 err, sizeof err),
                 0, "%s", err);
    char found[2048] = "";
    int hit = 0;
    for (size_t i = 0; i < n_events; i++) {
        char one[400];
        describe(&events[i], one, sizeof one);
        hit |= strcmp(one, c->expect) == 0;
        strncat(found, "\n  ", sizeof found - strlen(found) - 1);
        strncat(found, one, sizeof found - strlen(found) - 1);
        cr_expect(events[i].evidence.start >= 0 &&
                  events[i].evidence.end <= (int32_t)strlen(c->text) &&
                  events[i].evidence.start < events[i].evidence.end);
    }
    if (c->expect[0])
        cr_expect(hit, "%s: want %s, found:%s", c->text, c->expect, found);
    cr_expect_eq(n_events, (size_t)c->count, "found:%s", found);
    for (size_t i = 0; i < n_events; i++)
        telex_event_clear(&events[i]);
    free(events);
    for (size_t i = 0; i < n_dates; i++)
        telex_date_clear(&dates[i]);
    free(dates);
    for (size_t i = 0; i < n_entities; i++)
        telex_entity_clear(&entities[i]);
}

Test(events, empty_text_has_no_events)
{
    telex_story story = {.text = "", .published = "2016-11-10T03:00:00Z"};
    telex_event *events = NULL;
    size_t n = 7;
    char err[64];
    cr_assert_eq(tag_events_find(&story, NULL, 0, NULL, 0, &events, &n, err, sizeof err), 0);
    cr_expect_eq(n, 0);
    cr_expect_null(events);
}

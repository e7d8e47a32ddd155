/* The tagger's tokenizer: folding, abbreviations, hyphens, possessives, bad bytes. */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tokens.h"

/* A copy of s in Criterion's shared memory, visible to the test's process. */
static char *shared_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cr_malloc(n);
    memcpy(copy, s, n);
    return copy;
}

typedef struct token_case {
    char *text;
    char *folded; /* folded tokens joined by spaces */
} token_case;

static token_case token_cases[] = {
    {"Shinzo Abe", "shinzo abe"},
    {"the U.S. and U.K.", "the u.s. and u.k."},
    {"Donald J. Trump", "donald j. trump"},
    {"Moon Jae-in", "moon jae - in"},
    {"Trump’s team", "trump 's team"},
    {"Trump's team", "trump 's team"},
    {"won’t go", "won't go"},
    {"Niinistö", "niinisto"},
    {"“America”", "\" america \""},
    {"peace — war", "peace _ war"},
    {"the Koreas’ talks", "the koreas ' talks"},
    {"G20 summit", "g20 summit"},
};

ParameterizedTestParameters(tokens, folding)
{
    /* Criterion runs each test in a fresh process: parameters live in its shared memory */
    size_t n = sizeof token_cases / sizeof token_cases[0];
    token_case *shared = cr_malloc(n * sizeof *shared);
    for (size_t i = 0; i < n; i++) {
        shared[i].text = shared_strdup(token_cases[i].text);
        shared[i].folded = shared_strdup(token_cases[i].folded);
    }
    return cr_make_param_array(token_case, shared, n);
}

ParameterizedTest(token_case *c, tokens, folding)
{
    tag_tokens t = {0};
    cr_assert_eq(tag_tokenize(c->text, strlen(c->text), &t), 0);
    char joined[256] = "";
    for (size_t i = 0; i < t.n; i++) {
        strcat(joined, i ? " " : "");
        strcat(joined, tag_token_fold(&t, i));
        cr_expect_leq(t.v[i].end, strlen(c->text));
    }
    cr_expect_str_eq(joined, c->folded, "tokens of \"%s\"", c->text);
    tag_tokens_free(&t);
}

Test(tokens, sentence_starts_and_case)
{
    tag_tokens t = {0};
    const char *text = "Abe spoke. Then Trump said “Yes.” OK";
    cr_assert_eq(tag_tokenize(text, strlen(text), &t), 0);
    cr_expect(t.v[0].sentence_start && t.v[0].capitalized);
    cr_expect(!t.v[1].sentence_start);
    cr_expect(t.v[3].sentence_start, "Then");
    cr_expect(!t.v[4].sentence_start, "Trump");
    cr_expect(t.v[t.n - 1].all_caps, "OK");
    tag_tokens_free(&t);
}

Test(tokens, invalid_utf8_is_punctuation)
{
    tag_tokens t = {0};
    const char text[] = "Abe\xff\xfe Trump\xe2\x80";
    cr_assert_eq(tag_tokenize(text, sizeof text - 1, &t), 0);
    cr_expect_str_eq(tag_token_fold(&t, 0), "abe");
    cr_expect_eq(t.v[1].kind, TAG_TOK_PUNCT);
    tag_tokens_free(&t);
}

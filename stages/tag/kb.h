/*
 * The knowledge base's in-memory form (internal to tag_core).
 *
 * Entities (countries, persons, organizations, agreements, places) sit in
 * one array. Every name, alias, demonym, capital and short form is a
 * gazetteer entry in a token trie: a node per folded token sequence, edges in
 * one open-addressing hash table keyed by (parent node, token), so matching
 * costs one hash probe per token of text, and a bitset over the hashes of
 * first tokens spares the probe for words no name starts with. Person offices
 * are dated terms.
 */
#ifndef TELEX_TAG_KB_H
#define TELEX_TAG_KB_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tag.h"
#include "tokens.h"

#define TAG_NONE UINT32_MAX

typedef enum tag_type {
    TAG_COUNTRY = 0,
    TAG_PERSON,
    TAG_ORGANIZATION,
    TAG_AGREEMENT,
    TAG_PLACE,
    TAG_N_TYPES,
} tag_type;

/* How a gazetteer entry names its entity. */
typedef enum tag_form {
    TAG_FORM_NAME = 0,   /* canonical name or alias */
    TAG_FORM_DEMONYM,    /* "Japanese": the country */
    TAG_FORM_CAPITAL,    /* "Tokyo": the government, or the place (alt) */
    TAG_FORM_SHORT,      /* "Abe": a person's short form */
    TAG_FORM_SHORT_SEEN, /* "Moon": a short form that is also a common word,
                            only after the full name in the same story */
    TAG_FORM_CONTEXT,    /* "the North": only when the story names the country */
    TAG_FORM_BLOCK,      /* a phrase that is no entity ("South China Sea") */
    TAG_FORM_GIVEN,      /* a personal given name ("Florence"): no entity by itself */
} tag_form;

/* One office held from start to end (ISO dates; end "" while in office). */
typedef struct tag_term {
    char *role;
    char *country;
    char start[11];
    char end[11];
} tag_term;

typedef struct tag_kb_entity {
    tag_type type;
    char *id;
    char *name;
    char *code;    /* countries: ISO alpha-2 */
    char *country; /* persons, places, organizations: ISO alpha-2 or NULL */
    tag_term *terms;
    size_t n_terms;
    uint8_t family_first; /* persons: the family name comes first (Xi Jinping) */
} tag_kb_entity;

typedef struct tag_gaz_entry {
    uint32_t entity;       /* index into kb->entities, TAG_NONE for a block */
    uint32_t alt;          /* capitals: the place entity of the city */
    uint32_t next;         /* next entry of the same node, TAG_NONE at the end */
    uint32_t cap_mask;     /* bit k: token k must start with a capital */
    uint32_t allcaps_mask; /* bit k: token k must be all capitals */
    uint8_t form;          /* tag_form */
    uint8_t skip;          /* leading tokens outside the mention ("the" of "the North") */
} tag_gaz_entry;

typedef struct tag_gaz_edge {
    uint32_t parent;
    uint32_t hash;
    uint32_t child;
    uint32_t token; /* offset of the folded token in kb->strings */
} tag_gaz_edge;

/* One word of the entity tagger's word lists, in an open-addressing table by hash. */
typedef struct tag_word_slot {
    const char *word; /* folded; NULL for a free slot */
    uint32_t hash;    /* tag_hash() of word */
    uint32_t lists;   /* bit i: the word is in list i (entities.c) */
} tag_word_slot;

enum {
    TAG_ROOT_FIRST_BITS = 1 << 16, /* bits of the first-token filter */
    TAG_WORD_SLOTS = 1024,         /* a power of two, over twice the listed words */
};

typedef struct tag_title {
    char *title;       /* as written: "Prime Minister" */
    char *role;        /* office name used for unknown persons */
    tag_tokens tokens; /* the title tokenized: "prime" "minister" */
} tag_title;

struct tag_kb {
    tag_kb_entity *entities;
    size_t n_entities;
    size_t cap_entities;
    uint32_t *id_slots; /* entity index by id: open addressing on tag_hash(id), TAG_NONE free */
    size_t n_id_slots;  /* a power of two, at least twice n_entities */

    uint32_t *node_entries; /* per trie node: first entry or TAG_NONE; node 0 is the root */
    size_t n_nodes;
    size_t cap_nodes;
    tag_gaz_entry *entries;
    size_t n_entries;
    size_t cap_entries;
    tag_gaz_edge *edges; /* hash table, n_edge_slots a power of two */
    size_t n_edge_slots;
    size_t n_edges;
    char *strings; /* folded tokens of the edges */
    size_t strings_len;
    size_t strings_cap;
    /* bit (hash % TAG_ROOT_FIRST_BITS): some name starts with a token of that hash, so most words
       of a text need no probe of the edge table */
    uint64_t root_first[TAG_ROOT_FIRST_BITS / 64];
    tag_word_slot word_slots[TAG_WORD_SLOTS]; /* tag_entities_index_words() */

    tag_title *titles;
    size_t n_titles;
    uint64_t title_first[64];  /* bit (hash & 4095): a title starts with a token of that hash */
    pcre2_code *title_re;      /* title + name, anchored at a title, JIT */
    pcre2_code *appositive_re; /* name + ", " + lowercase title, anchored at the name, JIT */
};

/* The child of node along folded token tok (hash h), or TAG_NONE. */
uint32_t tag_gaz_child(const tag_kb *kb, uint32_t node, const char *tok, uint32_t h);

/* Index of the entity with this id, or TAG_NONE. */
uint32_t tag_kb_find(const tag_kb *kb, const char *id);

/* The term of person e in office on date (YYYY-MM-DD), or NULL. */
const tag_term *tag_kb_term_at(const tag_kb_entity *e, const char *date);

/* "person", "country", ... */
const char *tag_type_name(tag_type type);

/* Fills kb->word_slots from the entity tagger's word lists (entities.c). Returns 0, or -1 when
   the table is too small for them. */
int tag_entities_index_words(tag_kb *kb);

/* Compiles the title patterns from kb->titles (titles.c). */
int tag_titles_compile(tag_kb *kb, char *err, size_t errlen);

#endif

/*
 * Telex's records as plain C structs.
 *
 * The pure logic of every stage (normalizing a wire story, tagging it) works on
 * these structs and never sees Kafka or Avro; pipeline/ converts them to and
 * from Avro single-object frames (see telex/records.h). The fields mirror the
 * Avro schemas in schemas/ one to one.
 *
 * Ownership: every pointer inside a struct is heap memory owned by that struct
 * (malloc/strdup), freed by the matching *_clear() function, which leaves the
 * struct zeroed and reusable. Nullable fields are marked; a NULL string means
 * "absent" and becomes Avro null. Strings are UTF-8, NUL-terminated.
 */
#ifndef TELEX_STORY_H
#define TELEX_STORY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A span of UTF-8 bytes in a story's text: [start, end), byte offsets. */
typedef struct telex_span {
    int32_t start;
    int32_t end;
} telex_span;

/* What arrived on the wire, untouched (schema RawStory). */
typedef struct telex_raw_story {
    uint8_t *payload; /* the bytes as received */
    size_t payload_len;
    char *format;       /* text|nitf|newsml|anpa|rss|atom|json */
    char *source;       /* who sent it: feed name, "file", "stdin", "http" */
    char *source_file;  /* nullable: base name of the file it came from */
    char *item_id;      /* nullable: the item's own id (guid, uri) if any */
    char *key;          /* the stable story key used as the Kafka key */
    char *received_at;  /* ISO 8601 UTC, "2016-11-10T03:00:00Z" */
    char *published_at; /* nullable: ISO 8601 given by the sender (may carry an offset) */
} telex_raw_story;

/* A piece of boilerplate taken out of the body, and the rule that took it. */
typedef struct telex_stripped {
    char *text;
    char *rule;
} telex_stripped;

/* The normalized story (schema Story). */
typedef struct telex_story {
    char *id;                   /* stable story id */
    int32_t version;            /* 1 for the first version, higher for updates */
    char *source;               /* as in the RawStory */
    char *source_file;          /* nullable */
    char *format;               /* the RawStory's format */
    char *language;             /* nullable: BCP 47 tag, "en" */
    char *headline;             /* nullable */
    char *byline;               /* nullable */
    char *dateline_place;       /* nullable: "SEOUL", "OSAKA" */
    char *dateline_date;        /* nullable: "2018-03-29" when the dateline gives one */
    char *published;            /* ISO 8601 UTC, "2016-11-10T03:00:00Z" */
    int32_t utc_offset_minutes; /* the sender's offset from UTC; dates resolve in it */
    char *text;                 /* body only, NFC, whitespace normalized */
    telex_span *paragraphs;     /* paragraph spans in text */
    size_t n_paragraphs;
    char *content_hash;       /* hex SHA-256 of text */
    telex_stripped *stripped; /* boilerplate removed from the body */
    size_t n_stripped;
} telex_story;

/* One mention of an entity: text == story.text[span.start, span.end). */
typedef struct telex_mention {
    telex_span span;
    char *text;
} telex_mention;

typedef struct telex_entity {
    char *id;      /* "person:shinzo-abe", "country:JP", "organization:apec" */
    char *type;    /* person|country|organization|place|agreement */
    char *name;    /* canonical name */
    char *role;    /* nullable: person's office on the story's date */
    char *country; /* nullable: person's ISO alpha-2 country */
    char *code;    /* nullable: a country's ISO alpha-2 code */
    telex_mention *mentions;
    size_t n_mentions;
} telex_entity;

typedef struct telex_date {
    char *text;
    telex_span span;
    char *value; /* "2016-11-17", "2016-09", "2016-W45", "P3D", "A/B" */
    char *type;  /* date|duration|set|time */
} telex_date;

typedef struct telex_event {
    char *type;          /* summit|meeting|call|visit */
    char *name;          /* nullable: "APEC summit" */
    char **participants; /* entity ids */
    size_t n_participants;
    char *location;      /* nullable: name of a place or country entity */
    char *start;         /* nullable: ISO value */
    char *end;           /* nullable: ISO value */
    char *status;        /* planned|held|proposed|cancelled|postponed */
    telex_span evidence; /* the sentence(s) the event was read from */
} telex_event;

/* A Story plus what the tagger found (schema EnrichedStory). */
typedef struct telex_enriched_story {
    telex_story story;
    telex_entity *entities;
    size_t n_entities;
    telex_date *dates;
    size_t n_dates;
    telex_event *events;
    size_t n_events;
} telex_enriched_story;

/* A record a stage could not handle (schema DeadLetter). */
typedef struct telex_dead_letter {
    uint8_t *payload; /* the original bytes */
    size_t payload_len;
    char *stage;
    char *error;
    char *topic;
    int32_t partition;
    int64_t offset;
    char *failed_at; /* ISO 8601 UTC */
} telex_dead_letter;

/* Free every member and zero the struct. NULL-safe. */
void telex_raw_story_clear(telex_raw_story *raw);
void telex_story_clear(telex_story *story);
void telex_entity_clear(telex_entity *entity);
void telex_date_clear(telex_date *date);
void telex_event_clear(telex_event *event);
void telex_enriched_story_clear(telex_enriched_story *enriched);
void telex_dead_letter_clear(telex_dead_letter *dead);

#ifdef __cplusplus
}
#endif
#endif

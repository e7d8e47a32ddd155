/*
 * A folder's manifest.tsv: what format each wire file in the folder is and
 * when it was published, for the formats that carry no time of their own
 * (the layout of deploy/samples/manifest.tsv). One line a file:
 *
 *     FILE<TAB>FORMAT<TAB>PUBLISHED
 *
 * FILE is a name in the same folder (no '/'); FORMAT is one of the formats of
 * formats.h, or "auto" or empty to detect it; PUBLISHED is an ISO 8601 time
 * (e.g. 2016-11-10T12:00:00+09:00) and may be empty, as may its tab. Blank
 * lines and lines starting with '#' are skipped; a trailing '\r' is dropped.
 * Any other line that does not fit, and a file listed twice, is an error
 * "PATH:LINE: reason".
 *
 * The manifest is not a story: telex-ingest's directory and --watch sources
 * and telex-replay's raw-file loader never send it. For every other file
 * they ask manifest_resolve(), where the command line wins: --format (other
 * than "auto") and --published, when given, override the manifest's columns.
 */
#ifndef TELEX_INGEST_MANIFEST_H
#define TELEX_INGEST_MANIFEST_H

#include <stddef.h>

#define MANIFEST_FILE_NAME "manifest.tsv"

typedef struct manifest_entry {
    char *name;
    char *format;    /* NULL: detect */
    char *published; /* NULL: none given */
    size_t line;     /* where it was in the file */
} manifest_entry;

typedef struct ingest_manifest ingest_manifest;

/* Loads the manifest at path. Returns 0 with *out (caller frees with manifest_free), or -1
   with "PATH:LINE: reason" (or "PATH: reason" when it cannot be read) in err. */
int manifest_load(const char *path, ingest_manifest **out, char *err, size_t errlen);

/* Loads DIR/manifest.tsv. A folder without one is no error: returns 0 with *out NULL. */
int manifest_load_dir(const char *dir, ingest_manifest **out, char *err, size_t errlen);

void manifest_free(ingest_manifest *m);

/* The entry for a file name, or NULL (also when m is NULL). Points into m. */
const manifest_entry *manifest_find(const ingest_manifest *m, const char *name);

/* How many files the manifest lists (0 when m is NULL). */
size_t manifest_count(const ingest_manifest *m);

/* 1 when a file with this base name is a manifest (and so never a story). */
int manifest_is_manifest_name(const char *name);

/*
 * The format and publication time to ingest file name with: forced_format unless it is NULL
 * or "auto", else the manifest's; forced_published unless NULL, else the manifest's. Either
 * result may be NULL (detect the format; no time given). The results point into m or are the
 * forced values.
 */
void manifest_resolve(const ingest_manifest *m, const char *name, const char *forced_format,
                      const char *forced_published, const char **format, const char **published);

#endif

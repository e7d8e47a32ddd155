/*
 * Splitting what arrives into one wire item per story.
 *
 * A feed holding many items yields one payload per item, each a complete
 * document of its format, so telex-normalize reads every RawStory alone:
 *   - RSS: the <rss> and <channel> elements with every channel child except
 *     the items (title, link, language...), then the one <item>;
 *   - Atom: the <feed> element with its children except the entries, then the
 *     one <entry> (the feed's xml:lang and author stay in scope);
 *   - NewsML-G2: each <newsItem> of a <newsMessage> as its own document;
 *   - JSON: each element of a top-level array, or each line of JSON lines;
 *   - ANPA: each story of a transmission (from SOH, or from a header line when
 *     the control characters are gone).
 * Anything else, and anything that cannot be parsed (normalize then rejects
 * it with the precise reason), is one item: the payload itself.
 */
#ifndef TELEX_INGEST_SPLIT_H
#define TELEX_INGEST_SPLIT_H

#include <stddef.h>

/* Called once per item; the bytes are valid only during the call. Returns 0 to go on,
   -1 to stop (split_items then returns -1). */
typedef int split_item_fn(void *cb_ctx, const void *item, size_t len);

/* Splits bytes of format into items. Returns the number of items, or -1 with a reason in
   err (allocation failure, or a callback that stopped). */
long split_items(const char *format, const void *bytes, size_t len, split_item_fn *fn, void *cb_ctx,
                 char *err, size_t errlen);

#endif

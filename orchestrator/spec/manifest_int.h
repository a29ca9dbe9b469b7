/*
 * manifest_int.h: what manifest.c shares with the loader of its
 * `published:` section (published.c).
 */
#ifndef VERSUS_MANIFEST_INT_H
#define VERSUS_MANIFEST_INT_H

#include "spec/manifest.h"
#include "spec/yaml_doc.h"

/*
 * Load the `published:` node n (NULL: none) into m->published, after the
 * sizes and implementations it refers to are loaded. Every problem goes
 * to doc's errors with its line and column.
 */
void published_load(struct ydoc *doc, const struct ynode *n,
		    struct manifest *m);
/* Free p's contents and zero it; accepts an empty one. */
void published_release(struct manifest_published *p);

#endif

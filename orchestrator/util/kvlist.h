/*
 * kvlist.h: an ordered string-to-string map, for parameters and
 * environments (a handful of entries: lookups are linear).
 */
#ifndef VERSUS_KVLIST_H
#define VERSUS_KVLIST_H

#include <stddef.h>

struct kvlist {
	char **keys;
	char **values;
	size_t nr, alloc;
};

#define KVLIST_INIT                                                            \
	{                                                                      \
		NULL, NULL, 0, 0                                               \
	}

void kvlist_init(struct kvlist *kv);
/* Set key to a copy of value, replacing an existing entry in place. */
void kvlist_set(struct kvlist *kv, const char *key, const char *value);
/* Borrowed value, or NULL. */
const char *kvlist_get(const struct kvlist *kv, const char *key);
/* dst (initialised) gets every entry of src, overriding equal keys. */
void kvlist_merge(struct kvlist *dst, const struct kvlist *src);
/* Free every entry; accepts NULL. */
void kvlist_release(struct kvlist *kv);

#endif

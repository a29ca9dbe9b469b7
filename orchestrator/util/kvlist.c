#include "util/kvlist.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

void kvlist_init(struct kvlist *kv)
{
	kv->keys = NULL;
	kv->values = NULL;
	kv->nr = kv->alloc = 0;
}

void kvlist_set(struct kvlist *kv, const char *key, const char *value)
{
	for (size_t i = 0; i < kv->nr; i++) {
		if (!strcmp(kv->keys[i], key)) {
			free(kv->values[i]);
			kv->values[i] = xstrdup(value);
			return;
		}
	}
	size_t alloc = kv->alloc;
	ALLOC_GROW(kv->keys, kv->nr + 1, alloc);
	alloc = kv->alloc;
	ALLOC_GROW(kv->values, kv->nr + 1, alloc);
	kv->alloc = alloc;
	kv->keys[kv->nr] = xstrdup(key);
	kv->values[kv->nr] = xstrdup(value);
	kv->nr++;
}

const char *kvlist_get(const struct kvlist *kv, const char *key)
{
	for (size_t i = 0; i < kv->nr; i++)
		if (!strcmp(kv->keys[i], key))
			return kv->values[i];
	return NULL;
}

void kvlist_merge(struct kvlist *dst, const struct kvlist *src)
{
	for (size_t i = 0; i < src->nr; i++)
		kvlist_set(dst, src->keys[i], src->values[i]);
}

void kvlist_release(struct kvlist *kv)
{
	if (!kv)
		return;
	for (size_t i = 0; i < kv->nr; i++) {
		free(kv->keys[i]);
		free(kv->values[i]);
	}
	free(kv->keys);
	free(kv->values);
	kvlist_init(kv);
}

#include "shard/partition.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

struct ranked {
	const struct partition_unit *u;
	size_t index;
};

/* Cost descending, then id ascending (bytewise). */
static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->u->cost > y->u->cost)
		return -1;
	if (x->u->cost < y->u->cost)
		return 1;
	return strcmp(x->u->id, y->u->id);
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether two units share an id: sorted by id, twins are neighbours. */
static bool has_duplicate(const struct partition_unit *units, size_t nr)
{
	const char **ids = xcalloc(nr ? nr : 1, sizeof(*ids));
	for (size_t i = 0; i < nr; i++)
		ids[i] = units[i].id;
	qsort(ids, nr, sizeof(*ids), cmp_id);
	bool dup = false;
	for (size_t i = 1; i < nr && !dup; i++)
		dup = !strcmp(ids[i - 1], ids[i]);
	free(ids);
	return dup;
}

int partition_lpt(const struct partition_unit *units, size_t nr, size_t shards,
		  size_t *assign, size_t *order, double *loads)
{
	if (!shards)
		return -EINVAL;
	for (size_t i = 0; i < nr; i++)
		if (!units[i].id || !isfinite(units[i].cost) ||
		    units[i].cost < 0)
			return -EINVAL;
	struct ranked *r = xcalloc(nr ? nr : 1, sizeof(*r));
	for (size_t i = 0; i < nr; i++) {
		r[i].u = &units[i];
		r[i].index = i;
	}
	qsort(r, nr, sizeof(*r), cmp_ranked);
	if (has_duplicate(units, nr)) {
		free(r);
		return -EINVAL;
	}
	double *load = xcalloc(shards, sizeof(*load));
	for (size_t i = 0; i < nr; i++) {
		size_t best = 0;
		for (size_t k = 1; k < shards; k++)
			if (load[k] < load[best])
				best = k;
		load[best] += r[i].u->cost;
		assign[r[i].index] = best;
		if (order)
			order[i] = r[i].index;
	}
	if (loads)
		memcpy(loads, load, shards * sizeof(*load));
	free(load);
	free(r);
	return 0;
}

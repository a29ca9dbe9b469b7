/*
 * partition.h: the longest-processing-time-first (LPT) partition of units
 * of work into shards (docs/distributed.md, "Plans and shards"). Pure: no
 * files, no clock, no randomness; the same units in any order give the
 * same partition.
 *
 * The units are sorted by cost, largest first, ties broken by id
 * (bytewise, strcmp); each in turn goes to the shard with the smallest
 * load so far, ties to the lowest shard index. With fewer units than
 * shards some shards stay empty. LPT's makespan is at most (4/3 - 1/(3N))
 * times the optimum (Graham 1969), and never above the average load plus
 * the largest cost.
 */
#ifndef VERSUS_PARTITION_H
#define VERSUS_PARTITION_H

#include <stddef.h>

/* One unit to place: a stable id (distinct from every other unit's) and
 * its cost (finite, >= 0; seconds in plans). */
struct partition_unit {
	const char *id; /* borrowed */
	double cost;
};

/*
 * Partition units[0..nr) into shards >= 1 shards. On success returns 0,
 * sets assign[i] to the shard of units[i] (assign holds nr entries) and,
 * when order is not NULL, fills order[0..nr) with the unit indices in the
 * order they were placed (cost descending, then id). loads (shards
 * entries, may be NULL) gets each shard's summed cost. Returns -EINVAL
 * (nothing written) when shards is 0, a cost is negative or not finite, an
 * id is NULL, or two units have the same id.
 */
int partition_lpt(const struct partition_unit *units, size_t nr, size_t shards,
		  size_t *assign, size_t *order, double *loads);

#endif

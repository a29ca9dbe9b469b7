/*
 * canary.h: a node's calibration canary (docs/distributed.md). A fixed,
 * CPU-bound computation (a multiply chain and scattered updates of a
 * 256 KiB table: the core, its L1 and L2) timed in versus's own process a
 * few times. Its median is recorded with each shard's results
 * (`shard.canary_ns`), so that among nodes of one hardware fingerprint
 * `versus merge` can point at a slow one: throttled, shared with a noisy
 * neighbour, or set up differently than its fingerprint says.
 */
#ifndef VERSUS_CANARY_H
#define VERSUS_CANARY_H

#include <stdint.h>

/* Steps of one canary round: about 20-40 ms on a current server core. */
#define CANARY_STEPS (1u << 23)
/* Rounds timed; the median is kept. */
#define CANARY_ROUNDS 7

/*
 * The canary's computation over steps steps; returns its checksum, a
 * function of steps alone (equal on every machine: it proves the work was
 * done and not optimised away).
 */
uint64_t canary_work(uint64_t steps);

/*
 * Time CANARY_ROUNDS rounds of canary_work(CANARY_STEPS) after one
 * untimed round; returns the median wall time in ns (CLOCK_MONOTONIC).
 */
double canary_measure(void);

#endif

/*
 * canary.c: the calibration canary (canary.h).
 */
#include "measure/canary.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"

#define TABLE_WORDS (32u << 10) /* 256 KiB of uint64_t */

uint64_t canary_work(uint64_t steps)
{
	uint64_t *table = xcalloc(TABLE_WORDS, sizeof(*table));
	uint64_t x = 0x9e3779b97f4a7c15ULL, sum = 0;
	for (uint64_t i = 0; i < steps; i++) {
		/* a 64-bit LCG (Knuth's MMIX constants): each step waits for
		   the last, so the chain's latency is what is timed */
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t *slot = &table[(x >> 33) % TABLE_WORDS];
		*slot += x ^ (x >> 29);
		sum += *slot;
	}
	free(table);
	return sum ^ x;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Written so that the compiler cannot drop the work. */
static volatile uint64_t canary_sink;

double canary_measure(void)
{
	double t[CANARY_ROUNDS];
	canary_sink ^= canary_work(CANARY_STEPS); /* warm: pages, clocks */
	for (size_t i = 0; i < CANARY_ROUNDS; i++) {
		uint64_t t0 = now_ns();
		canary_sink ^= canary_work(CANARY_STEPS);
		t[i] = (double)(now_ns() - t0);
	}
	qsort(t, CANARY_ROUNDS, sizeof(*t), compare);
	return t[CANARY_ROUNDS / 2];
}

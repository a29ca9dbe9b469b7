/*
 * gen.h: a synthetic history for the tests and the benchmark of `versus
 * history`: n result files made from a template result file, file i
 * measured at revision "rev-<i>" committed i hours after a fixed time,
 * every wall-time figure of every implementation multiplied by
 * factor(i) * (1 + noise), noise Normal with sd noise_sd. With
 * gen_workloads > 1, file i is of workload "<id>-<i % gen_workloads>".
 */
#ifndef VERSUS_TEST_GEN_H
#define VERSUS_TEST_GEN_H

#include <stddef.h>
#include <stdint.h>

extern unsigned gen_workloads;

struct gen_step {
	size_t at;     /* from file at on... */
	double factor; /* ...times this (steps multiply) */
};

/*
 * Write files first..first+n-1 into dir (made if needed) as
 * <workload>-<i>.json. Returns 0, or a negative errno.
 */
int gen_history(const char *template_path, const char *dir, size_t first,
		size_t n, const struct gen_step *steps, size_t steps_nr,
		double noise_sd, uint64_t seed);

#endif

/*
 * warmup_classify.c: the per-execution warmup analysis (analysis/warmup.h)
 * of every series in a result file, for the integration tests of
 * iteration mode (tests/cli/run_iterations.sh). Usage: warmup_classify
 * FILE. Prints one line per execution:
 *   ID ROUND STATUS CLASS STEADY_START STEADY_MEAN_NS WALL_NS SPIKES DRIFT
 * (CLASS "none" and "-" figures when the series could not be analysed;
 * spaces in the class name become '_'). SPIKES is the share of the
 * iterations above 3 times the series' median: interference (a loaded
 * machine preempting the program), which the tests use to tell a
 * disturbed execution from a quiet one. DRIFT tells the other kind of
 * disturbance, a level that moves because other work comes and goes on
 * the machine (caches, memory bandwidth, a shared core): the medians of
 * the three thirds of the series' last three quarters (past any warmup a
 * test expects), their spread (max - min) / min, over the classifier's
 * tolerance. Below 1, the levels are equivalent by the classifier's own
 * rule and a flat program must be classified flat. Exits 0, or 2 when
 * the file cannot be read.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/warmup.h"
#include "record/record.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double spike_share(const uint64_t *v, size_t n)
{
	if (!n)
		return NAN;
	uint64_t *s = malloc(n * sizeof(*s));
	if (!s)
		abort();
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	double median = (double)s[n / 2];
	free(s);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (double)v[i] > 3 * median;
	return (double)k / (double)n;
}

static double median_of(const uint64_t *v, size_t n)
{
	uint64_t *s = malloc(n * sizeof(*s));
	if (!s)
		abort();
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	double m = (double)s[n / 2];
	free(s);
	return m;
}

static double drift(const uint64_t *v, size_t n, double tolerance)
{
	size_t from = n / 4, part = (n - from) / 3;
	if (part < 3 || !(tolerance > 0))
		return NAN;
	double lo = INFINITY, hi = 0;
	for (size_t k = 0; k < 3; k++) {
		double m = median_of(v + from + k * part, part);
		lo = m < lo ? m : lo;
		hi = m > hi ? m : hi;
	}
	return lo > 0 ? (hi - lo) / lo / tolerance : NAN;
}

static double sample_wall(const struct result_impl *im, long round)
{
	for (size_t i = 0; i < im->samples_nr; i++)
		if (im->samples[i].round == round)
			return im->samples[i].wall_ns;
	return NAN;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: warmup_classify FILE\n");
		return 2;
	}
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	if (result_file_load(argv[1], &rf, &err)) {
		fprintf(stderr, "warmup_classify: %s\n", err.message);
		return 2;
	}
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		const struct result_iterations *it = &im->iterations;
		if (!it->present)
			continue;
		struct warmup_config cfg;
		warmup_config_init(&cfg);
		if (it->mode && !strcmp(it->mode, "compat"))
			cfg.mode = WARMUP_MODE_COMPAT;
		if (!isnan(it->penalty))
			cfg.penalty_factor = it->penalty;
		if (!isnan(it->tolerance))
			cfg.tolerance = it->tolerance;
		for (size_t k = 0; k < it->execs_nr; k++) {
			const struct result_iter_exec *ex = &it->execs[k];
			struct warmup_exec we;
			memset(&we, 0, sizeof(we));
			double wall = sample_wall(im, ex->round);
			double spikes = spike_share(ex->iter_ns, ex->n);
			double dr = drift(ex->iter_ns, ex->n, cfg.tolerance);
			if (warmup_exec_analyse(ex->iter_ns, ex->n,
						ex->start_ns, &cfg, &we)) {
				printf("%s %ld %s none - - %.0f %.3f %.3f\n",
				       im->id, ex->round, ex->status, wall,
				       spikes, dr);
				continue;
			}
			char cls[32];
			snprintf(cls, sizeof(cls), "%s",
				 warmup_class_name(we.cls));
			for (char *p = cls; *p; p++)
				if (*p == ' ')
					*p = '_';
			printf("%s %ld %s %s %zu %.0f %.0f %.3f %.3f\n", im->id,
			       ex->round, ex->status, cls, we.steady_start,
			       we.steady_mean_ns, wall, spikes, dr);
			warmup_exec_release(&we);
		}
	}
	result_file_free(rf);
	return 0;
}

/*
 * sweep.h: the analysis of a scaling sweep (results/README.md, `sweep`):
 * per implementation, its figures at each point and the fit time(n) =
 * a + b n over every OK timed run of every point, with bootstrap CIs of
 * a, b and b / b_baseline. The fit is warmup_fit_linear's and
 * warmup_fit_ratio's (warmup.h, the fallback of issue 13 without
 * instrumentation): one engine for both uses. Pure functions of records.
 */
#ifndef VERSUS_SWEEP_H
#define VERSUS_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/stats.h"
#include "analysis/warmup.h"
#include "record/record.h"

/*
 * Runs left out of the fit: farther from their point's median than
 * SWEEP_FENCE_MADS x 1.4826 x MAD, and than SWEEP_FENCE_MIN x median.
 */
#define SWEEP_FENCE_MADS 5.0
#define SWEEP_FENCE_MIN	 0.05

/* Bootstrap resamples of the fit. */
#define SWEEP_FIT_RESAMPLES 2000

/* The value of point k as a number (NAN when it is not one). */
double sweep_point_x(const struct result_file *rf, size_t k);

/* The implementation id at point k, or NULL when absent. Borrowed. */
const struct result_impl *sweep_point_impl(const struct result_file *rf,
					   size_t k, const char *id);

/* One implementation's fit of time = a + b n. */
struct sweep_fit {
	int have_fit;	       /* fit is valid (3+ points with OK runs) */
	struct warmup_fit fit; /* a, b in ns and ns per unit of n */
	int have_ratio;	       /* slope_ratio is valid */
	struct stats_ratio slope_ratio; /* b / b of the baseline */
	size_t points_ok;		/* points where it is OK */
	size_t excluded; /* its runs left out of the fit (the fence) */
};

/*
 * Fit the wall times of implementation id over the points of rf where it
 * is OK (x: the point's value, y: each OK sample's wall_ns, but those
 * beyond the fence above); and its b
 * over the baseline's (rf->baseline) on the same kind of data. Seeded
 * (deterministic). Returns 0 (out filled; have_* say what could be
 * fitted: fewer than three points with OK runs give none), or -EINVAL
 * when rf is not a sweep.
 */
int sweep_fit_impl(const struct result_file *rf, const char *id, uint64_t seed,
		   struct sweep_fit *out);

#endif

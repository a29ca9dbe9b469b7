#include "analysis/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/parse.h"
#include "util/banned.h"

double sweep_point_x(const struct result_file *rf, size_t k)
{
	double x;
	if (k >= rf->points_nr || !rf->points[k].value ||
	    parse_double(rf->points[k].value, &x) < 0)
		return NAN;
	return x;
}

const struct result_impl *sweep_point_impl(const struct result_file *rf,
					   size_t k, const char *id)
{
	if (k >= rf->points_nr || !id)
		return NULL;
	const struct result_point *p = &rf->points[k];
	for (size_t i = 0; i < p->impls_nr; i++)
		if (!strcmp(p->impls[i].id, id))
			return &p->impls[i];
	return NULL;
}

/*
 * The (x, wall_ns) pairs of id's OK samples at the points where it is OK
 * into new arrays (caller frees both); returns how many, *points the
 * points that gave some. A sample farther from its point's median than
 * SWEEP_FENCE_MADS robust sds (and SWEEP_FENCE_MIN of the median) is
 * left out and counted in *excluded: least squares follows one run
 * slowed by a loaded machine far more than the median does.
 */
static size_t collect(const struct result_file *rf, const char *id, double **xs,
		      double **ys, size_t *points, size_t *excluded)
{
	size_t nr = 0, alloc = 0;
	*xs = *ys = NULL;
	*points = 0;
	*excluded = 0;
	for (size_t k = 0; k < rf->points_nr; k++) {
		const struct result_impl *im = sweep_point_impl(rf, k, id);
		double x = sweep_point_x(rf, k), *v = NULL;
		if (!im || !result_impl_ok(im) || !isfinite(x))
			continue;
		size_t n = result_impl_values(im, RESULT_WALL, &v);
		if (n)
			(*points)++;
		double med = n ? stats_median(v, n) : 0, *dev = NULL;
		double fence = 0;
		if (n) {
			dev = xmalloc(n * sizeof(*dev));
			for (size_t i = 0; i < n; i++)
				dev[i] = fabs(v[i] - med);
			fence = SWEEP_FENCE_MADS * 1.4826 *
				stats_median(dev, n);
			if (fence < SWEEP_FENCE_MIN * med)
				fence = SWEEP_FENCE_MIN * med;
		}
		for (size_t i = 0; i < n; i++) {
			if (dev[i] > fence) {
				(*excluded)++;
				continue;
			}
			if (nr == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				*xs = xrealloc(*xs, alloc * sizeof(**xs));
				*ys = xrealloc(*ys, alloc * sizeof(**ys));
			}
			(*xs)[nr] = x;
			(*ys)[nr++] = v[i];
		}
		free(dev);
		free(v);
	}
	return nr;
}

int sweep_fit_impl(const struct result_file *rf, const char *id, uint64_t seed,
		   struct sweep_fit *out)
{
	memset(out, 0, sizeof(*out));
	out->slope_ratio = (struct stats_ratio){
		.value = NAN, .ci_low = NAN, .ci_high = NAN};
	if (!rf->sweep_param)
		return -EINVAL;
	double *x, *y, *bx, *by;
	size_t n = collect(rf, id, &x, &y, &out->points_ok, &out->excluded);
	out->have_fit = n && warmup_fit_linear(x, y, n, SWEEP_FIT_RESAMPLES,
					       seed, &out->fit) == 0;
	size_t bpoints, bexcluded;
	size_t bn = collect(rf, rf->baseline, &bx, &by, &bpoints, &bexcluded);
	if (out->have_fit && bn) {
		if (!strcmp(id, rf->baseline)) {
			out->slope_ratio = (struct stats_ratio){1, 1, 1};
			out->have_ratio = 1;
		} else {
			out->have_ratio =
				warmup_fit_ratio(x, y, n, bx, by, bn,
						 SWEEP_FIT_RESAMPLES, seed + 1,
						 &out->slope_ratio) == 0;
		}
	}
	free(x);
	free(y);
	free(bx);
	free(by);
	return 0;
}

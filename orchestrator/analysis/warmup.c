/*
 * warmup.c: classification and figures of iteration series (warmup.h).
 * docs/warmup.md gives the methods, the defaults and the rules with their
 * reasons; the comments here say only how.
 *
 * One analysis allocates a handful of arrays of n values and reuses them:
 * the outlier fences use selection (not sorting) in a window of at most
 * cfg->window values, and PELT runs on at most cfg->block_above units.
 */
#include "analysis/warmup.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pelt.h"
#include "util/alloc.h"
#include "util/banned.h"

void warmup_config_init(struct warmup_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = WARMUP_MODE_VERSUS;
	cfg->penalty_factor = 15.0;
	cfg->min_seglen = 2;
	cfg->window = 200;
	cfg->fence_k = 3.0;
	cfg->outlier_run = 3;
	cfg->block_above = 2000;
	cfg->tolerance = 0.02;
	cfg->abs_delta_ns = 1e6;
	cfg->steady_share = 0.25;
	cfg->excursion_share = 0.05;
	cfg->resamples = STATS_BOOTSTRAP_RESAMPLES;
}

const char *warmup_class_name(enum warmup_class c)
{
	static const char *const names[] = {"flat", "warmup", "slowdown",
					    "no steady state"};
	return (unsigned)c < WARMUP_NCLASSES ? names[c] : "?";
}

const char *warmup_consistency_name(enum warmup_consistency c)
{
	static const char *const names[] = {"consistent", "good inconsistent",
					    "bad inconsistent"};
	return (unsigned)c <= WARMUP_BAD_INCONSISTENT ? names[c] : "?";
}

/* Median, 5% and 95% of x[0..n) (reordered) into q; NAN when n is 0. */
static void spread3(double *x, size_t n, double q[3])
{
	if (n == 0) {
		q[0] = q[1] = q[2] = NAN;
		return;
	}
	stats_sort(x, n);
	q[0] = stats_quantile_sorted(x, n, 0.5);
	q[1] = stats_quantile_sorted(x, n, 0.05);
	q[2] = stats_quantile_sorted(x, n, 0.95);
}

/* ---- per execution ---- */

double warmup_detect_limit(size_t m, double pen)
{
	if (m < 4 || !(pen > 0))
		return NAN;
	return 2.0 * sqrt(expm1(pen / (double)m));
}

void warmup_exec_release(struct warmup_exec *e)
{
	if (!e)
		return;
	free(e->flags);
	free(e->segments);
	free(e->steady_values);
	e->flags = NULL;
	e->segments = NULL;
	e->steady_values = NULL;
	e->nsegments = e->nsteady_values = 0;
}

static int config_ok(const struct warmup_config *c)
{
	return c->mode <= WARMUP_MODE_COMPAT && c->penalty_factor > 0 &&
	       c->min_seglen >= 2 && c->window >= 10 && c->fence_k > 0 &&
	       c->outlier_run >= 1 && c->block_above >= 100 &&
	       c->tolerance >= 0 && c->abs_delta_ns >= 0 &&
	       c->steady_share >= 0 && c->steady_share < 1 &&
	       c->excursion_share >= 0 && c->excursion_share < 1 &&
	       c->resamples >= 1;
}

/*
 * A window of the series kept sorted as it slides forward: both ends only
 * move up, so each step removes the values that left at the front and
 * inserts those that came in at the back (binary search and memmove).
 */
struct sorted_window {
	const double *x;
	double *win; /* sorted x[lo..hi) */
	size_t lo, hi;
};

static size_t lower_bound(const double *a, size_t n, double v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void window_move(struct sorted_window *w, size_t lo, size_t hi)
{
	if (lo >= w->hi) { /* no overlap: start again */
		memcpy(w->win, w->x + lo, (hi - lo) * sizeof(*w->win));
		stats_sort(w->win, hi - lo);
		w->lo = lo;
		w->hi = hi;
		return;
	}
	for (; w->lo < lo; w->lo++) {
		size_t m = w->hi - w->lo;
		size_t at = lower_bound(w->win, m, w->x[w->lo]);
		memmove(w->win + at, w->win + at + 1,
			(m - at - 1) * sizeof(*w->win));
	}
	for (; w->hi < hi; w->hi++) {
		size_t m = w->hi - w->lo;
		size_t at = lower_bound(w->win, m, w->x[w->hi]);
		memmove(w->win + at + 1, w->win + at,
			(m - at) * sizeof(*w->win));
		w->win[at] = w->x[w->hi];
	}
}

/*
 * Mark WARMUP_OUT_OF_FENCE and WARMUP_OUTLIER. Versus: one fence per
 * FENCE_STEP iterations, from the window of cfg->window values around
 * them, shifted to stay whole at the ends (and clear of the warmup, see
 * mark_outliers); a fence at least the tolerance wide; runs at the start
 * and runs of outlier_run or more stay in.
 * Compat: a fence per iteration from warmup_stats' clamped window;
 * iterations whose window is cut short at the start are never outliers.
 */
#define FENCE_STEP 10
/* At most this many steady values kept for the bootstrap. */
#define BOOT_VALUES 500

/*
 * Set WARMUP_OUT_OF_FENCE on x[0..n); windows leave out x[0..skip) (the
 * warmup found so far) when enough of the series remains.
 */
static void mark_fences(const double *x, size_t n,
			const struct warmup_config *cfg, uint8_t *flags,
			double *scratch, size_t skip)
{
	size_t w = cfg->window, half = w / 2;
	int compat = cfg->mode == WARMUP_MODE_COMPAT;
	size_t step = compat ? 1 : FENCE_STEP;
	struct sorted_window sw = {.x = x, .win = scratch};

	for (size_t i = 0; i < n; i++)
		flags[i] &= (uint8_t)~WARMUP_OUT_OF_FENCE;
	for (size_t i0 = 0; i0 < n; i0 += step) {
		size_t i1 = i0 + step < n ? i0 + step : n;
		size_t mid = i0 + (i1 - i0) / 2, lo, hi;
		if (compat) {
			lo = i0 > half ? i0 - half : 0;
			hi = i0 + half < n ? i0 + half : n;
			if (lo == 0 && hi < w)
				continue;
		} else {
			lo = mid > half ? mid - half : 0;
			if (lo + w > n)
				lo = n > w ? n - w : 0;
			if (lo < skip)
				lo = skip;
			hi = lo + w < n ? lo + w : n;
		}
		window_move(&sw, lo, hi);
		size_t m = hi - lo;
		double p90 = stats_quantile_sorted(sw.win, m, 0.9);
		double med = stats_quantile_sorted(sw.win, m, 0.5);
		double p10 = stats_quantile_sorted(sw.win, m, 0.1);
		double band = cfg->fence_k * (p90 - p10);
		if (!compat && band < cfg->tolerance * med)
			band = cfg->tolerance * med;
		for (size_t i = i0; i < i1; i++)
			if (x[i] > med + band || x[i] < med - band)
				flags[i] |= WARMUP_OUT_OF_FENCE;
	}
}

static size_t leading_run(const uint8_t *flags, size_t n)
{
	size_t k = 0;
	while (k < n && (flags[k] & WARMUP_OUT_OF_FENCE))
		k++;
	return k;
}

/*
 * In versus mode a warmup at the start would widen the fences of the
 * first window (20 slow iterations are the top 10% of 200), hiding the
 * spikes near it; so the fences are computed again with windows that
 * leave out the leading out-of-fence run, until that run stops growing
 * (at most three times, and only while half the series remains).
 */
static void mark_outliers(const double *x, size_t n,
			  const struct warmup_config *cfg, uint8_t *flags,
			  double *scratch)
{
	int compat = cfg->mode == WARMUP_MODE_COMPAT;
	size_t skip = 0;

	mark_fences(x, n, cfg, flags, scratch, 0);
	for (int pass = 0; !compat && pass < 3; pass++) {
		size_t lead = leading_run(flags, n);
		if (lead <= skip || lead > n / 2)
			break;
		skip = lead;
		mark_fences(x, n, cfg, flags, scratch, skip);
	}
	for (size_t i = 0; i < n;) {
		if (!(flags[i] & WARMUP_OUT_OF_FENCE)) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (flags[j] & WARMUP_OUT_OF_FENCE))
			j++;
		int out = compat || (i > 0 && j - i < cfg->outlier_run);
		for (size_t k = i; out && k < j; k++)
			flags[k] |= WARMUP_OUTLIER;
		i = j;
	}
}

/* The analysed units: values, first iterations, and their count. */
struct units {
	double *val;
	size_t *pos;
	size_t m;
};

static void make_units(const double *x, size_t n, const uint8_t *flags,
		       size_t block, struct units *u)
{
	u->m = 0;
	for (size_t s = 0; s < n; s += block) {
		size_t e = s + block < n ? s + block : n, c = 0;
		double sum = 0;
		for (size_t i = s; i < e; i++)
			if (!(flags[i] & WARMUP_OUTLIER)) {
				sum += x[i];
				c++;
			}
		if (c) {
			u->val[u->m] = sum / (double)c;
			u->pos[u->m++] = s;
		}
	}
}

/* Smallest positive gap between unit values, squared over 12. */
static double quantum_floor(const struct units *u, double *scratch)
{
	memcpy(scratch, u->val, u->m * sizeof(*scratch));
	stats_sort(scratch, u->m);
	double gap = INFINITY;
	for (size_t i = 1; i < u->m; i++) {
		double d = scratch[i] - scratch[i - 1];
		if (d > 0 && d < gap)
			gap = d;
	}
	return isfinite(gap) ? gap * gap / 12.0 : 0;
}

/* scratch holds at least s->end - s->start values */
static void segment_stats(const double *x, const uint8_t *flags,
			  struct warmup_segment *s, double *scratch)
{
	double sum = 0, ss = 0;
	size_t c = 0;

	for (size_t i = s->start; i < s->end; i++)
		if (!(flags[i] & WARMUP_OUTLIER)) {
			sum += x[i];
			scratch[c++] = x[i];
		}
	s->median_ns = c ? stats_quantile_select(scratch, c, 0.5) : NAN;
	s->mean_ns = c ? sum / (double)c : NAN;
	for (size_t i = s->start; i < s->end; i++)
		if (!(flags[i] & WARMUP_OUTLIER))
			ss += (x[i] - s->mean_ns) * (x[i] - s->mean_ns);
	s->var_ns2 = c ? ss / (double)c : NAN;
}

/*
 * warmup_stats' rules: equivalence to the last segment by mean +/- max
 * (variance, delta) in seconds, walked from the end. Returns the class
 * and the first segment of the steady run in *first.
 */
static enum warmup_class classify_compat(const struct warmup_exec *e,
					 const struct warmup_config *cfg,
					 size_t *first)
{
	const struct warmup_segment *seg = e->segments;
	size_t ns = e->nsegments;
	double last = seg[ns - 1].mean_ns * 1e-9;
	double lvar = seg[ns - 1].var_ns2 * 1e-18;
	double delta = cfg->abs_delta_ns * 1e-9;
	double lower = fmin(last - lvar, last - delta);
	double upper = fmax(last + lvar, last + delta);
	double tail = cfg->steady_share * (double)e->n;
	enum warmup_class cls = WARMUP_FLAT;
	int run = 1;

	*first = ns - 1;
	for (size_t k = ns - 1; k-- > 0;) {
		double m = seg[k].mean_ns * 1e-9, v = seg[k].var_ns2 * 1e-18;
		if (m + v >= lower && m - v <= upper) {
			if (run)
				*first = k;
			continue;
		}
		run = 0;
		if ((double)(seg[k].end - 1) > (double)e->n - tail)
			return WARMUP_NO_STEADY;
		if (m - v < lower)
			return WARMUP_SLOWDOWN;
		cls = WARMUP_WARMUP;
	}
	return cls;
}

/*
 * The level of a segment that versus mode compares: its median, except
 * for the first segment, whose mean: interference adds slow iterations to
 * a stretch without moving most of them (its median stays), but a few
 * slow first iterations are warmup however many fast ones follow them in
 * the segment.
 */
static double seg_level(const struct warmup_segment *s)
{
	return s->start == 0 ? s->mean_ns : s->median_ns;
}

/*
 * versus's rules: equivalence by the relative tolerance around the last
 * segment's level (seg_level); short non-equivalent runs between
 * equivalent segments are excursions (marked, then ignored); the steady
 * part must be at least steady_share of the series.
 */
static enum warmup_class classify_versus(struct warmup_exec *e,
					 const struct warmup_config *cfg,
					 size_t *first)
{
	struct warmup_segment *seg = e->segments;
	size_t ns = e->nsegments;
	double level = seg_level(&seg[ns - 1]);
	double delta = cfg->tolerance * level;
	double max_exc = cfg->excursion_share * (double)e->n;

	*first = ns - 1;
	size_t k = ns - 1;
	/*
	 * A short run of segments at the very end, different from the
	 * segment before it, is an excursion too: nothing after it can show
	 * whether it would have returned.
	 */
	size_t tail_lo = ns - 1;
	while (tail_lo > 0 &&
	       (double)(e->n - seg[tail_lo - 1].start) <= max_exc)
		tail_lo--;
	if (tail_lo > 0 && (double)(e->n - seg[tail_lo].start) <= max_exc) {
		double before = seg_level(&seg[tail_lo - 1]);
		int moved = 0;
		for (size_t i = tail_lo; i < ns; i++)
			if (fabs(seg_level(&seg[i]) - before) >
			    cfg->tolerance * before) {
				seg[i].excursion = 1;
				moved = 1;
			}
		if (moved) {
			level = before;
			delta = cfg->tolerance * level;
			*first = k = tail_lo - 1;
		}
	}
	while (k > 0) {
		size_t j = k - 1;
		if (fabs(seg_level(&seg[j]) - level) <= delta) {
			*first = k = j;
			continue;
		}
		/* seg[lo..j] is a maximal run of non-equivalent segments */
		size_t lo = j;
		while (lo > 0 && fabs(seg_level(&seg[lo - 1]) - level) > delta)
			lo--;
		if (lo == 0 || (double)(seg[j].end - seg[lo].start) > max_exc)
			break;
		for (size_t i = lo; i <= j; i++)
			seg[i].excursion = 1;
		*first = k = lo - 1;
	}
	size_t start = seg[*first].start;
	if ((double)(e->n - start) < cfg->steady_share * (double)e->n)
		return WARMUP_NO_STEADY;
	enum warmup_class cls = WARMUP_FLAT;
	for (size_t i = 0; i < *first; i++) {
		if (seg[i].excursion)
			continue;
		if (seg_level(&seg[i]) < level - delta)
			return WARMUP_SLOWDOWN;
		if (seg_level(&seg[i]) > level + delta)
			cls = WARMUP_WARMUP;
	}
	return cls;
}

/*
 * The steady state may begin inside the segment p before it: PELT puts
 * the end of a decaying warmup where the decay stops changing the
 * variance, often well after the times have settled. When p is slower
 * than the steady level, the start moves back to the first iteration of
 * p from which the mean of the rest of p is within half the tolerance of
 * the level (outliers left out); otherwise it stays at p's end.
 */
static size_t refine_start(const double *x, const uint8_t *flags,
			   const struct warmup_segment *p, double level,
			   double tolerance)
{
	size_t start = p->end, c = 0;
	double sum = 0;

	if (!(p->mean_ns > level))
		return start;
	for (size_t i = p->end; i-- > p->start;) {
		if (flags[i] & WARMUP_OUTLIER)
			continue;
		sum += x[i];
		c++;
		if (fabs(sum / (double)c - level) <= 0.5 * tolerance * level)
			start = i;
	}
	return start;
}

/*
 * Least-squares line through v[0..m) against 0..m-1: the change over the
 * span relative to the mean, its t statistic (inflated for the lag-1
 * autocorrelation of the residuals, clipped to [0, 0.95]) and that
 * autocorrelation.
 */
static void trend(const double *v, size_t m, double *drift_rel, double *t,
		  double *lag1)
{
	*drift_rel = *t = *lag1 = 0;
	if (m < 3)
		return;
	double xm = (double)(m - 1) / 2, ym = 0;
	for (size_t i = 0; i < m; i++)
		ym += v[i];
	ym /= (double)m;
	double sxx = 0, sxy = 0;
	for (size_t i = 0; i < m; i++) {
		sxx += ((double)i - xm) * ((double)i - xm);
		sxy += ((double)i - xm) * (v[i] - ym);
	}
	double slope = sxy / sxx;
	double sse = 0, acc = 0, prev = 0;
	for (size_t i = 0; i < m; i++) {
		double r = v[i] - ym - slope * ((double)i - xm);
		sse += r * r;
		if (i)
			acc += r * prev;
		prev = r;
	}
	*lag1 = sse > 0 ? acc / sse : 0;
	double rho = fmin(fmax(*lag1, 0), 0.95);
	double se =
		sqrt(sse / (double)(m - 2) / sxx) * sqrt((1 + rho) / (1 - rho));
	*drift_rel = ym != 0 ? slope * (double)(m - 1) / ym : 0;
	*t = se > 0 ? slope / se : (slope != 0 ? INFINITY : 0);
}

int warmup_exec_analyse(const uint64_t *iter_ns, size_t n, double startup_ns,
			const struct warmup_config *cfg,
			struct warmup_exec *out)
{
	memset(out, 0, sizeof(*out));
	out->steady_mean_ns = out->steady_sd_ns = NAN;
	if (n < 2 || !config_ok(cfg))
		return -EINVAL;

	/* x, scratch, unit values: 3n doubles; unit positions, cpts. */
	double *x = xmalloc(n * (3 * sizeof(double) + 2 * sizeof(size_t)));
	double *scratch = x + n;
	struct units u = {.val = scratch + n};
	u.pos = (size_t *)(u.val + n);
	size_t *cpts = u.pos + n;

	out->n = n;
	out->flags = xcalloc(n, 1);
	out->startup_ns = startup_ns;
	for (size_t i = 0; i < n; i++) {
		x[i] = (double)iter_ns[i];
		out->total_ns += x[i];
	}
	out->first_iter_ns = x[0];
	out->first_result_ns = startup_ns + x[0];

	mark_outliers(x, n, cfg, out->flags, scratch);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		kept += !(out->flags[i] & WARMUP_OUTLIER);
	out->noutliers = n - kept;
	out->block = kept > cfg->block_above
			     ? (n + cfg->block_above - 1) / cfg->block_above
			     : 1;
	make_units(x, n, out->flags, out->block, &u);

	double pen = cfg->penalty_factor * log((double)(u.m > 1 ? u.m : 2));
	struct pelt_params pp = {
		.penalty = pen,
		.min_seglen = cfg->min_seglen,
		.var_floor = cfg->mode == WARMUP_MODE_COMPAT
				     ? 0
				     : quantum_floor(&u, scratch),
	};
	size_t ncpts = 0;
	if (pelt_meanvar(u.val, u.m, &pp, cpts, &ncpts) < 0)
		ncpts = 0;

	out->nsegments = ncpts + 1;
	out->segments = xcalloc(out->nsegments, sizeof(*out->segments));
	for (size_t k = 0; k <= ncpts; k++) {
		struct warmup_segment *s = &out->segments[k];
		s->start = k ? u.pos[cpts[k - 1]] : 0;
		s->end = k < ncpts ? u.pos[cpts[k]] : n;
		segment_stats(x, out->flags, s, scratch);
	}

	size_t first;
	out->cls = cfg->mode == WARMUP_MODE_COMPAT
			   ? classify_compat(out, cfg, &first)
			   : classify_versus(out, cfg, &first);
	out->has_steady = out->cls != WARMUP_NO_STEADY;
	out->steady_start = out->has_steady ? out->segments[first].start : n;
	if (out->has_steady && first > 0 && cfg->mode == WARMUP_MODE_VERSUS)
		out->steady_start = refine_start(
			x, out->flags, &out->segments[first - 1],
			out->segments[first].mean_ns, cfg->tolerance);

	for (size_t k = 0; k < out->nsegments; k++) {
		struct warmup_segment *s = &out->segments[k];
		if (!s->excursion)
			continue;
		out->nexcursions++;
		out->excursion_iters += s->end - s->start;
		for (size_t i = s->start; i < s->end; i++)
			out->flags[i] |= WARMUP_EXCURSION;
	}

	/* steady mean and sd over the steady, kept iterations */
	double sum = 0, ss = 0;
	size_t c = 0;
	for (size_t i = out->steady_start; i < n; i++)
		if (!(out->flags[i] & (WARMUP_OUTLIER | WARMUP_EXCURSION))) {
			out->flags[i] |= WARMUP_STEADY;
			sum += x[i];
			c++;
		}
	if (c) {
		out->steady_mean_ns = sum / (double)c;
		for (size_t i = out->steady_start; i < n; i++)
			if (out->flags[i] & WARMUP_STEADY)
				ss += (x[i] - out->steady_mean_ns) *
				      (x[i] - out->steady_mean_ns);
		out->steady_sd_ns = c > 1 ? sqrt(ss / (double)(c - 1)) : 0;
	}

	out->to_steady_ns = out->warmup_debt_ns = NAN;
	if (out->has_steady) {
		out->to_steady_ns = out->warmup_debt_ns = 0;
		for (size_t i = 0; i < out->steady_start; i++) {
			out->to_steady_ns += x[i];
			if (x[i] > out->steady_mean_ns)
				out->warmup_debt_ns +=
					x[i] - out->steady_mean_ns;
		}
	}
	out->to_steady_exec_ns = startup_ns + out->to_steady_ns;

	/*
	 * Steady units (all units without a steady state): the values the
	 * bootstrap resamples and the noise of the detection limit.
	 */
	double *sv = xmalloc((u.m ? u.m : 1) * sizeof(*sv));
	size_t m = 0;
	for (size_t k = 0; k < u.m; k++) {
		size_t p = u.pos[k];
		if (out->has_steady && (p < out->steady_start ||
					(out->flags[p] & WARMUP_EXCURSION)))
			continue;
		sv[m++] = u.val[k];
	}
	double mean = 0, var = 0, t;
	for (size_t k = 0; k < m; k++)
		mean += sv[k];
	mean = m ? mean / (double)m : NAN;
	for (size_t k = 0; k < m; k++)
		var += (sv[k] - mean) * (sv[k] - mean);
	var = m > 1 ? var / (double)(m - 1) : 0;
	out->detect_limit_ns = warmup_detect_limit(u.m, pen) * sqrt(var);
	out->detect_limit_rel = mean > 0 ? out->detect_limit_ns / mean : NAN;
	trend(sv, m, &out->drift_rel, &t, &out->lag1);
	out->drift = fabs(out->drift_rel) > cfg->tolerance && fabs(t) > 3;
	out->autocorrelated = m >= 3 && fabs(out->lag1) >= 0.1 &&
			      fabs(out->lag1) > 3.0 / sqrt((double)m);
	if (out->has_steady) {
		/* batch means, so the bootstrap stays cheap and keeps short
		 * range correlation inside a batch */
		size_t b = (m + BOOT_VALUES - 1) / BOOT_VALUES, k = 0;
		for (size_t s0 = 0; b > 1 && s0 < m; s0 += b) {
			size_t s1 = s0 + b < m ? s0 + b : m;
			double acc = 0;
			for (size_t j = s0; j < s1; j++)
				acc += sv[j];
			sv[k++] = acc / (double)(s1 - s0);
		}
		out->steady_values = sv;
		out->nsteady_values = b > 1 ? k : m;
	} else {
		free(sv);
	}
	free(x);
	return 0;
}

/* ---- across executions ---- */

double warmup_hier_draw(const struct warmup_exec *e, size_t n,
			struct stats_rng *rng)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += e[i].has_steady && e[i].nsteady_values;
	if (!k)
		return NAN;
	double total = 0;
	for (size_t d = 0; d < k; d++) {
		/* the r-th execution with a steady state */
		size_t r = (size_t)stats_rng_below(rng, k), i = 0;
		for (;; i++)
			if (e[i].has_steady && e[i].nsteady_values && !r--)
				break;
		const double *v = e[i].steady_values;
		size_t m = e[i].nsteady_values;
		double s = 0;
		for (size_t j = 0; j < m; j++)
			s += v[stats_rng_below(rng, m)];
		total += s / (double)m;
	}
	return total / (double)k;
}

int warmup_summarise(const struct warmup_exec *e, size_t n,
		     const struct warmup_config *cfg, uint64_t seed,
		     struct warmup_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->steady_mean_ns = out->steady_ci_low = out->steady_ci_high = NAN;
	out->levels_p = out->levels_spread_rel = NAN;
	if (n == 0)
		return -EINVAL;
	out->nexec = n;
	for (size_t i = 0; i < n; i++)
		out->count[e[i].cls]++;
	int kinds = 0;
	for (int c = 0; c < WARMUP_NCLASSES; c++)
		kinds += out->count[c] > 0;
	if (kinds == 1)
		out->consistency = WARMUP_CONSISTENT;
	else if (out->count[WARMUP_SLOWDOWN] || out->count[WARMUP_NO_STEADY])
		out->consistency = WARMUP_BAD_INCONSISTENT;
	else
		out->consistency = WARMUP_GOOD_INCONSISTENT;

	size_t nr = cfg->resamples;
	double *buf = xmalloc((n * 2 + nr) * sizeof(*buf));
	double *ts = buf, *ss = buf + n, *rep = buf + 2 * n;
	double mean = 0, lo = INFINITY, hi = -INFINITY;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!e[i].has_steady || !e[i].nsteady_values)
			continue;
		ts[k] = e[i].to_steady_ns;
		ss[k++] = (double)e[i].steady_start;
		mean += e[i].steady_mean_ns;
		lo = fmin(lo, e[i].steady_mean_ns);
		hi = fmax(hi, e[i].steady_mean_ns);
	}
	out->nsteady = k;
	spread3(ts, k, out->to_steady_ns);
	spread3(ss, k, out->steady_start);
	if (k) {
		mean /= (double)k;
		out->steady_mean_ns = mean;
		struct stats_rng rng;
		stats_rng_seed(&rng, seed);
		for (size_t r = 0; r < nr; r++)
			rep[r] = warmup_hier_draw(e, n, &rng);
		stats_percentile_interval(rep, nr, &out->steady_ci_low,
					  &out->steady_ci_high);
	}
	if (k >= 2) {
		/* Cochran's Q on the unit means, AR(1)-inflated errors */
		double sw = 0, swm = 0, q = 0;
		for (size_t i = 0; i < n; i++) {
			if (!e[i].has_steady || !e[i].nsteady_values)
				continue;
			const double *v = e[i].steady_values;
			size_t m = e[i].nsteady_values;
			double um = 0, uv = 0;
			for (size_t j = 0; j < m; j++)
				um += v[j];
			um /= (double)m;
			for (size_t j = 0; j < m; j++)
				uv += (v[j] - um) * (v[j] - um);
			double acc = 0;
			for (size_t j = 1; j < m; j++)
				acc += (v[j] - um) * (v[j - 1] - um);
			double rho = uv > 0 ? acc / uv : 0;
			rho = fmin(fmax(rho, 0), 0.95);
			uv = m > 1 ? uv / (double)(m - 1) : 0;
			double se2 = uv / (double)m * (1 + rho) / (1 - rho);
			double floor = 1e-9 * fabs(um);
			if (se2 < floor * floor)
				se2 = floor * floor;
			ts[i] = um; /* ts, ss reused: means, weights */
			ss[i] = 1.0 / se2;
			sw += ss[i];
			swm += ss[i] * um;
		}
		double wm = swm / sw;
		for (size_t i = 0; i < n; i++)
			if (e[i].has_steady && e[i].nsteady_values)
				q += ss[i] * (ts[i] - wm) * (ts[i] - wm);
		out->levels_p = stats_chi2_sf(q, (double)(k - 1));
		out->levels_spread_rel = (hi - lo) / mean;
		out->different_levels = out->levels_p < 0.01 &&
					out->levels_spread_rel > cfg->tolerance;
	}
	free(buf);
	return 0;
}

/* ---- ratios to a baseline and the crossover ---- */

static double e2e_of(const struct warmup_group *g, size_t i)
{
	if (g->wall_ns)
		return g->wall_ns[i];
	const struct warmup_exec *e = &g->execs[i];
	return isnan(e->startup_ns) ? e->total_ns : e->startup_ns + e->total_ns;
}

static int all_known(const struct warmup_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (isnan(g->execs[i].startup_ns))
			return 0;
	return 1;
}

static void nan_ratio(struct stats_ratio *r)
{
	r->value = r->ci_low = r->ci_high = NAN;
}

/* stats_ratio_of_medians of one figure of each group's executions. */
static void median_ratio(const struct warmup_group *a,
			 const struct warmup_group *b, int which, uint64_t seed,
			 struct stats_ratio *out)
{
	double *va = xmalloc((a->n + b->n) * sizeof(*va)), *vb = va + a->n;

	for (size_t i = 0; i < a->n + b->n; i++) {
		const struct warmup_group *g = i < a->n ? a : b;
		size_t j = i < a->n ? i : i - a->n;
		const struct warmup_exec *e = &g->execs[j];
		va[i] = which == 0   ? e2e_of(g, j)
			: which == 1 ? e->first_result_ns
				     : e->first_iter_ns;
	}
	if (stats_ratio_of_medians(va, a->n, vb, b->n, seed, out) < 0)
		nan_ratio(out);
	free(va);
}

/* Median over executions of iteration i, for i < len, into med. */
static void iter_medians(const struct warmup_group *g, size_t len, double *med,
			 double *scratch)
{
	for (size_t i = 0; i < len; i++) {
		for (size_t k = 0; k < g->n; k++)
			scratch[k] = (double)g->iter_ns[k][i];
		med[i] = stats_quantile_select(scratch, g->n, 0.5);
	}
}

/* Per-iteration time for extrapolation: steady mean, else last quarter. */
static double late_rate(const struct warmup_group *g, const double *med,
			size_t len)
{
	double s = 0;
	size_t k = 0;

	for (size_t i = 0; i < g->n; i++)
		if (g->execs[i].has_steady) {
			s += g->execs[i].steady_mean_ns;
			k++;
		}
	if (k)
		return s / (double)k;
	size_t from = len - (len + 3) / 4;
	for (size_t i = from; i < len; i++)
		s += med[i];
	return s / (double)(len - from);
}

static void crossover(const struct warmup_group *a,
		      const struct warmup_group *b, struct warmup_crossover *c)
{
	size_t len = SIZE_MAX;
	for (size_t i = 0; i < a->n; i++)
		len = a->execs[i].n < len ? a->execs[i].n : len;
	for (size_t i = 0; i < b->n; i++)
		len = b->execs[i].n < len ? b->execs[i].n : len;
	size_t most = a->n > b->n ? a->n : b->n;
	double *ma = xmalloc((2 * len + most) * sizeof(*ma));
	double *mb = ma + len, *scratch = mb + len;
	double ca = 0, cb = 0;

	iter_medians(a, len, ma, scratch);
	iter_medians(b, len, mb, scratch);
	if (all_known(a) && all_known(b)) {
		for (size_t i = 0; i < a->n; i++)
			scratch[i] = a->execs[i].startup_ns;
		ca = stats_quantile_select(scratch, a->n, 0.5);
		for (size_t i = 0; i < b->n; i++)
			scratch[i] = b->execs[i].startup_ns;
		cb = stats_quantile_select(scratch, b->n, 0.5);
	}
	/* last index where a's total is not below b's */
	size_t last = SIZE_MAX;
	double start_a = ca;
	for (size_t i = 0; i < len; i++) {
		ca += ma[i];
		cb += mb[i];
		if (ca >= cb)
			last = i;
	}
	size_t at = last == SIZE_MAX ? 0 : last + 1;
	double at_cross = start_a;
	for (size_t i = 0; i <= at && i < len; i++)
		at_cross += ma[i];
	double ra = late_rate(a, ma, len), rb = late_rate(b, mb, len);
	c->kind = WARMUP_CROSS_NEVER;
	c->iterations = 0;
	c->time_ns = NAN;
	if (last == len - 1) {
		if (ra < rb) {
			double k = floor((ca - cb) / (rb - ra)) + 1;
			if (!(k < 1e12)) /* no crossover worth the name */
				goto done;
			c->kind = WARMUP_CROSS_EXTRAPOLATED;
			c->iterations = len + (size_t)k;
			c->time_ns = ca + k * ra;
		}
	} else if (ra <= rb) {
		c->kind = WARMUP_CROSS_OBSERVED;
		c->iterations = last == SIZE_MAX ? 1 : last + 2;
		c->time_ns = at_cross;
	}
done:
	free(ma);
}

/* Mean of the steady means, as warmup_summarise; NAN without any. */
static double steady_grand_mean(const struct warmup_group *g)
{
	double s = 0;
	size_t k = 0;

	for (size_t i = 0; i < g->n; i++)
		if (g->execs[i].has_steady && g->execs[i].nsteady_values) {
			s += g->execs[i].steady_mean_ns;
			k++;
		}
	return k ? s / (double)k : NAN;
}

int warmup_compare(const struct warmup_group *a, const struct warmup_group *b,
		   const struct warmup_config *cfg, uint64_t seed,
		   struct warmup_ratios *out)
{
	memset(out, 0, sizeof(*out));
	nan_ratio(&out->end_to_end);
	nan_ratio(&out->first_result);
	nan_ratio(&out->first_iter);
	nan_ratio(&out->steady);
	out->cross.time_ns = NAN;
	if (!a->n || !b->n)
		return -EINVAL;
	median_ratio(a, b, 0, seed, &out->end_to_end);
	if (all_known(a) && all_known(b))
		median_ratio(a, b, 1, seed + 1, &out->first_result);
	median_ratio(a, b, 2, seed + 2, &out->first_iter);

	double ma = steady_grand_mean(a), mb = steady_grand_mean(b);
	if (!isnan(ma) && mb > 0) {
		size_t nr = cfg->resamples;
		double *rep = xmalloc(nr * sizeof(*rep));
		struct stats_rng rng;
		stats_rng_seed(&rng, seed + 3);
		for (size_t r = 0; r < nr; r++)
			rep[r] = warmup_hier_draw(a->execs, a->n, &rng) /
				 warmup_hier_draw(b->execs, b->n, &rng);
		out->steady.value = ma / mb;
		stats_percentile_interval(rep, nr, &out->steady.ci_low,
					  &out->steady.ci_high);
		free(rep);
	}
	if (a->iter_ns && b->iter_ns)
		crossover(a, b, &out->cross);
	else
		out->cross.kind = WARMUP_CROSS_UNKNOWN;
	return 0;
}

/* ---- fallback: time = a + b n over repetition counts ---- */

struct pair {
	double n, t;
};

static int cmp_pair(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;
	return (a->n > b->n) - (a->n < b->n);
}

static void ols(const struct pair *p, size_t m, double *a, double *b,
		double *r2)
{
	double nm = 0, tm = 0, sxx = 0, sxy = 0, syy = 0;

	for (size_t i = 0; i < m; i++) {
		nm += p[i].n;
		tm += p[i].t;
	}
	nm /= (double)m;
	tm /= (double)m;
	for (size_t i = 0; i < m; i++) {
		sxx += (p[i].n - nm) * (p[i].n - nm);
		sxy += (p[i].n - nm) * (p[i].t - tm);
		syy += (p[i].t - tm) * (p[i].t - tm);
	}
	*b = sxy / sxx;
	*a = tm - *b * nm;
	if (r2)
		*r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
}

/*
 * The pairs sorted by n; levels >= 3 required. Returns the pairs (caller
 * frees) or NULL.
 */
static struct pair *fit_pairs(const double *n, const double *t, size_t m,
			      size_t *nlevels)
{
	*nlevels = 0;
	for (size_t i = 0; i < m; i++)
		if (!isfinite(n[i]) || !isfinite(t[i]))
			return NULL;
	if (m < 3)
		return NULL;
	struct pair *p = xmalloc(m * sizeof(*p));
	for (size_t i = 0; i < m; i++)
		p[i] = (struct pair){n[i], t[i]};
	qsort(p, m, sizeof(*p), cmp_pair);
	size_t lv = 1;
	for (size_t i = 1; i < m; i++)
		lv += p[i].n != p[i - 1].n;
	if (lv < 3) {
		free(p);
		return NULL;
	}
	*nlevels = lv;
	return p;
}

/* One replicate: each level's times drawn from that level, into r. */
static void fit_draw(const struct pair *p, size_t m, struct stats_rng *rng,
		     struct pair *r)
{
	for (size_t s = 0; s < m;) {
		size_t e = s;
		while (e < m && p[e].n == p[s].n)
			e++;
		for (size_t i = s; i < e; i++)
			r[i] = p[s + stats_rng_below(rng, e - s)];
		s = e;
	}
}

int warmup_fit_linear(const double *n, const double *t, size_t m,
		      size_t resamples, uint64_t seed, struct warmup_fit *out)
{
	memset(out, 0, sizeof(*out));
	size_t lv;
	struct pair *p = fit_pairs(n, t, m, &lv);
	if (!p || !resamples) {
		free(p);
		return -EDOM;
	}
	out->npoints = m;
	out->nlevels = lv;
	ols(p, m, &out->a, &out->b, &out->r2);
	struct pair *r = xmalloc(m * sizeof(*r));
	double *ra = xmalloc(2 * resamples * sizeof(*ra)), *rb = ra + resamples;
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	for (size_t k = 0; k < resamples; k++) {
		fit_draw(p, m, &rng, r);
		ols(r, m, &ra[k], &rb[k], NULL);
	}
	stats_percentile_interval(ra, resamples, &out->a_low, &out->a_high);
	stats_percentile_interval(rb, resamples, &out->b_low, &out->b_high);
	free(ra);
	free(r);
	free(p);
	return 0;
}

int warmup_fit_ratio(const double *na, const double *ta, size_t ma,
		     const double *nb, const double *tb, size_t mb,
		     size_t resamples, uint64_t seed, struct stats_ratio *out)
{
	nan_ratio(out);
	size_t la, lb;
	struct pair *pa = fit_pairs(na, ta, ma, &la);
	struct pair *pb = fit_pairs(nb, tb, mb, &lb);
	double a0, ba, bb;
	if (!pa || !pb || !resamples)
		goto fail;
	ols(pa, ma, &a0, &ba, NULL);
	ols(pb, mb, &a0, &bb, NULL);
	if (!(bb > 0))
		goto fail;
	struct pair *r = xmalloc((ma + mb) * sizeof(*r));
	double *rep = xmalloc(resamples * sizeof(*rep));
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	size_t k = 0;
	for (size_t i = 0; i < resamples; i++) {
		double x, y;
		fit_draw(pa, ma, &rng, r);
		ols(r, ma, &a0, &x, NULL);
		fit_draw(pb, mb, &rng, r + ma);
		ols(r + ma, mb, &a0, &y, NULL);
		if (y > 0)
			rep[k++] = x / y;
	}
	out->value = ba / bb;
	stats_percentile_interval(rep, k, &out->ci_low, &out->ci_high);
	free(rep);
	free(r);
	free(pa);
	free(pb);
	return 0;
fail:
	free(pa);
	free(pb);
	return -EDOM;
}

/*
 * stats.c: summaries, bootstrap intervals and tests of DESIGN.md §8.
 *
 * The bootstrap of a median never sorts a resample. The data are sorted
 * once; a resample is then only a count of how often each sorted position
 * was drawn, and its median is found by walking the cumulative counts up to
 * the middle rank: O(n) per resample with no comparisons of doubles, which
 * keeps 2000 resamples of 10,000 runs within a few tens of milliseconds.
 * Since the draws index sorted positions, the result for a seed does not
 * depend on the order of the input either.
 */
#include "analysis/stats.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

/* Exact Mann-Whitney distribution up to this many values in all. */
#define MWU_EXACT_MAX_N 60

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void stats_rng_seed(struct stats_rng *rng, uint64_t seed)
{
	/* splitmix64 never yields four zero words, xoshiro's one bad state. */
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t stats_rng_next(struct stats_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t stats_rng_below(struct stats_rng *rng, uint64_t n)
{
	assert(n > 0);
	/* Lemire's multiply-and-reject: unbiased, and divides only rarely. */
	unsigned __int128 m = (unsigned __int128)stats_rng_next(rng) * n;
	uint64_t low = (uint64_t)m;

	if (low < n) {
		uint64_t threshold = -n % n;
		while (low < threshold) {
			m = (unsigned __int128)stats_rng_next(rng) * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

static double *sorted_copy(const double *x, size_t n)
{
	double *s = xmalloc((n ? n : 1) * sizeof(*s));

	for (size_t i = 0; i < n; i++)
		assert(!isnan(x[i]));
	if (n)
		memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

double stats_quantile_sorted(const double *s, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo >= n - 1)
		return s[n - 1];
	if (s[lo] == s[lo + 1])
		return s[lo];
	return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

/* Median of the two middle values lo and hi, as stats_quantile_sorted
 * does. */
static double midpoint(double lo, double hi)
{
	return lo == hi ? lo : lo + 0.5 * (hi - lo);
}

void stats_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cmp_double);
}

void stats_percentile_interval(double *stat, size_t nr, double *low,
			       double *high)
{
	double alpha = 1.0 - STATS_CONFIDENCE;

	if (nr == 0) {
		*low = *high = NAN;
		return;
	}
	stats_sort(stat, nr);
	*low = stats_quantile_sorted(stat, nr, alpha / 2);
	*high = stats_quantile_sorted(stat, nr, 1.0 - alpha / 2);
}

static void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* Put the k-th smallest of a[0..n) at a[k], smaller before, larger after. */
static void select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < a[lo])
			swap_d(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swap_d(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swap_d(&a[hi], &a[mid]);
		double pivot = a[mid];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				swap_d(&a[i], &a[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

double stats_quantile_select(double *a, size_t n, double p)
{
	assert(n > 0 && p >= 0 && p <= 1);
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo >= n - 1) {
		select_kth(a, n, n - 1);
		return a[n - 1];
	}
	select_kth(a, n, lo);
	double next = a[lo + 1];
	for (size_t i = lo + 2; i < n; i++)
		if (a[i] < next)
			next = a[i];
	if (a[lo] == next)
		return next;
	return a[lo] + (h - (double)lo) * (next - a[lo]);
}

double stats_chi2_sf(double x, double df)
{
	if (!(x > 0))
		return 1.0;
	double v = 2.0 / (9.0 * df);
	double z = (cbrt(x / df) - (1.0 - v)) / sqrt(v);
	return 0.5 * erfc(z / sqrt(2.0));
}

/* Bootstrap of the median of sorted[0..n) by counts (see the top). */
struct boot_median {
	const double *sorted;
	size_t n;
	uint32_t *counts;
};

static void boot_median_init(struct boot_median *b, const double *sorted,
			     size_t n)
{
	assert(n > 0 && n < UINT32_MAX);
	b->sorted = sorted;
	b->n = n;
	b->counts = xmalloc(n * sizeof(*b->counts));
}

static void boot_median_release(struct boot_median *b)
{
	free(b->counts);
	b->counts = NULL;
}

/* Lemire's method on 32 bits: uniform in [0, n) from r, unbiased. */
static inline uint32_t below32(uint32_t r, uint32_t n, struct stats_rng *rng)
{
	uint64_t m = (uint64_t)r * n;

	if ((uint32_t)m < n) {
		uint32_t threshold = -n % n;
		while ((uint32_t)m < threshold)
			m = (uint64_t)(uint32_t)(stats_rng_next(rng) >> 32) * n;
	}
	return (uint32_t)(m >> 32);
}

static double boot_median_draw(struct boot_median *b, struct stats_rng *rng)
{
	size_t n = b->n, i = 0, below = 0;
	uint32_t *counts = b->counts, n32 = (uint32_t)n;

	memset(counts, 0, n * sizeof(*counts));
	/* Two draws from each 64-bit output: the generator is the cost. */
	for (size_t k = 0; k + 1 < n; k += 2) {
		uint64_t r = stats_rng_next(rng);
		counts[below32((uint32_t)r, n32, rng)]++;
		counts[below32((uint32_t)(r >> 32), n32, rng)]++;
	}
	if (n % 2)
		counts[below32((uint32_t)stats_rng_next(rng), n32, rng)]++;

	/* The resample's middle ranks (0-based) are (n-1)/2 and n/2. */
	size_t rank_lo = (n - 1) / 2, rank_hi = n / 2;
	while (below + counts[i] <= rank_lo)
		below += counts[i++];
	double lo = b->sorted[i];
	while (below + counts[i] <= rank_hi)
		below += counts[i++];
	return midpoint(lo, b->sorted[i]);
}

double stats_median(const double *x, size_t n)
{
	return stats_quantile(x, n, 0.5);
}

void stats_summarize(const double *x, size_t n, uint64_t seed,
		     struct stats_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;

	double *s = sorted_copy(x, n);
	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->median = stats_quantile_sorted(s, n, 0.5);
	out->q1 = stats_quantile_sorted(s, n, 0.25);
	out->q3 = stats_quantile_sorted(s, n, 0.75);

	/* Two passes: the one-pass formula loses digits for tight timings. */
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += s[i];
	out->mean = sum / (double)n;
	if (n > 1) {
		double sq = 0;
		for (size_t i = 0; i < n; i++)
			sq += (s[i] - out->mean) * (s[i] - out->mean);
		out->stddev = sqrt(sq / (double)(n - 1));
	}

	double iqr = out->q3 - out->q1;
	double fence_lo = out->q1 - 1.5 * iqr, fence_hi = out->q3 + 1.5 * iqr;
	double *dev = xmalloc(n * sizeof(*dev));
	for (size_t i = 0; i < n; i++) {
		dev[i] = fabs(s[i] - out->median);
		if (s[i] < fence_lo || s[i] > fence_hi)
			out->outliers++;
	}
	qsort(dev, n, sizeof(*dev), cmp_double);
	out->mad = stats_quantile_sorted(dev, n, 0.5);
	free(dev);

	if (n == 1 || out->min == out->max) {
		out->ci_low = out->ci_high = out->median;
	} else {
		struct stats_rng rng;
		struct boot_median boot;
		double *stat =
			xmalloc(STATS_BOOTSTRAP_RESAMPLES * sizeof(*stat));

		stats_rng_seed(&rng, seed);
		boot_median_init(&boot, s, n);
		for (size_t r = 0; r < STATS_BOOTSTRAP_RESAMPLES; r++)
			stat[r] = boot_median_draw(&boot, &rng);
		boot_median_release(&boot);
		stats_percentile_interval(stat, STATS_BOOTSTRAP_RESAMPLES,
					  &out->ci_low, &out->ci_high);
		free(stat);
	}
	free(s);
}

int stats_ratio_of_medians(const double *a, size_t na, const double *b,
			   size_t nb, uint64_t seed, struct stats_ratio *out)
{
	memset(out, 0, sizeof(*out));
	if (na == 0 || nb == 0)
		return -EDOM;

	double *sa = sorted_copy(a, na), *sb = sorted_copy(b, nb);
	double ma = stats_quantile_sorted(sa, na, 0.5);
	double mb = stats_quantile_sorted(sb, nb, 0.5);
	if (mb == 0) {
		free(sa);
		free(sb);
		return -EDOM;
	}
	out->value = ma / mb;

	struct stats_rng rng;
	struct boot_median boot_a, boot_b;
	double *stat = xmalloc(STATS_BOOTSTRAP_RESAMPLES * sizeof(*stat));
	size_t kept = 0;

	stats_rng_seed(&rng, seed);
	boot_median_init(&boot_a, sa, na);
	boot_median_init(&boot_b, sb, nb);
	for (size_t r = 0; r < STATS_BOOTSTRAP_RESAMPLES; r++) {
		double ra = boot_median_draw(&boot_a, &rng);
		double rb = boot_median_draw(&boot_b, &rng);
		double q = ra / rb;
		/* 0/0 has no ratio; such a resample says nothing. */
		if (!isnan(q))
			stat[kept++] = q;
	}
	boot_median_release(&boot_a);
	boot_median_release(&boot_b);
	if (kept)
		stats_percentile_interval(stat, kept, &out->ci_low,
					  &out->ci_high);
	else
		out->ci_low = out->ci_high = out->value;
	free(stat);
	free(sa);
	free(sb);
	return 0;
}

/* Ratio of medians of one workload, or 0 when it has none. */
static double workload_ratio(const struct stats_ratio_samples *w, double *sa,
			     double *sb)
{
	if (!w->na && !w->nb)
		return w->fixed;
	if (!w->na || !w->nb)
		return 0;
	double mb = stats_quantile_sorted(sb, w->nb, 0.5);
	return mb ? stats_quantile_sorted(sa, w->na, 0.5) / mb : 0;
}

/* A workload ratio's contribution to the aggregate: its log (geometric
 * mean) or itself (arithmetic mean). */
static double agg_term(double q, bool geometric)
{
	return geometric ? log(q) : q;
}

/* The geometric or arithmetic mean of the ratios, with its bootstrap. */
static int aggregate_ratios(const struct stats_ratio_samples *w, size_t n,
			    uint64_t seed, bool geometric,
			    struct stats_ratio *out)
{
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return -EDOM;

	double **sorted = xcalloc(2 * n, sizeof(*sorted));
	double logsum = 0;
	size_t noisy = 0;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (w[i].na || w[i].nb) {
			sorted[2 * i] = sorted_copy(w[i].a, w[i].na);
			sorted[2 * i + 1] = sorted_copy(w[i].b, w[i].nb);
		}
		double q =
			workload_ratio(&w[i], sorted[2 * i], sorted[2 * i + 1]);
		if (!(q > 0) || isinf(q))
			rc = -EDOM;
		else
			logsum += agg_term(q, geometric);
		noisy += w[i].na || w[i].nb;
	}
	if (!rc) {
		out->value = geometric ? exp(logsum / (double)n)
				       : logsum / (double)n;
		out->ci_low = out->ci_high = out->value;
	}
	if (!rc && noisy) {
		struct boot_median *boot = xcalloc(2 * n, sizeof(*boot));
		double *stat =
			xmalloc(STATS_BOOTSTRAP_RESAMPLES * sizeof(*stat));
		struct stats_rng rng;
		size_t kept = 0;

		for (size_t i = 0; i < n; i++)
			if (w[i].na) {
				boot_median_init(&boot[2 * i], sorted[2 * i],
						 w[i].na);
				boot_median_init(&boot[2 * i + 1],
						 sorted[2 * i + 1], w[i].nb);
			}
		stats_rng_seed(&rng, seed);
		for (size_t r = 0; r < STATS_BOOTSTRAP_RESAMPLES; r++) {
			double ls = 0;
			bool ok = true;
			for (size_t i = 0; i < n; i++) {
				if (!w[i].na) {
					ls += agg_term(w[i].fixed, geometric);
					continue;
				}
				double q =
					boot_median_draw(&boot[2 * i], &rng) /
					boot_median_draw(&boot[2 * i + 1],
							 &rng);
				if (!(q > 0) || isinf(q))
					ok = false;
				else
					ls += agg_term(q, geometric);
			}
			if (ok)
				stat[kept++] = geometric ? exp(ls / (double)n)
							 : ls / (double)n;
		}
		if (kept)
			stats_percentile_interval(stat, kept, &out->ci_low,
						  &out->ci_high);
		for (size_t i = 0; i < 2 * n; i++)
			boot_median_release(&boot[i]);
		free(boot);
		free(stat);
	}
	for (size_t i = 0; i < 2 * n; i++)
		free(sorted[i]);
	free(sorted);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int stats_geomean(const struct stats_ratio_samples *w, size_t n, uint64_t seed,
		  struct stats_ratio *out)
{
	return aggregate_ratios(w, n, seed, true, out);
}

int stats_mean_of_ratios(const struct stats_ratio_samples *w, size_t n,
			 uint64_t seed, struct stats_ratio *out)
{
	return aggregate_ratios(w, n, seed, false, out);
}

double stats_quantile(const double *x, size_t n, double p)
{
	assert(p >= 0 && p <= 1);
	if (n == 0)
		return 0;
	double *s = sorted_copy(x, n);
	double q = stats_quantile_sorted(s, n, p);
	free(s);
	return q;
}

/* A value of the pooled Mann-Whitney sample and which sample it came from. */
struct mwu_item {
	double value;
	int from_a;
};

static int cmp_mwu_item(const void *pa, const void *pb)
{
	const struct mwu_item *a = pa, *b = pb;
	return (a->value > b->value) - (a->value < b->value);
}

/*
 * P(U >= u) under H0 for samples of sizes m and n without ties. The counts
 * of U are the coefficients of the Gaussian binomial [m+n choose m](q) =
 * prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), built one factor pair at a time.
 * uint64 arithmetic wraps, but the ring is exact modulo 2^64 and the final
 * counts (at most C(60, 30) < 2^64) fit, so the result is exact.
 */
static double mwu_exact_sf(size_t m, size_t n, size_t u)
{
	if (m > n) {
		size_t t = m;
		m = n;
		n = t;
	}
	size_t cap = m * n + m + 1, deg = 0;
	uint64_t *c = xcalloc(cap, sizeof(*c));

	c[0] = 1;
	for (size_t i = 1; i <= m; i++) {
		size_t shift = n + i;
		deg += shift;
		for (size_t k = deg; k >= shift; k--)
			c[k] -= c[k - shift];
		for (size_t k = i; k <= deg; k++)
			c[k] += c[k - i];
		deg -= i;
	}
	assert(deg == m * n);

	uint64_t total = 0, tail = 0;
	for (size_t k = 0; k <= deg; k++) {
		total += c[k];
		if (k >= u)
			tail += c[k];
	}
	free(c);
	return (double)tail / (double)total;
}

double stats_mann_whitney_p(const double *a, size_t na, const double *b,
			    size_t nb)
{
	if (na == 0 || nb == 0)
		return 1;

	size_t n = na + nb;
	struct mwu_item *items = xmalloc(n * sizeof(*items));
	for (size_t i = 0; i < na; i++) {
		assert(!isnan(a[i]));
		items[i] = (struct mwu_item){a[i], 1};
	}
	for (size_t i = 0; i < nb; i++) {
		assert(!isnan(b[i]));
		items[na + i] = (struct mwu_item){b[i], 0};
	}
	qsort(items, n, sizeof(*items), cmp_mwu_item);

	/* Rank sum of a with mid-ranks for ties; sum of t^3 - t per tie. */
	double rank_sum_a = 0, tie_term = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && items[j].value == items[i].value)
			j++;
		double t = (double)(j - i);
		double mid_rank = ((double)i + 1 + (double)j) / 2;
		for (size_t k = i; k < j; k++)
			if (items[k].from_a)
				rank_sum_a += mid_rank;
		tie_term += t * t * t - t;
		i = j;
	}
	free(items);

	double nab = (double)na * (double)nb;
	double u_a = rank_sum_a - (double)na * ((double)na + 1) / 2;
	double u = fmax(u_a, nab - u_a);
	double p;

	if (tie_term == 0 && n <= MWU_EXACT_MAX_N) {
		/* Without ties u is a whole number; round off any dust. */
		p = 2 * mwu_exact_sf(na, nb, (size_t)llround(u));
	} else {
		double nd = (double)n;
		double var = nab / 12 * ((nd + 1) - tie_term / (nd * (nd - 1)));
		if (!(var > 0)) /* every value equal: no evidence at all */
			return 1;
		double z = (u - nab / 2 - 0.5) / sqrt(var);
		p = erfc(z / sqrt(2.0));
	}
	return p > 1 ? 1 : p < 0 ? 0 : p;
}

/* A p-value and its position, sorted by p (ties by position). */
struct holm_item {
	double p;
	size_t index;
};

static int cmp_holm_item(const void *pa, const void *pb)
{
	const struct holm_item *a = pa, *b = pb;
	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

void stats_holm(const double *p, size_t n, double *adjusted)
{
	if (n == 0)
		return;

	/* A copy, so that adjusted may be p itself. */
	struct holm_item *items = xmalloc(n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		assert(p[i] >= 0 && p[i] <= 1);
		items[i] = (struct holm_item){p[i], i};
	}
	qsort(items, n, sizeof(*items), cmp_holm_item);

	double running = 0;
	for (size_t k = 0; k < n; k++) {
		double v = (double)(n - k) * items[k].p;
		if (v > 1)
			v = 1;
		if (v > running) /* step-down: never below an earlier one */
			running = v;
		adjusted[items[k].index] = running;
	}
	free(items);
}

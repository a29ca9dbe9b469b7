/*
 * trend.h: the history of benchmark results over revisions (`versus
 * history`): observations (one implementation in one result file) are
 * grouped into series that never mix workloads, parameters, machines or
 * measurement set-ups; each series' values per revision get their change
 * points (PELT on the log medians weighted by their uncertainty,
 * pelt.h), each change its size with a 95% CI, and the latest state is
 * compared with the best and with the previous segment.
 *
 * The model: a revision's value is y = log(median wall time) with a
 * standard error se from its 95% CI (half-width on the log scale / 1.96;
 * several runs of one revision are averaged). Runs of one revision
 * usually differ by more than their CIs say (another process, another
 * layout), so every point also gets tau^2, the extra variance the series
 * shows between neighbours (from the median absolute difference of
 * successive values) beyond what its CIs explain: weight 1 / (se^2 +
 * tau^2). A segment's level is its weighted mean; a change's size is the
 * ratio exp(m2 - m1) with the CI exp(m2 - m1 +- 1.96 sqrt(1/W1 + 1/W2)).
 * The penalty per change is max(12, 3 log n), so a flat noisy series
 * rarely shows a change (tests/analysis/check_trend.c).
 */
#ifndef VERSUS_TREND_H
#define VERSUS_TREND_H

#include <stdbool.h>
#include <stddef.h>

/* One implementation in one result file, as the history index holds it.
 * Strings are owned by the observation (trend_obs_release). */
struct trend_obs {
	char *path;	/* the result file */
	char *workload; /* workload id */
	long workload_version;
	char *params; /* "k=v, k=v" in name order; "" when none */
	char *setup;  /* host fingerprint and measurement set-up: equal means
			 comparable */
	char *host;   /* hostname, for labels; NULL when unknown */
	char *impl, *language, *status, *baseline;
	char *revision;	  /* NULL: none (the run's time orders it) */
	char *order_time; /* revision time, else started_at (ISO 8601) */
	double median_ns, ci_low_ns, ci_high_ns; /* NAN unless OK */
	double ratio, ratio_low, ratio_high;	 /* to the baseline; NAN */
};

void trend_obs_release(struct trend_obs *o);

/* One revision of a series (or one run, without revisions). */
struct trend_point {
	const char *revision; /* borrowed from an observation; NULL: none */
	const char *time;     /* earliest order_time of its runs */
	const char *path;     /* the latest result file of the revision */
	size_t runs, failed;  /* OK runs, runs with another status */
	const char *status;   /* the status of a failed run, when no OK run */
	double median_ns, ci_low_ns, ci_high_ns; /* NAN when no OK run */
	double ratio, ratio_low, ratio_high;	 /* to the baseline; NAN */
	double y, se;				 /* log median, its s.e. */
};

/* A ratio with its 95% CI: NAN when not known. */
struct trend_ratio {
	double value, low, high;
};

/* A run of revisions at one level: points [begin, end) of the series
 * (counting only points with a value). */
struct trend_segment {
	size_t begin, end;
	double median_ns, ci_low_ns, ci_high_ns; /* exp of the level, CI */
	double level, var; /* weighted mean of y, its variance */
};

/* The change between segment i and i + 1. */
struct trend_change {
	size_t from, to; /* points: last of the old level, first of the new */
	struct trend_ratio size; /* new level / old level */
	bool regression;	 /* slower, CI above 1 */
	bool improvement;	 /* faster, CI below 1 */
};

struct trend_series {
	/* borrowed from the first observation */
	const char *workload, *params, *setup, *host, *impl, *language;
	const char *baseline;
	long workload_version;
	struct trend_point *points;
	size_t points_nr;
	struct trend_segment *segs; /* at least one when a point has a value */
	size_t segs_nr;
	struct trend_change *changes;	/* segs_nr - 1 */
	double tau2;			/* the extra variance between points */
	struct trend_ratio vs_previous; /* latest segment / the one before */
	struct trend_ratio vs_best;	/* latest segment / the fastest one */
	/* the latest change is a regression above the threshold */
	bool alert;
};

struct trend_options {
	/* a change smaller than this fraction is never an alert (0.05) */
	double threshold;
};

/*
 * Group obs[0..nr) (sorted by series, then by revision or path, as
 * history_index_query() returns them) into series, in the order of obs,
 * and analyse each. *out (caller owns, free with trend_series_free())
 * borrows strings from obs, which must outlive it. Returns the number of
 * series.
 */
size_t trend_build(const struct trend_obs *obs, size_t nr,
		   const struct trend_options *o, struct trend_series **out);
void trend_series_free(struct trend_series *s, size_t nr);

/*
 * Analyse points[0..n) of one series (their y and se set, y NAN for a
 * point without value) into s: segments, changes, vs_previous, vs_best,
 * alert. s->points must be points. For tests: trend_build() calls it.
 */
void trend_analyse(struct trend_series *s, const struct trend_options *o);

#endif

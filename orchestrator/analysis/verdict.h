/*
 * verdict.h: did a run reproduce the published figures its manifest
 * carries (record `published`, workloads/README.md "published")? Per
 * implementation: the measured ratio to the published baseline with its
 * 95% CI, the published ratio, measured / published, and a verdict by one
 * rule (VERDICT_RULE); the rank agreement of the two orderings (Spearman's
 * rho, the pairs that swapped); both aggregates by the manifest's method;
 * and an overall verdict. A pure function of the record.
 */
#ifndef VERSUS_ANALYSIS_VERDICT_H
#define VERSUS_ANALYSIS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"

enum verdict_status {
	VERDICT_REPRODUCED,
	VERDICT_NOT_REPRODUCED,
	VERDICT_NOT_RUN, /* no measured ratio: not in the run, or failed */
};

enum verdict_overall {
	VERDICT_ALL_REPRODUCED, /* every published implementation */
	VERDICT_SOME_NOT,	/* at least one NOT REPRODUCED */
	VERDICT_INCOMPLETE,	/* what ran reproduced; some did not run */
	VERDICT_NOTHING_RUN,	/* nothing to compare */
};

/* The rule, as reports print it. */
#define VERDICT_RULE                                                           \
	"REPRODUCED when the measured ratio (of medians) is within the "       \
	"tolerance factor t of the published ratio p, edges included: "        \
	"p/t <= measured <= p*t; a '?' marks a verdict whose 95% CI reaches "  \
	"across an edge of that band (more runs could change it)"

/* Relative slack at the band's edges, for figures rounded in decimal. */
#define VERDICT_EDGE_SLACK 1e-9

struct verdict_row {
	const char *id;	       /* borrowed from the record */
	const char *toolchain; /* as published; borrowed, may be NULL */
	double published;      /* the published ratio */
	double tolerance;      /* the factor */
	double measured, ci_low, ci_high; /* NAN when not run (CI: none) */
	double quotient;		  /* measured / published, or NAN */
	enum verdict_status status;
	bool uncertain; /* the CI reaches across an edge of the band */
	/* why NOT RUN ("not in this run", "WA", ...); owned, or NULL */
	char *reason;
};

/* A pair whose measured order is the reverse of the published one. */
struct verdict_swap {
	const char *a, *b; /* borrowed: a before b in the published order */
};

struct verdict {
	bool present; /* the record carries a published section */
	const struct result_published *published; /* borrowed */
	enum result_metric metric;
	const char *baseline;	  /* borrowed: the published baseline */
	bool sum;		  /* aggregate: ratio of sums, not geomean */
	struct verdict_row *rows; /* published order, baseline left out */
	size_t nr;
	size_t reproduced, not_reproduced, not_run;
	/* Spearman's rho of measured vs published ratios over the
	 * implementations with both (the baseline, 1 and 1, included);
	 * NAN when fewer than 2, or one side has no spread */
	double rho;
	size_t rho_n;
	struct verdict_swap *swaps;
	size_t swaps_nr;
	/* aggregates over the rows with both figures, the measured one
	 * with its bootstrap CI; NAN when none */
	double agg_published, agg_measured, agg_ci_low, agg_ci_high;
	size_t agg_n;
	enum verdict_overall overall;
};

/*
 * The verdict of rf into *v (caller releases with verdict_release()).
 * When rf has no published section, v->present is false and nothing else
 * is set. Never fails.
 */
void verdict_compute(const struct result_file *rf, struct verdict *v);
/* Free what v owns; accepts a zeroed one. */
void verdict_release(struct verdict *v);

/* "REPRODUCED", "NOT REPRODUCED", "NOT RUN" (static). */
const char *verdict_status_name(enum verdict_status s);
/* "REPRODUCED", "NOT REPRODUCED", "INCOMPLETE", "NOT RUN" (static). */
const char *verdict_overall_name(enum verdict_overall o);
/* The aggregate's name: "geometric mean" or "ratio of sums" (static). */
const char *verdict_aggregate_name(const struct verdict *v);

/*
 * Spearman's rank correlation of x[0..n) and y[0..n) (ties get their
 * mean rank); NAN when n < 2 or either has no spread.
 */
double verdict_spearman(const double *x, const double *y, size_t n);

#endif

/*
 * compare.h: two result sets -> a verdict per implementation, for a CI job
 * to act on (`versus compare BASE NEW`). render/compare.h shows the
 * result.
 *
 * Implementations are paired by workload id and implementation id. For each
 * pair and each metric (wall time, peak memory): the median change
 * median(new) / median(base) - 1 with a bootstrap CI, and a two-sided
 * Mann-Whitney U p-value. The p-values of every test made are adjusted
 * together with Holm's method. A change is a regression (or improvement)
 * only when it is significant after adjustment (p < alpha) AND its median
 * change exceeds the threshold: a tiny but real change is "no change".
 */
#ifndef VERSUS_ANALYSIS_COMPARE_H
#define VERSUS_ANALYSIS_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/err.h"
#include "util/strvec.h"

enum compare_verdict {
	COMPARE_NO_CHANGE,
	COMPARE_IMPROVEMENT,
	COMPARE_REGRESSION,
	COMPARE_NEWLY_FAILED, /* OK in base, failed in new: counts as a problem
			       */
	COMPARE_FIXED,	      /* failed in base, OK in new */
	COMPARE_FAILED_BOTH,  /* nothing to compare */
	COMPARE_ONLY_BASE,    /* implementation gone from new */
	COMPARE_ONLY_NEW,     /* implementation added in new */
	COMPARE_NOT_COMPARABLE, /* toolchain or memory source differs (no
				   --force): not tested */
};

/* The figures of one metric of one pair. */
struct compare_metric {
	bool tested; /* both sides had samples */
	double base_median, new_median;
	double change, ci_low, ci_high; /* ratio - 1 */
	double p, p_adjusted;
	enum compare_verdict verdict; /* NO_CHANGE, IMPROVEMENT, REGRESSION */
};

struct compare_pair {
	const char *workload, *id, *language; /* borrowed from the files */
	const struct result_impl *base, *new; /* borrowed; either may be NULL */
	struct compare_metric time, memory;
	enum compare_verdict verdict;
	/* Why the figures may not be comparable (a set-up or toolchain
	 * difference), or NULL. Owned; shown with the row. */
	char *caveat;
};

struct compare_options {
	double threshold; /* minimum |change| that counts, 0.05 = 5% */
	double alpha;	  /* family-wise significance level, 0.05 */
	/* compare even what was measured differently (the rows are marked
	 * with the difference) */
	bool force;
};

struct compare_result {
	struct compare_pair *pairs;
	size_t nr, alloc;
	size_t tests;		/* p-values adjusted together */
	struct strvec warnings; /* host differs, unpaired workloads, ... */
	size_t regressions, improvements, newly_failed;
	double threshold, alpha;
	char *base_label, *new_label; /* what was compared, for headings */
	/* owned strings pairs point to: "nbody n=1000" for sweep points */
	struct strvec labels;
};

/*
 * Compare two result sets. A side holding more than one file of a
 * workload, a workload whose version, parameters or validation differ
 * between the sides, are errors added to errs (those workloads are not
 * compared; the others are). So, unless opts->force, is a workload
 * measured with a different result schema, cgroup mode, memory source or
 * on a different host (fingerprint), and an implementation whose
 * toolchain version or path or memory source differs (its pair gets
 * COMPARE_NOT_COMPARABLE). With force they are compared, the pairs carry
 * the difference as their caveat and a warning says so. Fills out (release with
 * compare_result_release) and returns 0, or -EINVAL when nothing at all
 * could be compared (errs says why).
 *
 * Two sweeps of the same parameter are compared point by point: points
 * are matched by value (as numbers: 1000 and 1e3 match), each pair's
 * workload reads "nbody n=1000", and a point found on one side only is a
 * warning, not an error. Sweeps of different parameters are an error.
 */
int compare_sets(const struct result_set *base, const struct result_set *new,
		 const struct compare_options *opts, struct compare_result *out,
		 struct versus_errs *errs);

/* Compare one pair of files of the same workload (no file checks; the
 * toolchain check of each pair as described above). */
void compare_files(const struct result_file *base,
		   const struct result_file *new,
		   const struct compare_options *opts,
		   struct compare_result *out);

/*
 * Apply Holm's correction over every test in out and set the verdicts and
 * counts. compare_sets calls it; callers of compare_files call it once
 * after the last pair.
 */
void compare_finish(struct compare_result *out);

void compare_result_init(struct compare_result *out);
void compare_result_release(struct compare_result *out);

/* "regression", "no change", ... */
const char *compare_verdict_name(enum compare_verdict v);

#endif

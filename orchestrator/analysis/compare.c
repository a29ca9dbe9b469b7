/*
 * compare.c: pairing, per-pair statistics, Holm's correction and verdicts.
 * The statistics themselves are stats.c's; this file decides what may be
 * compared and what counts as a regression. Rendering is
 * render/compare.c's.
 */
#include "analysis/compare.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/banned.h"

static const char *const verdict_names[] = {
	[COMPARE_NO_CHANGE] = "no change",
	[COMPARE_IMPROVEMENT] = "improvement",
	[COMPARE_REGRESSION] = "REGRESSION",
	[COMPARE_NEWLY_FAILED] = "NEWLY FAILED",
	[COMPARE_FIXED] = "fixed",
	[COMPARE_FAILED_BOTH] = "failed in both",
	[COMPARE_ONLY_BASE] = "only in base",
	[COMPARE_ONLY_NEW] = "only in new",
	[COMPARE_NOT_COMPARABLE] = "NOT COMPARABLE",
};

const char *compare_verdict_name(enum compare_verdict v)
{
	return verdict_names[v];
}

void compare_result_init(struct compare_result *out)
{
	memset(out, 0, sizeof(*out));
	strvec_init(&out->warnings);
	strvec_init(&out->labels);
	out->threshold = 0.05;
	out->alpha = 0.05;
}

void compare_result_release(struct compare_result *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->nr; i++)
		free(out->pairs[i].caveat);
	free(out->pairs);
	strvec_clear(&out->warnings);
	strvec_clear(&out->labels);
	free(out->base_label);
	free(out->new_label);
	memset(out, 0, sizeof(*out));
}

/* A seed per pair and metric, from both files' seeds and the pair's names. */
static uint64_t pair_seed(const struct result_file *b,
			  const struct result_file *n, const char *id, int m)
{
	uint64_t h = 1469598103934665603ULL ^ b->seed ^ (n->seed << 1);
	for (const char *s = id; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h + (uint64_t)m;
}

static void metric_test(const struct result_impl *b,
			const struct result_impl *n, enum result_metric metric,
			uint64_t seed, struct compare_metric *out)
{
	double *xb = NULL, *xn = NULL;
	size_t nb = result_impl_values(b, metric, &xb);
	size_t nn = result_impl_values(n, metric, &xn);
	struct stats_ratio r;

	memset(out, 0, sizeof(*out));
	out->p = out->p_adjusted = 1;
	out->base_median = nb ? stats_median(xb, nb) : NAN;
	out->new_median = nn ? stats_median(xn, nn) : NAN;
	out->change = out->ci_low = out->ci_high = NAN;
	if (nb && nn && stats_ratio_of_medians(xn, nn, xb, nb, seed, &r) == 0) {
		out->tested = true;
		out->change = r.value - 1;
		out->ci_low = r.ci_low - 1;
		out->ci_high = r.ci_high - 1;
		out->p = stats_mann_whitney_p(xn, nn, xb, nb);
	}
	free(xb);
	free(xn);
}

static struct compare_pair *pair_new(struct compare_result *out)
{
	struct compare_pair *p;
	ALLOC_GROW(out->pairs, out->nr + 1, out->alloc);
	p = &out->pairs[out->nr++];
	memset(p, 0, sizeof(*p));
	p->time.p = p->time.p_adjusted = 1;
	p->memory.p = p->memory.p_adjusted = 1;
	p->time.change = p->memory.change = NAN;
	p->time.base_median = p->time.new_median = NAN;
	p->memory.base_median = p->memory.new_median = NAN;
	return p;
}

static void add_caveat(struct compare_pair *p, const char *text)
{
	char *old = p->caveat;
	p->caveat = old ? xstrfmt("%s; %s", old, text) : xstrdup(text);
	free(old);
}

/* What differs between two runs of one implementation, or NULL. */
static char *pair_diff(const struct result_impl *b, const struct result_impl *n,
		       bool files_differ)
{
	char *tc = result_toolchain_diff(b, n, "BASE", "NEW");
	const char *mb = result_impl_memory_source(b);
	const char *mn = result_impl_memory_source(n);
	/* A difference of the whole files is the set-up's (compare_sets);
	 * one of a single implementation is this pair's. */
	if (!files_differ && mb && mn && strcmp(mb, mn)) {
		char *mem = xstrfmt("memory source '%s' in BASE, '%s' in NEW",
				    mb, mn);
		char *both = tc ? xstrfmt("%s; %s", tc, mem) : NULL;
		free(tc);
		if (both) {
			free(mem);
			return both;
		}
		return mem;
	}
	return tc;
}

void compare_files(const struct result_file *base,
		   const struct result_file *new,
		   const struct compare_options *opts,
		   struct compare_result *out)
{
	const char *fb = result_file_memory_source(base);
	const char *fn = result_file_memory_source(new);
	bool files_differ = fb && fn && strcmp(fb, fn);
	out->threshold = opts->threshold;
	out->alpha = opts->alpha;
	for (size_t i = 0; i < base->impls_nr; i++) {
		const struct result_impl *b = &base->impls[i];
		const struct result_impl *n = result_file_impl(new, b->id);
		struct compare_pair *p = pair_new(out);
		p->workload = base->workload_id;
		p->id = b->id;
		p->language = b->language;
		p->base = b;
		p->new = n;
		if (!n) {
			p->verdict = COMPARE_ONLY_BASE;
		} else if (!result_impl_ok(b) && !result_impl_ok(n)) {
			p->verdict = COMPARE_FAILED_BOTH;
		} else if (!result_impl_ok(n)) {
			p->verdict = COMPARE_NEWLY_FAILED;
		} else if (!result_impl_ok(b)) {
			p->verdict = COMPARE_FIXED;
		} else if ((p->caveat = pair_diff(b, n, files_differ)) &&
			   !opts->force) {
			p->verdict = COMPARE_NOT_COMPARABLE;
		} else {
			metric_test(b, n, RESULT_WALL,
				    pair_seed(base, new, b->id, 0), &p->time);
			metric_test(b, n, RESULT_MEMORY,
				    pair_seed(base, new, b->id, 1), &p->memory);
		}
	}
	for (size_t i = 0; i < new->impls_nr; i++) {
		const struct result_impl *n = &new->impls[i];
		struct compare_pair *p;
		if (result_file_impl(base, n->id))
			continue;
		p = pair_new(out);
		p->workload = new->workload_id;
		p->id = n->id;
		p->language = n->language;
		p->new = n;
		p->verdict = COMPARE_ONLY_NEW;
	}
}

static enum compare_verdict metric_verdict(const struct compare_metric *m,
					   double threshold, double alpha)
{
	if (!m->tested || !(m->p_adjusted < alpha))
		return COMPARE_NO_CHANGE;
	if (m->change > threshold)
		return COMPARE_REGRESSION;
	if (m->change < -threshold)
		return COMPARE_IMPROVEMENT;
	return COMPARE_NO_CHANGE;
}

void compare_finish(struct compare_result *out)
{
	double *p = xcalloc(2 * out->nr + 1, sizeof(*p));
	double *adj = xcalloc(2 * out->nr + 1, sizeof(*adj));
	size_t k = 0;

	for (size_t i = 0; i < out->nr; i++) {
		struct compare_metric *m[2] = {&out->pairs[i].time,
					       &out->pairs[i].memory};
		for (int j = 0; j < 2; j++)
			if (m[j]->tested)
				p[k++] = m[j]->p;
	}
	stats_holm(p, k, adj);
	out->tests = k;
	out->regressions = out->improvements = out->newly_failed = 0;
	k = 0;
	for (size_t i = 0; i < out->nr; i++) {
		struct compare_pair *pr = &out->pairs[i];
		struct compare_metric *m[2] = {&pr->time, &pr->memory};
		bool tested = false;
		for (int j = 0; j < 2; j++) {
			if (!m[j]->tested)
				continue;
			tested = true;
			m[j]->p_adjusted = adj[k++];
			m[j]->verdict = metric_verdict(m[j], out->threshold,
						       out->alpha);
		}
		if (tested) {
			if (pr->time.verdict == COMPARE_REGRESSION ||
			    pr->memory.verdict == COMPARE_REGRESSION)
				pr->verdict = COMPARE_REGRESSION;
			else if (pr->time.verdict == COMPARE_IMPROVEMENT ||
				 pr->memory.verdict == COMPARE_IMPROVEMENT)
				pr->verdict = COMPARE_IMPROVEMENT;
			else
				pr->verdict = COMPARE_NO_CHANGE;
		}
		out->regressions += pr->verdict == COMPARE_REGRESSION;
		out->improvements += pr->verdict == COMPARE_IMPROVEMENT;
		out->newly_failed += pr->verdict == COMPARE_NEWLY_FAILED;
	}
	free(p);
	free(adj);
}

/* ---- pairing of result sets ---- */

/* The only file of workload id in set, or NULL; counts them in *count. */
static const struct result_file *find_workload(const struct result_set *set,
					       const char *id, size_t *count)
{
	const struct result_file *found = NULL;
	*count = 0;
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->files[i]->workload_id, id)) {
			if (!found)
				found = set->files[i];
			(*count)++;
		}
	return found;
}

static void list_files(const struct result_set *set, const char *id,
		       struct strbuf *sb)
{
	size_t k = 0;
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->files[i]->workload_id, id))
			strbuf_addf(sb, "%s'%s'", k++ ? ", " : "",
				    set->files[i]->path);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The parameters of rf but the swept one (it differs per point). */
static void params_text(const struct result_file *rf, struct strbuf *sb)
{
	size_t n = 0;
	for (size_t i = 0; i < rf->params_nr; i++)
		if (!rf->sweep_param ||
		    strcmp(rf->params[i].name, rf->sweep_param))
			strbuf_addf(sb, "%s%s=%s", n++ ? " " : "",
				    rf->params[i].name, rf->params[i].value);
	if (!n)
		strbuf_addstr(sb, "(none)");
}

static void validate_text(const struct result_file *rf, struct strbuf *sb)
{
	strbuf_addstr(sb, rf->validate_mode ? rf->validate_mode : "(none)");
	if (!isnan(rf->validate_abs_tol))
		strbuf_addf(sb, " abs_tol=%g", rf->validate_abs_tol);
	if (!isnan(rf->validate_rel_tol))
		strbuf_addf(sb, " rel_tol=%g", rf->validate_rel_tol);
}

/* Whether b and n may be compared; adds the reason to errs when not. */
static bool comparable(const struct result_file *b, const struct result_file *n,
		       struct versus_errs *errs)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool ok = true;
	if (b->workload_version != n->workload_version) {
		versus_errs_add(errs, -EINVAL, n->path, 0, 0,
				"workload '%s' is version %ld here but version "
				"%ld in '%s': results of different workload "
				"versions are never compared",
				n->workload_id, n->workload_version,
				b->workload_version, b->path);
		return false;
	}
	validate_text(b, &x);
	validate_text(n, &y);
	if (strcmp(x.buf, y.buf)) {
		versus_errs_add(errs, -EINVAL, n->path, 0, 0,
				"workload '%s' validates outputs with '%s' "
				"here but '%s' in '%s': refusing to compare "
				"results validated differently",
				n->workload_id, y.buf, x.buf, b->path);
		ok = false;
	}
	if (ok && !same_str(b->sweep_param, n->sweep_param)) {
		char *sn = n->sweep_param
				   ? xstrfmt("a sweep of '%s'", n->sweep_param)
				   : xstrdup("not a sweep");
		char *sb = b->sweep_param
				   ? xstrfmt("a sweep of '%s'", b->sweep_param)
				   : xstrdup("not a sweep");
		versus_errs_add(errs, -EINVAL, n->path, 0, 0,
				"workload '%s' is %s here but %s in '%s': "
				"refusing to compare them",
				n->workload_id, sn, sb, b->path);
		free(sn);
		free(sb);
		ok = false;
	}
	strbuf_reset(&x);
	strbuf_reset(&y);
	params_text(b, &x);
	params_text(n, &y);
	if (ok && (strcmp(x.buf, y.buf) || !same_str(b->size, n->size))) {
		versus_errs_add(errs, -EINVAL, n->path, 0, 0,
				"workload '%s' ran with parameters '%s' here "
				"but '%s' in '%s': refusing to compare "
				"different problem sizes",
				n->workload_id, y.buf, x.buf, b->path);
		ok = false;
	}
	strbuf_release(&x);
	strbuf_release(&y);
	return ok;
}

/* The point of rf whose value equals x as a number, or NULL. */
static const struct result_point *find_point(const struct result_file *rf,
					     const char *value)
{
	char *end;
	double x = strtod(value, &end);
	for (size_t k = 0; k < rf->points_nr; k++) {
		const char *v = rf->points[k].value;
		char *e;
		double y = strtod(v, &e);
		if (!strcmp(v, value) ||
		    (*end == '\0' && *e == '\0' && e != v && x == y))
			return &rf->points[k];
	}
	return NULL;
}

/*
 * compare_files of b and n, or, for two sweeps, of each pair of points
 * (matched by value); a point on one side only is a warning.
 */
static void compare_workload(const struct result_file *b,
			     const struct result_file *n,
			     const struct compare_options *opts,
			     struct compare_result *out)
{
	if (!b->sweep_param || !n->sweep_param) {
		compare_files(b, n, opts, out);
		return;
	}
	for (int side = 0; side < 2; side++) {
		const struct result_file *x = side ? n : b, *y = side ? b : n;
		for (size_t k = 0; k < x->points_nr; k++) {
			const struct result_point *px = &x->points[k];
			const struct result_point *py =
				find_point(y, px->value);
			if (!py) {
				strvec_push_owned(
					&out->warnings,
					xstrfmt("workload '%s': point %s=%s is "
						"only in %s: not compared",
						x->workload_id, x->sweep_param,
						px->value,
						side ? "NEW" : "BASE"));
				continue;
			}
			if (side)
				continue; /* compared from BASE's side */
			struct result_file vb = *b, vn = *n;
			char *label = xstrfmt("%s %s=%s", b->workload_id,
					      b->sweep_param, px->value);
			strvec_push_owned(&out->labels, label);
			vb.workload_id = vn.workload_id = label;
			vb.impls = px->impls;
			vb.impls_nr = px->impls_nr;
			vn.impls = py->impls;
			vn.impls_nr = py->impls_nr;
			compare_files(&vb, &vn, opts, out);
		}
	}
}

static void warn_pair(const struct result_file *b, const struct result_file *n,
		      struct compare_result *out)
{
	if (!b->complete || !n->complete)
		strvec_push_owned(&out->warnings,
				  xstrfmt("'%s' is from an interrupted run: "
					  "fewer samples than planned",
					  !b->complete ? b->path : n->path));
	if (!same_str(b->manifest_sha256, n->manifest_sha256))
		strvec_push_owned(&out->warnings,
				  xstrfmt("workload '%s': the manifest changed "
					  "between the runs (same version %ld)",
					  b->workload_id, b->workload_version));
}

/* Whether workload id appears before index i in set (already handled). */
static bool seen_before(const struct result_set *set, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(set->files[k]->workload_id,
			    set->files[i]->workload_id))
			return true;
	return false;
}

int compare_sets(const struct result_set *base, const struct result_set *new,
		 const struct compare_options *opts, struct compare_result *out,
		 struct versus_errs *errs)
{
	size_t compared = 0, refused = 0;
	out->threshold = opts->threshold;
	out->alpha = opts->alpha;
	for (size_t i = 0; i < base->nr; i++) {
		const struct result_file *b = base->files[i], *n;
		size_t nb, nn;
		if (seen_before(base, i))
			continue;
		find_workload(base, b->workload_id, &nb);
		n = find_workload(new, b->workload_id, &nn);
		if (nb > 1 || nn > 1) {
			struct strbuf sb = STRBUF_INIT;
			list_files(nb > 1 ? base : new, b->workload_id, &sb);
			versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					"%s holds %zu result files of workload "
					"'%s' (%s); compare needs exactly one "
					"per workload on each side",
					nb > 1 ? "BASE" : "NEW",
					nb > 1 ? nb : nn, b->workload_id,
					sb.buf);
			strbuf_release(&sb);
			refused++;
			continue;
		}
		if (!n) {
			strvec_push_owned(&out->warnings,
					  xstrfmt("workload '%s' is only in "
						  "BASE ('%s'): not compared",
						  b->workload_id, b->path));
			continue;
		}
		if (!comparable(b, n, errs)) {
			refused++;
			continue;
		}
		char *setup = result_setup_diff(b, n, "BASE", "NEW");
		if (setup && !opts->force) {
			versus_errs_add(
				errs, -EINVAL, n->path, 0, 0,
				"workload '%s' was measured differently "
				"in '%s' (%s): not compared, since the "
				"differences could come from the "
				"set-up; --force compares anyway",
				n->workload_id, b->path, setup);
			free(setup);
			refused++;
			continue;
		}
		warn_pair(b, n, out);
		size_t first = out->nr;
		compare_workload(b, n, opts, out);
		if (setup) {
			strvec_push_owned(
				&out->warnings,
				xstrfmt("workload '%s' compared although it "
					"was "
					"measured differently (--force): %s; "
					"its rows are marked (!)",
					n->workload_id, setup));
			for (size_t k = first; k < out->nr; k++)
				add_caveat(&out->pairs[k], setup);
			free(setup);
		}
		for (size_t k = first; k < out->nr; k++) {
			const struct compare_pair *p = &out->pairs[k];
			if (p->verdict == COMPARE_NOT_COMPARABLE)
				versus_errs_add(errs, -EINVAL, n->path, 0, 0,
						"workload '%s', implementation "
						"'%s': %s: not compared; "
						"--force compares anyway",
						p->workload, p->id, p->caveat);
			else if (p->caveat && !setup)
				strvec_push_owned(
					&out->warnings,
					xstrfmt("workload '%s', implementation "
						"'%s' compared although %s "
						"(--force); marked (!)",
						p->workload, p->id, p->caveat));
		}
		compared++;
	}
	for (size_t i = 0; i < new->nr; i++) {
		size_t nb;
		if (seen_before(new, i))
			continue;
		if (!find_workload(base, new->files[i]->workload_id, &nb))
			strvec_push_owned(&out->warnings,
					  xstrfmt("workload '%s' is only in "
						  "NEW ('%s'): not compared",
						  new->files[i]->workload_id,
						  new->files[i]->path));
	}
	compare_finish(out);
	if (!compared) {
		if (!refused)
			versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					"BASE and NEW have no workload in "
					"common: nothing to compare");
		return -EINVAL;
	}
	return 0;
}

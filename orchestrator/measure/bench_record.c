/*
 * bench_record.c: a finished measurement (struct bench) as the result
 * record (record/record.h) that is written to the results folder. Every
 * string is copied: the record outlives the bench.
 */
#include "measure/bench.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/version.h"
#include "util/banned.h"

/* Every name derived from a workload id must fit in NAME_MAX. */
_Static_assert(MANIFEST_ID_MAX + RESULT_NAME_SUFFIX_MAX <= NAME_MAX,
	       "result file names could exceed NAME_MAX");

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void copy_strvec(struct strvec *dst, const struct strvec *src)
{
	for (size_t i = 0; i < src->nr; i++)
		strvec_push(dst, src->v[i]);
}

static void copy_params(struct result_param **out, size_t *nr,
			const struct kvlist *kv)
{
	*out = xcalloc(kv->nr + 1, sizeof(**out));
	for (size_t i = 0; i < kv->nr; i++) {
		(*out)[i].name = xstrdup(kv->keys[i]);
		(*out)[i].value = xstrdup(kv->values[i]);
	}
	*nr = kv->nr;
}

static void copy_summary(struct result_summary *dst,
			 const struct stats_summary *s)
{
	*dst = (struct result_summary){
		.present = true,
		.n = s->n,
		.median = s->median,
		.mean = s->mean,
		.stddev = s->stddev,
		.mad = s->mad,
		.min = s->min,
		.max = s->max,
		.q1 = s->q1,
		.q3 = s->q3,
		.outliers = s->outliers,
		.ci_low = s->ci_low,
		.ci_high = s->ci_high,
	};
}

static void copy_ratio(struct result_ratio *dst, const struct stats_ratio *r)
{
	*dst = (struct result_ratio){
		.present = !isnan(r->value),
		.value = r->value,
		.ci_low = r->ci_low,
		.ci_high = r->ci_high,
	};
}

static void copy_sample(struct result_sample *dst, const struct bench_sample *s)
{
	dst->round = s->round;
	snprintf(dst->status, sizeof(dst->status), "%s",
		 status_name(s->status));
	dst->exit_code = s->exit_code;
	dst->signal = s->signal;
	dst->wall_ns = (double)s->wall_ns;
	dst->user_ns = (double)s->user_ns;
	dst->sys_ns = (double)s->sys_ns;
	dst->cpu_ns = (double)s->cpu_ns;
	dst->peak_memory_bytes = (double)s->peak_memory_bytes;
	dst->max_rss_bytes = (double)s->max_rss_bytes;
	dst->memory_source =
		xstrdup(s->memory_source ? s->memory_source : "unknown");
}

static double *copy_doubles(const double *v, size_t n)
{
	if (!v)
		return NULL;
	double *out = xmalloc((n + 1) * sizeof(*out));
	memcpy(out, v, n * sizeof(*out));
	return out;
}

/* One execution's series as parsed (measure/itermode.h). */
static void copy_iter_exec(struct result_iter_exec *ex,
			   const struct iter_exec *src)
{
	const struct iterproto *p = src->proto;
	ex->round = src->round;
	snprintf(ex->status, sizeof(ex->status), "%s",
		 status_name(src->status));
	ex->n = iterproto_count(p);
	ex->iter_ns = xmalloc((ex->n + 1) * sizeof(*ex->iter_ns));
	memcpy(ex->iter_ns, iterproto_iter_ns(p), ex->n * sizeof(uint64_t));
	ex->start_ns = src->start_ns;
	size_t names = iterproto_metric_names(p);
	ex->metrics = xcalloc(names + 1, sizeof(*ex->metrics));
	for (size_t k = 0; k < names; k++) {
		struct result_iter_metric *m = &ex->metrics[ex->metrics_nr++];
		m->name = xstrdup(iterproto_metric_name(p, k));
		m->unit = xstrdup(iterproto_metric_unit(p, k));
		m->values = xmalloc((ex->n + 1) * sizeof(*m->values));
		for (size_t i = 0; i < ex->n; i++)
			if (!iterproto_metric(p, k, (uint32_t)i, &m->values[i]))
				m->values[i] = NAN;
	}
	ex->cgroup_cpu_ns = copy_doubles(src->cg_cpu_ns, ex->n);
	ex->cgroup_memory_bytes = copy_doubles(src->cg_memory_bytes, ex->n);
	ex->violation_line = ex->violation_offset = NAN;
	const struct iterproto_violation *v = iterproto_violation(p);
	if (src->status == STATUS_PV && v) {
		ex->violation_rule = xstrdup(iterproto_rule_name(v->rule));
		ex->violation_line = (double)v->line;
		ex->violation_offset = (double)v->offset;
		ex->violation_message = xstrdup(v->message);
	}
}

static void copy_iterations(struct result_iterations *r,
			    const struct manifest_iterations *it,
			    const struct bench *b, const struct bench_impl *bi)
{
	r->present = true;
	r->count = it->count;
	r->executions = b->rules.fixed_runs;
	r->inner = it->inner;
	r->mode =
		xstrdup(it->mode == MANIFEST_ITER_COMPAT ? "compat" : "versus");
	r->penalty = it->penalty;
	r->tolerance = it->tolerance;
	r->execs = xcalloc(bi->iters_nr + 1, sizeof(*r->execs));
	for (size_t i = 0; i < bi->iters_nr; i++)
		copy_iter_exec(&r->execs[r->execs_nr++], &bi->iters[i]);
}

/* bi as im; its checks are those of ck (point 0 of a sweep). */
static void copy_impl(struct result_impl *im, const struct bench *b,
		      const struct bench_impl *bi, const struct bench_impl *ck)
{
	const struct plan_impl *pi = bi->plan;
	const struct toolchain *tc = pi->toolchain;

	result_impl_init(im);
	im->id = xstrdup(pi->impl->id);
	im->language = xstrdup(pi->impl->language);
	im->status = xstrdup(status_name(bi->status));
	im->reason = dup_or_null(bi->reason);
	im->source = dup_or_null(pi->impl->source);
	im->source_sha256 =
		dup_or_null(bi->source_sha256[0] ? bi->source_sha256 : NULL);
	if (tc && tc->available) {
		im->toolchain_path = dup_or_null(tc->path);
		im->toolchain_version = dup_or_null(tc->version);
	}
	im->has_build = bi->has_build;
	if (bi->has_build) {
		copy_strvec(&im->build_argv, &pi->build_argv);
		im->build_wall_ns = (double)bi->build_wall_ns;
		im->build_cached = bi->build_cached;
		im->build_output_bytes = (double)bi->build_output_bytes;
		im->build_stderr = dup_or_null(bi->build_stderr);
	}
	copy_strvec(&im->run_argv,
		    bi->point_argv.nr ? &bi->point_argv : &pi->run_argv);
	im->checks = xcalloc(ck->checks_nr + 1, sizeof(*im->checks));
	for (size_t i = 0; i < ck->checks_nr; i++) {
		const struct bench_check *c = &ck->checks[i];
		struct result_check *rc = &im->checks[im->checks_nr++];
		copy_params(&rc->params, &rc->params_nr, &c->params);
		rc->expect = dup_or_null(c->expect);
		/* A case that did not run (the build or an earlier case
		 * failed, or the toolchain is missing) has no status. */
		rc->status = c->ran ? xstrdup(status_name(c->status)) : NULL;
		rc->message = dup_or_null(c->message);
	}
	if (bi->have_output) {
		im->output_digest = xstrdup(bi->output_digest);
		im->output_digest_algorithm = xstrdup(SANDBOX_DIGEST_ALGORITHM);
	}
	im->warmup_runs = bi->warmup_runs;
	im->stop_reason = dup_or_null(bi->stop_reason);
	im->samples = xcalloc(bi->samples_nr + 1, sizeof(*im->samples));
	for (size_t i = 0; i < bi->samples_nr; i++)
		copy_sample(&im->samples[im->samples_nr++], &bi->samples[i]);
	im->has_stats = bi->have_stats;
	if (bi->have_stats) {
		copy_summary(&im->stats[RESULT_WALL], &bi->wall);
		copy_summary(&im->stats[RESULT_CPU], &bi->cpu);
		copy_summary(&im->stats[RESULT_MEMORY], &bi->memory);
	}
	im->has_ratio = bi->have_ratio;
	if (bi->have_ratio) {
		copy_ratio(&im->ratio[RESULT_WALL], &bi->ratio_time);
		copy_ratio(&im->ratio[RESULT_CPU], &bi->ratio_cpu);
		copy_ratio(&im->ratio[RESULT_MEMORY], &bi->ratio_memory);
	}
	const struct manifest_iterations *it = &b->plan->manifest->iterations;
	if (it->count && bi->status != STATUS_NA)
		copy_iterations(&im->iterations, it, b, bi);
}

static void copy_host(struct result_file *rf, const struct bench *b)
{
	const struct host_info *h = &b->host;
	rf->hostname = dup_or_null(h->hostname);
	rf->kernel = dup_or_null(h->kernel);
	rf->arch = dup_or_null(h->arch);
	rf->os = dup_or_null(h->os);
	rf->cpu_model = dup_or_null(h->cpu_model);
	rf->cpus_online = h->cpus_online;
	rf->memory_bytes = (double)h->memory_bytes;
	rf->cgroup_mode = dup_or_null(b->mode_name);
	rf->seccomp = b->seccomp;
	rf->box = dup_or_null(b->box_name);
	rf->executor = dup_or_null(h->executor);
	rf->job_steps = (long long)b->job_steps;
	rf->aslr = h->aslr;
	rf->governor = dup_or_null(h->governor);
	memcpy(rf->load_average, h->load_average, sizeof(rf->load_average));
	rf->fingerprint = xstrdup(h->fingerprint);
	rf->smt = h->smt;
	rf->boost = h->boost;
	rf->swap_bytes = h->swap_bytes < 0 ? NAN : (double)h->swap_bytes;
	rf->perf_counters = h->perf_counters;
	rf->hardware_fingerprint = xstrdup(h->hardware_fingerprint);
	rf->environment_fingerprint = xstrdup(h->environment_fingerprint);
	rf->microcode = dup_or_null(h->microcode);
	rf->sockets = h->sockets;
	rf->cores = h->cores;
	rf->threads_per_core = h->threads_per_core;
	rf->visible_cpus = dup_or_null(h->visible_cpus);
}

/* The manifest's published figures for this run's size, if any. */
static void copy_published(struct result_published *rp,
			   const struct manifest *m, const char *size)
{
	const struct manifest_published *p = &m->published;
	const struct manifest_published_set *set;
	if (!p->present)
		return;
	set = manifest_published_for(m, size);
	rp->present = true;
	rp->citation = dup_or_null(p->citation);
	rp->url = dup_or_null(p->url);
	rp->version = dup_or_null(p->version);
	rp->machine = dup_or_null(p->machine);
	rp->toolchains = dup_or_null(p->toolchains);
	rp->metric = xstrdup(published_metric_name(p->metric));
	rp->baseline = dup_or_null(p->baseline);
	rp->kind = xstrdup(set && set->absolute ? "absolute" : "ratio");
	rp->size = dup_or_null(set ? set->size : NULL);
	rp->aggregate = xstrdup(published_aggregate_name(p->aggregate));
	rp->tolerance = p->tolerance;
	rp->values =
		xcalloc((set ? set->values_nr : 0) + 1, sizeof(*rp->values));
	for (size_t i = 0; set && i < set->values_nr; i++) {
		const struct manifest_published_value *v = &set->values[i];
		struct result_published_value *rv = &rp->values[i];
		rv->id = xstrdup(v->id);
		rv->value = v->value;
		rv->tolerance =
			isnan(v->tolerance) ? p->tolerance : v->tolerance;
		rv->toolchain = dup_or_null(v->toolchain);
	}
	rp->values_nr = set ? set->values_nr : 0;
}

struct result_file *bench_record(const struct bench *b)
{
	const struct plan_workload *pw = b->plan;
	const struct manifest *m = pw->manifest;
	struct result_file *rf = result_file_new();

	rf->versus_version = xstrdup(VERSUS_VERSION);
	rf->complete = b->complete;
	rf->started_at = xstrdup(b->started_at);
	rf->finished_at = xstrdup(b->finished_at);
	for (const char *const *a = b->command; a && *a; a++)
		strvec_push(&rf->command, *a);
	rf->seed = b->options->seed;

	rf->workload_id = xstrdup(m->workload);
	rf->workload_version = m->version;
	rf->title = dup_or_null(m->title);
	rf->manifest = dup_or_null(m->path);
	rf->manifest_sha256 = xstrdup(m->digest);
	rf->size = dup_or_null(pw->size);
	rf->baseline = dup_or_null(m->baseline);
	if (b->reference < b->impls_nr)
		rf->reference = xstrdup(b->impls[b->reference].plan->impl->id);
	copy_strvec(&rf->args, &pw->args);
	rf->validate_mode = xstrdup(validate_mode_name(m->validate.mode));
	rf->validate_abs_tol = m->validate.abs_tol;
	rf->validate_rel_tol = m->validate.rel_tol;
	copy_params(&rf->params, &rf->params_nr, &pw->params);

	rf->measure.warmup = b->warmup;
	rf->measure.min_runs = b->rules.min_runs;
	rf->measure.max_runs = b->rules.max_runs;
	rf->measure.target_ci = b->rules.target_ci;
	rf->measure.time_budget_s = b->rules.time_budget_s;
	rf->measure.fixed_runs =
		b->rules.fixed_runs > 0 ? b->rules.fixed_runs : NAN;
	rf->limits.wall_s = m->limits.wall_s;
	rf->limits.cpu_s = m->limits.cpu_s;
	rf->limits.memory_bytes = (double)m->limits.memory_bytes;
	rf->limits.pids = (double)m->limits.pids;
	rf->limits.output_bytes = (double)m->limits.output_bytes;
	rf->limits.cpus = dup_or_null(pw->cpus);
	rf->limits.pinning = dup_or_null(b->pin_name);

	copy_host(rf, b);

	copy_published(&rf->published, m, pw->size);
	/* without a sweep, the one point; with one, a copy of the last */
	size_t last = (b->points_nr - 1) * b->per_point;
	rf->impls = xcalloc(b->per_point + 1, sizeof(*rf->impls));
	for (size_t i = 0; i < b->per_point; i++)
		copy_impl(&rf->impls[rf->impls_nr++], b, &b->impls[last + i],
			  &b->impls[i]);
	if (!pw->sweep_param)
		return rf;
	rf->sweep_param = xstrdup(pw->sweep_param);
	rf->points = xcalloc(b->points_nr, sizeof(*rf->points));
	for (size_t p = 0; p < b->points_nr; p++) {
		struct result_point *pt = &rf->points[rf->points_nr++];
		size_t ref = b->point_reference[p];
		pt->value = xstrdup(pw->sweep_values->v[p]);
		pt->reference = ref < b->impls_nr
					? xstrdup(b->impls[ref].plan->impl->id)
					: NULL;
		pt->impls = xcalloc(b->per_point + 1, sizeof(*pt->impls));
		for (size_t i = 0; i < b->per_point; i++)
			copy_impl(&pt->impls[pt->impls_nr++], b,
				  &b->impls[p * b->per_point + i],
				  &b->impls[i]);
	}
	return rf;
}

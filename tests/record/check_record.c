/*
 * check_record.c: the result record (record/record.h) round trip. Records
 * built in code, for every status and with the optional fields missing,
 * are written and read back field by field; the golden files of
 * tests/data/results/ are read and written back (the ones versus wrote
 * byte for byte, older hand-made ones without losing a key); and
 * results/README.md's schema tables list exactly the keys the writer
 * writes, with their JSON types.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/record.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define RESULTS VERSUS_TEST_DATA "/results"
#define README	VERSUS_SOURCE_DIR "/results/README.md"

/* ---- records built in code ---- */

static void add_params(struct result_param **out, size_t *nr, size_t n)
{
	*out = xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		(*out)[i].name = xstrfmt("p%zu", i);
		(*out)[i].value = xstrfmt("%zu", 10 * i + 1);
	}
	*nr = n;
}

static void fill_summary(struct result_summary *s, double base)
{
	*s = (struct result_summary){
		.present = true,
		.n = 3,
		.median = base,
		.mean = base + 0.25,
		.stddev = 0.1,
		.mad = 0.5,
		.min = base - 1,
		.max = base + 2,
		.q1 = base - 0.5,
		.q3 = base + 0.75,
		.outliers = 1,
		.ci_low = base - 1,
		.ci_high = base + 1.5,
	};
}

/* Iteration mode: two executions of four iterations (one with every
 * optional part, one with none) for OK, one cut short by a violation for
 * PV. */
static void fill_iterations(struct result_iterations *r, enum impl_status st)
{
	bool pv = st == STATUS_PV;
	r->present = true;
	r->count = 4;
	r->executions = 2;
	r->inner = pv ? 1 : 3;
	r->mode = xstrdup(pv ? "compat" : "versus");
	r->penalty = 15;
	r->tolerance = 0.02;
	r->execs = xcalloc(2, sizeof(*r->execs));
	r->execs_nr = pv ? 1 : 2;
	for (size_t e = 0; e < r->execs_nr; e++) {
		struct result_iter_exec *ex = &r->execs[e];
		ex->round = (long)e + 1;
		snprintf(ex->status, sizeof(ex->status), "%s",
			 status_name(pv ? STATUS_PV : STATUS_OK));
		ex->n = pv ? 2 : 4;
		ex->iter_ns = xcalloc(ex->n, sizeof(*ex->iter_ns));
		for (size_t i = 0; i < ex->n; i++)
			ex->iter_ns[i] = 28800176 - 1000000 * i + e;
		ex->start_ns = e == 0 ? 84512630021.0 : NAN;
		ex->violation_line = ex->violation_offset = NAN;
		if (pv) {
			ex->violation_rule = xstrdup("bad-metric-value");
			ex->violation_line = 4;
			ex->violation_offset = 47;
			ex->violation_message = xstrdup(
				"line 4: metric value is not a finite decimal "
				"number: \"metric gc 1,5 ms\"");
		}
		if (e == 1)
			continue;
		ex->metrics = xcalloc(2, sizeof(*ex->metrics));
		ex->metrics_nr = 2;
		ex->metrics[0].name = xstrdup("gc_time");
		ex->metrics[0].unit = xstrdup("ms");
		ex->metrics[1].name = xstrdup("heap");
		ex->metrics[1].unit = xstrdup("KiB");
		ex->cgroup_cpu_ns = xcalloc(ex->n, sizeof(double));
		ex->cgroup_memory_bytes = xcalloc(ex->n, sizeof(double));
		for (size_t k = 0; k < 2; k++)
			ex->metrics[k].values = xcalloc(ex->n, sizeof(double));
		for (size_t i = 0; i < ex->n; i++) {
			ex->metrics[0].values[i] = i == 1 ? NAN : 1.25 / 3 * i;
			ex->metrics[1].values[i] = 2048 + 64 * (double)i;
			ex->cgroup_cpu_ns[i] = 3e7 * (double)(i + 1);
			ex->cgroup_memory_bytes[i] =
				i == 2 ? NAN : 1048576 + 4096 * (double)i;
		}
	}
}

/* An implementation with status st and every field that status allows. */
static void fill_impl(struct result_impl *im, enum impl_status st, size_t i)
{
	bool ok = st == STATUS_OK;
	result_impl_init(im);
	im->id = xstrfmt("impl-%zu", i);
	im->language = xstrdup(i % 2 ? "python" : "c");
	im->status = xstrdup(status_name(st));
	im->reason = ok ? NULL : xstrfmt("%s happened", status_name(st));
	im->source = xstrfmt("/src/impl-%zu.c", i);
	im->source_sha256 = xstrdup("ab12");
	if (st != STATUS_NA) {
		im->toolchain_path = xstrdup("/usr/bin/cc");
		im->toolchain_version = xstrdup("cc 12.2");
	}
	if (i % 2 == 0) {
		im->has_build = true;
		strvec_push(&im->build_argv, "cc");
		strvec_push(&im->build_argv, "-O2");
		im->build_wall_ns = 123456789;
		im->build_cached = i % 4 == 0;
		im->build_output_bytes = 16384;
		im->build_stderr = st == STATUS_CE
					   ? xstrdup("error: \"x\"\n\tline")
					   : NULL;
	}
	strvec_push(&im->run_argv, "/build/main");
	strvec_push(&im->run_argv, "1000");
	im->checks = xcalloc(2, sizeof(*im->checks));
	im->checks_nr = 2;
	add_params(&im->checks[0].params, &im->checks[0].params_nr, 2);
	im->checks[0].expect = xstrdup("/src/expected/100.out");
	im->checks[0].status = xstrdup(status_name(st));
	im->checks[0].message = ok ? NULL : xstrdup("differs at line 2");
	/* The second case did not run, and has no params or expect. */
	if (st != STATUS_NA) {
		im->output_digest = xstrdup("cd34");
		im->output_digest_algorithm = xstrdup("xxh3-128");
	}
	im->warmup_runs = 1;
	im->stop_reason = xstrdup(ok ? "target_ci" : "failed");
	im->samples = xcalloc(3, sizeof(*im->samples));
	im->samples_nr = st == STATUS_NA ? 0 : 3;
	for (size_t k = 0; k < im->samples_nr; k++) {
		struct result_sample *s = &im->samples[k];
		bool last = k + 1 == im->samples_nr;
		s->round = (long)k + 1;
		snprintf(s->status, sizeof(s->status), "%s",
			 status_name(last ? st : STATUS_OK));
		s->exit_code = last && st == STATUS_RE ? 3 : 0;
		s->signal = last && st == STATUS_SG ? 11 : 0;
		s->wall_ns = 1e9 + (double)k;
		s->user_ns = 5e8;
		s->sys_ns = 1e7;
		s->cpu_ns = 5.1e8;
		s->peak_memory_bytes = 1048576;
		s->max_rss_bytes = 2097152;
		s->memory_source = xstrdup(k == 1 ? "cgroup2 memory.peak"
						  : "cgroup1 memory.max_usage_"
						    "in_bytes");
	}
	if (ok) {
		im->has_stats = true;
		fill_summary(&im->stats[RESULT_WALL], 1e9 + 1);
		fill_summary(&im->stats[RESULT_CPU], 5.1e8);
		fill_summary(&im->stats[RESULT_MEMORY], 1048576);
		im->has_ratio = true;
		for (size_t k = 0; k < 3; k++)
			im->ratio[k] =
				(struct result_ratio){true, 1.0 / 3 + (double)k,
						      0.3, 2.5 + (double)k};
		/* a single run on one side: no interval */
		im->ratio[RESULT_MEMORY].ci_low = NAN;
		im->ratio[RESULT_MEMORY].ci_high = NAN;
	}
	if (st == STATUS_OK || st == STATUS_PV)
		fill_iterations(&im->iterations, st);
}

/* A record with every optional field present and one implementation of
 * each status, in enum order. */
static struct result_file *full_record(void)
{
	struct result_file *rf = result_file_new();
	rf->versus_version = xstrdup("9.9.9");
	rf->complete = false;
	rf->started_at = xstrdup("2026-11-22T20:15:00Z");
	rf->finished_at = xstrdup("2026-11-22T20:16:41Z");
	strvec_push(&rf->command, "versus");
	strvec_push(&rf->command, "run");
	strvec_push(&rf->command, "caf\xc3\xa9 \"quoted\"\n");
	rf->seed = 18446744073709551ULL;
	rf->revision = xstrdup("0123456789abcdef0123456789abcdef01234567");
	rf->revision_time = xstrdup("2026-11-21T10:00:00Z");
	rf->revision_source = xstrdup("git");
	rf->workload_id = xstrdup("nbody");
	rf->workload_version = 3;
	rf->title = xstrdup("N-body");
	rf->manifest = xstrdup("workloads/nbody.yaml");
	rf->manifest_sha256 = xstrdup("972a");
	rf->size = xstrdup("small");
	rf->baseline = xstrdup("impl-0");
	rf->reference = xstrdup("impl-0");
	strvec_push(&rf->args, "500000");
	rf->validate_mode = xstrdup("numeric");
	rf->validate_abs_tol = 1e-8;
	rf->validate_rel_tol = 0.1;
	add_params(&rf->params, &rf->params_nr, 3);
	rf->measure = (struct result_measure){1, 5, 30, 0.02, 60, 7};
	rf->limits = (struct result_limits){
		120,	  100.5,	  2147483648.0,	       256,
		67108864, xstrdup("1-2"), xstrdup("cpuset-v2")};
	rf->hostname = xstrdup("bench-01");
	rf->kernel = xstrdup("Linux 6.1.0");
	rf->arch = xstrdup("x86_64");
	rf->os = xstrdup("Debian GNU/Linux 12 (bookworm)");
	rf->cpu_model = xstrdup("Intel(R) Xeon(R)");
	rf->cgroup_mode = xstrdup("cgroup2");
	rf->governor = xstrdup("performance");
	rf->fingerprint = xstrdup("5f0c");
	rf->cpus_online = 8;
	rf->memory_bytes = 25769803776.0;
	rf->seccomp = 1;
	rf->aslr = 2;
	rf->load_average[0] = 0.12;
	rf->load_average[1] = 0.2;
	rf->load_average[2] = 1.0 / 3;
	rf->smt = 1;
	rf->boost = 0;
	rf->swap_bytes = 1073741824.0;
	rf->perf_counters = 0;
	rf->box = xstrdup("userns");
	rf->hardware_fingerprint = xstrdup("aa11");
	rf->environment_fingerprint = xstrdup("bb22");
	rf->microcode = xstrdup("0xde");
	rf->sockets = 1;
	rf->cores = 8;
	rf->threads_per_core = 2;
	rf->visible_cpus = xstrdup("0-3,8");
	rf->executor = xstrdup("srun-step");
	rf->job_steps = 42;
	rf->shard_plan_id = xstrdup("cc33");
	rf->shard_index = 2;
	rf->shard_count = 3;
	rf->shard_unit = xstrdup("nbody@small");
	rf->shard_canary_ns = 1234567;
	rf->impls = xcalloc(STATUS_COUNT, sizeof(*rf->impls));
	for (size_t i = 0; i < STATUS_COUNT; i++)
		fill_impl(&rf->impls[rf->impls_nr++], (enum impl_status)i, i);
	struct result_published *p = &rf->published;
	p->present = true;
	p->citation = xstrdup("van Kempen et al. 2024");
	p->url = xstrdup("https://arxiv.org/abs/2410.05460");
	p->version = xstrdup("v2");
	p->machine = xstrdup("one core \xc3\xa0 min frequency");
	p->toolchains = xstrdup("gcc 13");
	p->metric = xstrdup("cpu");
	p->baseline = xstrdup("c");
	p->kind = xstrdup("absolute");
	p->size = xstrdup("published");
	p->aggregate = xstrdup("sum");
	p->tolerance = 1.5;
	p->values = xcalloc(2, sizeof(*p->values));
	p->values[0] =
		(struct result_published_value){xstrdup("c"), 2.5, 1.5, NULL};
	p->values[1] = (struct result_published_value){
		xstrdup("python"), 170.25, 2, xstrdup("CPython 3.12")};
	p->values_nr = 2;
	/* a sweep of two points, the first without a reference */
	rf->sweep_param = xstrdup("n");
	rf->points = xcalloc(2, sizeof(*rf->points));
	for (size_t k = 0; k < 2; k++) {
		struct result_point *pt = &rf->points[rf->points_nr++];
		pt->value = xstrdup(k ? "2000" : "1000");
		pt->reference = k ? xstrdup("impl-0") : NULL;
		pt->impls = xcalloc(2, sizeof(*pt->impls));
		for (size_t i = 0; i < 2; i++)
			fill_impl(&pt->impls[pt->impls_nr++],
				  (enum impl_status)(i + k), i);
	}
	return rf;
}

/* Only what a reader requires: every optional field missing. */
static struct result_file *bare_record(enum impl_status st)
{
	struct result_file *rf = result_file_new();
	rf->started_at = xstrdup("");
	rf->finished_at = xstrdup("");
	rf->workload_id = xstrdup("w");
	rf->workload_version = 1;
	rf->baseline = xstrdup("x");
	rf->impls = xcalloc(1, sizeof(*rf->impls));
	rf->impls_nr = 1;
	struct result_impl *im = &rf->impls[0];
	result_impl_init(im);
	im->id = xstrdup("x");
	im->language = xstrdup("c");
	im->status = xstrdup(status_name(st));
	return rf;
}

/* ---- field by field ---- */

#define STR_EQ(f)                                                              \
	ck_assert_msg((!a->f && !b->f) ||                                      \
			      (a->f && b->f && !strcmp(a->f, b->f)),           \
		      "%s: '%s' vs '%s'", #f, a->f ? a->f : "(null)",          \
		      b->f ? b->f : "(null)")
#define NUM_EQ(f)                                                              \
	ck_assert_msg((isnan(a->f) && isnan(b->f)) || a->f == b->f,            \
		      "%s: %.17g vs %.17g", #f, (double)a->f, (double)b->f)
#define INT_EQ(f)                                                              \
	ck_assert_msg(a->f == b->f, "%s: %lld vs %lld", #f, (long long)a->f,   \
		      (long long)b->f)

static void strvec_eq(const struct strvec *a, const struct strvec *b,
		      const char *what)
{
	ck_assert_msg(a->nr == b->nr, "%s: %zu vs %zu entries", what, a->nr,
		      b->nr);
	for (size_t i = 0; i < a->nr; i++)
		ck_assert_msg(!strcmp(a->v[i], b->v[i]), "%s[%zu]", what, i);
}

static void params_eq(const struct result_param *pa, size_t na,
		      const struct result_param *pb, size_t nb)
{
	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		const struct result_param *a = &pa[i], *b = &pb[i];
		STR_EQ(name);
		STR_EQ(value);
	}
}

static void summary_eq(const struct result_summary *a,
		       const struct result_summary *b)
{
	INT_EQ(present);
	if (!a->present)
		return;
	INT_EQ(n);
	NUM_EQ(median);
	NUM_EQ(mean);
	NUM_EQ(stddev);
	NUM_EQ(mad);
	NUM_EQ(min);
	NUM_EQ(max);
	NUM_EQ(q1);
	NUM_EQ(q3);
	INT_EQ(outliers);
	NUM_EQ(ci_low);
	NUM_EQ(ci_high);
}

static void check_eq(const struct result_check *a, const struct result_check *b)
{
	params_eq(a->params, a->params_nr, b->params, b->params_nr);
	STR_EQ(expect);
	STR_EQ(status);
	STR_EQ(message);
}

static void sample_eq(const struct result_sample *a,
		      const struct result_sample *b)
{
	INT_EQ(round);
	ck_assert_str_eq(a->status, b->status);
	INT_EQ(exit_code);
	INT_EQ(signal);
	NUM_EQ(wall_ns);
	NUM_EQ(user_ns);
	NUM_EQ(sys_ns);
	NUM_EQ(cpu_ns);
	NUM_EQ(peak_memory_bytes);
	NUM_EQ(max_rss_bytes);
	STR_EQ(memory_source);
}

static void ratio_eq(const struct result_ratio *a, const struct result_ratio *b)
{
	INT_EQ(present);
	NUM_EQ(value);
	NUM_EQ(ci_low);
	NUM_EQ(ci_high);
}

static void iter_exec_eq(const struct result_iter_exec *a,
			 const struct result_iter_exec *b)
{
	INT_EQ(round);
	ck_assert_str_eq(a->status, b->status);
	INT_EQ(n);
	for (size_t i = 0; i < a->n; i++)
		INT_EQ(iter_ns[i]);
	NUM_EQ(start_ns);
	INT_EQ(metrics_nr);
	for (size_t k = 0; k < a->metrics_nr; k++) {
		STR_EQ(metrics[k].name);
		STR_EQ(metrics[k].unit);
		for (size_t i = 0; i < a->n; i++)
			NUM_EQ(metrics[k].values[i]);
	}
	ck_assert(!a->cgroup_cpu_ns == !b->cgroup_cpu_ns);
	ck_assert(!a->cgroup_memory_bytes == !b->cgroup_memory_bytes);
	for (size_t i = 0; a->cgroup_cpu_ns && i < a->n; i++) {
		NUM_EQ(cgroup_cpu_ns[i]);
		NUM_EQ(cgroup_memory_bytes[i]);
	}
	STR_EQ(violation_rule);
	NUM_EQ(violation_line);
	NUM_EQ(violation_offset);
	STR_EQ(violation_message);
}

static void iterations_eq(const struct result_iterations *a,
			  const struct result_iterations *b)
{
	INT_EQ(present);
	if (!a->present)
		return;
	INT_EQ(count);
	INT_EQ(executions);
	INT_EQ(inner);
	STR_EQ(mode);
	NUM_EQ(penalty);
	NUM_EQ(tolerance);
	INT_EQ(execs_nr);
	for (size_t i = 0; i < a->execs_nr; i++)
		iter_exec_eq(&a->execs[i], &b->execs[i]);
}

static void impl_eq(const struct result_impl *a, const struct result_impl *b)
{
	STR_EQ(id);
	STR_EQ(language);
	STR_EQ(status);
	STR_EQ(reason);
	STR_EQ(source);
	STR_EQ(source_sha256);
	STR_EQ(toolchain_path);
	STR_EQ(toolchain_version);
	INT_EQ(has_build);
	strvec_eq(&a->build_argv, &b->build_argv, "build_argv");
	NUM_EQ(build_wall_ns);
	INT_EQ(build_cached);
	NUM_EQ(build_output_bytes);
	STR_EQ(build_stderr);
	strvec_eq(&a->run_argv, &b->run_argv, "run_argv");
	INT_EQ(checks_nr);
	for (size_t i = 0; i < a->checks_nr; i++)
		check_eq(&a->checks[i], &b->checks[i]);
	STR_EQ(output_digest);
	STR_EQ(output_digest_algorithm);
	STR_EQ(stop_reason);
	INT_EQ(warmup_runs);
	INT_EQ(samples_nr);
	for (size_t i = 0; i < a->samples_nr; i++)
		sample_eq(&a->samples[i], &b->samples[i]);
	INT_EQ(has_stats);
	INT_EQ(has_ratio);
	for (size_t i = 0; i < 3; i++) {
		summary_eq(&a->stats[i], &b->stats[i]);
		ratio_eq(&a->ratio[i], &b->ratio[i]);
	}
	iterations_eq(&a->iterations, &b->iterations);
}

static void record_eq(const struct result_file *a, const struct result_file *b)
{
	INT_EQ(schema);
	STR_EQ(versus_version);
	INT_EQ(complete);
	STR_EQ(started_at);
	STR_EQ(finished_at);
	STR_EQ(revision);
	STR_EQ(revision_time);
	STR_EQ(revision_source);
	strvec_eq(&a->command, &b->command, "command");
	INT_EQ(seed);
	STR_EQ(workload_id);
	INT_EQ(workload_version);
	STR_EQ(title);
	STR_EQ(manifest);
	STR_EQ(manifest_sha256);
	STR_EQ(size);
	STR_EQ(baseline);
	STR_EQ(reference);
	strvec_eq(&a->args, &b->args, "args");
	STR_EQ(validate_mode);
	NUM_EQ(validate_abs_tol);
	NUM_EQ(validate_rel_tol);
	params_eq(a->params, a->params_nr, b->params, b->params_nr);
	NUM_EQ(measure.warmup);
	NUM_EQ(measure.min_runs);
	NUM_EQ(measure.max_runs);
	NUM_EQ(measure.target_ci);
	NUM_EQ(measure.time_budget_s);
	NUM_EQ(measure.fixed_runs);
	NUM_EQ(limits.wall_s);
	NUM_EQ(limits.cpu_s);
	NUM_EQ(limits.memory_bytes);
	NUM_EQ(limits.pids);
	NUM_EQ(limits.output_bytes);
	STR_EQ(limits.cpus);
	STR_EQ(limits.pinning);
	STR_EQ(hostname);
	STR_EQ(kernel);
	STR_EQ(arch);
	STR_EQ(os);
	STR_EQ(cpu_model);
	STR_EQ(cgroup_mode);
	STR_EQ(governor);
	STR_EQ(fingerprint);
	INT_EQ(cpus_online);
	NUM_EQ(memory_bytes);
	INT_EQ(seccomp);
	INT_EQ(aslr);
	NUM_EQ(load_average[0]);
	NUM_EQ(load_average[1]);
	NUM_EQ(load_average[2]);
	INT_EQ(smt);
	INT_EQ(boost);
	NUM_EQ(swap_bytes);
	INT_EQ(perf_counters);
	STR_EQ(box);
	STR_EQ(hardware_fingerprint);
	STR_EQ(environment_fingerprint);
	STR_EQ(microcode);
	INT_EQ(sockets);
	INT_EQ(cores);
	INT_EQ(threads_per_core);
	STR_EQ(visible_cpus);
	STR_EQ(executor);
	INT_EQ(job_steps);
	STR_EQ(shard_plan_id);
	INT_EQ(shard_index);
	INT_EQ(shard_count);
	STR_EQ(shard_unit);
	NUM_EQ(shard_canary_ns);
	INT_EQ(impls_nr);
	for (size_t i = 0; i < a->impls_nr; i++)
		impl_eq(&a->impls[i], &b->impls[i]);
}

/* Write rf, read it back, compare; the text of the copy is the same. */
static void round_trip(const struct result_file *rf)
{
	struct result_file *back = NULL;
	struct versus_err err = {0};
	char *text = result_file_text(rf);
	ck_assert_ptr_nonnull(text);
	int rc = result_file_load_buffer("mem.json", text, strlen(text), &back,
					 &err);
	ck_assert_msg(rc == 0, "reading back: %s", err.message);
	record_eq(rf, back);
	char *again = result_file_text(back);
	ck_assert_str_eq(text, again);
	free(again);
	free(text);
	result_file_free(back);
}

START_TEST(test_full_record_round_trip)
{
	struct result_file *rf = full_record();
	ck_assert_uint_eq(rf->impls_nr, STATUS_COUNT);
	round_trip(rf);
	result_file_free(rf);
}
END_TEST

START_TEST(test_every_status_round_trip)
{
	for (size_t i = 0; i < STATUS_COUNT; i++) {
		/* with every field the status allows, then with none */
		struct result_file *rf = full_record();
		struct result_impl keep = rf->impls[i];
		rf->impls[i] = rf->impls[0];
		rf->impls[0] = keep;
		rf->impls_nr = 1;
		free(rf->baseline);
		rf->baseline = xstrdup(keep.id);
		round_trip(rf);
		rf->impls[0] = rf->impls[i];
		rf->impls[i] = keep;
		rf->impls_nr = STATUS_COUNT;
		result_file_free(rf);

		rf = bare_record((enum impl_status)i);
		round_trip(rf);
		result_file_free(rf);
	}
}
END_TEST

START_TEST(test_missing_optional_fields_read_as_missing)
{
	struct result_file *rf = bare_record(STATUS_NA), *back = NULL;
	struct versus_err err = {0};
	char *text = result_file_text(rf);
	/* the later host facts are left out, the others written as null */
	ck_assert_ptr_null(strstr(text, "\"smt\""));
	ck_assert_ptr_null(strstr(text, "\"swap_bytes\""));
	ck_assert_ptr_nonnull(strstr(text, "\"governor\": null"));
	ck_assert_ptr_nonnull(strstr(text, "\"fixed_runs\": null"));
	ck_assert_int_eq(
		result_file_load_buffer("m", text, strlen(text), &back, &err),
		0);
	ck_assert_int_eq(back->smt, -1);
	ck_assert_int_eq(back->boost, -1);
	ck_assert_int_eq(back->perf_counters, -1);
	ck_assert_ptr_null(back->box);
	ck_assert_ptr_null(strstr(text, "\"shard\""));
	ck_assert_ptr_null(strstr(text, "\"hardware_fingerprint\""));
	ck_assert_int_eq(back->shard_index, -1);
	ck_assert_int_eq(back->cores, -1);
	ck_assert_ptr_null(back->hardware_fingerprint);
	ck_assert_ptr_null(strstr(text, "\"pinning\""));
	ck_assert_ptr_null(back->limits.cpus);
	ck_assert_ptr_null(back->limits.pinning);
	ck_assert(isnan(back->swap_bytes));
	ck_assert(isnan(back->measure.fixed_runs));
	ck_assert(isnan(back->limits.memory_bytes));
	ck_assert_ptr_null(back->reference);
	ck_assert_ptr_null(back->impls[0].reason);
	ck_assert(!back->impls[0].has_stats);
	ck_assert(!back->impls[0].has_ratio);
	ck_assert_uint_eq(back->impls[0].checks_nr, 0);
	free(text);
	result_file_free(back);
	result_file_free(rf);
}
END_TEST

/* Integer figures of an edited file that are not integers, or beyond 64
 * bits, are written as numbers, not cut. */
/* The digest's two forms: output_digest {algorithm, value} (this writer)
 * and output_sha256 (older files), which is read and written back as is. */
START_TEST(test_output_digest_forms)
{
	struct result_file *rf = bare_record(STATUS_OK), *back = NULL;
	struct versus_err err = {0};
	struct result_impl *im = &rf->impls[0];
	free(im->output_digest);
	free(im->output_digest_algorithm);
	im->output_digest = xstrdup("0fe996a84987456bd8b99a30e426ac41");
	im->output_digest_algorithm = xstrdup("xxh3-128");
	char *text = result_file_text(rf);
	ck_assert_ptr_nonnull(strstr(text, "\"algorithm\": \"xxh3-128\""));
	ck_assert_ptr_nonnull(strstr(
		text, "\"value\": \"0fe996a84987456bd8b99a30e426ac41\""));
	ck_assert_ptr_null(strstr(text, "output_sha256"));
	free(text);

	/* an older file: the key names the algorithm, null included */
	free(im->output_digest_algorithm);
	im->output_digest_algorithm = xstrdup("sha256");
	free(im->output_digest);
	im->output_digest = xstrdup("23b8c1e9");
	text = result_file_text(rf);
	ck_assert_ptr_null(strstr(text, "output_digest"));
	char *at = strstr(text, "\"output_sha256\": \"23b8c1e9\"");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(
		result_file_load_buffer("m", text, strlen(text), &back, &err),
		0);
	ck_assert_str_eq(back->impls[0].output_digest, "23b8c1e9");
	ck_assert_str_eq(back->impls[0].output_digest_algorithm, "sha256");
	result_file_free(back);
	/* output_sha256: null reads as no digest, and stays that key */
	char *nul =
		xstrfmt("%.*s\"output_sha256\": null%s", (int)(at - text), text,
			at + strlen("\"output_sha256\": \"23b8c1e9\""));
	ck_assert_int_eq(
		result_file_load_buffer("m", nul, strlen(nul), &back, &err), 0);
	ck_assert_ptr_null(back->impls[0].output_digest);
	char *again = result_file_text(back);
	ck_assert_str_eq(again, nul);
	free(again);
	result_file_free(back);
	free(nul);

	/* a digest object without its algorithm is refused */
	char *bad = xstrfmt("%.*s\"output_digest\": {\"value\": \"ab\"}%s",
			    (int)(at - text), text,
			    at + strlen("\"output_sha256\": \"23b8c1e9\""));
	ck_assert_int_ne(
		result_file_load_buffer("m", bad, strlen(bad), &back, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "algorithm"));
	free(bad);
	free(text);
	result_file_free(rf);
}
END_TEST

START_TEST(test_odd_figures_not_cut)
{
	struct result_file *rf = full_record();
	rf->impls[0].samples[0].wall_ns = 1.5;
	rf->memory_bytes = 1e20;
	char *text = result_file_text(rf);
	ck_assert_ptr_nonnull(strstr(text, "\"wall_ns\": 1.5,"));
	ck_assert_ptr_nonnull(strstr(text, "\"memory_bytes\": 1e20,"));
	round_trip(rf);
	free(text);
	result_file_free(rf);
}
END_TEST

START_TEST(test_iteration_series_compact)
{
	struct result_file *rf = full_record();
	char *text = result_file_text(rf);
	ck_assert_ptr_nonnull(
		strstr(text, "\"iter_ns\": [28800176, 27800176, 26800176, "
			     "25800176],\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"values\": [0.0, null, "));
	ck_assert_ptr_nonnull(
		strstr(text, "\"memory_bytes\": [1048576, 1052672, null, "
			     "1060864]\n"));
	/* the other arrays of numbers keep jansson's form */
	ck_assert_ptr_nonnull(strstr(text, "\"load_average\": [\n"));
	free(text);
	result_file_free(rf);
}
END_TEST

/* doc (case i) is refused, with message in the error. */
static void refused(const char *doc, size_t i, const char *message)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	int rc = result_file_load_buffer("t.json", doc, strlen(doc), &rf, &err);
	ck_assert_msg(rc == -EINVAL, "case %zu read (%d)", i, rc);
	ck_assert_ptr_null(rf);
	ck_assert_msg(strstr(err.message, message), "case %zu: '%s', not '%s'",
		      i, err.message, message);
}
/* Iteration data a reader refuses, each with where and why. */
START_TEST(test_iteration_data_checked)
{
	static const struct {
		const char *iterations, *message;
	} cases[] = {
		{"{\"series\": []}", "iterations.count: missing"},
		{"{\"count\": 0}", "iterations.count: expected an integer in"},
		{"{\"count\": 2, \"mode\": \"r\"}",
		 "iterations.mode: expected versus or compat"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2, 3]}]}",
		 "series[0].iter_ns: 3 iterations, more than the count 2"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, -2]}]}",
		 "series[0].iter_ns[1]: expected an integer >= 0"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2.5]}]}",
		 "series[0].iter_ns[1]: expected an integer >= 0"},
		{"{\"count\": 2, \"series\": [{\"status\": \"QQ\", "
		 "\"iter_ns\": []}]}",
		 "series[0].status: unknown status"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\"}]}",
		 "series[0].iter_ns: missing"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2], \"metrics\": [{\"name\": \"gc\", "
		 "\"unit\": \"ms\", \"values\": [1]}]}]}",
		 "series[0].metrics[0].values: 1 values for 2 iterations"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2], \"metrics\": [{\"name\": \"gc\", "
		 "\"unit\": \"ms\"}]}]}",
		 "series[0].metrics[0].values: missing"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2], \"cgroup\": {\"cpu_ns\": [1, "
		 "\"x\"], \"memory_bytes\": [1, 2]}}]}",
		 "series[0].cgroup.cpu_ns[1]: expected an integer >= 0 or "
		 "null"},
		{"{\"count\": 2, \"series\": [{\"status\": \"OK\", "
		 "\"iter_ns\": [1, 2], \"cgroup\": {\"cpu_ns\": [1, 2]}}]}",
		 "series[0].cgroup.memory_bytes: missing"},
		{"{\"count\": 2, \"series\": [{\"status\": \"PV\", "
		 "\"iter_ns\": [], \"violation\": {\"line\": 1}}]}",
		 "series[0].violation.rule: missing"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *doc = xstrfmt(
			"{\"schema\": 1, \"workload\": {\"id\": \"w\", "
			"\"version\": 1, \"baseline\": \"x\"}, "
			"\"implementations\": [{\"id\": \"x\", \"language\": "
			"\"c\", \"status\": \"NA\", \"iterations\": %s}]}",
			cases[i].iterations);
		refused(doc, i, cases[i].message);
		refused(doc, i, "implementations[0].iterations");
		free(doc);
	}
}
END_TEST

/* host.executor names one way of starting runs; job_steps counts. */
START_TEST(test_executor_checked)
{
	static const struct {
		const char *host, *message;
	} cases[] = {
		{"{\"executor\": \"ssh\", \"job_steps\": 1}",
		 "host.executor: expected srun-step, not 'ssh'"},
		{"{\"executor\": \"srun-step\", \"job_steps\": -1}",
		 "host.job_steps: expected an integer in"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *doc = xstrfmt(
			"{\"schema\": 1, \"workload\": {\"id\": \"w\", "
			"\"version\": 1, \"baseline\": \"x\"}, \"host\": %s, "
			"\"implementations\": [{\"id\": \"x\", \"language\": "
			"\"c\", \"status\": \"NA\"}]}",
			cases[i].host);
		refused(doc, i, cases[i].message);
		free(doc);
	}
}
END_TEST

/* A `shard` object is checked like the rest: K within N, ids present. */
START_TEST(test_shard_checked)
{
	static const struct {
		const char *shard, *message;
	} cases[] = {
		{"{\"index\": 0, \"count\": 1, \"unit\": \"w\"}",
		 "shard.plan_id: missing"},
		{"{\"plan_id\": \"p\", \"index\": 3, \"count\": 3, "
		 "\"unit\": \"w\"}",
		 "shard.index: expected less than count (3), not 3"},
		{"{\"plan_id\": \"p\", \"index\": 0, \"count\": 0, "
		 "\"unit\": \"w\"}",
		 "shard.count: expected an integer in"},
		{"{\"plan_id\": \"p\", \"index\": 0, \"count\": 2}",
		 "shard.unit: missing"},
		{"{\"plan_id\": \"p\", \"index\": 0, \"count\": 2, "
		 "\"unit\": \"w\", \"canary_ns\": -1}",
		 "shard.canary_ns: expected a number >= 0"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *doc = xstrfmt(
			"{\"schema\": 1, \"workload\": {\"id\": \"w\", "
			"\"version\": 1, \"baseline\": \"x\"}, "
			"\"shard\": %s, \"implementations\": [{\"id\": "
			"\"x\", \"language\": \"c\", \"status\": \"NA\"}]}",
			cases[i].shard);
		refused(doc, i, cases[i].message);
		free(doc);
	}
}
END_TEST

START_TEST(test_statuses_by_name)
{
	enum impl_status st;
	for (size_t i = 0; i < STATUS_COUNT; i++) {
		ck_assert(status_parse(status_name((enum impl_status)i), &st));
		ck_assert_uint_eq(st, i);
		ck_assert_uint_eq(strlen(status_name(st)), 2);
	}
	st = STATUS_OK;
	ck_assert(!status_parse("FAST", &st));
	ck_assert(!status_parse("ok", &st));
	ck_assert(!status_parse("", &st));
	ck_assert_uint_eq(st, STATUS_OK);
	ck_assert(!status_is_failure(STATUS_OK));
	ck_assert(!status_is_failure(STATUS_NA));
	ck_assert(status_is_failure(STATUS_WA));
	ck_assert(status_is_failure(STATUS_XX));
}
END_TEST

START_TEST(test_write_files)
{
	char dir[] = "/tmp/versus-check-record-XXXXXX";
	struct result_file *rf = full_record(), *back = NULL;
	struct versus_err err = {0};
	char *p1 = NULL, *p2 = NULL;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *sub = xstrfmt("%s/a/b", dir);
	ck_assert_int_eq(result_dir_prepare(sub, &err), 0);
	ck_assert_int_eq(result_file_write(rf, sub, &p1, &err), 0);
	ck_assert_int_eq(result_file_write(rf, sub, &p2, &err), 0);
	char *want = xstrfmt("%s/nbody-20261122T201500Z.json", sub);
	ck_assert_str_eq(p1, want);
	free(want);
	want = xstrfmt("%s/nbody-20261122T201500Z-1.json", sub);
	ck_assert_str_eq(p2, want);
	free(want);
	ck_assert_int_eq(stat(p1, &st), 0);
	mode_t mask = umask(022);
	umask(mask);
	ck_assert_uint_eq(st.st_mode & 0777, 0644 & ~mask);
	ck_assert_int_eq(result_file_load(p1, &back, &err), 0);
	record_eq(rf, back);
	result_file_free(back);
	unlink(p1);
	unlink(p2);
	free(p1);
	free(p2);
	/* a folder that cannot take a file says so */
	char *file = xstrfmt("%s/plain", sub);
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_lt(result_dir_prepare(file, &err), 0);
	ck_assert_int_lt(result_file_write(rf, file, &p1, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "cannot write result file"));
	unlink(file);
	free(file);
	rmdir(sub);
	char *a = xstrfmt("%s/a", dir);
	rmdir(a);
	free(a);
	rmdir(dir);
	free(sub);
	result_file_free(rf);
}
END_TEST

/* ---- the golden files ---- */

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	ck_assert_msg(strbuf_read_file(&sb, path, 1 << 24) >= 0, "read %s",
		      path);
	return strbuf_detach(&sb, NULL);
}

/* Whether every key and value of old is in new (numbers by value); new
 * may add keys only with an empty value (null, [] or {}). */
static void json_kept(const json_t *old, const json_t *new, const char *at,
		      const char *file)
{
	if (json_is_number(old) && json_is_number(new)) {
		ck_assert_msg(json_number_value(old) == json_number_value(new),
			      "%s: %s changed", file, at);
		return;
	}
	ck_assert_msg(json_typeof(old) == json_typeof(new),
		      "%s: %s changed type", file, at);
	if (json_is_object(old)) {
		const char *key;
		const json_t *v;
		json_object_foreach((json_t *)(uintptr_t)old, key, v)
		{
			char *sub = xstrfmt("%s.%s", at, key);
			const json_t *w = json_object_get(new, key);
			ck_assert_msg(w != NULL, "%s: %s lost", file, sub);
			json_kept(v, w, sub, file);
			free(sub);
		}
		json_object_foreach((json_t *)(uintptr_t) new, key, v)
		{
			if (json_object_get(old, key))
				continue;
			ck_assert_msg(json_is_null(v) ||
					      (json_is_array(v) &&
					       !json_array_size(v)) ||
					      (json_is_object(v) &&
					       !json_object_size(v)),
				      "%s: %s.%s added with a value", file, at,
				      key);
		}
	} else if (json_is_array(old)) {
		ck_assert_msg(json_array_size(old) == json_array_size(new),
			      "%s: %s changed length", file, at);
		for (size_t i = 0; i < json_array_size(old); i++) {
			char *sub = xstrfmt("%s[%zu]", at, i);
			json_kept(json_array_get(old, i),
				  json_array_get(new, i), sub, file);
			free(sub);
		}
	} else {
		ck_assert_msg(json_equal(old, new), "%s: %s changed", file, at);
	}
}

static void golden(const char *name, bool byte_identical)
{
	char *path = xstrfmt(RESULTS "/%s", name);
	char *text = slurp(path);
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	ck_assert_msg(result_file_load(path, &rf, &err) == 0, "%s: %s", name,
		      err.message);
	char *out = result_file_text(rf);
	if (byte_identical)
		ck_assert_msg(!strcmp(text, out),
			      "%s: not written back byte "
			      "for byte",
			      name);
	json_t *old = json_loads(text, 0, NULL),
	       *new = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(old);
	ck_assert_ptr_nonnull(new);
	json_kept(old, new, "", name);
	json_decref(old);
	json_decref(new);
	round_trip(rf);
	free(out);
	free(text);
	result_file_free(rf);
	free(path);
}

START_TEST(test_golden_files_written_back)
{
	/* written by versus: the old writer (statuses) and this one (tiny,
	 * with the host facts added later) */
	golden("written/statuses-20261207T033044Z.json", true);
	golden("written/tiny-20261207T033058Z.json", true);
	/* iteration mode, made by iterations/make.py in the writer's form */
	golden("iterations/nbody-iter-20261207T120000Z.json", true);
	/* made by hand or by older versions: nothing may be lost */
	golden("suite/fannkuch-20261122T201700Z.json", false);
	golden("suite/nbody-20261122T201500Z.json", false);
	golden("suite/spectralnorm-20261122T201930Z.json", false);
	golden("history/nbody-20261120T090000Z.json", false);
	golden("history/nbody-20261122T201500Z.json", false);
	golden("mixed/nbody-20261122T201500Z.json", false);
	golden("mixed/spectralnorm-20261122T201930Z.json", false);
	golden("hostile/spectralnorm-20261122T201930Z.json", false);
}
END_TEST

/* ---- results/README.md against the writer ---- */

struct doc_key {
	char *path; /* "host.smt", "implementations[].stats.*.median" */
	char *type; /* the type cell */
	bool seen;
};

struct doc {
	struct doc_key *keys;
	size_t nr, alloc;
};

/* The schema tables of readme: "### `path`" (or "### Top level") headings,
 * then rows whose first cell lists the keys in backquotes. */
static void doc_parse(const char *readme, struct doc *doc)
{
	char *section = NULL;
	bool in_schema = false;
	for (const char *line = readme; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *l = xstrndup(line, len);
		line = end ? end + 1 : NULL;
		if (!strncmp(l, "## ", 3)) {
			in_schema = strstr(l, "Schema") != NULL;
			free(section);
			section = NULL;
		} else if (in_schema && !strncmp(l, "### ", 4)) {
			free(section);
			section = NULL;
			char *q = strchr(l, '`');
			char *r = q ? strchr(q + 1, '`') : NULL;
			if (strstr(l, "Top level"))
				section = xstrdup("");
			else if (q && r)
				section = xstrndup(q + 1, (size_t)(r - q - 1));
		} else if (section && !strncmp(l, "| `", 3)) {
			char *cell_end = strstr(l + 1, " |");
			char *type = cell_end ? cell_end + 3 : NULL;
			char *type_end = type ? strstr(type, " |") : NULL;
			ck_assert_msg(type_end, "README row without a type: %s",
				      l);
			for (char *q = l + 2; q < cell_end;) {
				char *r = strchr(q + 1, '`');
				ck_assert_ptr_nonnull(r);
				ALLOC_GROW(doc->keys, doc->nr + 1, doc->alloc);
				struct doc_key *k = &doc->keys[doc->nr++];
				k->path = xstrfmt("%s%s%.*s", section,
						  *section ? "." : "",
						  (int)(r - q - 1), q + 1);
				k->type = xstrndup(type,
						   (size_t)(type_end - type));
				k->seen = false;
				q = strchr(r + 1, '`');
				if (!q || q > cell_end)
					break;
			}
		}
		free(l);
	}
	free(section);
}

static void doc_release(struct doc *doc)
{
	for (size_t i = 0; i < doc->nr; i++) {
		free(doc->keys[i].path);
		free(doc->keys[i].type);
	}
	free(doc->keys);
}

static struct doc_key *doc_find(struct doc *doc, const char *path)
{
	for (size_t i = 0; i < doc->nr; i++)
		if (!strcmp(doc->keys[i].path, path))
			return &doc->keys[i];
	return NULL;
}

static const char *json_type_word(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		break;
	}
	return "null";
}

/* Check the keys of obj (at path parent) against doc; problems to out. */
static void doc_walk(struct doc *doc, const json_t *v, const char *parent,
		     struct strvec *out)
{
	if (json_is_array(v)) {
		char *sub = xstrfmt("%s[]", parent);
		for (size_t i = 0; i < json_array_size(v); i++)
			doc_walk(doc, json_array_get(v, i), sub, out);
		free(sub);
		return;
	}
	if (!json_is_object(v))
		return;
	const char *key;
	const json_t *x;
	json_object_foreach((json_t *)(uintptr_t)v, key, x)
	{
		char *path = xstrfmt("%s%s%s", parent, *parent ? "." : "", key);
		struct doc_key *k = doc_find(doc, path);
		char *dot = strrchr(parent, '.');
		if (!k && dot) {
			/* implementations[].stats.wall_ns.n under
			 * implementations[].stats.* */
			char *wild = xstrfmt("%.*s.*.%s", (int)(dot - parent),
					     parent, key);
			k = doc_find(doc, wild);
			free(wild);
		}
		if (!k) {
			strvec_push_owned(out, xstrfmt("%s: written, not in "
						       "the README",
						       path));
		} else {
			k->seen = true;
			if (!strstr(k->type, json_type_word(x)))
				strvec_push_owned(
					out, xstrfmt("%s: written as %s, the "
						     "README says '%s'",
						     path, json_type_word(x),
						     k->type));
		}
		/* params are maps of any names; a sweep point's
		 * implementations are documented as implementations[] */
		if (!strcmp(path, "sweep.points[].implementations"))
			doc_walk(doc, x, "implementations", out);
		else if (strcmp(key, "params"))
			doc_walk(doc, x, path, out);
		free(path);
	}
}

/* What is wrong between readme and the keys the writer writes for a
 * record with every field; nothing when they agree. */
static void schema_problems(const char *readme, struct strvec *out)
{
	struct doc doc = {0};
	struct result_file *rf = full_record();
	char *text = result_file_text(rf);
	json_t *root = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(root);
	doc_parse(readme, &doc);
	ck_assert_msg(doc.nr > 50, "only %zu keys found in the README", doc.nr);
	doc_walk(&doc, root, "", out);
	for (size_t i = 0; i < doc.nr; i++)
		if (!doc.keys[i].seen)
			strvec_push_owned(out, xstrfmt("%s: in the README, not "
						       "written",
						       doc.keys[i].path));
	json_decref(root);
	free(text);
	result_file_free(rf);
	doc_release(&doc);
}

START_TEST(test_readme_schema_matches_the_writer)
{
	char *readme = slurp(README);
	struct strvec problems = STRVEC_INIT;
	schema_problems(readme, &problems);
	for (size_t i = 0; i < problems.nr; i++)
		fprintf(stderr, "results/README.md: %s\n", problems.v[i]);
	ck_assert_uint_eq(problems.nr, 0);
	strvec_clear(&problems);
	free(readme);
}
END_TEST

/* Replace the first from in s by to (caller frees). */
static char *edit(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	ck_assert_msg(at != NULL, "'%s' not in the README", from);
	return xstrfmt("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static bool mentions(const struct strvec *sv, const char *what)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (strstr(sv->v[i], what))
			return true;
	return false;
}

/* The check fails on a README that drops a key, adds one or mistypes one. */
START_TEST(test_readme_check_finds_drift)
{
	char *readme = slurp(README);
	static const struct {
		const char *from, *to, *problem;
	} cases[] = {
		{"| `smt` |", "| `smt_x` |", "host.smt: written, not in"},
		{"| `smt` |", "| `smt_x` |", "host.smt_x: in the README, not"},
		{"| `exit_code` | integer |", "| `exit_code` | string |",
		 "samples[].exit_code: written as integer"},
		{"`median`, `mean`", "`median`, `average`",
		 "stats.*.average: in the README"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strvec problems = STRVEC_INIT;
		char *bad = edit(readme, cases[i].from, cases[i].to);
		schema_problems(bad, &problems);
		ck_assert_msg(mentions(&problems, cases[i].problem),
			      "case %zu: '%s' not reported", i,
			      cases[i].problem);
		strvec_clear(&problems);
		free(bad);
	}
	free(readme);
}
END_TEST

static Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");
	tcase_add_test(tc, test_full_record_round_trip);
	tcase_add_test(tc, test_every_status_round_trip);
	tcase_add_test(tc, test_missing_optional_fields_read_as_missing);
	tcase_add_test(tc, test_output_digest_forms);
	tcase_add_test(tc, test_odd_figures_not_cut);
	tcase_add_test(tc, test_iteration_series_compact);
	tcase_add_test(tc, test_iteration_data_checked);
	tcase_add_test(tc, test_shard_checked);
	tcase_add_test(tc, test_executor_checked);
	tcase_add_test(tc, test_statuses_by_name);
	tcase_add_test(tc, test_write_files);
	tcase_add_test(tc, test_golden_files_written_back);
	tcase_add_test(tc, test_readme_schema_matches_the_writer);
	tcase_add_test(tc, test_readme_check_finds_drift);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(record_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

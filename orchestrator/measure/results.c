#include "measure/results.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/version.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Every name derived from a workload id must fit in NAME_MAX. */
_Static_assert(MANIFEST_ID_MAX + RESULTS_NAME_SUFFIX_MAX <= NAME_MAX,
	       "result file names could exceed NAME_MAX");

/* A JSON string of any bytes: invalid UTF-8 becomes U+FFFD. */
static json_t *json_text(const char *s)
{
	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	char *clean = utf8_sanitize(s);
	json_t *j = json_string(clean);
	free(clean);
	return j;
}

static json_t *json_str_or_null(const char *s)
{
	return s ? json_text(s) : json_null();
}

static json_t *json_strvec(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_text(sv->v[i]));
	return a;
}

static json_t *json_kvlist(const struct kvlist *kv)
{
	json_t *o = json_object();
	for (size_t i = 0; i < kv->nr; i++)
		json_object_set_new(o, kv->keys[i], json_text(kv->values[i]));
	return o;
}

/* A number, or null for NaN ("not known"), which JSON cannot hold. */
static json_t *json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *json_summary(const struct stats_summary *s)
{
	return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:I, "
			 "s:o, s:o}",
			 "n", (json_int_t)s->n, "median", s->median, "mean",
			 s->mean, "stddev", s->stddev, "mad", s->mad, "min",
			 s->min, "max", s->max, "q1", s->q1, "q3", s->q3,
			 "outliers", (json_int_t)s->outliers, "ci_low",
			 json_num(s->ci_low), "ci_high", json_num(s->ci_high));
}

static json_t *json_ratio(const struct stats_ratio *r)
{
	return json_pack("{s:o, s:o, s:o}", "value", json_num(r->value),
			 "ci_low", json_num(r->ci_low), "ci_high",
			 json_num(r->ci_high));
}

static json_t *json_host(const struct bench *b)
{
	const struct host_info *h = &b->host;
	json_t *o = json_object();
	json_object_set_new(o, "hostname", json_string(h->hostname));
	json_object_set_new(o, "kernel", json_string(h->kernel));
	json_object_set_new(o, "arch", json_string(h->arch));
	json_object_set_new(o, "os", json_str_or_null(h->os));
	json_object_set_new(o, "cpu_model", json_str_or_null(h->cpu_model));
	json_object_set_new(o, "cpus_online", json_integer(h->cpus_online));
	json_object_set_new(o, "memory_bytes",
			    json_integer((json_int_t)h->memory_bytes));
	json_object_set_new(o, "cgroup_mode", json_string(b->mode_name));
	json_object_set_new(o, "seccomp", json_boolean(b->seccomp));
	json_object_set_new(o, "aslr",
			    h->aslr < 0 ? json_null() : json_integer(h->aslr));
	json_object_set_new(o, "governor", json_str_or_null(h->governor));
	json_object_set_new(o, "load_average",
			    json_pack("[f, f, f]", h->load_average[0],
				      h->load_average[1], h->load_average[2]));
	json_object_set_new(o, "fingerprint", json_string(h->fingerprint));
	return o;
}

static json_t *json_sample(const struct bench_sample *s)
{
	return json_pack(
		"{s:i, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:s, s:I}",
		"round", s->round, "status", status_name(s->status),
		"exit_code", s->exit_code, "signal", s->signal, "wall_ns",
		(json_int_t)s->wall_ns, "user_ns", (json_int_t)s->user_ns,
		"sys_ns", (json_int_t)s->sys_ns, "cpu_ns",
		(json_int_t)s->cpu_ns, "peak_memory_bytes",
		(json_int_t)s->peak_memory_bytes, "memory_source",
		s->memory_source ? s->memory_source : "unknown",
		"max_rss_bytes", (json_int_t)s->max_rss_bytes);
}

static json_t *json_impl(const struct bench *b, const struct bench_impl *bi)
{
	const struct plan_impl *pi = bi->plan;
	const struct toolchain *tc = pi->toolchain;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(pi->impl->id));
	json_object_set_new(o, "language", json_string(pi->impl->language));
	json_object_set_new(o, "status", json_string(status_name(bi->status)));
	json_object_set_new(o, "reason", json_str_or_null(bi->reason));
	json_object_set_new(o, "source", json_string(pi->impl->source));
	json_object_set_new(o, "source_sha256",
			    bi->source_sha256[0]
				    ? json_string(bi->source_sha256)
				    : json_null());
	json_object_set_new(
		o, "toolchain",
		json_pack(
			"{s:o, s:o}", "path",
			json_str_or_null(tc && tc->available ? tc->path : NULL),
			"version",
			json_str_or_null(tc && tc->available ? tc->version
							     : NULL)));
	if (bi->has_build) {
		json_object_set_new(
			o, "build",
			json_pack("{s:o, s:I, s:b, s:I, s:o}", "argv",
				  json_strvec(&pi->build_argv), "wall_ns",
				  (json_int_t)bi->build_wall_ns, "cached",
				  bi->build_cached, "output_bytes",
				  (json_int_t)bi->build_output_bytes, "stderr",
				  json_str_or_null(bi->build_stderr)));
	} else {
		json_object_set_new(o, "build", json_null());
	}
	json_object_set_new(o, "run_argv", json_strvec(&pi->run_argv));
	json_t *checks = json_array();
	for (size_t i = 0; i < bi->checks_nr; i++) {
		const struct bench_check *c = &bi->checks[i];
		/* A case that did not run (the build or an earlier case
		 * failed, or the toolchain is missing) has status null. */
		json_array_append_new(
			checks,
			json_pack("{s:o, s:o, s:o, s:o}", "params",
				  json_kvlist(&c->params), "expect",
				  json_str_or_null(c->expect), "status",
				  c->ran ? json_string(status_name(c->status))
					 : json_null(),
				  "message", json_str_or_null(c->message)));
	}
	json_object_set_new(o, "checks", checks);
	json_object_set_new(o, "output_sha256",
			    bi->have_output ? json_string(bi->output_sha256)
					    : json_null());
	json_object_set_new(o, "warmup_runs", json_integer(bi->warmup_runs));
	json_object_set_new(o, "stop_reason",
			    json_str_or_null(bi->stop_reason));
	json_t *samples = json_array();
	for (size_t i = 0; i < bi->samples_nr; i++)
		json_array_append_new(samples, json_sample(&bi->samples[i]));
	json_object_set_new(o, "samples", samples);
	if (bi->have_stats)
		json_object_set_new(o, "stats",
				    json_pack("{s:o, s:o, s:o}", "wall_ns",
					      json_summary(&bi->wall), "cpu_ns",
					      json_summary(&bi->cpu),
					      "peak_memory_bytes",
					      json_summary(&bi->memory)));
	else
		json_object_set_new(o, "stats", json_null());
	if (bi->have_ratio)
		json_object_set_new(o, "ratio",
				    json_pack("{s:o, s:o, s:o}", "time",
					      json_ratio(&bi->ratio_time),
					      "cpu", json_ratio(&bi->ratio_cpu),
					      "memory",
					      json_ratio(&bi->ratio_memory)));
	else
		json_object_set_new(o, "ratio", json_null());
	(void)b;
	return o;
}

static json_t *results_to_json(const struct bench *b)
{
	const struct plan_workload *pw = b->plan;
	const struct manifest *m = pw->manifest;
	json_t *root = json_object();
	json_object_set_new(root, "schema", json_integer(RESULTS_SCHEMA));
	json_object_set_new(root, "versus_version",
			    json_string(VERSUS_VERSION));
	json_object_set_new(root, "complete", json_boolean(b->complete));
	json_object_set_new(root, "started_at", json_string(b->started_at));
	json_object_set_new(root, "finished_at", json_string(b->finished_at));
	json_t *cmd = json_array();
	for (const char *const *a = b->command; a && *a; a++)
		json_array_append_new(cmd, json_text(*a));
	json_object_set_new(root, "command", cmd);
	json_object_set_new(root, "seed",
			    json_integer((json_int_t)b->options->seed));
	json_object_set_new(
		root, "workload",
		json_pack(
			"{s:s, s:i, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:{s:s, "
			"s:f, s:f}}",
			"id", m->workload, "version", m->version, "title",
			m->title, "manifest", m->path, "manifest_sha256",
			m->digest, "size", json_str_or_null(pw->size),
			"baseline", m->baseline, "reference",
			b->reference < b->impls_nr
				? json_string(
					  b->impls[b->reference].plan->impl->id)
				: json_null(),
			"args", json_strvec(&pw->args), "validate", "mode",
			validate_mode_name(m->validate.mode), "abs_tol",
			m->validate.abs_tol, "rel_tol", m->validate.rel_tol));
	json_object_set_new(root, "params", json_kvlist(&pw->params));
	json_object_set_new(
		root, "measure",
		json_pack("{s:i, s:i, s:i, s:f, s:f, s:o}", "warmup", b->warmup,
			  "min_runs", b->rules.min_runs, "max_runs",
			  b->rules.max_runs, "target_ci", b->rules.target_ci,
			  "time_budget_s", b->rules.time_budget_s, "fixed_runs",
			  b->rules.fixed_runs > 0
				  ? json_integer(b->rules.fixed_runs)
				  : json_null()));
	json_object_set_new(
		root, "limits",
		json_pack("{s:f, s:f, s:I, s:I, s:I}", "wall_s",
			  m->limits.wall_s, "cpu_s", m->limits.cpu_s,
			  "memory_bytes", (json_int_t)m->limits.memory_bytes,
			  "pids", (json_int_t)m->limits.pids, "output_bytes",
			  (json_int_t)m->limits.output_bytes));
	json_object_set_new(root, "host", json_host(b));
	json_t *impls = json_array();
	for (size_t i = 0; i < b->impls_nr; i++)
		json_array_append_new(impls, json_impl(b, &b->impls[i]));
	json_object_set_new(root, "implementations", impls);
	return root;
}

int results_prepare_dir(const char *dir, struct versus_err *err)
{
	int rc = fs_mkdir_p(dir);
	if (rc)
		return versus_err_set(err, rc, dir, 0, 0,
				      "cannot create results folder: %s",
				      strerror(-rc));
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/.versus-write-test-XXXXXX", dir);
	int fd = mkstemp(path.buf);
	if (fd < 0) {
		int e = -errno;
		strbuf_release(&path);
		return versus_err_set(err, e, dir, 0, 0,
				      "results folder is not writable: %s",
				      strerror(-e));
	}
	close(fd);
	unlink(path.buf);
	strbuf_release(&path);
	return 0;
}

/* The file name without folder and extension: <workload>-<stamp>. */
static char *result_stem(const struct bench *b)
{
	/* started_at is 2026-11-22T20:15:00Z; the name drops - and :. */
	char stamp[32];
	size_t j = 0;
	for (const char *p = b->started_at; *p && j + 1 < sizeof(stamp); p++)
		if (*p != '-' && *p != ':')
			stamp[j++] = *p;
	stamp[j] = '\0';
	return xstrfmt("%s-%s", b->plan->manifest->workload, stamp);
}

char *results_text(const struct bench *b)
{
	json_t *root = results_to_json(b);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!text)
		return NULL;
	char *line = xstrfmt("%s\n", text);
	free(text);
	return line;
}

/* Write b into dir with the given file mode (see results.h). */
static int write_in(const struct bench *b, const char *dir, mode_t mode,
		    char **path_out, struct versus_err *err)
{
	char *text = results_text(b);
	if (!text)
		return versus_err_set(err, -ENOMEM, NULL, 0, 0,
				      "cannot serialise results");
	char *stem = result_stem(b);
	char *path = NULL, *failed = NULL;
	int rc = fs_write_new(dir, stem, ".json", text, strlen(text), mode,
			      &path, &failed);
	if (rc < 0)
		versus_err_set(err, rc, failed ? failed : dir, 0, 0,
			       "cannot write result file: %s", strerror(-rc));
	else if (path_out)
		*path_out = path;
	else
		free(path);
	free(failed);
	free(stem);
	free(text);
	return rc;
}

int results_write(const struct bench *b, const char *dir, char **path_out,
		  struct versus_err *err)
{
	return write_in(b, dir, 0644, path_out, err);
}

const char *results_fallback_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && tmp[0] == '/' ? tmp : "/tmp";
}

int results_write_fallback(const struct bench *b, char **path_out,
			   struct versus_err *err)
{
	/* A shared /tmp: only the user may read what the run recorded. */
	return write_in(b, results_fallback_dir(), 0600, path_out, err);
}

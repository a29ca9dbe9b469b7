/*
 * resultset.c: result files read with jansson into plain records. Only the
 * keys a report cannot do without are checked strictly; the rest are read
 * if present and of the right type (results/README.md: readers ignore what
 * they do not know).
 */
#include "record/resultset.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* Implementations allowed in one file: a bound on the quadratic work of
 * pairing them (compare, report), far above any real manifest. */
#define RESULT_MAX_IMPLS 4096
/* Samples of one implementation: the manifest's max_runs cap. */
#define RESULT_MAX_SAMPLES 100000

/* Where the reader is in the document, for located messages. */
struct rctx {
	const char *file;
	struct versus_err *err;
	bool failed; /* the first error wins; later checks are no-ops */
};

/* Record "FILE: where.key: message" once; returns false. */
static bool bad(struct rctx *c, const char *where, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool bad(struct rctx *c, const char *where, const char *key,
		const char *fmt, ...)
{
	char msg[VERSUS_ERR_MSG_MAX];
	va_list ap;
	if (c->failed)
		return false;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	versus_err_set(c->err, -EINVAL, c->file, 0, 0, "%s%s%s: %s", where,
		       *where && key ? "." : "", key ? key : "", msg);
	return false;
}

enum { OPTIONAL = 0, REQUIRED = 1, NULLABLE = 2 };

/*
 * The value of key in obj, or NULL when it is absent (or null and
 * NULLABLE). A missing REQUIRED key, or a null one that is not NULLABLE,
 * is an error.
 */
static const json_t *member(struct rctx *c, const json_t *obj,
			    const char *where, const char *key, int flags)
{
	const json_t *v = json_object_get(obj, key);
	if (!v) {
		if (flags & REQUIRED)
			bad(c, where, key, "missing");
		return NULL;
	}
	if (json_is_null(v)) {
		if (!(flags & NULLABLE))
			bad(c, where, key, "expected %s, not null",
			    flags & REQUIRED ? "a value" : "a value or no key");
		return NULL;
	}
	return v;
}

static char *get_str(struct rctx *c, const json_t *obj, const char *where,
		     const char *key, int flags)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		bad(c, where, key, "expected a string");
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

/* A number >= min; NAN when absent or null. */
static double get_num(struct rctx *c, const json_t *obj, const char *where,
		      const char *key, int flags, double min)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (!v)
		return NAN;
	if (!json_is_number(v)) {
		bad(c, where, key, "expected a number");
		return NAN;
	}
	double x = json_number_value(v);
	if (!(x >= min)) {
		bad(c, where, key, "expected a number >= %g, not %g", min, x);
		return NAN;
	}
	return x;
}

/* An integer in [min, max]; dflt when absent or null. */
static long long get_int(struct rctx *c, const json_t *obj, const char *where,
			 const char *key, int flags, long long min,
			 long long max, long long dflt)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (!v)
		return dflt;
	if (!json_is_integer(v)) {
		bad(c, where, key, "expected an integer");
		return dflt;
	}
	long long x = (long long)json_integer_value(v);
	if (x < min || x > max) {
		bad(c, where, key,
		    "expected an integer in [%lld, %lld], not %lld", min, max,
		    x);
		return dflt;
	}
	return x;
}

/* -1 when absent or null, else 0 or 1. */
static int get_bool(struct rctx *c, const json_t *obj, const char *where,
		    const char *key, int flags)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (!v)
		return -1;
	if (!json_is_boolean(v)) {
		bad(c, where, key, "expected true or false");
		return -1;
	}
	return json_is_true(v);
}

static const json_t *get_obj(struct rctx *c, const json_t *obj,
			     const char *where, const char *key, int flags)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (v && !json_is_object(v)) {
		bad(c, where, key, "expected an object");
		return NULL;
	}
	return v;
}

static const json_t *get_arr(struct rctx *c, const json_t *obj,
			     const char *where, const char *key, int flags)
{
	const json_t *v = member(c, obj, where, key, flags);
	if (v && !json_is_array(v)) {
		bad(c, where, key, "expected an array");
		return NULL;
	}
	return v;
}

static void get_strvec(struct rctx *c, const json_t *obj, const char *where,
		       const char *key, int flags, struct strvec *out)
{
	const json_t *arr = get_arr(c, obj, where, key, flags), *v;
	size_t i;
	strvec_init(out);
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			char k[64];
			snprintf(k, sizeof(k), "%s[%zu]", key, i);
			bad(c, where, k, "expected a string");
			return;
		}
		strvec_push(out, json_string_value(v));
	}
}

/* The statuses of the top-level README; anything else is refused. */
static const char *const known_statuses[] = {
	"OK", "CE", "WA", "ND", "RE", "SG", "TO",
	"TW", "ML", "OL", "SV", "XX", "NA", NULL,
};

static bool is_one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static char *get_status(struct rctx *c, const json_t *obj, const char *where,
			const char *key, int flags)
{
	char *s = get_str(c, obj, where, key, flags);
	if (s && !is_one_of(s, known_statuses)) {
		bad(c, where, key, "unknown status '%.16s'", s);
		free(s);
		return NULL;
	}
	return s;
}

static void read_summary(struct rctx *c, const json_t *parent,
			 const char *where, const char *key,
			 struct result_summary *s)
{
	char at[128];
	const json_t *obj = get_obj(c, parent, where, key, NULLABLE);
	memset(s, 0, sizeof(*s));
	if (!obj)
		return;
	snprintf(at, sizeof(at), "%s.%s", where, key);
	s->n = (size_t)get_int(c, obj, at, "n", REQUIRED, 0, LLONG_MAX, 0);
	s->median = get_num(c, obj, at, "median", REQUIRED, 0);
	s->mean = get_num(c, obj, at, "mean", NULLABLE, 0);
	s->stddev = get_num(c, obj, at, "stddev", NULLABLE, 0);
	s->mad = get_num(c, obj, at, "mad", NULLABLE, 0);
	s->min = get_num(c, obj, at, "min", NULLABLE, 0);
	s->max = get_num(c, obj, at, "max", NULLABLE, 0);
	s->q1 = get_num(c, obj, at, "q1", NULLABLE, 0);
	s->q3 = get_num(c, obj, at, "q3", NULLABLE, 0);
	s->outliers = (size_t)get_int(c, obj, at, "outliers", NULLABLE, 0,
				      LLONG_MAX, 0);
	s->ci_low = get_num(c, obj, at, "ci_low", NULLABLE, 0);
	s->ci_high = get_num(c, obj, at, "ci_high", NULLABLE, 0);
	s->present = !c->failed && !isnan(s->median);
}

static void read_ratio(struct rctx *c, const json_t *parent, const char *where,
		       const char *key, struct result_ratio *r)
{
	char at[128];
	const json_t *obj = get_obj(c, parent, where, key, NULLABLE);
	memset(r, 0, sizeof(*r));
	r->value = r->ci_low = r->ci_high = NAN;
	if (!obj)
		return;
	snprintf(at, sizeof(at), "%s.%s", where, key);
	/* A ratio of medians of positive figures; 0 would be a division
	 * by zero somewhere, which versus never writes. */
	r->value = get_num(c, obj, at, "value", NULLABLE, 0);
	if (!isnan(r->value) && !(r->value > 0))
		bad(c, at, "value", "expected a number > 0, not %g", r->value);
	/* ci_low/ci_high stay NAN when the file says null: not known (one
	 * run on a side), which renderers show as such. */
	r->ci_low = get_num(c, obj, at, "ci_low", NULLABLE, 0);
	r->ci_high = get_num(c, obj, at, "ci_high", NULLABLE, 0);
	r->present = !c->failed && !isnan(r->value);
}

static void read_sample(struct rctx *c, const json_t *obj, const char *at,
			struct result_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->round = (long)get_int(c, obj, at, "round", OPTIONAL, 0, LONG_MAX, 0);
	char *status = get_status(c, obj, at, "status", REQUIRED);
	snprintf(s->status, sizeof(s->status), "%s", status ? status : "??");
	free(status);
	s->exit_code = (long)get_int(c, obj, at, "exit_code", NULLABLE, INT_MIN,
				     INT_MAX, 0);
	s->signal = (long)get_int(c, obj, at, "signal", NULLABLE, 0, 1024, 0);
	s->wall_ns = get_num(c, obj, at, "wall_ns", NULLABLE, 0);
	s->user_ns = get_num(c, obj, at, "user_ns", NULLABLE, 0);
	s->sys_ns = get_num(c, obj, at, "sys_ns", NULLABLE, 0);
	s->cpu_ns = get_num(c, obj, at, "cpu_ns", NULLABLE, 0);
	s->peak_memory_bytes =
		get_num(c, obj, at, "peak_memory_bytes", NULLABLE, 0);
	s->max_rss_bytes = get_num(c, obj, at, "max_rss_bytes", NULLABLE, 0);
	s->memory_source = get_str(c, obj, at, "memory_source", NULLABLE);
}

static void read_checks(struct rctx *c, const json_t *obj, const char *where)
{
	const json_t *arr = get_arr(c, obj, where, "checks", OPTIONAL), *v;
	size_t i;
	json_array_foreach(arr, i, v)
	{
		char at[96];
		snprintf(at, sizeof(at), "%s.checks[%zu]", where, i);
		if (!json_is_object(v)) {
			bad(c, at, NULL, "expected an object");
			return;
		}
		get_obj(c, v, at, "params", NULLABLE);
		free(get_str(c, v, at, "expect", NULLABLE));
		free(get_status(c, v, at, "status", NULLABLE));
		free(get_str(c, v, at, "message", NULLABLE));
	}
}

static int read_impl(struct rctx *c, const json_t *obj, size_t index,
		     struct result_impl *im)
{
	static const char *const stat_keys[] = {"wall_ns", "cpu_ns",
						"peak_memory_bytes"};
	static const char *const ratio_keys[] = {"time", "cpu", "memory"};
	const json_t *v;
	char at[64], sub[96];
	size_t i;

	memset(im, 0, sizeof(*im));
	strvec_init(&im->build_argv);
	strvec_init(&im->run_argv);
	im->build_wall_ns = NAN;
	snprintf(at, sizeof(at), "implementations[%zu]", index);
	if (!json_is_object(obj))
		return bad(c, at, NULL, "expected an object"), -EINVAL;
	im->id = get_str(c, obj, at, "id", REQUIRED);
	im->language = get_str(c, obj, at, "language", REQUIRED);
	im->status = get_status(c, obj, at, "status", REQUIRED);
	if (c->failed)
		return -EINVAL;
	if (!*im->id)
		return bad(c, at, "id", "expected a non-empty string"), -EINVAL;
	im->reason = get_str(c, obj, at, "reason", NULLABLE);
	im->source = get_str(c, obj, at, "source", NULLABLE);
	im->source_sha256 = get_str(c, obj, at, "source_sha256", NULLABLE);
	v = get_obj(c, obj, at, "toolchain", NULLABLE);
	snprintf(sub, sizeof(sub), "%s.toolchain", at);
	im->toolchain_path = get_str(c, v, sub, "path", NULLABLE);
	im->toolchain_version = get_str(c, v, sub, "version", NULLABLE);
	v = get_obj(c, obj, at, "build", NULLABLE);
	snprintf(sub, sizeof(sub), "%s.build", at);
	if (v) {
		im->has_build = true;
		get_strvec(c, v, sub, "argv", NULLABLE, &im->build_argv);
		im->build_wall_ns = get_num(c, v, sub, "wall_ns", NULLABLE, 0);
		im->build_cached = get_bool(c, v, sub, "cached", NULLABLE) == 1;
		get_num(c, v, sub, "output_bytes", NULLABLE, 0);
		im->build_stderr = get_str(c, v, sub, "stderr", NULLABLE);
	}
	strvec_clear(&im->run_argv);
	get_strvec(c, obj, at, "run_argv", NULLABLE, &im->run_argv);
	read_checks(c, obj, at);
	im->output_sha256 = get_str(c, obj, at, "output_sha256", NULLABLE);
	im->stop_reason = get_str(c, obj, at, "stop_reason", NULLABLE);
	im->warmup_runs = (long)get_int(c, obj, at, "warmup_runs", NULLABLE, 0,
					LONG_MAX, 0);

	v = get_arr(c, obj, at, "samples", NULLABLE);
	if (v && json_array_size(v) > RESULT_MAX_SAMPLES)
		return bad(c, at, "samples",
			   "%zu entries, more than the %d a run can make "
			   "(measure.max_runs)",
			   json_array_size(v), RESULT_MAX_SAMPLES),
		       -EINVAL;
	if (v && json_array_size(v)) {
		const json_t *s;
		im->samples = xcalloc(json_array_size(v), sizeof(*im->samples));
		json_array_foreach(v, i, s)
		{
			snprintf(sub, sizeof(sub), "%s.samples[%zu]", at, i);
			if (!json_is_object(s))
				return bad(c, sub, NULL, "expected an object"),
				       -EINVAL;
			read_sample(c, s, sub, &im->samples[im->samples_nr++]);
			if (c->failed)
				return -EINVAL;
		}
	}
	v = get_obj(c, obj, at, "stats", NULLABLE);
	snprintf(sub, sizeof(sub), "%s.stats", at);
	/* versus writes statistics whenever an OK implementation has a good
	 * sample; their absence means the file was edited. */
	if (!v && !c->failed && !strcmp(im->status, "OK"))
		for (i = 0; i < im->samples_nr; i++)
			if (!strcmp(im->samples[i].status, "OK"))
				return bad(c, at, "stats",
					   "expected an object: the status is "
					   "OK and there are OK samples"),
				       -EINVAL;
	for (i = 0; v && i < 3; i++)
		read_summary(c, v, sub, stat_keys[i], &im->stats[i]);
	v = get_obj(c, obj, at, "ratio", NULLABLE);
	snprintf(sub, sizeof(sub), "%s.ratio", at);
	for (i = 0; i < 3; i++) {
		im->ratio[i].value = NAN;
		if (v)
			read_ratio(c, v, sub, ratio_keys[i], &im->ratio[i]);
	}
	return c->failed ? -EINVAL : 0;
}

static void impl_release(struct result_impl *im)
{
	free(im->id);
	free(im->language);
	free(im->status);
	free(im->reason);
	free(im->source);
	free(im->source_sha256);
	free(im->toolchain_path);
	free(im->toolchain_version);
	strvec_clear(&im->build_argv);
	free(im->build_stderr);
	strvec_clear(&im->run_argv);
	free(im->output_sha256);
	free(im->stop_reason);
	for (size_t i = 0; i < im->samples_nr; i++)
		free(im->samples[i].memory_source);
	free(im->samples);
}

static char *str_or_empty(struct rctx *c, const json_t *obj, const char *key)
{
	char *s = get_str(c, obj, "", key, NULLABLE);
	return s ? s : xstrdup("");
}

static const char *const cgroup_modes[] = {"cgroup2", "cgroup1", "none", NULL};
static const char *const validate_modes[] = {"exact", "lines", "numeric",
					     "sha256", NULL};

static void read_host(struct rctx *c, const json_t *host,
		      struct result_file *rf)
{
	const char *at = "host";
	rf->hostname = get_str(c, host, at, "hostname", NULLABLE);
	rf->kernel = get_str(c, host, at, "kernel", NULLABLE);
	rf->arch = get_str(c, host, at, "arch", NULLABLE);
	rf->os = get_str(c, host, at, "os", NULLABLE);
	rf->cpu_model = get_str(c, host, at, "cpu_model", NULLABLE);
	rf->cgroup_mode = get_str(c, host, at, "cgroup_mode", NULLABLE);
	if (rf->cgroup_mode && !is_one_of(rf->cgroup_mode, cgroup_modes))
		bad(c, at, "cgroup_mode",
		    "expected cgroup2, cgroup1 or none, not '%.16s'",
		    rf->cgroup_mode);
	rf->governor = get_str(c, host, at, "governor", NULLABLE);
	rf->fingerprint = get_str(c, host, at, "fingerprint", NULLABLE);
	rf->cpus_online = (long)get_int(c, host, at, "cpus_online", NULLABLE, 0,
					LONG_MAX, 0);
	rf->memory_bytes = get_num(c, host, at, "memory_bytes", NULLABLE, 0);
	rf->seccomp = get_bool(c, host, at, "seccomp", NULLABLE);
	rf->aslr = (long)get_int(c, host, at, "aslr", NULLABLE, 0, 2, -1);
	const json_t *v = get_arr(c, host, at, "load_average", NULLABLE);
	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_array_get(v, i); /* NULL if not array */
		if (x && !json_is_number(x) && !json_is_null(x))
			bad(c, at, "load_average", "expected numbers");
		rf->load_average[i] =
			json_is_number(x) ? json_number_value(x) : NAN;
	}
}

static void read_workload(struct rctx *c, const json_t *wl,
			  struct result_file *rf)
{
	const char *at = "workload";
	rf->workload_id = get_str(c, wl, at, "id", REQUIRED);
	if (rf->workload_id && !*rf->workload_id)
		bad(c, at, "id", "expected a non-empty string");
	rf->workload_version =
		(long)get_int(c, wl, at, "version", REQUIRED, 1, INT_MAX, 1);
	rf->baseline = get_str(c, wl, at, "baseline", REQUIRED);
	rf->title = get_str(c, wl, at, "title", NULLABLE);
	rf->manifest = get_str(c, wl, at, "manifest", NULLABLE);
	rf->manifest_sha256 = get_str(c, wl, at, "manifest_sha256", NULLABLE);
	rf->size = get_str(c, wl, at, "size", NULLABLE);
	free(get_str(c, wl, at, "reference", NULLABLE));
	strvec_clear(&rf->args);
	get_strvec(c, wl, at, "args", NULLABLE, &rf->args);
	const json_t *v = get_obj(c, wl, at, "validate", NULLABLE);
	rf->validate_mode =
		get_str(c, v, "workload.validate", "mode", NULLABLE);
	if (rf->validate_mode && !is_one_of(rf->validate_mode, validate_modes))
		bad(c, "workload.validate", "mode",
		    "unknown validate mode '%.16s'", rf->validate_mode);
	rf->validate_abs_tol =
		get_num(c, v, "workload.validate", "abs_tol", NULLABLE, 0);
	rf->validate_rel_tol =
		get_num(c, v, "workload.validate", "rel_tol", NULLABLE, 0);
}

/* Fill rf from the parsed document root; rf->path is already set. */
static int read_file_doc(const json_t *root, struct result_file *rf,
			 struct versus_err *err)
{
	struct rctx ctx = {.file = rf->path, .err = err};
	struct rctx *c = &ctx;
	const char *path = rf->path;
	const json_t *wl, *v, *impls;
	const char *key;
	size_t i;

	if (!json_is_object(root))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "not a versus result file (the top level "
				      "is not an object)");
	v = json_object_get(root, "schema");
	if (!v)
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "not a versus result file (no 'schema' "
				      "key)");
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "'schema' must be a positive integer");
	if (json_integer_value(v) > RESULT_SCHEMA_VERSION)
		return versus_err_set(err, -EPROTONOSUPPORT, path, 0, 0,
				      "schema %lld is newer than this versus "
				      "understands (%d); upgrade versus",
				      (long long)json_integer_value(v),
				      RESULT_SCHEMA_VERSION);
	rf->schema = (long)json_integer_value(v);
	wl = json_object_get(root, "workload");
	if (!json_is_object(wl))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "not a versus result file (no "
				      "'workload' object)");
	impls = json_object_get(root, "implementations");
	if (!json_is_array(impls))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "no 'implementations' array");
	if (json_array_size(impls) > RESULT_MAX_IMPLS)
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "implementations: %zu entries, more than "
				      "the %d a result file may hold",
				      json_array_size(impls), RESULT_MAX_IMPLS);
	read_workload(c, wl, rf);

	rf->versus_version = get_str(c, root, "", "versus_version", NULLABLE);
	rf->complete = get_bool(c, root, "", "complete", NULLABLE) != 0;
	rf->started_at = str_or_empty(c, root, "started_at");
	rf->finished_at = str_or_empty(c, root, "finished_at");
	strvec_clear(&rf->command);
	get_strvec(c, root, "", "command", NULLABLE, &rf->command);
	rf->seed = (uint64_t)get_int(c, root, "", "seed", NULLABLE, 0,
				     LLONG_MAX, 0);
	get_obj(c, root, "", "measure", NULLABLE);
	get_obj(c, root, "", "limits", NULLABLE);

	v = get_obj(c, root, "", "params", NULLABLE);
	if (v) {
		const json_t *pv;
		rf->params =
			xcalloc(json_object_size(v) + 1, sizeof(*rf->params));
		json_object_foreach((json_t *)(uintptr_t)v, key, pv)
		{
			struct result_param *p;
			if (!json_is_string(pv) && !json_is_number(pv)) {
				bad(c, "params", key, "expected a string");
				break;
			}
			p = &rf->params[rf->params_nr++];
			p->name = xstrdup(key);
			if (json_is_string(pv))
				p->value = xstrdup(json_string_value(pv));
			else
				p->value = json_dumps(pv, JSON_ENCODE_ANY |
								  JSON_COMPACT);
			if (!p->value)
				p->value = xstrdup("?");
		}
	}
	read_host(c, get_obj(c, root, "", "host", NULLABLE), rf);
	if (c->failed)
		return -EINVAL;

	rf->impls = xcalloc(json_array_size(impls) + 1, sizeof(*rf->impls));
	for (i = 0; i < json_array_size(impls); i++) {
		int rc = read_impl(c, json_array_get(impls, i), i,
				   &rf->impls[rf->impls_nr++]);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < rf->impls_nr; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rf->impls[i].id, rf->impls[j].id))
				return bad(c, "implementations", NULL,
					   "implementation '%s' appears twice",
					   rf->impls[i].id),
				       -EINVAL;
	return 0;
}

int result_file_load(const char *path, struct result_file **out,
		     struct versus_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*out = NULL;
	/* Never blocks on a FIFO, never reads a device, never more than the
	 * cap (results/README.md). */
	rc = file_read_regular(path, RESULT_FILE_MAX_BYTES, &sb);
	if (rc < 0) {
		strbuf_release(&sb);
		if (rc == -EFBIG)
			return versus_err_set(err, -EFBIG, path, 0, 0,
					      "larger than %d MiB, the most a "
					      "result file may hold",
					      RESULT_FILE_MAX_BYTES >> 20);
		return versus_err_set(err, rc, path, 0, 0, "%s",
				      file_strerror(rc));
	}
	rc = result_file_load_buffer(path, sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

int result_file_load_buffer(const char *name, const char *data, size_t len,
			    struct result_file **out, struct versus_err *err)
{
	json_error_t jerr;
	json_t *root;
	struct result_file *rf;
	int rc;

	*out = NULL;
	if (len > RESULT_FILE_MAX_BYTES)
		return versus_err_set(err, -EFBIG, name, 0, 0,
				      "larger than %d MiB, the most a "
				      "result file may hold",
				      RESULT_FILE_MAX_BYTES >> 20);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return versus_err_set(err, -EINVAL, name, jerr.line,
				      jerr.column,
				      "not valid JSON (truncated or "
				      "corrupt?): %s",
				      jerr.text);
	rf = xcalloc(1, sizeof(*rf));
	rf->path = xstrdup(name);
	strvec_init(&rf->command);
	strvec_init(&rf->args);
	rc = read_file_doc(root, rf, err);
	json_decref(root);
	if (rc < 0) {
		result_file_free(rf);
		return rc;
	}
	*out = rf;
	return 0;
}

void result_file_free(struct result_file *rf)
{
	if (!rf)
		return;
	free(rf->path);
	free(rf->versus_version);
	free(rf->started_at);
	free(rf->finished_at);
	strvec_clear(&rf->command);
	free(rf->workload_id);
	free(rf->title);
	free(rf->manifest);
	free(rf->manifest_sha256);
	free(rf->size);
	free(rf->baseline);
	strvec_clear(&rf->args);
	free(rf->validate_mode);
	for (size_t i = 0; i < rf->params_nr; i++) {
		free(rf->params[i].name);
		free(rf->params[i].value);
	}
	free(rf->params);
	free(rf->hostname);
	free(rf->kernel);
	free(rf->arch);
	free(rf->os);
	free(rf->cpu_model);
	free(rf->cgroup_mode);
	free(rf->governor);
	free(rf->fingerprint);
	for (size_t i = 0; i < rf->impls_nr; i++)
		impl_release(&rf->impls[i]);
	free(rf->impls);
	free(rf);
}

static void set_push(struct result_set *set, struct result_file *rf)
{
	ALLOC_GROW(set->files, set->nr + 1, set->alloc);
	set->files[set->nr++] = rf;
}

static size_t add_file(struct result_set *set, const char *path,
		       struct versus_errs *errs)
{
	struct result_file *rf;
	struct versus_err err = {0};
	if (result_file_load(path, &rf, &err) < 0) {
		versus_errs_push(errs, &err);
		return 0;
	}
	set_push(set, rf);
	return 1;
}

size_t result_set_add_path(struct result_set *set, const char *path,
			   struct versus_errs *errs)
{
	struct stat st;
	struct strvec paths = STRVEC_INIT;
	size_t added = 0;
	int rc;

	if (stat(path, &st) < 0) {
		versus_errs_add(errs, -errno, path, 0, 0, "%s",
				strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(set, path, errs);
	rc = fs_list_dir(path, ".json", &paths);
	if (rc) {
		versus_errs_add(errs, rc, path, 0, 0, "%s", strerror(-rc));
		return 0;
	}
	if (!paths.nr)
		versus_errs_add(errs, -ENOENT, path, 0, 0,
				"folder holds no result files (*.json)");
	for (size_t i = 0; i < paths.nr; i++)
		added += add_file(set, paths.v[i], errs);
	strvec_clear(&paths);
	return added;
}

void result_set_release(struct result_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nr; i++)
		result_file_free(set->files[i]);
	free(set->files);
	set->files = NULL;
	set->nr = set->alloc = 0;
}

/* Whether a is newer than b: finished_at (ISO 8601 sorts as text). */
static bool newer(const struct result_file *a, const struct result_file *b)
{
	int c = strcmp(a->finished_at, b->finished_at);
	return c > 0 || (c == 0 && strcmp(a->path, b->path) > 0);
}

size_t result_set_latest(const struct result_set *set,
			 const struct result_file ***out, struct strvec *notes)
{
	const struct result_file **pick = xcalloc(set->nr + 1, sizeof(*pick));
	size_t nr = 0;

	for (size_t i = 0; i < set->nr; i++) {
		const struct result_file *rf = set->files[i];
		size_t j;
		for (j = 0; j < nr; j++)
			if (!strcmp(pick[j]->workload_id, rf->workload_id))
				break;
		if (j == nr)
			pick[nr++] = rf;
		else if (newer(rf, pick[j]))
			pick[j] = rf;
	}
	for (size_t j = 0; notes && j < nr; j++) {
		struct strbuf skipped = STRBUF_INIT;
		size_t count = 0;
		for (size_t i = 0; i < set->nr; i++) {
			const struct result_file *rf = set->files[i];
			if (rf == pick[j] ||
			    strcmp(rf->workload_id, pick[j]->workload_id))
				continue;
			strbuf_addf(&skipped, "%s'%s'", count ? ", " : "",
				    rf->path);
			count++;
		}
		if (count)
			strvec_push_owned(
				notes,
				xstrfmt("workload '%s': %zu result files; "
					"using the newest, '%s' (finished %s); "
					"not shown: %s",
					pick[j]->workload_id, count + 1,
					pick[j]->path, pick[j]->finished_at,
					skipped.buf));
		strbuf_release(&skipped);
	}
	*out = pick;
	return nr;
}

const struct result_impl *result_file_impl(const struct result_file *rf,
					   const char *id)
{
	for (size_t i = 0; i < rf->impls_nr; i++)
		if (!strcmp(rf->impls[i].id, id))
			return &rf->impls[i];
	return NULL;
}

bool result_impl_ok(const struct result_impl *impl)
{
	return !strcmp(impl->status, "OK");
}

size_t result_impl_values(const struct result_impl *impl,
			  enum result_metric metric, double **out)
{
	double *v = NULL;
	size_t nr = 0;
	*out = NULL;
	if (!impl->samples_nr)
		return 0;
	v = xmalloc(impl->samples_nr * sizeof(*v));
	for (size_t i = 0; i < impl->samples_nr; i++) {
		const struct result_sample *s = &impl->samples[i];
		double x = metric == RESULT_WALL  ? s->wall_ns
			   : metric == RESULT_CPU ? s->cpu_ns
						  : s->peak_memory_bytes;
		if (strcmp(s->status, "OK") || isnan(x))
			continue;
		v[nr++] = x;
	}
	if (!nr) {
		free(v);
		return 0;
	}
	*out = v;
	return nr;
}

/* ---- set-ups: what makes two files' figures comparable ---- */

static const char *memory_source_of(const struct result_impl *im, bool *mixed)
{
	const char *src = NULL;
	for (size_t i = 0; i < im->samples_nr; i++) {
		const struct result_sample *s = &im->samples[i];
		if (strcmp(s->status, "OK") || !s->memory_source)
			continue;
		if (!src)
			src = s->memory_source;
		else if (strcmp(src, s->memory_source))
			*mixed = true;
	}
	return src;
}

const char *result_impl_memory_source(const struct result_impl *im)
{
	bool mixed = false;
	const char *src = memory_source_of(im, &mixed);
	return mixed ? "mixed" : src;
}

const char *result_file_memory_source(const struct result_file *rf)
{
	const char *src = NULL;
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const char *s = result_impl_memory_source(&rf->impls[i]);
		if (!s)
			continue;
		if (!src)
			src = s;
		else if (strcmp(src, s))
			return "mixed";
	}
	return src;
}

static bool same_or_null(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void diff_item(struct strbuf *sb, const char *what, const char *a,
		      const char *b, const char *la, const char *lb)
{
	strbuf_addf(sb, "%s%s '%s' in %s, '%s' in %s", sb->len ? "; " : "",
		    what, a ? a : "(none)", la, b ? b : "(none)", lb);
}

char *result_setup_diff(const struct result_file *a,
			const struct result_file *b, const char *la,
			const char *lb)
{
	struct strbuf sb = STRBUF_INIT;
	if (a->schema != b->schema) {
		char x[24], y[24];
		snprintf(x, sizeof(x), "%ld", a->schema);
		snprintf(y, sizeof(y), "%ld", b->schema);
		diff_item(&sb, "result schema", x, y, la, lb);
	}
	if (!same_or_null(a->cgroup_mode, b->cgroup_mode))
		diff_item(&sb, "cgroup mode", a->cgroup_mode, b->cgroup_mode,
			  la, lb);
	const char *ma = result_file_memory_source(a);
	const char *mb = result_file_memory_source(b);
	/* A side without any OK sample has no source to disagree with. */
	if (ma && mb && strcmp(ma, mb))
		diff_item(&sb, "memory source", ma, mb, la, lb);
	if (!same_or_null(a->fingerprint, b->fingerprint)) {
		char *x = xstrfmt("%.12s (%s, %s)",
				  a->fingerprint ? a->fingerprint : "none",
				  a->hostname ? a->hostname : "?",
				  a->kernel ? a->kernel : "?");
		char *y = xstrfmt("%.12s (%s, %s)",
				  b->fingerprint ? b->fingerprint : "none",
				  b->hostname ? b->hostname : "?",
				  b->kernel ? b->kernel : "?");
		diff_item(&sb, "host fingerprint", x, y, la, lb);
		free(x);
		free(y);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

char *result_toolchain_diff(const struct result_impl *a,
			    const struct result_impl *b, const char *la,
			    const char *lb)
{
	struct strbuf sb = STRBUF_INIT;
	/* NA on a side: no toolchain ran there, nothing to compare. */
	if (!a->toolchain_version || !b->toolchain_version)
		return NULL;
	if (strcmp(a->toolchain_version, b->toolchain_version))
		diff_item(&sb, "toolchain version", a->toolchain_version,
			  b->toolchain_version, la, lb);
	if (!same_or_null(a->toolchain_path, b->toolchain_path))
		diff_item(&sb, "toolchain path", a->toolchain_path,
			  b->toolchain_path, la, lb);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * record.c: result records written to and read from JSON with jansson.
 * The reader checks only the keys a report cannot do without strictly; the
 * rest are read if present and of the right type (results/README.md:
 * readers ignore what they do not know). The writer writes the same keys
 * in the order of the schema's tables.
 */
#include "record/record.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Implementations allowed in one file: a bound on the quadratic work of
 * pairing them (compare, report), far above any real manifest. */
#define RESULT_MAX_IMPLS 4096
/* Samples of one implementation: the manifest's max_runs cap. */
#define RESULT_MAX_SAMPLES 100000

/* Where the reader is in the document, for located messages. */
struct rctx {
	const char *file;
	const char *prefix; /* the record's place in a merge document
			       ("results[3]"), or NULL */
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
	versus_err_set(c->err, -EINVAL, c->file, 0, 0, "%s%s%s%s%s: %s",
		       c->prefix ? c->prefix : "",
		       c->prefix && (*where || key) ? "." : "", where,
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

/* ---- statuses ---- */

/* The statuses of the top-level README, by enum impl_status. */
static const char *const status_names[STATUS_COUNT] = {
	[STATUS_OK] = "OK", [STATUS_CE] = "CE", [STATUS_WA] = "WA",
	[STATUS_ND] = "ND", [STATUS_RE] = "RE", [STATUS_SG] = "SG",
	[STATUS_TO] = "TO", [STATUS_TW] = "TW", [STATUS_ML] = "ML",
	[STATUS_OL] = "OL", [STATUS_SV] = "SV", [STATUS_XX] = "XX",
	[STATUS_NA] = "NA", [STATUS_PV] = "PV",
};

const char *status_name(enum impl_status status)
{
	return status_names[status];
}

bool status_parse(const char *name, enum impl_status *out)
{
	for (size_t i = 0; i < STATUS_COUNT; i++)
		if (!strcmp(name, status_names[i])) {
			*out = (enum impl_status)i;
			return true;
		}
	return false;
}

bool status_is_failure(enum impl_status status)
{
	return status != STATUS_OK && status != STATUS_NA;
}

/* ---- reading ---- */

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
	enum impl_status st;
	if (s && !status_parse(s, &st)) {
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

/* An object of name -> string (a number is kept as its JSON text). */
static void read_params(struct rctx *c, const json_t *parent, const char *where,
			const char *key, struct result_param **out, size_t *nr)
{
	const json_t *obj = get_obj(c, parent, where, key, NULLABLE), *pv;
	const char *name;
	char at[128];
	if (!obj)
		return;
	snprintf(at, sizeof(at), "%s%s%s", where, *where ? "." : "", key);
	*out = xcalloc(json_object_size(obj) + 1, sizeof(**out));
	json_object_foreach((json_t *)(uintptr_t)obj, name, pv)
	{
		struct result_param *p;
		if (!json_is_string(pv) && !json_is_number(pv)) {
			bad(c, at, name, "expected a string");
			return;
		}
		p = &(*out)[(*nr)++];
		p->name = xstrdup(name);
		if (json_is_string(pv))
			p->value = xstrdup(json_string_value(pv));
		else
			p->value =
				json_dumps(pv, JSON_ENCODE_ANY | JSON_COMPACT);
		if (!p->value)
			p->value = xstrdup("?");
	}
}

static void params_free(struct result_param *params, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(params[i].name);
		free(params[i].value);
	}
	free(params);
}

static void read_checks(struct rctx *c, const json_t *obj, const char *where,
			struct result_impl *im)
{
	const json_t *arr = get_arr(c, obj, where, "checks", NULLABLE), *v;
	size_t i;
	if (!arr || !json_array_size(arr))
		return;
	im->checks = xcalloc(json_array_size(arr), sizeof(*im->checks));
	json_array_foreach(arr, i, v)
	{
		char at[96];
		snprintf(at, sizeof(at), "%s.checks[%zu]", where, i);
		if (!json_is_object(v)) {
			bad(c, at, NULL, "expected an object");
			return;
		}
		struct result_check *rc = &im->checks[im->checks_nr++];
		read_params(c, v, at, "params", &rc->params, &rc->params_nr);
		rc->expect = get_str(c, v, at, "expect", NULLABLE);
		rc->status = get_status(c, v, at, "status", NULLABLE);
		rc->message = get_str(c, v, at, "message", NULLABLE);
	}
}

/*
 * output_digest {algorithm, value}; files written before it have
 * output_sha256 (a hex SHA-256, or null) instead: read as algorithm
 * "sha256", and written back under that key (impl_json).
 */
static void read_output_digest(struct rctx *c, const json_t *obj,
			       const char *where, struct result_impl *im)
{
	if (json_object_get(obj, "output_digest")) {
		const json_t *d =
			get_obj(c, obj, where, "output_digest", NULLABLE);
		if (!d)
			return;
		char sub[96];
		snprintf(sub, sizeof(sub), "%s.output_digest", where);
		im->output_digest_algorithm =
			get_str(c, d, sub, "algorithm", REQUIRED);
		im->output_digest = get_str(c, d, sub, "value", REQUIRED);
		return;
	}
	if (!json_object_get(obj, "output_sha256"))
		return;
	/* the algorithm is kept even for null, so the key is written back */
	im->output_digest = get_str(c, obj, where, "output_sha256", NULLABLE);
	im->output_digest_algorithm = xstrdup("sha256");
}

/* ---- iteration mode ---- */

static const char *const iter_modes[] = {"versus", "compat", NULL};

/*
 * key of obj as an array of exactly n numbers >= 0 (null: NAN) into a new
 * array (caller owns); NULL when absent or null (and then also on error).
 */
static double *read_num_array(struct rctx *c, const json_t *obj,
			      const char *where, const char *key, size_t n,
			      bool integers)
{
	const json_t *arr = get_arr(c, obj, where, key, NULLABLE), *v;
	size_t i;
	if (!arr)
		return NULL;
	if (json_array_size(arr) != n) {
		bad(c, where, key, "%zu values for %zu iterations",
		    json_array_size(arr), n);
		return NULL;
	}
	double *out = xmalloc((n + 1) * sizeof(*out));
	json_array_foreach(arr, i, v)
	{
		bool ok = integers ? json_is_integer(v) : json_is_number(v);
		out[i] = json_is_number(v) ? json_number_value(v) : NAN;
		if (!json_is_null(v) && (!ok || (integers && !(out[i] >= 0)))) {
			char k[64];
			snprintf(k, sizeof(k), "%s[%zu]", key, i);
			bad(c, where, k, "expected %s or null",
			    integers ? "an integer >= 0" : "a number");
			free(out);
			return NULL;
		}
	}
	return out;
}

static void read_iter_metrics(struct rctx *c, const json_t *obj,
			      const char *where, struct result_iter_exec *ex)
{
	const json_t *arr = get_arr(c, obj, where, "metrics", NULLABLE), *v;
	size_t i;
	if (!arr || !json_array_size(arr))
		return;
	if (json_array_size(arr) > RESULT_MAX_ITER_METRICS) {
		bad(c, where, "metrics", "%zu names, more than the %d allowed",
		    json_array_size(arr), RESULT_MAX_ITER_METRICS);
		return;
	}
	ex->metrics = xcalloc(json_array_size(arr), sizeof(*ex->metrics));
	json_array_foreach(arr, i, v)
	{
		char at[256];
		snprintf(at, sizeof(at), "%s.metrics[%zu]", where, i);
		if (!json_is_object(v)) {
			bad(c, at, NULL, "expected an object");
			return;
		}
		struct result_iter_metric *m = &ex->metrics[ex->metrics_nr++];
		m->name = get_str(c, v, at, "name", REQUIRED);
		m->unit = get_str(c, v, at, "unit", REQUIRED);
		m->values = read_num_array(c, v, at, "values", ex->n, false);
		if (!c->failed && !m->values)
			bad(c, at, "values", "missing");
		if (c->failed)
			return;
	}
}

static void read_iter_exec(struct rctx *c, const json_t *obj, const char *at,
			   long count, struct result_iter_exec *ex)
{
	const json_t *arr, *v;
	char sub[192];
	size_t i;

	ex->start_ns = NAN;
	ex->violation_line = ex->violation_offset = NAN;
	ex->round =
		(long)get_int(c, obj, at, "round", NULLABLE, 0, LONG_MAX, 0);
	char *status = get_status(c, obj, at, "status", REQUIRED);
	snprintf(ex->status, sizeof(ex->status), "%s", status ? status : "??");
	free(status);
	arr = get_arr(c, obj, at, "iter_ns", REQUIRED);
	if (arr && json_array_size(arr) > (size_t)count) {
		bad(c, at, "iter_ns", "%zu iterations, more than the count %ld",
		    json_array_size(arr), count);
		return;
	}
	if (c->failed)
		return;
	ex->iter_ns =
		xmalloc((json_array_size(arr) + 1) * sizeof(*ex->iter_ns));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			snprintf(sub, sizeof(sub), "iter_ns[%zu]", i);
			bad(c, at, sub, "expected an integer >= 0");
			return;
		}
		ex->iter_ns[ex->n++] = (uint64_t)json_integer_value(v);
	}
	ex->start_ns = get_num(c, obj, at, "start_ns", NULLABLE, 0);
	read_iter_metrics(c, obj, at, ex);
	v = get_obj(c, obj, at, "cgroup", NULLABLE);
	if (v) {
		snprintf(sub, sizeof(sub), "%s.cgroup", at);
		ex->cgroup_cpu_ns =
			read_num_array(c, v, sub, "cpu_ns", ex->n, true);
		ex->cgroup_memory_bytes =
			read_num_array(c, v, sub, "memory_bytes", ex->n, true);
		if (!c->failed &&
		    (!ex->cgroup_cpu_ns || !ex->cgroup_memory_bytes))
			bad(c, sub,
			    ex->cgroup_cpu_ns ? "memory_bytes" : "cpu_ns",
			    "missing");
	}
	v = get_obj(c, obj, at, "violation", NULLABLE);
	if (v) {
		snprintf(sub, sizeof(sub), "%s.violation", at);
		ex->violation_rule = get_str(c, v, sub, "rule", REQUIRED);
		ex->violation_line = get_num(c, v, sub, "line", NULLABLE, 0);
		ex->violation_offset =
			get_num(c, v, sub, "offset", NULLABLE, 0);
		ex->violation_message = get_str(c, v, sub, "message", NULLABLE);
	}
}

static void read_iterations(struct rctx *c, const json_t *obj,
			    const char *where, struct result_impl *im)
{
	struct result_iterations *r = &im->iterations;
	const json_t *it = get_obj(c, obj, where, "iterations", NULLABLE), *v;
	char at[96], sub[160];
	size_t i;

	if (!it)
		return;
	snprintf(at, sizeof(at), "%s.iterations", where);
	r->present = true;
	r->count = (long)get_int(c, it, at, "count", REQUIRED, 1,
				 RESULT_MAX_ITERATIONS, 1);
	r->executions = (long)get_int(c, it, at, "executions", NULLABLE, 0,
				      RESULT_MAX_SAMPLES, 0);
	r->inner = (long)get_int(c, it, at, "inner", NULLABLE, 1, LONG_MAX, 1);
	r->mode = get_str(c, it, at, "mode", NULLABLE);
	if (r->mode && !is_one_of(r->mode, iter_modes))
		bad(c, at, "mode", "expected versus or compat, not '%.16s'",
		    r->mode);
	r->penalty = get_num(c, it, at, "penalty", NULLABLE, 0);
	r->tolerance = get_num(c, it, at, "tolerance", NULLABLE, 0);
	v = get_arr(c, it, at, "series", NULLABLE);
	if (c->failed || !v || !json_array_size(v))
		return;
	if (json_array_size(v) > RESULT_MAX_SAMPLES) {
		bad(c, at, "series",
		    "%zu executions, more than the %d a run "
		    "can make",
		    json_array_size(v), RESULT_MAX_SAMPLES);
		return;
	}
	r->execs = xcalloc(json_array_size(v), sizeof(*r->execs));
	for (i = 0; i < json_array_size(v); i++) {
		const json_t *e = json_array_get(v, i);
		snprintf(sub, sizeof(sub), "%s.series[%zu]", at, i);
		if (!json_is_object(e)) {
			bad(c, sub, NULL, "expected an object");
			return;
		}
		read_iter_exec(c, e, sub, r->count, &r->execs[r->execs_nr++]);
		if (c->failed)
			return;
	}
}

static void iterations_release(struct result_iterations *r)
{
	free(r->mode);
	for (size_t i = 0; i < r->execs_nr; i++) {
		struct result_iter_exec *ex = &r->execs[i];
		free(ex->iter_ns);
		for (size_t k = 0; k < ex->metrics_nr; k++) {
			free(ex->metrics[k].name);
			free(ex->metrics[k].unit);
			free(ex->metrics[k].values);
		}
		free(ex->metrics);
		free(ex->cgroup_cpu_ns);
		free(ex->cgroup_memory_bytes);
		free(ex->violation_rule);
		free(ex->violation_message);
	}
	free(r->execs);
}

static int read_impl(struct rctx *c, const json_t *obj, const char *prefix,
		     size_t index, struct result_impl *im)
{
	static const char *const stat_keys[] = {"wall_ns", "cpu_ns",
						"peak_memory_bytes"};
	static const char *const ratio_keys[] = {"time", "cpu", "memory"};
	const json_t *v;
	char at[64], sub[96];
	size_t i;

	result_impl_init(im);
	snprintf(at, sizeof(at), "%simplementations[%zu]", prefix, index);
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
		im->build_output_bytes =
			get_num(c, v, sub, "output_bytes", NULLABLE, 0);
		im->build_stderr = get_str(c, v, sub, "stderr", NULLABLE);
	}
	strvec_clear(&im->run_argv);
	get_strvec(c, obj, at, "run_argv", NULLABLE, &im->run_argv);
	read_checks(c, obj, at, im);
	read_output_digest(c, obj, at, im);
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
	im->has_stats = v != NULL;
	for (i = 0; v && i < 3; i++)
		read_summary(c, v, sub, stat_keys[i], &im->stats[i]);
	v = get_obj(c, obj, at, "ratio", NULLABLE);
	snprintf(sub, sizeof(sub), "%s.ratio", at);
	im->has_ratio = v != NULL;
	for (i = 0; v && i < 3; i++)
		read_ratio(c, v, sub, ratio_keys[i], &im->ratio[i]);
	read_iterations(c, obj, at, im);
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
	for (size_t i = 0; i < im->checks_nr; i++) {
		struct result_check *ck = &im->checks[i];
		params_free(ck->params, ck->params_nr);
		free(ck->expect);
		free(ck->status);
		free(ck->message);
	}
	free(im->checks);
	free(im->output_digest);
	free(im->output_digest_algorithm);
	free(im->stop_reason);
	for (size_t i = 0; i < im->samples_nr; i++)
		free(im->samples[i].memory_source);
	free(im->samples);
	iterations_release(&im->iterations);
}

static char *str_or_empty(struct rctx *c, const json_t *obj, const char *key)
{
	char *s = get_str(c, obj, "", key, NULLABLE);
	return s ? s : xstrdup("");
}

static const char *const cgroup_modes[] = {"cgroup2", "cgroup1", "none", NULL};
static const char *const box_kinds[] = {"none", "root", "userns", NULL};
static const char *const pinnings[] = {"cpuset-v1", "cpuset-v2", "affinity",
				       NULL};
static const char *const validate_modes[] = {"exact",  "lines", "numeric",
					     "sha256", "none",	NULL};

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
	rf->smt = get_bool(c, host, at, "smt", NULLABLE);
	rf->boost = get_bool(c, host, at, "boost", NULLABLE);
	rf->swap_bytes = get_num(c, host, at, "swap_bytes", NULLABLE, 0);
	rf->perf_counters = get_bool(c, host, at, "perf_counters", NULLABLE);
	rf->box = get_str(c, host, at, "box", NULLABLE);
	if (rf->box && !is_one_of(rf->box, box_kinds))
		bad(c, at, "box", "expected none, root or userns, not '%.16s'",
		    rf->box);
	rf->hardware_fingerprint =
		get_str(c, host, at, "hardware_fingerprint", NULLABLE);
	rf->environment_fingerprint =
		get_str(c, host, at, "environment_fingerprint", NULLABLE);
	rf->microcode = get_str(c, host, at, "microcode", NULLABLE);
	rf->sockets =
		(long)get_int(c, host, at, "sockets", NULLABLE, 1, INT_MAX, -1);
	rf->cores =
		(long)get_int(c, host, at, "cores", NULLABLE, 1, INT_MAX, -1);
	rf->threads_per_core = (long)get_int(c, host, at, "threads_per_core",
					     NULLABLE, 1, INT_MAX, -1);
	rf->visible_cpus = get_str(c, host, at, "visible_cpus", NULLABLE);
	rf->executor = get_str(c, host, at, "executor", NULLABLE);
	if (rf->executor && strcmp(rf->executor, "srun-step") != 0)
		bad(c, at, "executor", "expected srun-step, not '%.16s'",
		    rf->executor);
	rf->job_steps = (long long)get_int(c, host, at, "job_steps", NULLABLE,
					   0, LLONG_MAX, 0);
	const json_t *v = get_arr(c, host, at, "load_average", NULLABLE);
	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_array_get(v, i); /* NULL if not array */
		if (x && !json_is_number(x) && !json_is_null(x))
			bad(c, at, "load_average", "expected numbers");
		rf->load_average[i] =
			json_is_number(x) ? json_number_value(x) : NAN;
	}
}

static const char *const revision_sources[] = {"git", "option", NULL};

static void read_revision(struct rctx *c, const json_t *o,
			  struct result_file *rf)
{
	const char *at = "revision";
	if (!o)
		return;
	rf->revision = get_str(c, o, at, "id", REQUIRED);
	rf->revision_time = get_str(c, o, at, "time", NULLABLE);
	rf->revision_source = get_str(c, o, at, "source", REQUIRED);
	if (rf->revision_source &&
	    !is_one_of(rf->revision_source, revision_sources))
		bad(c, at, "source", "expected git or option, not '%.16s'",
		    rf->revision_source);
}

static void read_shard(struct rctx *c, const json_t *o, struct result_file *rf)
{
	const char *at = "shard";
	if (!o)
		return;
	rf->shard_plan_id = get_str(c, o, at, "plan_id", REQUIRED);
	rf->shard_count =
		(long)get_int(c, o, at, "count", REQUIRED, 1, INT_MAX, -1);
	rf->shard_index =
		(long)get_int(c, o, at, "index", REQUIRED, 0, INT_MAX, -1);
	if (rf->shard_count > 0 && rf->shard_index >= rf->shard_count)
		bad(c, at, "index", "expected less than count (%ld), not %ld",
		    rf->shard_count, rf->shard_index);
	rf->shard_unit = get_str(c, o, at, "unit", REQUIRED);
	rf->shard_canary_ns = get_num(c, o, at, "canary_ns", NULLABLE, 0);
	if (c->failed)
		rf->shard_index = -1;
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
	rf->reference = get_str(c, wl, at, "reference", NULLABLE);
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

static void read_measure(struct rctx *c, const json_t *obj,
			 struct result_measure *m)
{
	const char *at = "measure";
	m->warmup = get_num(c, obj, at, "warmup", NULLABLE, 0);
	m->min_runs = get_num(c, obj, at, "min_runs", NULLABLE, 0);
	m->max_runs = get_num(c, obj, at, "max_runs", NULLABLE, 0);
	m->target_ci = get_num(c, obj, at, "target_ci", NULLABLE, 0);
	m->time_budget_s = get_num(c, obj, at, "time_budget_s", NULLABLE, 0);
	m->fixed_runs = get_num(c, obj, at, "fixed_runs", NULLABLE, 0);
}

static void read_limits(struct rctx *c, const json_t *obj,
			struct result_limits *l)
{
	const char *at = "limits";
	l->wall_s = get_num(c, obj, at, "wall_s", NULLABLE, 0);
	l->cpu_s = get_num(c, obj, at, "cpu_s", NULLABLE, 0);
	l->memory_bytes = get_num(c, obj, at, "memory_bytes", NULLABLE, 0);
	l->pids = get_num(c, obj, at, "pids", NULLABLE, 0);
	l->output_bytes = get_num(c, obj, at, "output_bytes", NULLABLE, 0);
	l->cpus = get_str(c, obj, at, "cpus", NULLABLE);
	l->pinning = get_str(c, obj, at, "pinning", NULLABLE);
	if (l->pinning && !is_one_of(l->pinning, pinnings))
		bad(c, at, "pinning",
		    "expected cpuset-v1, cpuset-v2 or affinity, not '%.16s'",
		    l->pinning);
}

static const char *const published_metrics[] = {"wall", "cpu", "memory", NULL};
static const char *const published_kinds[] = {"ratio", "absolute", NULL};
static const char *const published_aggregates[] = {"geomean", "sum", NULL};

static void published_release(struct result_published *p)
{
	free(p->citation);
	free(p->url);
	free(p->version);
	free(p->machine);
	free(p->toolchains);
	free(p->metric);
	free(p->baseline);
	free(p->kind);
	free(p->size);
	free(p->aggregate);
	for (size_t i = 0; i < p->values_nr; i++) {
		free(p->values[i].id);
		free(p->values[i].toolchain);
	}
	free(p->values);
	memset(p, 0, sizeof(*p));
}

/* A string of set into *out (owned); an error otherwise. */
static void get_word(struct rctx *c, const json_t *obj, const char *where,
		     const char *key, const char *const *set, char **out)
{
	*out = get_str(c, obj, where, key, REQUIRED);
	if (*out && !is_one_of(*out, set))
		bad(c, where, key, "unknown value '%.16s'", *out);
}

static void read_published(struct rctx *c, const json_t *root,
			   struct result_published *p)
{
	const char *at = "published";
	const json_t *obj = get_obj(c, root, "", at, NULLABLE), *arr, *v;
	size_t i;
	if (!obj)
		return;
	p->present = true;
	p->citation = get_str(c, obj, at, "citation", REQUIRED);
	p->url = get_str(c, obj, at, "url", NULLABLE);
	p->version = get_str(c, obj, at, "version", NULLABLE);
	p->machine = get_str(c, obj, at, "machine", NULLABLE);
	p->toolchains = get_str(c, obj, at, "toolchains", NULLABLE);
	get_word(c, obj, at, "metric", published_metrics, &p->metric);
	p->baseline = get_str(c, obj, at, "baseline", REQUIRED);
	get_word(c, obj, at, "kind", published_kinds, &p->kind);
	p->size = get_str(c, obj, at, "size", NULLABLE);
	get_word(c, obj, at, "aggregate", published_aggregates, &p->aggregate);
	p->tolerance = get_num(c, obj, at, "tolerance", REQUIRED, 1);
	arr = get_arr(c, obj, at, "values", REQUIRED);
	if (!arr || c->failed)
		return;
	if (json_array_size(arr) > RESULT_MAX_IMPLS) {
		bad(c, at, "values", "more than %d entries", RESULT_MAX_IMPLS);
		return;
	}
	p->values = xcalloc(json_array_size(arr) + 1, sizeof(*p->values));
	json_array_foreach(arr, i, v)
	{
		char where[64];
		struct result_published_value *pv = &p->values[p->values_nr++];
		snprintf(where, sizeof(where), "published.values[%zu]", i);
		if (!json_is_object(v)) {
			bad(c, where, NULL, "expected an object");
			return;
		}
		pv->id = get_str(c, v, where, "id", REQUIRED);
		pv->value = get_num(c, v, where, "value", REQUIRED, 0);
		if (!(pv->value > 0))
			bad(c, where, "value", "expected a number above 0");
		pv->tolerance = get_num(c, v, where, "tolerance", REQUIRED, 1);
		pv->toolchain = get_str(c, v, where, "toolchain", NULLABLE);
	}
}

/* Fill rf from the parsed document root; rf->path is already set. */
static int unique_ids(struct rctx *c, const char *at,
		      const struct result_impl *im, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(im[i].id, im[j].id))
				return bad(c, at, NULL,
					   "implementation '%s' appears twice",
					   im[i].id),
				       -EINVAL;
	return 0;
}

/* The most points a sweep may have (MANIFEST_SWEEP_MAX is 64). */
#define RESULT_MAX_POINTS 1024

/* `sweep` (optional): {param, points: [{value, reference, impls}]}. */
static int read_sweep(struct rctx *c, const json_t *root,
		      struct result_file *rf)
{
	const json_t *sw = get_obj(c, root, "", "sweep", NULLABLE);
	if (!sw)
		return c->failed ? -EINVAL : 0;
	rf->sweep_param = get_str(c, sw, "sweep", "param", REQUIRED);
	const json_t *pts = get_arr(c, sw, "sweep", "points", REQUIRED);
	if (c->failed)
		return -EINVAL;
	if (json_array_size(pts) > RESULT_MAX_POINTS)
		return bad(c, "sweep", "points", "more than %d points",
			   RESULT_MAX_POINTS),
		       -EINVAL;
	rf->points = xcalloc(json_array_size(pts) + 1, sizeof(*rf->points));
	for (size_t k = 0; k < json_array_size(pts); k++) {
		const json_t *pt = json_array_get(pts, k);
		struct result_point *p = &rf->points[rf->points_nr++];
		char at[48], pre[64];
		snprintf(at, sizeof(at), "sweep.points[%zu]", k);
		snprintf(pre, sizeof(pre), "%s.", at);
		if (!json_is_object(pt))
			return bad(c, at, NULL, "expected an object"), -EINVAL;
		p->value = get_str(c, pt, at, "value", REQUIRED);
		p->reference = get_str(c, pt, at, "reference", NULLABLE);
		const json_t *impls =
			get_arr(c, pt, at, "implementations", REQUIRED);
		if (c->failed)
			return -EINVAL;
		if (json_array_size(impls) > RESULT_MAX_IMPLS)
			return bad(c, at, "implementations",
				   "more than %d entries", RESULT_MAX_IMPLS),
			       -EINVAL;
		p->impls =
			xcalloc(json_array_size(impls) + 1, sizeof(*p->impls));
		for (size_t i = 0; i < json_array_size(impls); i++) {
			int rc = read_impl(c, json_array_get(impls, i), pre, i,
					   &p->impls[p->impls_nr++]);
			if (rc < 0)
				return rc;
		}
		if (unique_ids(c, at, p->impls, p->impls_nr) < 0)
			return -EINVAL;
	}
	return 0;
}

static int read_file_doc(const json_t *root, const char *path,
			 const char *prefix, struct result_file *rf,
			 struct versus_err *err)
{
	struct rctx ctx = {.file = path, .prefix = prefix, .err = err};
	struct rctx *c = &ctx;
	const json_t *wl, *v, *impls;
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
	read_measure(c, get_obj(c, root, "", "measure", NULLABLE),
		     &rf->measure);
	read_limits(c, get_obj(c, root, "", "limits", NULLABLE), &rf->limits);
	read_params(c, root, "", "params", &rf->params, &rf->params_nr);
	read_host(c, get_obj(c, root, "", "host", NULLABLE), rf);
	read_published(c, root, &rf->published);
	read_revision(c, get_obj(c, root, "", "revision", NULLABLE), rf);
	read_shard(c, get_obj(c, root, "", "shard", NULLABLE), rf);
	if (c->failed)
		return -EINVAL;

	rf->impls = xcalloc(json_array_size(impls) + 1, sizeof(*rf->impls));
	for (i = 0; i < json_array_size(impls); i++) {
		int rc = read_impl(c, json_array_get(impls, i), "", i,
				   &rf->impls[rf->impls_nr++]);
		if (rc < 0)
			return rc;
	}
	if (unique_ids(c, "implementations", rf->impls, rf->impls_nr) < 0)
		return -EINVAL;
	return read_sweep(c, root, rf);
}

/* The JSON document in data[0..len), or NULL with err filled. */
static json_t *parse_doc(const char *name, const char *data, size_t len,
			 struct versus_err *err)
{
	json_error_t jerr;
	json_t *root;

	if (len > RESULT_FILE_MAX_BYTES) {
		versus_err_set(err, -EFBIG, name, 0, 0,
			       "larger than %d MiB, the most a result file "
			       "may hold",
			       RESULT_FILE_MAX_BYTES >> 20);
		return NULL;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		versus_err_set(err, -EINVAL, name, jerr.line, jerr.column,
			       "not valid JSON (truncated or corrupt?): %s",
			       jerr.text);
	return root;
}

/* The JSON document of the file at path into *root (caller decrefs);
 * returns 0 or a negative errno with err filled. */
static int read_doc(const char *path, json_t **root, struct versus_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*root = NULL;
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
	*root = parse_doc(path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return *root ? 0 : -EINVAL;
}

bool result_json_is_merge(const struct json_t *root)
{
	const json_t *kind = json_object_get(root, "kind");
	return json_is_string(kind) &&
	       !strcmp(json_string_value(kind), RESULT_MERGE_KIND);
}

int result_file_from_json(const char *name, const char *where,
			  const struct json_t *root, struct result_file **out,
			  struct versus_err *err)
{
	struct versus_err local = {0};
	struct result_file *rf;
	int rc;

	*out = NULL;
	if (!where && result_json_is_merge(root))
		return versus_err_set(err, -EINVAL, name, 0, 0,
				      "a merge document (versus merge), not "
				      "one result: read its results with "
				      "'versus report'");
	rf = result_file_new();
	rf->path = where ? xstrfmt("%s#%s", name, where) : xstrdup(name);
	rc = read_file_doc(root, name, where, rf, &local);
	if (rc < 0) {
		result_file_free(rf);
		/* messages made without a key: say where the record is */
		if (where && strncmp(local.message, where, strlen(where)))
			versus_err_set(err, rc, name, 0, 0, "%s: %s", where,
				       local.message);
		else if (err)
			*err = local;
		return rc;
	}
	*out = rf;
	return 0;
}

int result_file_load(const char *path, struct result_file **out,
		     struct versus_err *err)
{
	json_t *root;
	int rc;

	*out = NULL;
	rc = read_doc(path, &root, err);
	if (rc < 0)
		return rc;
	rc = result_file_from_json(path, NULL, root, out, err);
	json_decref(root);
	return rc;
}

int result_file_load_buffer(const char *name, const char *data, size_t len,
			    struct result_file **out, struct versus_err *err)
{
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_doc(name, data, len, err);
	if (!root)
		return -EINVAL;
	rc = result_file_from_json(name, NULL, root, out, err);
	json_decref(root);
	return rc;
}

void result_impl_init(struct result_impl *im)
{
	memset(im, 0, sizeof(*im));
	strvec_init(&im->build_argv);
	strvec_init(&im->run_argv);
	im->build_wall_ns = im->build_output_bytes = NAN;
	for (size_t i = 0; i < 3; i++)
		im->ratio[i].value = im->ratio[i].ci_low =
			im->ratio[i].ci_high = NAN;
	im->iterations.penalty = im->iterations.tolerance = NAN;
	im->iterations.inner = 1;
}

struct result_file *result_file_new(void)
{
	struct result_file *rf = xcalloc(1, sizeof(*rf));
	rf->schema = RESULT_SCHEMA_VERSION;
	rf->complete = true;
	strvec_init(&rf->command);
	strvec_init(&rf->args);
	rf->validate_abs_tol = rf->validate_rel_tol = NAN;
	rf->measure = (struct result_measure){NAN, NAN, NAN, NAN, NAN, NAN};
	rf->limits =
		(struct result_limits){NAN, NAN, NAN, NAN, NAN, NULL, NULL};
	rf->memory_bytes = NAN;
	rf->seccomp = rf->smt = rf->boost = rf->perf_counters = -1;
	rf->aslr = -1;
	rf->swap_bytes = NAN;
	rf->sockets = rf->cores = rf->threads_per_core = -1;
	rf->shard_index = rf->shard_count = -1;
	rf->shard_canary_ns = NAN;
	for (size_t i = 0; i < 3; i++)
		rf->load_average[i] = NAN;
	return rf;
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
	free(rf->revision);
	free(rf->revision_time);
	free(rf->revision_source);
	free(rf->workload_id);
	free(rf->title);
	free(rf->manifest);
	free(rf->manifest_sha256);
	free(rf->size);
	free(rf->baseline);
	free(rf->reference);
	strvec_clear(&rf->args);
	free(rf->validate_mode);
	params_free(rf->params, rf->params_nr);
	free(rf->hostname);
	free(rf->kernel);
	free(rf->arch);
	free(rf->os);
	free(rf->cpu_model);
	free(rf->cgroup_mode);
	free(rf->governor);
	free(rf->fingerprint);
	free(rf->box);
	free(rf->executor);
	free(rf->hardware_fingerprint);
	free(rf->environment_fingerprint);
	free(rf->microcode);
	free(rf->visible_cpus);
	free(rf->shard_plan_id);
	free(rf->shard_unit);
	free(rf->limits.cpus);
	free(rf->limits.pinning);
	for (size_t i = 0; i < rf->impls_nr; i++)
		impl_release(&rf->impls[i]);
	free(rf->impls);
	published_release(&rf->published);
	free(rf->sweep_param);
	for (size_t k = 0; k < rf->points_nr; k++) {
		struct result_point *p = &rf->points[k];
		free(p->value);
		free(p->reference);
		for (size_t i = 0; i < p->impls_nr; i++)
			impl_release(&p->impls[i]);
		free(p->impls);
	}
	free(rf->points);
	free(rf);
}

/* ---- writing ---- */

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

static json_t *str_or_null(const char *s)
{
	return s ? json_text(s) : json_null();
}

/* An integer figure kept as a double; null for NAN ("not known"). A
 * fraction or a figure beyond 64 bits (only from an edited file) stays a
 * number rather than be cut. */
static json_t *int_or_null(double v)
{
	if (!isfinite(v))
		return json_null();
	if (v == trunc(v) && v >= -9.2e18 && v <= 9.2e18)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* A number; null for NAN, which JSON cannot hold. */
static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* true, false or null (-1). */
static json_t *flag_or_null(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* Add key to o; a value jansson could not make (out of memory) is null. */
static void put(json_t *o, const char *key, json_t *v)
{
	if (utf8_valid(key, strlen(key))) {
		json_object_set_new(o, key, v ? v : json_null());
		return;
	}
	char *clean = utf8_sanitize(key);
	json_object_set_new(o, clean, v ? v : json_null());
	free(clean);
}

static json_t *strvec_json(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_text(sv->v[i]));
	return a;
}

static json_t *params_json(const struct result_param *p, size_t nr)
{
	json_t *o = json_object();
	for (size_t i = 0; i < nr; i++)
		put(o, p[i].name, json_text(p[i].value));
	return o;
}

static json_t *summary_json(const struct result_summary *s)
{
	if (!s->present)
		return json_null();
	json_t *o = json_object();
	put(o, "n", json_integer((json_int_t)s->n));
	put(o, "median", real_or_null(s->median));
	put(o, "mean", real_or_null(s->mean));
	put(o, "stddev", real_or_null(s->stddev));
	put(o, "mad", real_or_null(s->mad));
	put(o, "min", real_or_null(s->min));
	put(o, "max", real_or_null(s->max));
	put(o, "q1", real_or_null(s->q1));
	put(o, "q3", real_or_null(s->q3));
	put(o, "outliers", json_integer((json_int_t)s->outliers));
	put(o, "ci_low", real_or_null(s->ci_low));
	put(o, "ci_high", real_or_null(s->ci_high));
	return o;
}

static json_t *ratio_json(const struct result_ratio *r)
{
	json_t *o = json_object();
	put(o, "value", real_or_null(r->value));
	put(o, "ci_low", real_or_null(r->ci_low));
	put(o, "ci_high", real_or_null(r->ci_high));
	return o;
}

static json_t *sample_json(const struct result_sample *s)
{
	json_t *o = json_object();
	put(o, "round", json_integer(s->round));
	put(o, "status", json_text(s->status));
	put(o, "exit_code", json_integer(s->exit_code));
	put(o, "signal", json_integer(s->signal));
	put(o, "wall_ns", int_or_null(s->wall_ns));
	put(o, "user_ns", int_or_null(s->user_ns));
	put(o, "sys_ns", int_or_null(s->sys_ns));
	put(o, "cpu_ns", int_or_null(s->cpu_ns));
	put(o, "peak_memory_bytes", int_or_null(s->peak_memory_bytes));
	put(o, "memory_source", str_or_null(s->memory_source));
	put(o, "max_rss_bytes", int_or_null(s->max_rss_bytes));
	return o;
}

static json_t *check_json(const struct result_check *c)
{
	json_t *o = json_object();
	put(o, "params", params_json(c->params, c->params_nr));
	put(o, "expect", str_or_null(c->expect));
	put(o, "status", str_or_null(c->status));
	put(o, "message", str_or_null(c->message));
	return o;
}

static json_t *num_array_json(const double *v, size_t n, bool integers)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, integers ? int_or_null(v[i])
						  : real_or_null(v[i]));
	return a;
}

static json_t *iter_exec_json(const struct result_iter_exec *ex)
{
	json_t *o = json_object(), *v;
	put(o, "round", json_integer(ex->round));
	put(o, "status", json_text(ex->status));
	v = json_array();
	for (size_t i = 0; i < ex->n; i++)
		json_array_append_new(v,
				      json_integer((json_int_t)ex->iter_ns[i]));
	put(o, "iter_ns", v);
	put(o, "start_ns", int_or_null(ex->start_ns));
	v = json_array();
	for (size_t k = 0; k < ex->metrics_nr; k++) {
		const struct result_iter_metric *m = &ex->metrics[k];
		json_t *mo = json_object();
		put(mo, "name", str_or_null(m->name));
		put(mo, "unit", str_or_null(m->unit));
		put(mo, "values", num_array_json(m->values, ex->n, false));
		json_array_append_new(v, mo);
	}
	put(o, "metrics", v);
	if (ex->cgroup_cpu_ns && ex->cgroup_memory_bytes) {
		v = json_object();
		put(v, "cpu_ns",
		    num_array_json(ex->cgroup_cpu_ns, ex->n, true));
		put(v, "memory_bytes",
		    num_array_json(ex->cgroup_memory_bytes, ex->n, true));
		put(o, "cgroup", v);
	} else {
		put(o, "cgroup", json_null());
	}
	if (ex->violation_rule) {
		v = json_object();
		put(v, "rule", json_text(ex->violation_rule));
		put(v, "line", int_or_null(ex->violation_line));
		put(v, "offset", int_or_null(ex->violation_offset));
		put(v, "message", str_or_null(ex->violation_message));
		put(o, "violation", v);
	} else {
		put(o, "violation", json_null());
	}
	return o;
}

static json_t *iterations_json(const struct result_iterations *r)
{
	json_t *o = json_object(), *v;
	put(o, "count", json_integer(r->count));
	put(o, "executions", json_integer(r->executions));
	put(o, "inner", json_integer(r->inner));
	put(o, "mode", str_or_null(r->mode));
	put(o, "penalty", real_or_null(r->penalty));
	put(o, "tolerance", real_or_null(r->tolerance));
	v = json_array();
	for (size_t i = 0; i < r->execs_nr; i++)
		json_array_append_new(v, iter_exec_json(&r->execs[i]));
	put(o, "series", v);
	return o;
}

static json_t *impl_json(const struct result_impl *im)
{
	static const char *const stat_keys[] = {"wall_ns", "cpu_ns",
						"peak_memory_bytes"};
	static const char *const ratio_keys[] = {"time", "cpu", "memory"};
	json_t *o = json_object(), *v;
	put(o, "id", str_or_null(im->id));
	put(o, "language", str_or_null(im->language));
	put(o, "status", str_or_null(im->status));
	put(o, "reason", str_or_null(im->reason));
	put(o, "source", str_or_null(im->source));
	put(o, "source_sha256", str_or_null(im->source_sha256));
	v = json_object();
	put(v, "path", str_or_null(im->toolchain_path));
	put(v, "version", str_or_null(im->toolchain_version));
	put(o, "toolchain", v);
	if (im->has_build) {
		v = json_object();
		put(v, "argv", strvec_json(&im->build_argv));
		put(v, "wall_ns", int_or_null(im->build_wall_ns));
		put(v, "cached", json_boolean(im->build_cached));
		put(v, "output_bytes", int_or_null(im->build_output_bytes));
		put(v, "stderr", str_or_null(im->build_stderr));
		put(o, "build", v);
	} else {
		put(o, "build", json_null());
	}
	put(o, "run_argv", strvec_json(&im->run_argv));
	v = json_array();
	for (size_t i = 0; i < im->checks_nr; i++)
		json_array_append_new(v, check_json(&im->checks[i]));
	put(o, "checks", v);
	if (im->output_digest_algorithm &&
	    !strcmp(im->output_digest_algorithm, "sha256")) {
		/* read from an older file: written back as it was */
		put(o, "output_sha256", str_or_null(im->output_digest));
	} else if (im->output_digest) {
		v = json_object();
		put(v, "algorithm", str_or_null(im->output_digest_algorithm));
		put(v, "value", json_text(im->output_digest));
		put(o, "output_digest", v);
	} else {
		put(o, "output_digest", json_null());
	}
	put(o, "warmup_runs", json_integer(im->warmup_runs));
	put(o, "stop_reason", str_or_null(im->stop_reason));
	v = json_array();
	for (size_t i = 0; i < im->samples_nr; i++)
		json_array_append_new(v, sample_json(&im->samples[i]));
	put(o, "samples", v);
	v = im->has_stats ? json_object() : json_null();
	for (size_t i = 0; im->has_stats && i < 3; i++)
		put(v, stat_keys[i], summary_json(&im->stats[i]));
	put(o, "stats", v);
	v = im->has_ratio ? json_object() : json_null();
	for (size_t i = 0; im->has_ratio && i < 3; i++)
		put(v, ratio_keys[i], ratio_json(&im->ratio[i]));
	put(o, "ratio", v);
	/* Only in iteration mode: other records are as before it. */
	if (im->iterations.present)
		put(o, "iterations", iterations_json(&im->iterations));
	return o;
}

static json_t *workload_json(const struct result_file *rf)
{
	json_t *o = json_object(), *v;
	put(o, "id", str_or_null(rf->workload_id));
	put(o, "version", json_integer(rf->workload_version));
	put(o, "title", str_or_null(rf->title));
	put(o, "manifest", str_or_null(rf->manifest));
	put(o, "manifest_sha256", str_or_null(rf->manifest_sha256));
	put(o, "size", str_or_null(rf->size));
	put(o, "baseline", str_or_null(rf->baseline));
	put(o, "reference", str_or_null(rf->reference));
	put(o, "args", strvec_json(&rf->args));
	v = json_object();
	put(v, "mode", str_or_null(rf->validate_mode));
	put(v, "abs_tol", real_or_null(rf->validate_abs_tol));
	put(v, "rel_tol", real_or_null(rf->validate_rel_tol));
	put(o, "validate", v);
	return o;
}

static json_t *measure_json(const struct result_measure *m)
{
	json_t *o = json_object();
	put(o, "warmup", int_or_null(m->warmup));
	put(o, "min_runs", int_or_null(m->min_runs));
	put(o, "max_runs", int_or_null(m->max_runs));
	put(o, "target_ci", real_or_null(m->target_ci));
	put(o, "time_budget_s", real_or_null(m->time_budget_s));
	put(o, "fixed_runs", int_or_null(m->fixed_runs));
	return o;
}

static json_t *limits_json(const struct result_limits *l)
{
	json_t *o = json_object();
	put(o, "wall_s", real_or_null(l->wall_s));
	put(o, "cpu_s", real_or_null(l->cpu_s));
	put(o, "memory_bytes", int_or_null(l->memory_bytes));
	put(o, "pids", int_or_null(l->pids));
	put(o, "output_bytes", int_or_null(l->output_bytes));
	/* Added to schema 1 later: absent when the runs were not pinned. */
	if (l->cpus)
		put(o, "cpus", json_text(l->cpus));
	if (l->pinning)
		put(o, "pinning", json_text(l->pinning));
	return o;
}

static json_t *host_json(const struct result_file *rf)
{
	json_t *o = json_object(), *v;
	put(o, "hostname", str_or_null(rf->hostname));
	put(o, "kernel", str_or_null(rf->kernel));
	put(o, "arch", str_or_null(rf->arch));
	put(o, "os", str_or_null(rf->os));
	put(o, "cpu_model", str_or_null(rf->cpu_model));
	put(o, "cpus_online", json_integer(rf->cpus_online));
	put(o, "memory_bytes", int_or_null(rf->memory_bytes));
	put(o, "cgroup_mode", str_or_null(rf->cgroup_mode));
	put(o, "seccomp", flag_or_null(rf->seccomp));
	put(o, "aslr", rf->aslr < 0 ? json_null() : json_integer(rf->aslr));
	put(o, "governor", str_or_null(rf->governor));
	v = json_array();
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(v, real_or_null(rf->load_average[i]));
	put(o, "load_average", v);
	put(o, "fingerprint", str_or_null(rf->fingerprint));
	/* Added to schema 1 later: absent, as in older files, when unknown. */
	if (rf->box)
		put(o, "box", json_text(rf->box));
	if (rf->smt >= 0)
		put(o, "smt", json_boolean(rf->smt));
	if (rf->boost >= 0)
		put(o, "boost", json_boolean(rf->boost));
	if (isfinite(rf->swap_bytes))
		put(o, "swap_bytes", int_or_null(rf->swap_bytes));
	if (rf->perf_counters >= 0)
		put(o, "perf_counters", json_boolean(rf->perf_counters));
	if (rf->hardware_fingerprint)
		put(o, "hardware_fingerprint",
		    json_text(rf->hardware_fingerprint));
	if (rf->environment_fingerprint)
		put(o, "environment_fingerprint",
		    json_text(rf->environment_fingerprint));
	if (rf->microcode)
		put(o, "microcode", json_text(rf->microcode));
	if (rf->sockets > 0)
		put(o, "sockets", json_integer(rf->sockets));
	if (rf->cores > 0)
		put(o, "cores", json_integer(rf->cores));
	if (rf->threads_per_core > 0)
		put(o, "threads_per_core", json_integer(rf->threads_per_core));
	if (rf->visible_cpus)
		put(o, "visible_cpus", json_text(rf->visible_cpus));
	if (rf->executor) {
		put(o, "executor", json_text(rf->executor));
		put(o, "job_steps", json_integer(rf->job_steps));
	}
	return o;
}

static json_t *published_json(const struct result_published *p)
{
	json_t *o = json_object(), *a = json_array();
	put(o, "citation", str_or_null(p->citation));
	put(o, "url", str_or_null(p->url));
	put(o, "version", str_or_null(p->version));
	put(o, "machine", str_or_null(p->machine));
	put(o, "toolchains", str_or_null(p->toolchains));
	put(o, "metric", str_or_null(p->metric));
	put(o, "baseline", str_or_null(p->baseline));
	put(o, "kind", str_or_null(p->kind));
	put(o, "size", str_or_null(p->size));
	put(o, "aggregate", str_or_null(p->aggregate));
	put(o, "tolerance", real_or_null(p->tolerance));
	for (size_t i = 0; i < p->values_nr; i++) {
		const struct result_published_value *pv = &p->values[i];
		json_t *v = json_object();
		put(v, "id", str_or_null(pv->id));
		put(v, "value", real_or_null(pv->value));
		put(v, "tolerance", real_or_null(pv->tolerance));
		put(v, "toolchain", str_or_null(pv->toolchain));
		json_array_append_new(a, v);
	}
	put(o, "values", a);
	return o;
}

static json_t *record_json(const struct result_file *rf)
{
	json_t *root = json_object(), *v;
	put(root, "schema", json_integer(rf->schema));
	put(root, "versus_version", str_or_null(rf->versus_version));
	put(root, "complete", json_boolean(rf->complete));
	put(root, "started_at",
	    json_text(rf->started_at ? rf->started_at : ""));
	put(root, "finished_at",
	    json_text(rf->finished_at ? rf->finished_at : ""));
	put(root, "command", strvec_json(&rf->command));
	put(root, "seed", json_integer((json_int_t)rf->seed));
	put(root, "workload", workload_json(rf));
	put(root, "params", params_json(rf->params, rf->params_nr));
	put(root, "measure", measure_json(&rf->measure));
	put(root, "limits", limits_json(&rf->limits));
	put(root, "host", host_json(rf));
	/* Added to schema 1 later: absent when unknown. */
	if (rf->revision) {
		v = json_object();
		put(v, "id", json_text(rf->revision));
		put(v, "time", str_or_null(rf->revision_time));
		put(v, "source", str_or_null(rf->revision_source));
		put(root, "revision", v);
	}
	if (rf->shard_index >= 0) {
		v = json_object();
		put(v, "plan_id", str_or_null(rf->shard_plan_id));
		put(v, "index", json_integer(rf->shard_index));
		put(v, "count", json_integer(rf->shard_count));
		put(v, "unit", str_or_null(rf->shard_unit));
		put(v, "canary_ns", real_or_null(rf->shard_canary_ns));
		put(root, "shard", v);
	}
	v = json_array();
	for (size_t i = 0; i < rf->impls_nr; i++)
		json_array_append_new(v, impl_json(&rf->impls[i]));
	put(root, "implementations", v);
	/* Added to schema 1 later: absent when the manifest has none. */
	if (rf->published.present)
		put(root, "published", published_json(&rf->published));
	if (rf->sweep_param) {
		json_t *sw = json_object(), *pts = json_array();
		put(sw, "param", json_text(rf->sweep_param));
		for (size_t k = 0; k < rf->points_nr; k++) {
			const struct result_point *p = &rf->points[k];
			json_t *o = json_object();
			put(o, "value", json_text(p->value ? p->value : ""));
			put(o, "reference", str_or_null(p->reference));
			v = json_array();
			for (size_t i = 0; i < p->impls_nr; i++)
				json_array_append_new(v,
						      impl_json(&p->impls[i]));
			put(o, "implementations", v);
			json_array_append_new(pts, o);
		}
		put(sw, "points", pts);
		put(root, "sweep", sw);
	}
	return root;
}

/*
 * Write text to sb with the arrays of numbers under `iterations` (the
 * values of the keys below, which jansson indents one number a line) on
 * one line each: a series of 2000 iterations is one line, not 2000. The
 * pattern `"key": [` followed by a newline is structural (a newline in a
 * string is written \n); an array of these keys that holds only numbers
 * and nulls is closed by its first ']', and any other (`published.values`
 * holds objects) is written as it is.
 */
static void compact_series(const char *text, struct strbuf *sb)
{
	static const char *const keys[] = {"\"iter_ns\": [\n",
					   "\"values\": [\n", "\"cpu_ns\": [\n",
					   "\"memory_bytes\": [\n"};
	enum { NKEYS = sizeof(keys) / sizeof(*keys) };
	const char *next[NKEYS]; /* each key's next place; NULL: no more */
	const char *p = text;
	for (size_t k = 0; k < NKEYS; k++)
		next[k] = strstr(p, keys[k]);
	while (*p) {
		const char *hit = NULL;
		size_t klen = 0;
		for (size_t k = 0; k < NKEYS; k++) {
			if (next[k] && next[k] < p)
				next[k] = strstr(p, keys[k]);
			if (next[k] && (!hit || next[k] < hit)) {
				hit = next[k];
				klen = strlen(keys[k]);
			}
		}
		const char *close = hit ? strchr(hit + klen, ']') : NULL;
		if (!close) {
			strbuf_addstr(sb, p);
			return;
		}
		/* another object's key of the same name (published.values
		 * holds objects): only arrays of numbers and nulls */
		if (strspn(hit + klen, "0123456789.-+eEnul, \n") <
		    (size_t)(close - hit - klen)) {
			strbuf_add(sb, p, (size_t)(hit + klen - p));
			p = hit + klen;
			continue;
		}
		strbuf_add(sb, p, (size_t)(hit + klen - 1 - p)); /* to '[' */
		bool first = true;
		for (const char *q = hit + klen; q < close;) {
			while (q < close &&
			       (*q == ' ' || *q == '\n' || *q == ','))
				q++;
			const char *e = q;
			while (e < close && *e != ',' && *e != '\n' &&
			       *e != ' ')
				e++;
			if (e > q) {
				if (!first)
					strbuf_addstr(sb, ", ");
				strbuf_add(sb, q, (size_t)(e - q));
				first = false;
			}
			q = e;
		}
		strbuf_addch(sb, ']');
		p = close + 1;
	}
}

char *result_file_text(const struct result_file *rf)
{
	json_t *root = record_json(rf);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!text)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	compact_series(text, &sb);
	strbuf_addch(&sb, '\n');
	free(text);
	return strbuf_detach(&sb, NULL);
}

int result_dir_prepare(const char *dir, struct versus_err *err)
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
static char *result_stem(const struct result_file *rf)
{
	/* started_at is 2026-11-22T20:15:00Z; the name drops - and :. */
	char stamp[32];
	size_t j = 0;
	for (const char *p = rf->started_at ? rf->started_at : "";
	     *p && j + 1 < sizeof(stamp); p++)
		if (*p != '-' && *p != ':')
			stamp[j++] = *p;
	stamp[j] = '\0';
	return xstrfmt("%s-%s", rf->workload_id ? rf->workload_id : "result",
		       stamp);
}

/* Write rf into dir with the given file mode (see record.h). */
static int write_in(const struct result_file *rf, const char *dir, mode_t mode,
		    char **path_out, struct versus_err *err)
{
	char *text = result_file_text(rf);
	if (!text)
		return versus_err_set(err, -ENOMEM, NULL, 0, 0,
				      "cannot serialise results");
	char *stem = result_stem(rf);
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

int result_file_write(const struct result_file *rf, const char *dir,
		      char **path_out, struct versus_err *err)
{
	return write_in(rf, dir, 0644, path_out, err);
}

const char *result_fallback_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && tmp[0] == '/' ? tmp : "/tmp";
}

int result_file_write_fallback(const struct result_file *rf, char **path_out,
			       struct versus_err *err)
{
	/* A shared /tmp: only the user may read what the run recorded. */
	return write_in(rf, result_fallback_dir(), 0600, path_out, err);
}

/* ---- result sets ---- */

static void set_push(struct result_set *set, struct result_file *rf)
{
	ALLOC_GROW(set->files, set->nr + 1, set->alloc);
	set->files[set->nr++] = rf;
}

/* Each record of a merge document (versus merge) at path. */
/* The index in rfs[0..nr) of the record of unit, or nr. */
static size_t unit_record(struct result_file *const *rfs, size_t nr,
			  const char *unit)
{
	for (size_t i = 0; i < nr; i++)
		if (rfs[i] && rfs[i]->shard_index >= 0 &&
		    !strcmp(rfs[i]->shard_unit, unit))
			return i;
	return nr;
}

/*
 * Pool the records of one pooled table of a merge document (its units'
 * records at idx[0..n)): the first unit's record gets the others'
 * implementations but the anchor (each keeps its ratio to its own group's
 * anchor, as the merge's table has it), and the others are freed. The
 * document is not trusted: nothing is done when a unit is named twice, the
 * records are not of one workload, size, hardware and environment (a
 * hand-edited "pooled": true), an implementation id would repeat or a
 * record is a sweep; its groups are then read one by one.
 */
static bool same_or_both_null(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static void pool_records(struct result_file **rfs, const size_t *idx, size_t n,
			 const char *name)
{
	struct result_file *base = rfs[idx[0]];
	size_t total = base->impls_nr;
	for (size_t k = 0; k < n; k++) {
		const struct result_file *rf = rfs[idx[k]];
		for (size_t m = 0; m < k; m++)
			if (idx[m] == idx[k])
				return;
		if (rf->sweep_param || strcmp(rf->baseline, base->baseline) ||
		    strcmp(rf->workload_id, base->workload_id) ||
		    !same_or_both_null(rf->size, base->size) ||
		    !same_or_both_null(rf->hardware_fingerprint,
				       base->hardware_fingerprint) ||
		    !same_or_both_null(rf->environment_fingerprint,
				       base->environment_fingerprint) ||
		    !same_or_both_null(rf->hardware_fingerprint
					       ? rf->hardware_fingerprint
					       : rf->hostname,
				       base->hardware_fingerprint
					       ? base->hardware_fingerprint
					       : base->hostname))
			return;
		for (size_t j = 0; k && j < rf->impls_nr; j++) {
			const char *id = rf->impls[j].id;
			if (!strcmp(id, rf->baseline))
				continue;
			for (size_t m = 0; m < k; m++)
				if (result_file_impl(rfs[idx[m]], id))
					return;
			total++;
		}
	}
	struct result_impl *impls = xcalloc(total + 1, sizeof(*impls));
	memcpy(impls, base->impls, base->impls_nr * sizeof(*impls));
	size_t nr = base->impls_nr;
	for (size_t k = 1; k < n; k++) {
		struct result_file *rf = rfs[idx[k]];
		for (size_t j = 0; j < rf->impls_nr; j++) {
			if (!strcmp(rf->impls[j].id, rf->baseline))
				continue;
			impls[nr++] = rf->impls[j];
			result_impl_init(&rf->impls[j]); /* moved */
		}
		base->complete &= rf->complete;
		if (strcmp(rf->finished_at, base->finished_at) > 0) {
			char *t = base->finished_at;
			base->finished_at = rf->finished_at;
			rf->finished_at = t;
		}
		result_file_free(rf);
		rfs[idx[k]] = NULL;
	}
	free(base->impls);
	base->impls = impls;
	base->impls_nr = nr;
	free(base->path);
	base->path = xstrdup(name);
}

/* Each table of a merge document whose groups were pooled ("pooled":
 * true): its units' records as one (docs/distributed.md, "Merging"). */
static void pool_tables(const char *path, const json_t *root,
			struct result_file **rfs, size_t nr)
{
	const json_t *tables = json_object_get(root, "tables"), *t;
	size_t i;
	json_array_foreach(tables, i, t)
	{
		const json_t *units = json_object_get(t, "units"), *u;
		size_t n = json_array_size(units), k;
		if (!json_is_true(json_object_get(t, "pooled")) || n < 2)
			continue;
		size_t *idx = xcalloc(n, sizeof(*idx));
		bool found = true;
		json_array_foreach(units, k, u)
		{
			idx[k] = json_is_string(u)
					 ? unit_record(rfs, nr,
						       json_string_value(u))
					 : nr;
			found &= idx[k] < nr;
		}
		if (found) {
			char *name = xstrfmt("%s#tables[%zu]", path, i);
			pool_records(rfs, idx, n, name);
			free(name);
		}
		free(idx);
	}
}

/* Each record of a merge document (versus merge) at path, the groups of
 * a pooled table as one. */
static size_t add_merged(struct result_set *set, const char *path,
			 const json_t *root, struct versus_errs *errs)
{
	const json_t *v = json_object_get(root, "schema"), *results;
	struct result_file **rfs;
	size_t added = 0, i;

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > RESULT_MERGE_SCHEMA) {
		versus_errs_add(errs, -EPROTONOSUPPORT, path, 0, 0,
				"merge document schema: expected an integer "
				"from 1 to %d (upgrade versus for a newer "
				"one)",
				RESULT_MERGE_SCHEMA);
		return 0;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		versus_errs_add(errs, -EINVAL, path, 0, 0,
				"results: expected an array");
		return 0;
	}
	rfs = xcalloc(json_array_size(results) + 1, sizeof(*rfs));
	json_array_foreach(results, i, v)
	{
		struct versus_err err = {0};
		char where[48];
		snprintf(where, sizeof(where), "results[%zu]", i);
		if (result_file_from_json(path, where, v, &rfs[i], &err) < 0)
			versus_errs_push(errs, &err);
	}
	pool_tables(path, root, rfs, json_array_size(results));
	for (i = 0; i < json_array_size(results); i++)
		if (rfs[i]) {
			set_push(set, rfs[i]);
			added++;
		}
	free(rfs);
	return added;
}

/* The record of a parsed document, or each record of a merge document;
 * takes root. */
static size_t add_doc(struct result_set *set, const char *name, json_t *root,
		      struct versus_errs *errs)
{
	struct result_file *rf;
	struct versus_err err = {0};
	size_t added = 0;

	if (result_json_is_merge(root)) {
		added = add_merged(set, name, root, errs);
	} else if (result_file_from_json(name, NULL, root, &rf, &err) < 0) {
		versus_errs_push(errs, &err);
	} else {
		set_push(set, rf);
		added = 1;
	}
	json_decref(root);
	return added;
}

/* A result file, or each record of a merge document. */
static size_t add_file(struct result_set *set, const char *path,
		       struct versus_errs *errs)
{
	struct versus_err err = {0};
	json_t *root;

	if (read_doc(path, &root, &err) < 0) {
		versus_errs_push(errs, &err);
		return 0;
	}
	return add_doc(set, path, root, errs);
}

size_t result_set_add_buffer(struct result_set *set, const char *name,
			     const char *data, size_t len,
			     struct versus_errs *errs)
{
	struct versus_err err = {0};
	json_t *root = parse_doc(name, data, len, &err);

	if (!root) {
		versus_errs_push(errs, &err);
		return 0;
	}
	return add_doc(set, name, root, errs);
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

/*
 * resultset.c: result files read with jansson into plain records. Only the
 * keys a report cannot do without are checked strictly; the rest are read
 * if present and of the right type (results/README.md: readers ignore what
 * they do not know).
 */
#include "resultset.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/banned.h"

static char *opt_str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static double opt_num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static long opt_int(const json_t *obj, const char *key, long dflt)
{
	const json_t *v = json_object_get(obj, key);
	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_real(v))
		return (long)json_real_value(v);
	return dflt;
}

static void opt_strvec(const json_t *obj, const char *key, struct strvec *out)
{
	const json_t *arr = json_object_get(obj, key);
	size_t i;
	const json_t *v;
	strvec_init(out);
	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v))
			strvec_push(out, json_string_value(v));
	}
}

static void read_summary(const json_t *obj, struct result_summary *s)
{
	memset(s, 0, sizeof(*s));
	if (!json_is_object(obj))
		return;
	s->present = true;
	s->n = (size_t)opt_int(obj, "n", 0);
	s->median = opt_num(obj, "median");
	s->mean = opt_num(obj, "mean");
	s->stddev = opt_num(obj, "stddev");
	s->mad = opt_num(obj, "mad");
	s->min = opt_num(obj, "min");
	s->max = opt_num(obj, "max");
	s->q1 = opt_num(obj, "q1");
	s->q3 = opt_num(obj, "q3");
	s->outliers = (size_t)opt_int(obj, "outliers", 0);
	s->ci_low = opt_num(obj, "ci_low");
	s->ci_high = opt_num(obj, "ci_high");
	/* A summary without a median is no summary. */
	if (isnan(s->median))
		s->present = false;
}

static void read_ratio(const json_t *obj, struct result_ratio *r)
{
	memset(r, 0, sizeof(*r));
	if (!json_is_object(obj))
		return;
	r->value = opt_num(obj, "value");
	r->ci_low = opt_num(obj, "ci_low");
	r->ci_high = opt_num(obj, "ci_high");
	r->present = !isnan(r->value);
	/* ci_low/ci_high stay NAN when the file says null: not known (one
	 * run on a side), which renderers show as such. */
}

static void read_sample(const json_t *obj, struct result_sample *s)
{
	const char *status = json_string_value(json_object_get(obj, "status"));
	memset(s, 0, sizeof(*s));
	s->round = opt_int(obj, "round", 0);
	snprintf(s->status, sizeof(s->status), "%s", status ? status : "??");
	s->exit_code = opt_int(obj, "exit_code", 0);
	s->signal = opt_int(obj, "signal", 0);
	s->wall_ns = opt_num(obj, "wall_ns");
	s->user_ns = opt_num(obj, "user_ns");
	s->sys_ns = opt_num(obj, "sys_ns");
	s->cpu_ns = opt_num(obj, "cpu_ns");
	s->peak_memory_bytes = opt_num(obj, "peak_memory_bytes");
	s->max_rss_bytes = opt_num(obj, "max_rss_bytes");
	s->memory_source = opt_str(obj, "memory_source");
}

static int read_impl(const json_t *obj, size_t index, struct result_impl *im,
		     const char *path, struct versus_err *err)
{
	static const char *const stat_keys[] = {"wall_ns", "cpu_ns",
						"peak_memory_bytes"};
	static const char *const ratio_keys[] = {"time", "cpu", "memory"};
	const json_t *v;
	size_t i;

	memset(im, 0, sizeof(*im));
	strvec_init(&im->build_argv);
	strvec_init(&im->run_argv);
	if (!json_is_object(obj))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "implementations[%zu] is not an object",
				      index);
	im->id = opt_str(obj, "id");
	im->language = opt_str(obj, "language");
	im->status = opt_str(obj, "status");
	if (!im->id || !im->language || !im->status)
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "implementations[%zu] lacks a string "
				      "'%s'",
				      index,
				      !im->id	      ? "id"
				      : !im->language ? "language"
						      : "status");
	im->reason = opt_str(obj, "reason");
	im->source = opt_str(obj, "source");
	im->source_sha256 = opt_str(obj, "source_sha256");
	v = json_object_get(obj, "toolchain");
	im->toolchain_path = opt_str(v, "path");
	im->toolchain_version = opt_str(v, "version");
	v = json_object_get(obj, "build");
	if (json_is_object(v)) {
		im->has_build = true;
		opt_strvec(v, "argv", &im->build_argv);
		im->build_wall_ns = opt_num(v, "wall_ns");
		im->build_cached = json_is_true(json_object_get(v, "cached"));
		im->build_stderr = opt_str(v, "stderr");
	} else {
		im->build_wall_ns = NAN;
	}
	opt_strvec(obj, "run_argv", &im->run_argv);
	im->output_sha256 = opt_str(obj, "output_sha256");
	im->stop_reason = opt_str(obj, "stop_reason");
	im->warmup_runs = opt_int(obj, "warmup_runs", 0);

	v = json_object_get(obj, "samples");
	if (json_is_array(v) && json_array_size(v)) {
		const json_t *s;
		im->samples = xcalloc(json_array_size(v), sizeof(*im->samples));
		json_array_foreach(v, i, s)
		{
			if (json_is_object(s))
				read_sample(s, &im->samples[im->samples_nr++]);
		}
	}
	v = json_object_get(obj, "stats");
	for (i = 0; i < 3; i++)
		read_summary(json_object_get(v, stat_keys[i]), &im->stats[i]);
	v = json_object_get(obj, "ratio");
	for (i = 0; i < 3; i++)
		read_ratio(json_object_get(v, ratio_keys[i]), &im->ratio[i]);
	return 0;
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

static char *str_or_empty(const json_t *obj, const char *key)
{
	char *s = opt_str(obj, key);
	return s ? s : xstrdup("");
}

/* Fill rf from the parsed document root; rf->path is already set. */
static int read_file_doc(const json_t *root, struct result_file *rf,
			 struct versus_err *err)
{
	const char *path = rf->path;
	const json_t *wl, *host, *v, *impls;
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
	rf->schema = (long)json_integer_value(v);
	if (rf->schema > RESULT_SCHEMA_VERSION)
		return versus_err_set(err, -EPROTONOSUPPORT, path, 0, 0,
				      "schema %ld is newer than this versus "
				      "understands (%d); upgrade versus",
				      rf->schema, RESULT_SCHEMA_VERSION);
	wl = json_object_get(root, "workload");
	if (!json_is_object(wl))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "not a versus result file (no "
				      "'workload' object)");
	rf->workload_id = opt_str(wl, "id");
	rf->baseline = opt_str(wl, "baseline");
	v = json_object_get(wl, "version");
	if (!rf->workload_id || !rf->baseline || !json_is_integer(v))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "'workload' lacks '%s'",
				      !rf->workload_id ? "id"
				      : !rf->baseline  ? "baseline"
						       : "version");
	rf->workload_version = (long)json_integer_value(v);
	impls = json_object_get(root, "implementations");
	if (!json_is_array(impls))
		return versus_err_set(err, -EINVAL, path, 0, 0,
				      "no 'implementations' array");

	rf->versus_version = opt_str(root, "versus_version");
	v = json_object_get(root, "complete");
	rf->complete = !json_is_false(v);
	rf->started_at = str_or_empty(root, "started_at");
	rf->finished_at = str_or_empty(root, "finished_at");
	opt_strvec(root, "command", &rf->command);
	v = json_object_get(root, "seed");
	rf->seed = json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;

	rf->title = opt_str(wl, "title");
	rf->manifest = opt_str(wl, "manifest");
	rf->manifest_sha256 = opt_str(wl, "manifest_sha256");
	rf->size = opt_str(wl, "size");
	opt_strvec(wl, "args", &rf->args);
	v = json_object_get(wl, "validate");
	rf->validate_mode = opt_str(v, "mode");
	rf->validate_abs_tol = opt_num(v, "abs_tol");
	rf->validate_rel_tol = opt_num(v, "rel_tol");

	v = json_object_get(root, "params");
	if (json_is_object(v)) {
		const json_t *pv;
		rf->params =
			xcalloc(json_object_size(v) + 1, sizeof(*rf->params));
		json_object_foreach((json_t *)(uintptr_t)v, key, pv)
		{
			struct result_param *p = &rf->params[rf->params_nr++];
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

	host = json_object_get(root, "host");
	rf->hostname = opt_str(host, "hostname");
	rf->kernel = opt_str(host, "kernel");
	rf->arch = opt_str(host, "arch");
	rf->os = opt_str(host, "os");
	rf->cpu_model = opt_str(host, "cpu_model");
	rf->cgroup_mode = opt_str(host, "cgroup_mode");
	rf->governor = opt_str(host, "governor");
	rf->fingerprint = opt_str(host, "fingerprint");
	rf->cpus_online = opt_int(host, "cpus_online", 0);
	rf->memory_bytes = opt_num(host, "memory_bytes");
	v = json_object_get(host, "seccomp");
	rf->seccomp = json_is_boolean(v) ? json_is_true(v) : -1;
	rf->aslr = opt_int(host, "aslr", -1);
	v = json_object_get(host, "load_average");
	for (i = 0; i < 3; i++) {
		const json_t *x = json_array_get(v, i); /* NULL if not array */
		rf->load_average[i] =
			json_is_number(x) ? json_number_value(x) : NAN;
	}

	rf->impls = xcalloc(json_array_size(impls) + 1, sizeof(*rf->impls));
	for (i = 0; i < json_array_size(impls); i++) {
		int rc = read_impl(json_array_get(impls, i), i,
				   &rf->impls[rf->impls_nr++], path, err);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < rf->impls_nr; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rf->impls[i].id, rf->impls[j].id))
				return versus_err_set(
					err, -EINVAL, path, 0, 0,
					"implementation '%s' appears twice",
					rf->impls[i].id);
	return 0;
}

int result_file_load(const char *path, struct result_file **out,
		     struct versus_err *err)
{
	json_error_t jerr;
	json_t *root;
	struct result_file *rf;
	int rc;

	*out = NULL;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_cannot_open_file)
			return versus_err_set(err, -ENOENT, path, 0, 0, "%s",
					      jerr.text);
		return versus_err_set(err, -EINVAL, path, jerr.line,
				      jerr.column,
				      "not valid JSON (truncated or "
				      "corrupt?): %s",
				      jerr.text);
	}
	rf = xcalloc(1, sizeof(*rf));
	rf->path = xstrdup(path);
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_json_name(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' && len > 5 && !strcmp(name + len - 5, ".json");
}

size_t result_set_add_path(struct result_set *set, const char *path,
			   struct versus_errs *errs)
{
	struct stat st;
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	DIR *dir;
	size_t added = 0;

	if (stat(path, &st) < 0) {
		versus_errs_add(errs, -errno, path, 0, 0, "%s",
				strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(set, path, errs);
	dir = opendir(path);
	if (!dir) {
		versus_errs_add(errs, -errno, path, 0, 0, "%s",
				strerror(errno));
		return 0;
	}
	while ((de = readdir(dir)))
		if (is_json_name(de->d_name))
			strvec_push(&names, de->d_name);
	closedir(dir);
	if (!names.nr) {
		versus_errs_add(errs, -ENOENT, path, 0, 0,
				"folder holds no result files (*.json)");
		return 0;
	}
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i < names.nr; i++) {
		size_t len = strlen(path);
		char *full = xstrfmt("%s%s%s", path,
				     len && path[len - 1] == '/' ? "" : "/",
				     names.v[i]);
		added += add_file(set, full, errs);
		free(full);
	}
	strvec_clear(&names);
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

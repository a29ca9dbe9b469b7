#include "shard/shardplan.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/record.h"
#include "shard/partition.h"
#include "spec/manifest.h"
#include "spec/suite.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/parse.h"
#include "util/sha256.h"
#include "util/version.h"
#include "util/banned.h"

static const char *const cost_source_names[] = {
	[SHARD_COST_RESULTS] = "results",
	[SHARD_COST_MANIFEST] = "manifest",
	[SHARD_COST_UNIFORM] = "uniform",
};

const char *shard_cost_source_name(enum shard_cost_source source)
{
	return cost_source_names[source];
}

static int parse_size_t(const char *s, size_t min, size_t max, size_t *out)
{
	long long v;
	if (parse_int(s, (long long)min, (long long)max, &v) < 0)
		return -EINVAL;
	*out = (size_t)v;
	return 0;
}

int shard_unit_kind_parse(const char *s, enum shard_unit_kind *kind,
			  size_t *group_size, struct strbuf *why)
{
	if (!strcmp(s, "workload") || !strcmp(s, "size")) {
		*kind = s[0] == 'w' ? SHARD_UNIT_WORKLOAD : SHARD_UNIT_SIZE;
		*group_size = 0;
		return 0;
	}
	if (!strncmp(s, "group:", 6) &&
	    !parse_size_t(s + 6, 2, 1000000, group_size)) {
		*kind = SHARD_UNIT_GROUP;
		return 0;
	}
	strbuf_addf(why,
		    "expected workload, size or group:G (G from 2 to "
		    "1000000, the anchor counted), not '%s'",
		    s);
	return -EINVAL;
}

void shard_unit_kind_name(enum shard_unit_kind kind, size_t group_size,
			  struct strbuf *out)
{
	if (kind == SHARD_UNIT_GROUP)
		strbuf_addf(out, "group:%zu", group_size);
	else
		strbuf_addstr(out,
			      kind == SHARD_UNIT_SIZE ? "size" : "workload");
}

static void unit_release(struct shard_unit *u)
{
	free(u->id);
	free(u->manifest);
	free(u->workload);
	free(u->size);
	strvec_clear(&u->impls);
	free(u->anchor);
}

void shard_plan_release(struct shard_plan *p)
{
	if (!p)
		return;
	free(p->versus_version);
	for (size_t i = 0; i < p->inputs_nr; i++)
		free(p->inputs[i].manifest);
	free(p->inputs);
	for (size_t i = 0; i < p->units_nr; i++)
		unit_release(&p->units[i]);
	free(p->units);
	for (size_t k = 0; p->shards && k < p->count; k++)
		free(p->shards[k].units);
	free(p->shards);
	memset(p, 0, sizeof(*p));
}

const struct shard_unit *shard_plan_find_unit(const struct shard_plan *p,
					      const char *id)
{
	for (size_t i = 0; i < p->units_nr; i++)
		if (!strcmp(p->units[i].id, id))
			return &p->units[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "LEN:TEXT" */
static void add_lp(struct strbuf *out, const char *s)
{
	strbuf_addf(out, "%zu:%s", strlen(s), s);
}

void shard_plan_canonical(const struct shard_plan *p, struct strbuf *out)
{
	strbuf_addf(out, "versus-plan %d\n", SHARD_PLAN_SCHEMA);
	strbuf_addf(out, "versus_version %s\n", p->versus_version);
	strbuf_addstr(out, "unit ");
	shard_unit_kind_name(p->kind, p->group_size, out);
	strbuf_addf(out, "\nshards %zu\n", p->count);
	const char **digests =
		xcalloc(p->inputs_nr ? p->inputs_nr : 1, sizeof(*digests));
	for (size_t i = 0; i < p->inputs_nr; i++)
		digests[i] = p->inputs[i].sha256;
	qsort(digests, p->inputs_nr, sizeof(*digests), cmp_str);
	for (size_t i = 0; i < p->inputs_nr; i++)
		strbuf_addf(out, "input %s\n", digests[i]);
	free(digests);
	/* what each unit is, every string length-prefixed ("5:nbody") so
	   that no id or name can pass for another line */
	for (size_t i = 0; i < p->units_nr; i++) {
		const struct shard_unit *u = &p->units[i];
		const char *sha = "-";
		for (size_t k = 0; k < p->inputs_nr; k++)
			if (!strcmp(p->inputs[k].manifest, u->manifest))
				sha = p->inputs[k].sha256;
		strbuf_addstr(out, "unit-def ");
		add_lp(out, u->id);
		strbuf_addf(out, " manifest %s workload ", sha);
		add_lp(out, u->workload);
		strbuf_addstr(out, " size ");
		add_lp(out, u->size ? u->size : "-");
		strbuf_addstr(out, " anchor ");
		add_lp(out, u->anchor ? u->anchor : "-");
		strbuf_addf(out, " impls %zu", u->impls.nr);
		for (size_t k = 0; k < u->impls.nr; k++) {
			strbuf_addch(out, ' ');
			add_lp(out, u->impls.v[k]);
		}
		strbuf_addch(out, '\n');
	}
	for (size_t k = 0; k < p->count; k++)
		for (size_t j = 0; j < p->shards[k].nr; j++) {
			strbuf_addf(out, "shard %zu ", k);
			add_lp(out, p->units[p->shards[k].units[j]].id);
			strbuf_addch(out, '\n');
		}
}

static void compute_id(const struct shard_plan *p, char id[65])
{
	struct strbuf sb = STRBUF_INIT;
	shard_plan_canonical(p, &sb);
	sha256_hex(sb.buf, sb.len, id);
	strbuf_release(&sb);
}

/* ---- building ---- */

static struct shard_unit *add_unit(struct shard_plan *p, size_t *alloc,
				   const struct manifest *m, const char *id)
{
	if (p->units_nr == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		p->units = xrealloc(p->units, *alloc * sizeof(*p->units));
	}
	struct shard_unit *u = &p->units[p->units_nr++];
	memset(u, 0, sizeof(*u));
	u->id = xstrdup(id);
	u->manifest = xstrdup(m->path);
	u->workload = xstrdup(m->workload);
	strvec_init(&u->impls);
	u->cost_s = NAN;
	return u;
}

/* Whether m has size preset name; if not, one error at m's path. */
static bool has_size(const struct manifest *m, const char *name,
		     struct versus_errs *errs)
{
	if (manifest_find_size(m, name))
		return true;
	struct strbuf known = STRBUF_INIT;
	for (size_t i = 0; i < m->sizes_nr; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", m->sizes[i].name);
	versus_errs_add(errs, -EINVAL, m->path, 0, 0,
			"--size: workload '%s' has no size '%s' (%s%s)",
			m->workload, name,
			known.len ? "known: " : "it has none", known.buf);
	strbuf_release(&known);
	return false;
}

/* The units of manifest m, appended to p. */
static void make_units(struct shard_plan *p, size_t *alloc,
		       const struct manifest *m, const struct strvec *sizes,
		       struct versus_errs *errs)
{
	size_t nsizes = sizes ? sizes->nr : 0;
	if (p->kind == SHARD_UNIT_SIZE && (nsizes || m->sizes_nr)) {
		for (size_t i = 0; i < (nsizes ? nsizes : m->sizes_nr); i++) {
			const char *name =
				nsizes ? sizes->v[i] : m->sizes[i].name;
			if (!has_size(m, name, errs))
				continue;
			char *id = xstrfmt("%s@%s", m->workload, name);
			add_unit(p, alloc, m, id)->size = xstrdup(name);
			free(id);
		}
		return;
	}
	const char *size =
		p->kind != SHARD_UNIT_SIZE && nsizes ? sizes->v[0] : NULL;
	if (size && !has_size(m, size, errs))
		return;
	if (p->kind != SHARD_UNIT_GROUP) {
		struct shard_unit *u = add_unit(p, alloc, m, m->workload);
		u->size = size ? xstrdup(size) : NULL;
		return;
	}
	/* Groups of the other implementations, G - 1 each, in manifest
	 * order, each led by the baseline. */
	size_t per = p->group_size - 1, in_group = per, groups = 0;
	struct shard_unit *u = NULL;
	for (size_t i = 0; i < m->impls_nr || !groups; i++) {
		bool base =
			i < m->impls_nr && !strcmp(m->impls[i].id, m->baseline);
		if (base)
			continue;
		if (in_group == per) {
			char *id = xstrfmt("%s#g%zu", m->workload, ++groups);
			u = add_unit(p, alloc, m, id);
			free(id);
			u->size = size ? xstrdup(size) : NULL;
			u->anchor = xstrdup(m->baseline);
			strvec_push(&u->impls, m->baseline);
			in_group = 0;
		}
		if (i < m->impls_nr) {
			strvec_push(&u->impls, m->impls[i].id);
			in_group++;
		}
	}
}

static bool same_size(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The newest file of workload at size in set (finished_at, then path). */
static const struct result_file *find_result(const struct result_set *set,
					     const struct shard_unit *u)
{
	const struct result_file *best = NULL;
	for (size_t i = 0; i < set->nr; i++) {
		const struct result_file *rf = set->files[i];
		if (!rf->workload_id || strcmp(rf->workload_id, u->workload) ||
		    !same_size(rf->size, u->size))
			continue;
		int c = best ? strcmp(rf->finished_at, best->finished_at) : 1;
		if (!c)
			c = strcmp(rf->path ? rf->path : "",
				   best->path ? best->path : "");
		if (c > 0)
			best = rf;
	}
	return best;
}

static bool unit_has_impl(const struct shard_unit *u, const char *id)
{
	if (!u->impls.nr)
		return true;
	for (size_t i = 0; i < u->impls.nr; i++)
		if (!strcmp(u->impls.v[i], id))
			return true;
	return false;
}

/* Seconds of the unit's implementations in impls; *found: how many. */
static double impls_cost(const struct shard_unit *u,
			 const struct result_impl *impls, size_t nr,
			 bool builds, size_t *found)
{
	double ns = 0;
	for (size_t i = 0; i < nr; i++) {
		const struct result_impl *im = &impls[i];
		if (!unit_has_impl(u, im->id))
			continue;
		(*found)++;
		for (size_t s = 0; s < im->samples_nr; s++)
			if (isfinite(im->samples[s].wall_ns))
				ns += im->samples[s].wall_ns;
		if (builds && isfinite(im->build_wall_ns))
			ns += im->build_wall_ns;
	}
	return ns / 1e9;
}

/* The cost of u from rf; false when rf has none of its implementations. */
static bool result_cost(const struct shard_unit *u,
			const struct result_file *rf, double *cost_s)
{
	size_t found = 0;
	double s = 0;
	if (rf->points_nr) /* a sweep: impls copy the last point */
		for (size_t k = 0; k < rf->points_nr; k++)
			s += impls_cost(u, rf->points[k].impls,
					rf->points[k].impls_nr, k == 0, &found);
	else
		s = impls_cost(u, rf->impls, rf->impls_nr, true, &found);
	*cost_s = s;
	return found > 0;
}

/* The share of a manifest's cost hint that falls on u. */
static double hint_share(const struct manifest *m, const struct shard_plan *p,
			 const struct shard_unit *u, size_t units_of_m)
{
	if (p->kind == SHARD_UNIT_GROUP && m->impls_nr)
		return m->cost_s * (double)u->impls.nr / (double)m->impls_nr;
	return m->cost_s / (double)(units_of_m ? units_of_m : 1);
}

/* The largest cost believed (a million hours): sums of costs stay finite. */
#define COST_MAX_S 3.6e9

static void set_costs(struct shard_plan *p, const struct manifest *ms,
		      size_t ms_nr, const struct result_set *set)
{
	double known = 0;
	size_t known_nr = 0;
	for (size_t i = 0; i < p->units_nr; i++) {
		struct shard_unit *u = &p->units[i];
		const struct result_file *rf = find_result(set, u);
		/* a cost that is not a finite number of seconds below
		   COST_MAX_S (a hand-edited result file) is unknown */
		if (rf && result_cost(u, rf, &u->cost_s) &&
		    u->cost_s <= COST_MAX_S) {
			u->cost_source = SHARD_COST_RESULTS;
		} else {
			const struct manifest *m = NULL;
			size_t of_m = 0;
			for (size_t j = 0; j < ms_nr; j++)
				if (!strcmp(ms[j].path, u->manifest))
					m = &ms[j];
			for (size_t j = 0; j < p->units_nr; j++)
				of_m += !strcmp(p->units[j].manifest,
						u->manifest);
			if (m && isfinite(m->cost_s) &&
			    m->cost_s <= COST_MAX_S) {
				u->cost_s = hint_share(m, p, u, of_m);
				u->cost_source = SHARD_COST_MANIFEST;
			} else {
				u->cost_source = SHARD_COST_UNIFORM;
				continue;
			}
		}
		known += u->cost_s;
		known_nr++;
	}
	/* Uniform: the mean of the known costs, so that a unit of unknown
	 * cost weighs like a typical one; 1 s when none is known. */
	double uniform = known_nr ? known / (double)known_nr : 1;
	if (!(uniform > 0))
		uniform = 1;
	for (size_t i = 0; i < p->units_nr; i++)
		if (p->units[i].cost_source == SHARD_COST_UNIFORM)
			p->units[i].cost_s = uniform;
}

static void partition(struct shard_plan *p)
{
	struct partition_unit *pu =
		xcalloc(p->units_nr ? p->units_nr : 1, sizeof(*pu));
	size_t *assign =
		xcalloc(p->units_nr ? p->units_nr : 1, sizeof(*assign));
	size_t *order = xcalloc(p->units_nr ? p->units_nr : 1, sizeof(*order));
	for (size_t i = 0; i < p->units_nr; i++) {
		pu[i].id = p->units[i].id;
		pu[i].cost = p->units[i].cost_s;
	}
	int rc = partition_lpt(pu, p->units_nr, p->count, assign, order, NULL);
	/* ids are distinct (checked when the units were made) and costs
	   finite and at most COST_MAX_S (set_costs) */
	assert(rc == 0);
	(void)rc;
	p->shards = xcalloc(p->count, sizeof(*p->shards));
	/* each shard's list as long as its units, not as all of them: a
	   plan of 100000 shards stays small */
	size_t *per = xcalloc(p->count, sizeof(*per));
	for (size_t i = 0; i < p->units_nr; i++)
		per[assign[i]]++;
	for (size_t k = 0; k < p->count; k++)
		p->shards[k].units =
			xcalloc(per[k] ? per[k] : 1, sizeof(size_t));
	free(per);
	for (size_t j = 0; j < p->units_nr; j++) {
		size_t i = order[j];
		struct shard_list *l = &p->shards[assign[i]];
		p->units[i].shard = assign[i];
		l->units[l->nr++] = i;
	}
	free(pu);
	free(assign);
	free(order);
}

int shard_plan_build(struct shard_plan *p, const char *const *paths, size_t nr,
		     const struct shard_plan_options *o,
		     struct versus_errs *errs)
{
	memset(p, 0, sizeof(*p));
	size_t before = errs->nr;
	p->versus_version = xstrdup(VERSUS_VERSION);
	p->count = o->count;
	p->kind = o->kind;
	p->group_size = o->kind == SHARD_UNIT_GROUP ? o->group_size : 0;
	if (!o->count || o->count > SHARD_COUNT_MAX)
		versus_errs_add(errs, -EINVAL, NULL, 0, 0,
				"--shards: expected 1 to %d shards, not %zu",
				SHARD_COUNT_MAX, o->count);
	if (o->kind == SHARD_UNIT_GROUP && o->group_size < 2)
		versus_errs_add(errs, -EINVAL, NULL, 0, 0,
				"--unit group:G: G must be at least 2 (the "
				"anchor and one more)");
	if (o->kind != SHARD_UNIT_SIZE && o->sizes && o->sizes->nr > 1)
		versus_errs_add(errs, -EINVAL, NULL, 0, 0,
				"--size: several sizes need --unit size (one "
				"unit per workload and size)");
	if (errs->nr > before) {
		shard_plan_release(p);
		return -EINVAL;
	}

	struct strvec files = STRVEC_INIT;
	for (size_t i = 0; i < nr; i++)
		suite_collect(paths[i], &files, errs);
	qsort(files.v, files.nr, sizeof(*files.v), cmp_str);
	struct manifest *ms = xcalloc(files.nr ? files.nr : 1, sizeof(*ms));
	size_t ms_nr = 0;
	struct manifest_load_options lo = {
		.allow_outside_project = o->allow_outside_project,
		.languages = o->languages,
	};
	for (size_t i = 0; i < files.nr; i++) {
		if (i && !strcmp(files.v[i - 1], files.v[i])) {
			versus_errs_add(errs, -EINVAL, files.v[i], 0, 0,
					"manifest given twice");
			continue;
		}
		if (manifest_load_with(files.v[i], &lo, &ms[ms_nr], errs) == 0)
			ms_nr++;
	}
	strvec_clear(&files);

	p->inputs = xcalloc(ms_nr ? ms_nr : 1, sizeof(*p->inputs));
	size_t alloc = 0;
	for (size_t i = 0; i < ms_nr; i++) {
		p->inputs[p->inputs_nr].manifest = xstrdup(ms[i].path);
		memcpy(p->inputs[p->inputs_nr].sha256, ms[i].digest, 65);
		p->inputs_nr++;
		make_units(p, &alloc, &ms[i], o->sizes, errs);
	}
	if (p->units_nr > SHARD_PLAN_MAX_UNITS) {
		versus_errs_add(errs, -E2BIG, NULL, 0, 0,
				"%zu units, more than a plan may have (%d): "
				"plan fewer manifests at a time, or larger "
				"groups",
				p->units_nr, SHARD_PLAN_MAX_UNITS);
	}
	/* (over the cap, nothing below compares all pairs) */
	for (size_t i = 0;
	     i < p->units_nr && p->units_nr <= SHARD_PLAN_MAX_UNITS; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->units[i].id, p->units[j].id))
				versus_errs_add(errs, -EINVAL,
						p->units[i].manifest, 0, 0,
						"unit '%s' is also a unit of "
						"%s: two manifests of "
						"workload '%s'",
						p->units[i].id,
						p->units[j].manifest,
						p->units[i].workload);

	struct result_set set = RESULT_SET_INIT;
	for (size_t i = 0; o->cost_paths && i < o->cost_paths->nr; i++)
		result_set_add_path(&set, o->cost_paths->v[i], errs);
	if (errs->nr == before) {
		set_costs(p, ms, ms_nr, &set);
		partition(p);
		compute_id(p, p->id);
	}
	result_set_release(&set);
	for (size_t i = 0; i < ms_nr; i++)
		manifest_release(&ms[i]);
	free(ms);
	if (errs->nr > before) {
		shard_plan_release(p);
		return -EINVAL;
	}
	return 0;
}

/* ---- writing ---- */

static json_t *unit_json(const struct shard_unit *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(u->id));
	json_object_set_new(o, "manifest", json_string(u->manifest));
	json_object_set_new(o, "workload", json_string(u->workload));
	if (u->size)
		json_object_set_new(o, "size", json_string(u->size));
	if (u->impls.nr) {
		json_t *a = json_array();
		for (size_t i = 0; i < u->impls.nr; i++)
			json_array_append_new(a, json_string(u->impls.v[i]));
		json_object_set_new(o, "implementations", a);
	}
	if (u->anchor)
		json_object_set_new(o, "anchor", json_string(u->anchor));
	json_object_set_new(o, "cost_s", json_real(u->cost_s));
	json_object_set_new(
		o, "cost_source",
		json_string(shard_cost_source_name(u->cost_source)));
	return o;
}

char *shard_plan_text(const struct shard_plan *p)
{
	json_t *root = json_object();
	struct strbuf kind = STRBUF_INIT;
	shard_unit_kind_name(p->kind, p->group_size, &kind);
	json_object_set_new(root, "schema", json_integer(SHARD_PLAN_SCHEMA));
	json_object_set_new(root, "versus_version",
			    json_string(p->versus_version));
	json_object_set_new(root, "plan_id", json_string(p->id));
	json_object_set_new(root, "shard_count",
			    json_integer((json_int_t)p->count));
	json_object_set_new(root, "unit", json_string(kind.buf));
	strbuf_release(&kind);
	json_t *a = json_array();
	for (size_t i = 0; i < p->inputs_nr; i++) {
		json_t *in = json_object();
		json_object_set_new(in, "manifest",
				    json_string(p->inputs[i].manifest));
		json_object_set_new(in, "sha256",
				    json_string(p->inputs[i].sha256));
		json_array_append_new(a, in);
	}
	json_object_set_new(root, "inputs", a);
	a = json_array();
	for (size_t i = 0; i < p->units_nr; i++)
		json_array_append_new(a, unit_json(&p->units[i]));
	json_object_set_new(root, "units", a);
	a = json_array();
	for (size_t k = 0; k < p->count; k++) {
		json_t *s = json_array();
		for (size_t j = 0; j < p->shards[k].nr; j++)
			json_array_append_new(
				s, json_string(
					   p->units[p->shards[k].units[j]].id));
		json_array_append_new(a, s);
	}
	json_object_set_new(root, "shards", a);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!text)
		return NULL;
	char *out = xstrfmt("%s\n", text);
	free(text);
	return out;
}

int shard_plan_write(const struct shard_plan *p, const char *path)
{
	char *text = shard_plan_text(p);
	if (!text)
		return -ENOMEM;
	/* a device or FIFO is written into, never replaced */
	int rc = fs_write_replace(path, text, strlen(text), 0666);
	free(text);
	return rc;
}

/* ---- reading ---- */

struct pctx {
	const char *name;
	struct versus_err *err;
	int failed;
};

/* Record the first error only: "NAME: where: message". */
static void perr(struct pctx *c, const char *where, const char *what)
{
	if (c->failed)
		return;
	c->failed = -EINVAL;
	versus_err_set(c->err, -EINVAL, c->name, 0, 0, "%s%s%s", where,
		       *where ? ": " : "", what);
}

static const json_t *need(struct pctx *c, const json_t *obj, const char *key,
			  const char *where, json_type type, bool optional)
{
	const json_t *v = json_object_get(obj, key);
	char *at = *where ? xstrfmt("%s.%s", where, key) : xstrdup(key);
	static const char *const types[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string",  [JSON_INTEGER] = "an integer",
		[JSON_REAL] = "a number",
	};
	if (!v && !optional)
		perr(c, at, "missing");
	else if (v && !(json_typeof(v) == type ||
			(type == JSON_REAL && json_is_integer(v)))) {
		char *msg = xstrfmt("expected %s", types[type]);
		perr(c, at, msg);
		free(msg);
		v = NULL;
	}
	free(at);
	return c->failed ? NULL : v;
}

static bool is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (const char *q = s; *q; q++)
		if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
			return false;
	return true;
}

static char *dup_str(const json_t *v)
{
	return v ? xstrdup(json_string_value(v)) : NULL;
}

static void read_unit(struct pctx *c, const json_t *o, size_t i,
		      struct shard_plan *p)
{
	char *where = xstrfmt("units[%zu]", i);
	struct shard_unit *u = &p->units[i];
	strvec_init(&u->impls);
	if (!json_is_object(o)) {
		perr(c, where, "expected an object");
		free(where);
		return;
	}
	u->id = dup_str(need(c, o, "id", where, JSON_STRING, false));
	u->manifest =
		dup_str(need(c, o, "manifest", where, JSON_STRING, false));
	u->workload =
		dup_str(need(c, o, "workload", where, JSON_STRING, false));
	u->size = dup_str(need(c, o, "size", where, JSON_STRING, true));
	u->anchor = dup_str(need(c, o, "anchor", where, JSON_STRING, true));
	const json_t *a =
		need(c, o, "implementations", where, JSON_ARRAY, true);
	for (size_t j = 0; a && j < json_array_size(a); j++) {
		const json_t *s = json_array_get(a, j);
		if (!json_is_string(s)) {
			char *at = xstrfmt("%s.implementations[%zu]", where, j);
			perr(c, at, "expected a string");
			free(at);
			break;
		}
		strvec_push(&u->impls, json_string_value(s));
	}
	const json_t *cost = need(c, o, "cost_s", where, JSON_REAL, false);
	if (cost) {
		u->cost_s = json_number_value(cost);
		if (!(u->cost_s >= 0) || !isfinite(u->cost_s)) {
			char *at = xstrfmt("%s.cost_s", where);
			perr(c, at, "expected a number of seconds >= 0");
			free(at);
		}
	}
	const json_t *src =
		need(c, o, "cost_source", where, JSON_STRING, false);
	bool known = false;
	for (size_t s = 0; src && s < 3; s++)
		if (!strcmp(json_string_value(src), cost_source_names[s])) {
			u->cost_source = (enum shard_cost_source)s;
			known = true;
		}
	if (src && !known) {
		char *at = xstrfmt("%s.cost_source", where);
		perr(c, at, "expected results, manifest or uniform");
		free(at);
	}
	if (!c->failed && u->impls.nr && !u->anchor) {
		char *at = xstrfmt("%s.anchor", where);
		perr(c, at, "missing (a unit with implementations has one)");
		free(at);
	}
	if (!c->failed && !u->impls.nr && u->anchor) {
		char *at = xstrfmt("%s.implementations", where);
		perr(c, at, "missing (a unit with an anchor lists them)");
		free(at);
	}
	bool input = false;
	for (size_t k = 0; !c->failed && k < p->inputs_nr; k++)
		input |= !strcmp(p->inputs[k].manifest, u->manifest);
	if (!c->failed && !input) {
		char *at = xstrfmt("%s.manifest", where);
		char *msg =
			xstrfmt("'%s' is not one of the inputs", u->manifest);
		perr(c, at, msg);
		free(msg);
		free(at);
	}
	for (size_t k = 0; !c->failed && k < i; k++)
		if (!strcmp(p->units[k].id, u->id)) {
			char *at = xstrfmt("%s.id", where);
			char *msg = xstrfmt("'%s' is also units[%zu]'s id",
					    u->id, k);
			perr(c, at, msg);
			free(msg);
			free(at);
		}
	free(where);
}

static void read_shards(struct pctx *c, const json_t *a, struct shard_plan *p)
{
	p->shards = xcalloc(p->count ? p->count : 1, sizeof(*p->shards));
	if (json_array_size(a) != p->count) {
		char *msg = xstrfmt("%zu shards listed, shard_count is %zu",
				    json_array_size(a), p->count);
		perr(c, "shards", msg);
		free(msg);
		return;
	}
	bool *seen = xcalloc(p->units_nr ? p->units_nr : 1, sizeof(*seen));
	for (size_t k = 0; !c->failed && k < p->count; k++) {
		const json_t *s = json_array_get(a, k);
		char *where = xstrfmt("shards[%zu]", k);
		if (!json_is_array(s))
			perr(c, where, "expected an array of unit ids");
		size_t n = json_array_size(s);
		p->shards[k].units = xcalloc(n ? n : 1, sizeof(size_t));
		for (size_t j = 0; !c->failed && j < n; j++) {
			const json_t *id = json_array_get(s, j);
			char *at = xstrfmt("%s[%zu]", where, j);
			const struct shard_unit *u =
				json_is_string(id)
					? shard_plan_find_unit(
						  p, json_string_value(id))
					: NULL;
			if (!json_is_string(id)) {
				perr(c, at, "expected a unit id");
			} else if (!u) {
				char *msg = xstrfmt("'%s' is no unit",
						    json_string_value(id));
				perr(c, at, msg);
				free(msg);
			} else if (seen[u - p->units]) {
				char *msg = xstrfmt("unit '%s' is in two "
						    "shards (or twice)",
						    u->id);
				perr(c, at, msg);
				free(msg);
			} else {
				size_t i = (size_t)(u - p->units);
				seen[i] = true;
				p->units[i].shard = k;
				p->shards[k].units[p->shards[k].nr++] = i;
			}
			free(at);
		}
		free(where);
	}
	for (size_t i = 0; !c->failed && i < p->units_nr; i++)
		if (!seen[i]) {
			char *msg = xstrfmt("unit '%s' is in no shard",
					    p->units[i].id);
			perr(c, "shards", msg);
			free(msg);
		}
	free(seen);
}

static void read_plan(struct pctx *c, const json_t *root, struct shard_plan *p)
{
	if (!json_is_object(root)) {
		perr(c, "", "expected a JSON object (a versus plan)");
		return;
	}
	const json_t *v = need(c, root, "schema", "", JSON_INTEGER, false);
	if (v && json_integer_value(v) != SHARD_PLAN_SCHEMA) {
		char *msg = xstrfmt("unsupported plan schema %lld: this versus "
				    "reads schema %d",
				    (long long)json_integer_value(v),
				    SHARD_PLAN_SCHEMA);
		perr(c, "schema", msg);
		free(msg);
	}
	p->versus_version = dup_str(
		need(c, root, "versus_version", "", JSON_STRING, false));
	v = need(c, root, "plan_id", "", JSON_STRING, false);
	if (v && !is_hex64(json_string_value(v)))
		perr(c, "plan_id", "expected 64 lower-case hex digits");
	else if (v)
		memcpy(p->id, json_string_value(v), 65);
	v = need(c, root, "shard_count", "", JSON_INTEGER, false);
	if (v && (json_integer_value(v) < 1 ||
		  json_integer_value(v) > SHARD_COUNT_MAX)) {
		char *msg = xstrfmt("expected 1 to %d", SHARD_COUNT_MAX);
		perr(c, "shard_count", msg);
		free(msg);
	} else if (v) {
		p->count = (size_t)json_integer_value(v);
	}
	v = need(c, root, "unit", "", JSON_STRING, false);
	struct strbuf why = STRBUF_INIT;
	if (v && shard_unit_kind_parse(json_string_value(v), &p->kind,
				       &p->group_size, &why) < 0)
		perr(c, "unit", why.buf);
	strbuf_release(&why);
	const json_t *a = need(c, root, "inputs", "", JSON_ARRAY, false);
	size_t n = a ? json_array_size(a) : 0;
	if (n > SHARD_PLAN_MAX_UNITS) {
		char *msg =
			xstrfmt("%zu inputs, more than a plan may have (%d)", n,
				SHARD_PLAN_MAX_UNITS);
		perr(c, "inputs", msg);
		free(msg);
		n = 0;
	}
	p->inputs = xcalloc(n ? n : 1, sizeof(*p->inputs));
	for (size_t i = 0; !c->failed && i < n; i++) {
		const json_t *in = json_array_get(a, i);
		char *where = xstrfmt("inputs[%zu]", i);
		if (!json_is_object(in))
			perr(c, where, "expected an object");
		const json_t *m =
			need(c, in, "manifest", where, JSON_STRING, false);
		const json_t *d =
			need(c, in, "sha256", where, JSON_STRING, false);
		if (d && !is_hex64(json_string_value(d))) {
			char *at = xstrfmt("%s.sha256", where);
			perr(c, at, "expected 64 lower-case hex digits");
			free(at);
		}
		for (size_t j = 0; !c->failed && j < i; j++)
			if (!strcmp(p->inputs[j].manifest,
				    json_string_value(m))) {
				char *at = xstrfmt("%s.manifest", where);
				perr(c, at, "also an earlier input's");
				free(at);
			}
		if (!c->failed) {
			p->inputs[i].manifest = dup_str(m);
			memcpy(p->inputs[i].sha256, json_string_value(d), 65);
			p->inputs_nr++;
		}
		free(where);
	}
	a = need(c, root, "units", "", JSON_ARRAY, false);
	n = a ? json_array_size(a) : 0;
	if (n > SHARD_PLAN_MAX_UNITS) {
		char *msg = xstrfmt("%zu units, more than a plan may have (%d)",
				    n, SHARD_PLAN_MAX_UNITS);
		perr(c, "units", msg);
		free(msg);
		n = 0;
	}
	p->units = xcalloc(n ? n : 1, sizeof(*p->units));
	for (size_t i = 0; !c->failed && i < n; i++) {
		p->units_nr++;
		read_unit(c, json_array_get(a, i), i, p);
	}
	a = need(c, root, "shards", "", JSON_ARRAY, false);
	if (!c->failed)
		read_shards(c, a, p);
	if (!c->failed) {
		char id[65];
		compute_id(p, id);
		if (strcmp(id, p->id)) {
			char *msg = xstrfmt("%s is not the digest of this "
					    "plan (%s): the file was edited",
					    p->id, id);
			perr(c, "plan_id", msg);
			free(msg);
		}
	}
}

int shard_plan_load_buffer(const char *name, const char *data, size_t len,
			   struct shard_plan *p, struct versus_err *err)
{
	memset(p, 0, sizeof(*p));
	if (len > SHARD_PLAN_MAX_BYTES)
		return versus_err_set(err, -EFBIG, name, 0, 0,
				      "larger than %d MiB, the most a plan "
				      "may hold",
				      SHARD_PLAN_MAX_BYTES >> 20);
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return versus_err_set(err, -EINVAL, name, jerr.line,
				      jerr.column, "not valid JSON: %s",
				      jerr.text);
	struct pctx c = {.name = name, .err = err};
	read_plan(&c, root, p);
	json_decref(root);
	if (c.failed) {
		shard_plan_release(p);
		return c.failed;
	}
	return 0;
}

int shard_plan_load(const char *path, struct shard_plan *p,
		    struct versus_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	memset(p, 0, sizeof(*p));
	int rc = file_read_regular(path, SHARD_PLAN_MAX_BYTES, &sb);
	if (rc < 0) {
		strbuf_release(&sb);
		return versus_err_set(err, rc, path, 0, 0,
				      "cannot read the "
				      "plan: %s",
				      file_strerror(rc));
	}
	rc = shard_plan_load_buffer(path, sb.buf, sb.len, p, err);
	strbuf_release(&sb);
	return rc;
}

int shard_plan_verify_inputs(const struct shard_plan *p,
			     struct versus_errs *errs)
{
	int rc = 0;
	for (size_t i = 0; i < p->inputs_nr; i++) {
		const struct shard_input *in = &p->inputs[i];
		struct strbuf sb = STRBUF_INIT;
		int r = file_read_regular(in->manifest, MANIFEST_MAX_BYTES,
					  &sb);
		char hex[65];
		if (r < 0) {
			rc = versus_errs_add(errs, -EINVAL, in->manifest, 0, 0,
					     "cannot read this manifest of "
					     "the plan: %s",
					     file_strerror(r));
		} else {
			sha256_hex(sb.buf, sb.len, hex);
			if (strcmp(hex, in->sha256))
				rc = versus_errs_add(
					errs, -EINVAL, in->manifest, 0, 0,
					"manifest changed since the plan was "
					"made: sha256 %s here, %s in the plan",
					hex, in->sha256);
		}
		strbuf_release(&sb);
	}
	return rc;
}

/* ---- which shard ---- */

int shard_spec_parse(const char *s, size_t *index, size_t *count,
		     struct strbuf *why)
{
	const char *slash = strchr(s, '/');
	char *k = slash ? xstrndup(s, (size_t)(slash - s)) : NULL;
	size_t kv, nv;
	int rc = -EINVAL;
	if (k && !parse_size_t(slash + 1, 1, SHARD_COUNT_MAX, &nv) &&
	    !parse_size_t(k, 0, SHARD_COUNT_MAX, &kv)) {
		if (kv < nv) {
			*index = kv;
			*count = nv;
			rc = 0;
		} else {
			strbuf_addf(why,
				    "shard %zu is not below the count %zu "
				    "(shards are numbered from 0)",
				    kv, nv);
		}
	} else {
		strbuf_addf(why,
			    "expected K/N (shard K of N, K from 0, N from 1 "
			    "to %d) or env, not '%s'",
			    SHARD_COUNT_MAX, s);
	}
	free(k);
	return rc;
}

/* getenv(name) as a whole number in [0, max] into *out; 1 when unset. */
static int env_number(const char *name, size_t max, size_t *out,
		      struct versus_err *err)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return 1;
	if (parse_size_t(v, 0, max, out) < 0)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--shard env: %s is '%s', not a whole "
				      "number from 0 to %zu",
				      name, v, max);
	return 0;
}

int shard_spec_from_env(size_t count, size_t fallback_count, size_t *index,
			size_t *out_count, struct versus_err *err)
{
	size_t id, min = 0, max, n = count;
	int rc = env_number("SLURM_ARRAY_TASK_ID", SIZE_MAX / 2, &id, err);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if ((rc = env_number("SLURM_ARRAY_TASK_MIN", id, &min, err)) <
		    0)
			return rc;
		if (!n && (rc = env_number("SLURM_ARRAY_TASK_COUNT",
					   SHARD_COUNT_MAX, &n, err)) < 0)
			return rc;
		if (!n && (rc = env_number("SLURM_ARRAY_TASK_MAX", SIZE_MAX / 2,
					   &max, err)) < 0)
			return rc;
		if (!n && rc == 0 && max >= min)
			n = max - min + 1;
		if (!n)
			n = fallback_count;
		if (!n)
			return versus_err_set(
				err, -EINVAL, NULL, 0, 0,
				"--shard env: SLURM_ARRAY_TASK_ID "
				"is set but not the array's "
				"size (SLURM_ARRAY_TASK_COUNT "
				"or SLURM_ARRAY_TASK_MAX): "
				"give --shard-count N");
		if (id - min >= n)
			return versus_err_set(
				err, -EINVAL, NULL, 0, 0,
				"--shard env: SLURM_ARRAY_TASK_ID %zu (less "
				"the array's first id %zu) is not below the "
				"shard count %zu: submit the array as "
				"--array=0-%zu",
				id, min, n, n ? n - 1 : 0);
		*index = id - min;
		*out_count = n;
		return 0;
	}
	rc = env_number("JOB_COMPLETION_INDEX", SIZE_MAX / 2, &id, err);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--shard env: neither "
				      "SLURM_ARRAY_TASK_ID (a Slurm job "
				      "array) nor JOB_COMPLETION_INDEX (a "
				      "Kubernetes Indexed Job) is set");
	if (!n && (rc = env_number("VERSUS_SHARD_COUNT", SHARD_COUNT_MAX, &n,
				   err)) < 0)
		return rc;
	if (!n)
		n = fallback_count;
	if (!n)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--shard env: JOB_COMPLETION_INDEX is "
				      "set but not the shard count: give "
				      "--shard-count N, set "
				      "VERSUS_SHARD_COUNT (the Job's "
				      "completions) or use --plan");
	if (id >= n)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--shard env: JOB_COMPLETION_INDEX %zu "
				      "is not below the shard count %zu",
				      id, n);
	*index = id;
	*out_count = n;
	return 0;
}

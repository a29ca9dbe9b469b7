/*
 * merge.c: `versus merge` as a pure function (merge.h). Inputs are
 * reduced to a set of records, each known by the SHA-256 of its text, and
 * what earlier merges remembered (their units and dropped duplicates);
 * everything in the document is computed from that set in sorted order,
 * so neither the order of the inputs nor their names reach it.
 */
#include "merge/merge.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/banned.h"

/* One record read. */
struct merge_item {
	struct result_file *rf;
	char *text; /* result_file_text(rf): what the digest is of */
	char sha[SHA256_HEX_LEN + 1];
	char *source; /* for messages only: "a.json", "m.json: results[2]" */
	char *unit;
	char *hw, *env; /* comparison keys (hw_key, env_key) */
};

/* What an earlier merge document said beyond its records. */
struct merge_dup {
	char *unit, *kept;
	struct strvec dropped;
};

struct merge_doc_unit {
	char *id;
	long shard; /* -1: null */
};

struct merge_doc {
	char *source;
	char *plan_id; /* NULL: a merge of plain records */
	struct merge_doc_unit *units;
	size_t units_nr;
	struct merge_dup *dups;
	size_t dups_nr;
};

/* ---- reading ---- */

void merge_inputs_init(struct merge_inputs *in)
{
	memset(in, 0, sizeof(*in));
}

static void item_release(struct merge_item *it)
{
	result_file_free(it->rf);
	free(it->text);
	free(it->source);
	free(it->unit);
	free(it->hw);
	free(it->env);
}

static void doc_release(struct merge_doc *d)
{
	free(d->source);
	free(d->plan_id);
	for (size_t i = 0; i < d->units_nr; i++)
		free(d->units[i].id);
	free(d->units);
	for (size_t i = 0; i < d->dups_nr; i++) {
		free(d->dups[i].unit);
		free(d->dups[i].kept);
		strvec_clear(&d->dups[i].dropped);
	}
	free(d->dups);
}

void merge_inputs_release(struct merge_inputs *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nr; i++)
		item_release(&in->items[i]);
	free(in->items);
	for (size_t i = 0; i < in->docs_nr; i++)
		doc_release(&in->docs[i]);
	free(in->docs);
	memset(in, 0, sizeof(*in));
}

/*
 * The key of the hardware a record ran on: its hardware fingerprint; for
 * a record without one (written before fingerprints), its host
 * fingerprint, which holds the hostname, so that two such records of
 * different nodes are never taken for one machine.
 */
static char *hw_key(const struct result_file *rf, const char *sha)
{
	if (rf->hardware_fingerprint)
		return xstrdup(rf->hardware_fingerprint);
	if (rf->fingerprint || rf->hostname)
		return xstrfmt("host:%s", rf->fingerprint ? rf->fingerprint
							  : rf->hostname);
	/* nothing says where it ran: a machine of its own, never pooled */
	return xstrfmt("unknown:%s", sha);
}

static char *env_key(const struct result_file *rf)
{
	return xstrdup(rf->environment_fingerprint ? rf->environment_fingerprint
						   : "");
}

/* The unit of a record: shard.unit, else "<workload>[@<size>]". */
static char *unit_of(const struct result_file *rf)
{
	if (rf->shard_index >= 0 && rf->shard_unit)
		return xstrdup(rf->shard_unit);
	if (rf->size)
		return xstrfmt("%s@%s", rf->workload_id, rf->size);
	return xstrdup(rf->workload_id);
}

/* Take rf (owned) as a record of in, known from source. */
static int add_record(struct merge_inputs *in, struct result_file *rf,
		      const char *source, struct versus_err *err)
{
	char *text = result_file_text(rf);
	if (!text) {
		result_file_free(rf);
		return versus_err_set(err, -ENOMEM, source, 0, 0,
				      "cannot serialise the record");
	}
	ALLOC_GROW(in->items, in->nr + 1, in->alloc);
	struct merge_item *it = &in->items[in->nr++];
	memset(it, 0, sizeof(*it));
	it->rf = rf;
	it->text = text;
	sha256_hex(text, strlen(text), it->sha);
	it->source = xstrdup(source);
	it->unit = unit_of(rf);
	it->hw = hw_key(rf, it->sha);
	it->env = env_key(rf);
	return 0;
}

/* Reading a merge document: the first problem wins, located. */
struct dctx {
	const char *name;
	struct versus_err *err;
	bool failed;
};

static int dbad(struct dctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int dbad(struct dctx *c, const char *fmt, ...)
{
	char msg[VERSUS_ERR_MSG_MAX];
	va_list ap;
	if (!c->failed) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		versus_err_set(c->err, -EINVAL, c->name, 0, 0, "%s", msg);
	}
	c->failed = true;
	return -EINVAL;
}

/* The string at key of obj (where names obj); NULL when absent, null
 * (allowed with nullable) or not a string (then an error). */
static char *dstr(struct dctx *c, const json_t *obj, const char *where,
		  const char *key, bool nullable)
{
	const json_t *v = json_object_get(obj, key);
	if (json_is_string(v) && json_string_length(v))
		return xstrdup(json_string_value(v));
	if (nullable && (!v || json_is_null(v)))
		return NULL;
	dbad(c, "%s%s%s: expected a non-empty string%s", where,
	     *where ? "." : "", key, nullable ? " or null" : "");
	return NULL;
}

static int read_doc_units(struct dctx *c, const json_t *root,
			  struct merge_doc *d)
{
	const json_t *units = json_object_get(root, "units"), *u;
	size_t i;
	if (!json_is_array(units))
		return dbad(c, "units: expected an array");
	d->units = xcalloc(json_array_size(units) + 1, sizeof(*d->units));
	json_array_foreach(units, i, u)
	{
		char at[48];
		snprintf(at, sizeof(at), "units[%zu]", i);
		if (!json_is_object(u))
			return dbad(c, "%s: expected an object", at);
		struct merge_doc_unit *du = &d->units[d->units_nr++];
		du->shard = -1;
		du->id = dstr(c, u, at, "id", false);
		const json_t *s = json_object_get(u, "shard");
		if (json_is_integer(s) && json_integer_value(s) >= 0 &&
		    json_integer_value(s) < LONG_MAX)
			du->shard = (long)json_integer_value(s);
		else if (s && !json_is_null(s))
			return dbad(c,
				    "%s.shard: expected an integer >= 0 "
				    "or null",
				    at);
		if (c->failed)
			return -EINVAL;
	}
	return 0;
}

static int read_doc_dups(struct dctx *c, const json_t *root,
			 struct merge_doc *d)
{
	const json_t *dups = json_object_get(root, "duplicates"), *o, *v;
	size_t i, k;
	if (!json_is_array(dups))
		return dbad(c, "duplicates: expected an array");
	d->dups = xcalloc(json_array_size(dups) + 1, sizeof(*d->dups));
	json_array_foreach(dups, i, o)
	{
		char at[48];
		snprintf(at, sizeof(at), "duplicates[%zu]", i);
		if (!json_is_object(o))
			return dbad(c, "%s: expected an object", at);
		struct merge_dup *du = &d->dups[d->dups_nr++];
		strvec_init(&du->dropped);
		du->unit = dstr(c, o, at, "unit", false);
		du->kept = dstr(c, o, at, "kept", false);
		const json_t *dropped = json_object_get(o, "dropped");
		if (c->failed)
			return -EINVAL;
		if (!json_is_array(dropped))
			return dbad(c, "%s.dropped: expected an array", at);
		json_array_foreach(dropped, k, v)
		{
			if (!json_is_string(v) ||
			    json_string_length(v) != SHA256_HEX_LEN)
				return dbad(c,
					    "%s.dropped[%zu]: expected a "
					    "SHA-256 (64 hex digits)",
					    at, k);
			strvec_push(&du->dropped, json_string_value(v));
		}
		size_t u;
		for (u = 0; u < d->units_nr; u++)
			if (!strcmp(d->units[u].id, du->unit))
				break;
		if (u == d->units_nr)
			return dbad(c, "%s.unit: '%s' is in no units[]", at,
				    du->unit);
	}
	return 0;
}

/* An earlier merge document: its units, duplicates and records. */
static int add_doc(struct merge_inputs *in, const char *name,
		   const json_t *root, struct versus_err *err)
{
	struct dctx ctx = {.name = name, .err = err}, *c = &ctx;
	struct merge_doc d = {0};
	const json_t *v = json_object_get(root, "schema"), *results;
	struct result_file **rfs = NULL;
	size_t i, nr = 0;
	int rc;

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > RESULT_MERGE_SCHEMA)
		return dbad(c,
			    "schema: expected an integer from 1 to %d (a "
			    "newer merge document needs a newer versus)",
			    RESULT_MERGE_SCHEMA);
	d.plan_id = dstr(c, root, "", "plan_id", true);
	if (!c->failed)
		read_doc_units(c, root, &d);
	if (!c->failed)
		read_doc_dups(c, root, &d);
	results = json_object_get(root, "results");
	if (!c->failed && !json_is_array(results))
		dbad(c, "results: expected an array");
	if (c->failed) {
		doc_release(&d);
		return -EINVAL;
	}
	rfs = xcalloc(json_array_size(results) + 1, sizeof(*rfs));
	json_array_foreach(results, i, v)
	{
		char where[48];
		snprintf(where, sizeof(where), "results[%zu]", i);
		rc = result_file_from_json(name, where, v, &rfs[nr], err);
		if (rc < 0)
			goto fail;
		nr++;
	}
	for (i = 0; i < nr; i++) {
		char *source = xstrfmt("%s: results[%zu]", name, i);
		rc = add_record(in, rfs[i], source, err);
		rfs[i] = NULL;
		free(source);
		if (rc < 0)
			goto fail;
	}
	free(rfs);
	d.source = xstrdup(name);
	ALLOC_GROW(in->docs, in->docs_nr + 1, in->docs_alloc);
	in->docs[in->docs_nr++] = d;
	return 0;
fail:
	for (i = 0; i < nr; i++)
		result_file_free(rfs[i]);
	free(rfs);
	doc_release(&d);
	return rc;
}

static int add_root(struct merge_inputs *in, const char *name,
		    const json_t *root, struct versus_err *err)
{
	struct result_file *rf;
	int rc;
	if (result_json_is_merge(root))
		return add_doc(in, name, root, err);
	rc = result_file_from_json(name, NULL, root, &rf, err);
	if (rc < 0)
		return rc;
	return add_record(in, rf, name, err);
}

int merge_inputs_add_buffer(struct merge_inputs *in, const char *name,
			    const char *data, size_t len,
			    struct versus_err *err)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	if (len > RESULT_FILE_MAX_BYTES)
		return versus_err_set(err, -EFBIG, name, 0, 0,
				      "larger than %d MiB, the most a result "
				      "file may hold",
				      RESULT_FILE_MAX_BYTES >> 20);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return versus_err_set(err, -EINVAL, name, jerr.line,
				      jerr.column,
				      "not valid JSON (truncated or "
				      "corrupt?): %s",
				      jerr.text);
	if (!json_is_object(root))
		rc = versus_err_set(err, -EINVAL, name, 0, 0,
				    "not a versus result file or merge "
				    "document (the top level is not an "
				    "object)");
	else
		rc = add_root(in, name, root, err);
	json_decref(root);
	return rc;
}

static size_t add_file(struct merge_inputs *in, const char *path,
		       struct versus_errs *errs)
{
	struct strbuf sb = STRBUF_INIT;
	struct versus_err err = {0};
	size_t before = in->nr;
	int rc = file_read_regular(path, RESULT_FILE_MAX_BYTES, &sb);
	if (rc < 0)
		versus_err_set(&err, rc, path, 0, 0, "%s",
			       rc == -EFBIG ? "larger than the most a result "
					      "file may hold"
					    : file_strerror(rc));
	else
		rc = merge_inputs_add_buffer(in, path, sb.buf, sb.len, &err);
	if (rc < 0)
		versus_errs_push(errs, &err);
	strbuf_release(&sb);
	return in->nr - before;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcmp(s + n - k, suffix);
}

size_t merge_inputs_add_path(struct merge_inputs *in, const char *path,
			     struct versus_errs *errs)
{
	struct strvec names = STRVEC_INIT;
	size_t added = 0;
	struct stat st;
	int rc;

	if (stat(path, &st) < 0) {
		versus_errs_add(errs, -errno, path, 0, 0, "%s",
				strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(in, path, errs);
	/* a folder: its *.json, and its subfolders' (shards/0/x.json) */
	rc = fs_list_dir(path, "", &names);
	if (rc) {
		versus_errs_add(errs, rc, path, 0, 0, "%s", strerror(-rc));
		return 0;
	}
	for (size_t i = 0; i < names.nr; i++) {
		if (ends_with(names.v[i], ".json")) {
			added += add_file(in, names.v[i], errs);
			continue;
		}
		if (!is_dir(names.v[i]))
			continue;
		struct strvec sub = STRVEC_INIT;
		rc = fs_list_dir(names.v[i], ".json", &sub);
		if (rc)
			versus_errs_add(errs, rc, names.v[i], 0, 0, "%s",
					strerror(-rc));
		for (size_t k = 0; k < sub.nr; k++)
			added += add_file(in, sub.v[k], errs);
		strvec_clear(&sub);
	}
	strvec_clear(&names);
	return added;
}

/* ---- the merge ---- */

struct unit {
	char *id;
	long shard;		 /* -1: unknown */
	struct merge_item *kept; /* NULL: missing */
	struct strvec dropped;	 /* digests, sorted, unique, not kept's */
};

/* One table of the document: records of one workload and size on one
 * (hardware, environment); pooled when they are groups whose anchors
 * agree. */
struct table {
	struct merge_item **recs; /* by unit */
	size_t nr;
	bool pooled;
	bool summarized; /* counts in its hardware's summary */
};

struct merge_state {
	const struct merge_options *o;
	const struct merge_inputs *in;
	struct merge_item **items; /* distinct records, by (unit, digest) */
	size_t nr;
	struct unit *units; /* by id */
	size_t units_nr;
	struct table *tables;
	size_t tables_nr, tables_alloc;
	json_t *anchors;
	struct strvec notes;
	struct versus_errs *errs;
	bool refused;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strvec_sort_unique(struct strvec *sv)
{
	size_t j = 0;
	qsort(sv->v, sv->nr, sizeof(*sv->v), cmp_str);
	for (size_t i = 0; i < sv->nr; i++) {
		if (j && !strcmp(sv->v[j - 1], sv->v[i])) {
			free(sv->v[i]);
			continue;
		}
		sv->v[j++] = sv->v[i];
	}
	sv->nr = j;
	sv->v[j] = NULL;
}

static int cmp_item(const void *a, const void *b)
{
	const struct merge_item *x = *(struct merge_item *const *)a;
	const struct merge_item *y = *(struct merge_item *const *)b;
	int c = strcmp(x->unit, y->unit);
	return c ? c : strcmp(x->sha, y->sha);
}

static size_t ok_count(const struct result_file *rf)
{
	size_t n = 0;
	for (size_t i = 0; i < rf->impls_nr; i++)
		n += result_impl_ok(&rf->impls[i]);
	return n;
}

/* The duplicate rule (merge.h): < 0 when a is kept before b. */
static int prefer(const struct merge_item *a, const struct merge_item *b)
{
	size_t na, nb;
	int c;
	if (a->rf->complete != b->rf->complete)
		return a->rf->complete ? -1 : 1;
	na = ok_count(a->rf);
	nb = ok_count(b->rf);
	if (na != nb)
		return na > nb ? -1 : 1;
	c = strcmp(a->rf->finished_at, b->rf->finished_at);
	if (c)
		return -c;
	return strcmp(a->sha, b->sha);
}

static void refuse(struct merge_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void refuse(struct merge_state *st, const char *fmt, ...)
{
	char msg[VERSUS_ERR_MSG_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	versus_errs_add(st->errs, -EINVAL, NULL, 0, 0, "%s", msg);
	st->refused = true;
}

/* Every source of one plan; plain records only with plain ones. */
static void check_plans(struct merge_state *st, const struct merge_inputs *in)
{
	const struct merge_options *o = st->o;
	const char *ref = o->plan_id, *ref_src = "the plan (--plan)";
	const char *plain = NULL, *sharded = o->plan_id ? ref_src : NULL;
	const char *sharded_id = o->plan_id;
	struct strvec told = STRVEC_INIT; /* other plans already named */

	for (size_t i = 0; i < in->nr + in->docs_nr; i++) {
		const char *id, *src;
		if (i < in->nr) {
			const struct result_file *rf = in->items[i].rf;
			src = in->items[i].source;
			id = rf->shard_index >= 0 ? rf->shard_plan_id : NULL;
		} else {
			src = in->docs[i - in->nr].source;
			id = in->docs[i - in->nr].plan_id;
		}
		if (!id) {
			if (!plain)
				plain = src;
			continue;
		}
		if (!sharded) {
			sharded = src;
			sharded_id = id;
		}
		if (!ref) {
			ref = id;
			ref_src = src;
		} else if (strcmp(ref, id)) {
			bool seen = false;
			for (size_t k = 0; k < told.nr; k++)
				seen |= !strcmp(told.v[k], id);
			if (seen)
				continue; /* one message per other plan */
			strvec_push(&told, id);
			refuse(st,
			       "different plans: '%s' is of plan %s, '%s' of "
			       "plan %s; merge the results of one plan at a "
			       "time",
			       ref_src, ref, src, id);
		}
	}
	strvec_clear(&told);
	if (plain && sharded)
		refuse(st,
		       "'%s' is a plain run (no 'shard' object) and '%s' "
		       "belongs to plan %s: a plain run is no unit of a "
		       "plan; merge plain runs on their own",
		       plain, sharded, sharded_id);
}

static struct unit *find_unit(struct merge_state *st, const char *id)
{
	size_t lo = 0, hi = st->units_nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, st->units[mid].id);
		if (!c)
			return &st->units[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The units (plan, earlier merges, records), each with its kept record
 * and dropped digests. */
static void build_units(struct merge_state *st, const struct merge_inputs *in)
{
	const struct merge_options *o = st->o;
	struct strvec ids = STRVEC_INIT;

	for (size_t i = 0; i < o->plan_units_nr; i++)
		strvec_push(&ids, o->plan_units[i].id);
	for (size_t i = 0; i < in->docs_nr; i++)
		for (size_t k = 0; k < in->docs[i].units_nr; k++)
			strvec_push(&ids, in->docs[i].units[k].id);
	for (size_t i = 0; i < st->nr; i++)
		strvec_push(&ids, st->items[i]->unit);
	strvec_sort_unique(&ids);
	st->units = xcalloc(ids.nr + 1, sizeof(*st->units));
	for (size_t i = 0; i < ids.nr; i++) {
		struct unit *u = &st->units[st->units_nr++];
		u->id = ids.v[i];
		u->shard = -1;
		strvec_init(&u->dropped);
	}
	/* the strings now belong to the units; an empty strvec's v is a
	   static placeholder, never freed */
	if (ids.alloc)
		free(ids.v);

	if (o->plan_id) {
		/* only the plan's units */
		bool *in_plan = xcalloc(st->units_nr + 1, sizeof(*in_plan));
		for (size_t i = 0; i < o->plan_units_nr; i++) {
			struct unit *u = find_unit(st, o->plan_units[i].id);
			in_plan[u - st->units] = true;
			u->shard = o->plan_units[i].shard;
		}
		for (size_t i = 0; i < st->nr; i++) {
			const struct merge_item *it = st->items[i];
			struct unit *u = find_unit(st, it->unit);
			if (!in_plan[u - st->units])
				refuse(st,
				       "'%s': unit '%s' is not in the plan "
				       "(--plan %s)",
				       it->source, u->id, o->plan_id);
			else if (it->rf->shard_index != u->shard)
				refuse(st,
				       "'%s': unit '%s' is in shard %ld of the "
				       "plan, but the record says shard %ld",
				       it->source, u->id, u->shard,
				       it->rf->shard_index);
		}
		for (size_t i = 0; i < in->docs_nr; i++)
			for (size_t k = 0; k < in->docs[i].units_nr; k++) {
				struct unit *u =
					find_unit(st, in->docs[i].units[k].id);
				if (!in_plan[u - st->units])
					refuse(st,
					       "'%s': unit '%s' is not in the "
					       "plan (--plan %s)",
					       in->docs[i].source, u->id,
					       o->plan_id);
			}
		free(in_plan);
	}

	/* items are sorted by unit: each run of one unit, best first */
	for (size_t i = 0; i < st->nr;) {
		struct unit *u = find_unit(st, st->items[i]->unit);
		size_t j = i;
		struct merge_item *best = st->items[i];
		while (j < st->nr && !strcmp(st->items[j]->unit, u->id)) {
			if (prefer(st->items[j], best) < 0)
				best = st->items[j];
			j++;
		}
		u->kept = best;
		for (size_t k = i; k < j; k++) {
			long s = st->items[k]->rf->shard_index;
			if (st->items[k] != best)
				strvec_push(&u->dropped, st->items[k]->sha);
			/* without --plan, the smallest claim of any record or
			 * earlier merge (one plan: they agree) */
			if (!o->plan_id && s >= 0 &&
			    (u->shard < 0 || s < u->shard))
				u->shard = s;
		}
		i = j;
	}
	for (size_t i = 0; i < in->docs_nr; i++) {
		const struct merge_doc *d = &in->docs[i];
		for (size_t k = 0; k < d->units_nr; k++) {
			struct unit *u = find_unit(st, d->units[k].id);
			long s = d->units[k].shard;
			if (!o->plan_id && s >= 0 &&
			    (u->shard < 0 || s < u->shard))
				u->shard = s;
		}
		for (size_t k = 0; k < d->dups_nr; k++) {
			struct unit *u = find_unit(st, d->dups[k].unit);
			for (size_t m = 0; m < d->dups[k].dropped.nr; m++)
				strvec_push(&u->dropped,
					    d->dups[k].dropped.v[m]);
		}
	}
	for (size_t i = 0; i < st->units_nr; i++) {
		struct unit *u = &st->units[i];
		size_t j = 0;
		strvec_sort_unique(&u->dropped);
		for (size_t k = 0; k < u->dropped.nr; k++) {
			if (u->kept && !strcmp(u->dropped.v[k], u->kept->sha)) {
				free(u->dropped.v[k]);
				continue;
			}
			u->dropped.v[j++] = u->dropped.v[k];
		}
		u->dropped.nr = j;
		u->dropped.v[j] = NULL;
	}
}

/* ---- comparing the set-ups of records ---- */

static const char *node_of(const struct merge_item *it)
{
	return it->rf->hostname ? it->rf->hostname : "?";
}

static void diff_str(struct strbuf *sb, const char *what, const char *a,
		     const char *b)
{
	if ((!a && !b) || (a && b && !strcmp(a, b)))
		return;
	strbuf_addf(sb, "%s%s '%s' vs '%s'", sb->len ? ", " : "", what,
		    a ? a : "(unknown)", b ? b : "(unknown)");
}

static void diff_long(struct strbuf *sb, const char *what, long a, long b)
{
	if (a != b)
		strbuf_addf(sb, "%s%s %ld vs %ld", sb->len ? ", " : "", what, a,
			    b);
}

/* The hardware facts that differ between a and b ("cpu_model 'x' vs
 * 'y', ..."); the fingerprints when no recorded fact does. */
static void hw_diff(struct strbuf *sb, const struct result_file *a,
		    const struct result_file *b)
{
	size_t len = sb->len;
	diff_str(sb, "cpu_model", a->cpu_model, b->cpu_model);
	diff_str(sb, "microcode", a->microcode, b->microcode);
	diff_long(sb, "sockets", a->sockets, b->sockets);
	diff_long(sb, "cores", a->cores, b->cores);
	diff_long(sb, "threads_per_core", a->threads_per_core,
		  b->threads_per_core);
	diff_long(sb, "smt", a->smt, b->smt);
	long ga = isfinite(a->memory_bytes)
			  ? (long)(a->memory_bytes / 1073741824)
			  : -1;
	long gb = isfinite(b->memory_bytes)
			  ? (long)(b->memory_bytes / 1073741824)
			  : -1;
	if (ga != gb)
		strbuf_addf(sb, "%smemory %ld GiB vs %ld GiB",
			    sb->len ? ", " : "", ga, gb);
	diff_str(sb, "visible_cpus", a->visible_cpus, b->visible_cpus);
	if (sb->len == len) {
		if (a->hardware_fingerprint && b->hardware_fingerprint)
			diff_str(sb, "hardware_fingerprint",
				 a->hardware_fingerprint,
				 b->hardware_fingerprint);
		else
			strbuf_addf(sb,
				    "%sa hardware fingerprint on one side "
				    "only, or none and different host "
				    "fingerprints",
				    sb->len ? ", " : "");
	}
}

static void env_diff(struct strbuf *sb, const struct result_file *a,
		     const struct result_file *b)
{
	size_t len = sb->len;
	diff_str(sb, "kernel", a->kernel, b->kernel);
	diff_str(sb, "os", a->os, b->os);
	diff_str(sb, "arch", a->arch, b->arch);
	diff_str(sb, "versus_version", a->versus_version, b->versus_version);
	diff_str(sb, "cgroup_mode", a->cgroup_mode, b->cgroup_mode);
	diff_str(sb, "box", a->box, b->box);
	diff_str(sb, "executor", a->executor ? a->executor : "direct",
		 b->executor ? b->executor : "direct");
	if (sb->len == len)
		diff_str(sb, "environment_fingerprint",
			 a->environment_fingerprint,
			 b->environment_fingerprint);
}

/* The first toolchain difference of one language between a and b, or
 * NULL (caller frees). */
static char *toolchain_conflict(const struct merge_item *a,
				const struct merge_item *b)
{
	for (size_t i = 0; i < a->rf->impls_nr; i++) {
		const struct result_impl *x = &a->rf->impls[i];
		for (size_t k = 0; k < b->rf->impls_nr; k++) {
			const struct result_impl *y = &b->rf->impls[k];
			if (strcmp(x->language, y->language))
				continue;
			char *la = xstrfmt("'%s'", a->unit);
			char *lb = xstrfmt("'%s'", b->unit);
			char *d = result_toolchain_diff(x, y, la, lb);
			free(la);
			free(lb);
			if (!d)
				continue;
			char *msg =
				xstrfmt("language '%s': %s", x->language, d);
			free(d);
			return msg;
		}
	}
	return NULL;
}

static const char *size_or_none(const struct result_file *rf)
{
	return rf->size ? rf->size : "";
}

/* "workload 'nbody'" or "workload 'nbody' (size small)". */
static char *table_name(const struct result_file *rf)
{
	return rf->size ? xstrfmt("workload '%s' (size %s)", rf->workload_id,
				  rf->size)
			: xstrfmt("workload '%s'", rf->workload_id);
}

static int cmp_table_item(const void *a, const void *b)
{
	const struct merge_item *x = *(struct merge_item *const *)a;
	const struct merge_item *y = *(struct merge_item *const *)b;
	int c = strcmp(x->rf->workload_id, y->rf->workload_id);
	if (!c)
		c = strcmp(size_or_none(x->rf), size_or_none(y->rf));
	return c ? c : strcmp(x->unit, y->unit);
}

static bool same_table(const struct merge_item *a, const struct merge_item *b)
{
	return !strcmp(a->rf->workload_id, b->rf->workload_id) &&
	       !strcmp(size_or_none(a->rf), size_or_none(b->rf));
}

static void add_table(struct merge_state *st, struct merge_item **recs,
		      size_t nr, bool pooled, bool summarized)
{
	ALLOC_GROW(st->tables, st->tables_nr + 1, st->tables_alloc);
	struct table *t = &st->tables[st->tables_nr++];
	t->recs = xcalloc(nr + 1, sizeof(*t->recs));
	memcpy(t->recs, recs, nr * sizeof(*recs));
	t->nr = nr;
	t->pooled = pooled;
	t->summarized = summarized;
}

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	char *clean = utf8_sanitize(s);
	json_t *j = json_string(clean);
	free(clean);
	return j;
}

static json_t *jreal(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static void put(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

/*
 * The anchors of the groups recs[0..nr) (one class: one hardware and
 * environment, one baseline): each group's anchor against the first's.
 * Appends the check to st->anchors; returns whether they all agree.
 */
static bool check_anchors(struct merge_state *st, struct merge_item **recs,
			  size_t nr)
{
	const struct merge_item *ref = recs[0];
	const char *anchor = ref->rf->baseline;
	json_t *a = json_object(), *groups = json_array();
	bool agree = true;
	struct strbuf why = STRBUF_INIT;

	put(a, "workload", jstr(ref->rf->workload_id));
	put(a, "size", jstr(ref->rf->size));
	put(a, "hardware_fingerprint", jstr(ref->rf->hardware_fingerprint));
	put(a, "environment_fingerprint",
	    jstr(ref->rf->environment_fingerprint));
	put(a, "anchor", jstr(anchor));
	put(a, "reference_unit", jstr(ref->unit));
	const struct result_impl *b = result_file_impl(ref->rf, anchor);
	for (size_t i = 1; i < nr; i++) {
		const struct result_impl *x =
			result_file_impl(recs[i]->rf, anchor);
		json_t *g = json_object();
		double *va = NULL, *vb = NULL;
		size_t na = 0, nb = 0;
		struct stats_ratio r = {NAN, NAN, NAN};
		bool ok = false;
		if (x && b && result_impl_ok(x) && result_impl_ok(b)) {
			na = result_impl_values(x, RESULT_WALL, &va);
			nb = result_impl_values(b, RESULT_WALL, &vb);
		}
		uint64_t seed = ref->rf->seed ^
				(recs[i]->rf->seed * 0x9e3779b97f4a7c15ULL);
		if (na && nb &&
		    !stats_ratio_of_medians(va, na, vb, nb, seed, &r))
			ok = r.ci_low <= 1 && 1 <= r.ci_high;
		else
			r = (struct stats_ratio){NAN, NAN, NAN};
		put(g, "unit", jstr(recs[i]->unit));
		put(g, "ratio", jreal(r.value));
		put(g, "ci_low", jreal(r.ci_low));
		put(g, "ci_high", jreal(r.ci_high));
		put(g, "agree", json_boolean(ok));
		json_array_append_new(groups, g);
		if (!ok) {
			agree = false;
			if (isfinite(r.value))
				strbuf_addf(&why,
					    "%s'%s' in '%s' took %.3f [%.3f, "
					    "%.3f] times its time in '%s'",
					    why.len ? "; " : "", anchor,
					    recs[i]->unit, r.value, r.ci_low,
					    r.ci_high, ref->unit);
			else
				strbuf_addf(&why,
					    "%sno OK samples of '%s' in both "
					    "'%s' and '%s'",
					    why.len ? "; " : "", anchor,
					    recs[i]->unit, ref->unit);
		}
		free(va);
		free(vb);
	}
	put(a, "groups", groups);
	put(a, "agree", json_boolean(agree));
	json_array_append_new(st->anchors, a);
	if (!agree) {
		char *name = table_name(ref->rf);
		strvec_push_owned(
			&st->notes,
			xstrfmt("%s: the anchors disagree (%s): its groups "
				"are not pooled; each is a table of its own, "
				"and the workload is left out of the "
				"summaries",
				name, why.buf));
		free(name);
	}
	strbuf_release(&why);
	return agree;
}

/* One class (one hardware and environment) of a workload table. */
static void build_class(struct merge_state *st, struct merge_item **recs,
			size_t nr)
{
	bool pool = nr > 1;
	char *name = table_name(recs[0]->rf);

	for (size_t i = 0; pool && i < nr; i++)
		for (size_t k = i + 1; pool && k < nr; k++) {
			char *tc = toolchain_conflict(recs[i], recs[k]);
			if (!tc)
				continue;
			/* allow_mixed: not pooled; else refused earlier */
			strvec_push_owned(&st->notes,
					  xstrfmt("%s: toolchains differ (%s): "
						  "its groups are not pooled "
						  "and the workload is left "
						  "out of the summaries",
						  name, tc));
			free(tc);
			pool = false;
		}
	for (size_t i = 1; pool && i < nr; i++)
		if (strcmp(recs[i]->rf->baseline, recs[0]->rf->baseline)) {
			strvec_push_owned(
				&st->notes,
				xstrfmt("%s: units '%s' and '%s' have "
					"different "
					"baselines ('%s', '%s'): not pooled",
					name, recs[0]->unit, recs[i]->unit,
					recs[0]->rf->baseline,
					recs[i]->rf->baseline));
			pool = false;
		}
	if (pool)
		pool = check_anchors(st, recs, nr);
	if (pool || nr == 1)
		add_table(st, recs, nr, nr > 1, true);
	else
		for (size_t i = 0; i < nr; i++)
			add_table(st, &recs[i], 1, false, false);
	free(name);
}

/* The records of one workload and size: one table, or one per class
 * with allow_mixed; refused when they cannot share one. */
static void build_workload(struct merge_state *st, struct merge_item **recs,
			   size_t nr)
{
	const struct merge_item *r0 = recs[0];
	char *name = table_name(r0->rf);
	bool mixed = false;

	/* the checks below compare every pair of groups: a crafted input of
	   100000 groups would take hours, and no plan makes that many */
	if (nr > MERGE_MAX_GROUPS) {
		refuse(st,
		       "%s: %zu units of one workload, more than the %d a "
		       "plan makes at most (one group per implementation)",
		       name, nr, MERGE_MAX_GROUPS);
		free(name);
		return;
	}

	for (size_t i = 1; i < nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *what = NULL;
		if (strcmp(recs[i]->hw, r0->hw)) {
			hw_diff(&sb, r0->rf, recs[i]->rf);
			what = "hardware";
		} else if (strcmp(recs[i]->env, r0->env)) {
			env_diff(&sb, r0->rf, recs[i]->rf);
			what = "environment";
		}
		if (what && !st->o->allow_mixed)
			refuse(st,
			       "%s: units '%s' (node '%s') and '%s' (node "
			       "'%s') ran on a different %s (%s): no ratio "
			       "is computed across machines; rerun them on "
			       "one hardware model and set-up, or pass "
			       "--allow-mixed for one table per fingerprint",
			       name, r0->unit, node_of(r0), recs[i]->unit,
			       node_of(recs[i]), what, sb.buf);
		mixed |= what != NULL;
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < nr && !st->o->allow_mixed; i++)
		for (size_t k = i + 1; k < nr; k++) {
			char *tc = toolchain_conflict(recs[i], recs[k]);
			if (tc)
				refuse(st,
				       "%s: units '%s' (node '%s') and '%s' "
				       "(node '%s') used different "
				       "toolchains for %s; pass --allow-mixed "
				       "to report the groups apart",
				       name, recs[i]->unit, node_of(recs[i]),
				       recs[k]->unit, node_of(recs[k]), tc);
			free(tc);
		}
	if (mixed && st->o->allow_mixed)
		strvec_push_owned(&st->notes,
				  xstrfmt("%s: measured on different "
					  "fingerprints (--allow-mixed): one "
					  "table per fingerprint, no ratio "
					  "across them",
					  name));
	free(name);
	if (st->refused)
		return;

	/* classes by (hardware, environment), in the order of their first
	 * unit */
	bool *done = xcalloc(nr + 1, sizeof(*done));
	struct merge_item **cls = xcalloc(nr + 1, sizeof(*cls));
	for (size_t i = 0; i < nr; i++) {
		size_t k = 0;
		if (done[i])
			continue;
		for (size_t j = i; j < nr; j++)
			if (!done[j] && !strcmp(recs[j]->hw, recs[i]->hw) &&
			    !strcmp(recs[j]->env, recs[i]->env)) {
				done[j] = true;
				cls[k++] = recs[j];
			}
		build_class(st, cls, k);
	}
	free(cls);
	free(done);
}

static void build_tables(struct merge_state *st)
{
	struct merge_item **kept = xcalloc(st->units_nr + 1, sizeof(*kept));
	size_t nr = 0;
	for (size_t i = 0; i < st->units_nr; i++)
		if (st->units[i].kept)
			kept[nr++] = st->units[i].kept;
	qsort(kept, nr, sizeof(*kept), cmp_table_item);
	for (size_t i = 0; i < nr;) {
		size_t j = i + 1;
		while (j < nr && same_table(kept[i], kept[j]))
			j++;
		build_workload(st, &kept[i], j - i);
		i = j;
	}
	free(kept);
}

/* ---- writing ---- */

static json_t *ratio_json(const struct result_ratio *r)
{
	if (!r->present)
		return json_null();
	json_t *o = json_object();
	put(o, "value", jreal(r->value));
	put(o, "ci_low", jreal(r->ci_low));
	put(o, "ci_high", jreal(r->ci_high));
	return o;
}

/* Sorted, distinct hostnames of recs. */
static json_t *nodes_json(struct merge_item *const *recs, size_t nr)
{
	struct strvec sv = STRVEC_INIT;
	json_t *a = json_array();
	for (size_t i = 0; i < nr; i++)
		strvec_push(&sv, node_of(recs[i]));
	strvec_sort_unique(&sv);
	for (size_t i = 0; i < sv.nr; i++)
		json_array_append_new(a, jstr(sv.v[i]));
	strvec_clear(&sv);
	return a;
}

static json_t *table_json(const struct table *t)
{
	const struct result_file *r0 = t->recs[0]->rf;
	json_t *o = json_object(), *units = json_array(), *rows = json_array();
	put(o, "workload", jstr(r0->workload_id));
	put(o, "size", jstr(r0->size));
	put(o, "hardware_fingerprint", jstr(r0->hardware_fingerprint));
	put(o, "environment_fingerprint", jstr(r0->environment_fingerprint));
	put(o, "nodes", nodes_json(t->recs, t->nr));
	for (size_t i = 0; i < t->nr; i++)
		json_array_append_new(units, jstr(t->recs[i]->unit));
	put(o, "units", units);
	put(o, "baseline", jstr(r0->baseline));
	put(o, "pooled", json_boolean(t->pooled));
	for (size_t i = 0; i < t->nr; i++) {
		const struct result_file *rf = t->recs[i]->rf;
		for (size_t k = 0; k < rf->impls_nr; k++) {
			const struct result_impl *im = &rf->impls[k];
			/* the anchor once: from the first group */
			if (i && !strcmp(im->id, rf->baseline))
				continue;
			json_t *row = json_object();
			put(row, "implementation", jstr(im->id));
			put(row, "language", jstr(im->language));
			put(row, "unit", jstr(t->recs[i]->unit));
			put(row, "node", jstr(node_of(t->recs[i])));
			put(row, "status", jstr(im->status));
			put(row, "time", ratio_json(&im->ratio[RESULT_WALL]));
			put(row, "memory",
			    ratio_json(&im->ratio[RESULT_MEMORY]));
			json_array_append_new(rows, row);
		}
	}
	put(o, "rows", rows);
	return o;
}

/* One row of a summary: an implementation (or a language) and its ratio
 * in each workload of the hardware. */
struct srow {
	const char *key, *language;
	struct stats_ratio_samples *ws;
	double **owned;
	size_t n;
	bool samples_ok;
};

static struct srow *srow_get(struct srow **rows, size_t *nr, size_t *alloc,
			     const char *key, const char *language, size_t cap)
{
	for (size_t i = 0; i < *nr; i++)
		if (!strcmp((*rows)[i].key, key))
			return &(*rows)[i];
	ALLOC_GROW(*rows, *nr + 1, *alloc);
	struct srow *r = &(*rows)[(*nr)++];
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->language = language;
	r->ws = xcalloc(cap + 1, sizeof(*r->ws));
	r->owned = xcalloc(2 * cap + 2, sizeof(*r->owned));
	r->samples_ok = true;
	return r;
}

/* Add im (of rf, whose baseline is base) to row r: one workload. */
static void srow_add(struct srow *r, const struct result_file *rf,
		     const struct result_impl *im)
{
	const struct result_impl *base = result_file_impl(rf, rf->baseline);
	const struct result_ratio *fr = &im->ratio[RESULT_WALL];
	if (!result_impl_ok(im) || !fr->present || !(fr->value > 0))
		return;
	struct stats_ratio_samples *s = &r->ws[r->n];
	s->fixed = fr->value;
	if (base && im != base) {
		s->na = result_impl_values(im, RESULT_WALL,
					   &r->owned[2 * r->n]);
		s->nb = result_impl_values(base, RESULT_WALL,
					   &r->owned[2 * r->n + 1]);
		s->a = r->owned[2 * r->n];
		s->b = r->owned[2 * r->n + 1];
		if (!s->na || !s->nb)
			r->samples_ok = false;
	}
	r->n++;
}

static int cmp_srow(const void *a, const void *b)
{
	return strcmp(((const struct srow *)a)->key,
		      ((const struct srow *)b)->key);
}

/* The rows as JSON (sorted by key), freeing them. */
static json_t *srows_json(struct srow *rows, size_t nr, uint64_t seed,
			  const char *key_name, bool with_language)
{
	json_t *a = json_array();
	qsort(rows, nr, sizeof(*rows), cmp_srow);
	for (size_t i = 0; i < nr; i++) {
		struct srow *r = &rows[i];
		struct stats_ratio g = {NAN, NAN, NAN};
		uint64_t s = seed ^ (0x9e3779b97f4a7c15ULL * (i + 1));
		int rc = -EDOM;
		if (r->n && r->samples_ok)
			rc = stats_geomean(r->ws, r->n, s, &g);
		if (r->n && rc) {
			/* e.g. a zero median: the records' ratios, no CI */
			for (size_t k = 0; k < r->n; k++)
				r->ws[k].na = r->ws[k].nb = 0;
			rc = stats_geomean(r->ws, r->n, s, &g);
		}
		json_t *o = json_object();
		put(o, key_name, jstr(r->key));
		if (with_language)
			put(o, "language", jstr(r->language));
		put(o, "geomean", rc ? json_null() : jreal(g.value));
		put(o, "ci_low", rc ? json_null() : jreal(g.ci_low));
		put(o, "ci_high", rc ? json_null() : jreal(g.ci_high));
		put(o, "workloads", json_integer((json_int_t)r->n));
		json_array_append_new(a, o);
		for (size_t k = 0; k < 2 * r->n; k++)
			free(r->owned[k]);
		free(r->owned);
		free(r->ws);
	}
	free(rows);
	return a;
}

/* One summary per hardware: the tables of that hardware that count, one
 * per workload and size (the first by unit). */
static json_t *summaries_json(struct merge_state *st)
{
	json_t *out = json_array();
	bool *done = xcalloc(st->tables_nr + 1, sizeof(*done));
	for (size_t t = 0; t < st->tables_nr; t++) {
		if (done[t] || !st->tables[t].summarized)
			continue;
		const char *hw = st->tables[t].recs[0]->hw;
		struct srow *ids = NULL, *langs = NULL;
		size_t ids_nr = 0, ids_alloc = 0, langs_nr = 0, langs_alloc = 0,
		       workloads = 0;
		struct merge_item **recs =
			xcalloc(st->units_nr + 1, sizeof(*recs));
		size_t recs_nr = 0;
		uint64_t seed = 0;
		for (size_t u = t; u < st->tables_nr; u++) {
			const struct table *tb = &st->tables[u];
			if (done[u] || !tb->summarized ||
			    strcmp(tb->recs[0]->hw, hw))
				continue;
			done[u] = true;
			bool seen = false;
			for (size_t p = t; p < u && !seen; p++)
				seen = st->tables[p].summarized &&
				       !strcmp(st->tables[p].recs[0]->hw, hw) &&
				       same_table(st->tables[p].recs[0],
						  tb->recs[0]);
			if (seen)
				continue; /* another environment: first wins */
			workloads++;
			/* each key once per workload: the anchor's first
			 * group, a language's first implementation */
			struct strvec used = STRVEC_INIT,
				      used_lang = STRVEC_INIT;
			for (size_t i = 0; i < tb->nr; i++) {
				const struct result_file *rf = tb->recs[i]->rf;
				recs[recs_nr++] = tb->recs[i];
				seed = seed * 0x100000001b3ULL ^ rf->seed;
				for (size_t k = 0; k < rf->impls_nr; k++) {
					const struct result_impl *im =
						&rf->impls[k];
					bool dup = false;
					for (size_t m = 0; m < used.nr; m++)
						dup |= !strcmp(used.v[m],
							       im->id);
					if (!dup) {
						strvec_push(&used, im->id);
						srow_add(
							srow_get(&ids, &ids_nr,
								 &ids_alloc,
								 im->id,
								 im->language,
								 st->tables_nr),
							rf, im);
					}
					dup = false;
					for (size_t m = 0; m < used_lang.nr;
					     m++)
						dup |= !strcmp(used_lang.v[m],
							       im->language);
					if (dup)
						continue;
					strvec_push(&used_lang, im->language);
					srow_add(srow_get(&langs, &langs_nr,
							  &langs_alloc,
							  im->language,
							  im->language,
							  st->tables_nr),
						 rf, im);
				}
			}
			strvec_clear(&used);
			strvec_clear(&used_lang);
		}
		json_t *o = json_object();
		put(o, "hardware_fingerprint",
		    jstr(st->tables[t].recs[0]->rf->hardware_fingerprint));
		put(o, "nodes", nodes_json(recs, recs_nr));
		put(o, "workloads", json_integer((json_int_t)workloads));
		put(o, "implementations",
		    srows_json(ids, ids_nr, seed, "id", true));
		put(o, "languages",
		    srows_json(langs, langs_nr, seed ^ 0x5bd1e995ULL,
			       "language", false));
		json_array_append_new(out, o);
		free(recs);
	}
	free(done);
	return out;
}

static int cmp_item_fp(const void *a, const void *b)
{
	const struct merge_item *x = *(struct merge_item *const *)a;
	const struct merge_item *y = *(struct merge_item *const *)b;
	int c = strcmp(x->hw, y->hw);
	if (!c)
		c = strcmp(x->env, y->env);
	return c ? c : strcmp(x->unit, y->unit);
}

/* The kept records, by (hardware, environment, unit). */
static size_t kept_by_fp(const struct merge_state *st, struct merge_item ***out)
{
	struct merge_item **kept = xcalloc(st->units_nr + 1, sizeof(*kept));
	size_t nr = 0;
	for (size_t i = 0; i < st->units_nr; i++)
		if (st->units[i].kept)
			kept[nr++] = st->units[i].kept;
	qsort(kept, nr, sizeof(*kept), cmp_item_fp);
	*out = kept;
	return nr;
}

static json_t *fingerprints_json(const struct merge_state *st)
{
	struct merge_item **kept;
	size_t nr = kept_by_fp(st, &kept);
	json_t *out = json_array();
	for (size_t i = 0; i < nr;) {
		size_t j = i + 1;
		while (j < nr && !strcmp(kept[j]->hw, kept[i]->hw) &&
		       !strcmp(kept[j]->env, kept[i]->env))
			j++;
		json_t *o = json_object(), *units = json_array();
		const struct result_file *rf = kept[i]->rf;
		put(o, "hardware_fingerprint", jstr(rf->hardware_fingerprint));
		put(o, "environment_fingerprint",
		    jstr(rf->environment_fingerprint));
		if (!rf->hardware_fingerprint)
			put(o, "host_fingerprint", jstr(rf->fingerprint));
		put(o, "nodes", nodes_json(&kept[i], j - i));
		for (size_t k = i; k < j; k++)
			json_array_append_new(units, jstr(kept[k]->unit));
		put(o, "units", units);
		json_array_append_new(out, o);
		i = j;
	}
	free(kept);
	return out;
}

/* One node of a hardware class and its canary median. */
struct cnode {
	const char *name;
	double *v;
	size_t n;
	double median;
};

static int cmp_cnode(const void *a, const void *b)
{
	return strcmp(((const struct cnode *)a)->name,
		      ((const struct cnode *)b)->name);
}

/*
 * The calibration canary: per hardware, each node's median canary
 * against the median of the other nodes' medians; slow above
 * MERGE_CANARY_SLOW times that.
 */
static json_t *canary_json(struct merge_state *st)
{
	struct merge_item **kept;
	size_t nr = kept_by_fp(st, &kept);
	json_t *out = json_array();
	for (size_t i = 0; i < nr;) {
		size_t j = i + 1;
		while (j < nr && !strcmp(kept[j]->hw, kept[i]->hw))
			j++;
		struct cnode *nodes = xcalloc(j - i + 1, sizeof(*nodes));
		size_t nodes_nr = 0;
		for (size_t k = i; k < j; k++) {
			double c = kept[k]->rf->shard_canary_ns;
			if (!isfinite(c))
				continue;
			size_t m;
			for (m = 0; m < nodes_nr; m++)
				if (!strcmp(nodes[m].name, node_of(kept[k])))
					break;
			if (m == nodes_nr) {
				nodes[m].name = node_of(kept[k]);
				nodes[m].v = xcalloc(j - i + 1, sizeof(double));
				nodes_nr++;
			}
			nodes[m].v[nodes[m].n++] = c;
		}
		qsort(nodes, nodes_nr, sizeof(*nodes), cmp_cnode);
		for (size_t m = 0; m < nodes_nr; m++)
			nodes[m].median = stats_median(nodes[m].v, nodes[m].n);
		double *others = xcalloc(nodes_nr + 1, sizeof(*others));
		for (size_t m = 0; nodes_nr > 1 && m < nodes_nr; m++) {
			size_t k = 0;
			for (size_t q = 0; q < nodes_nr; q++)
				if (q != m)
					others[k++] = nodes[q].median;
			double ref = stats_median(others, k);
			bool slow = nodes[m].median > MERGE_CANARY_SLOW * ref;
			json_t *o = json_object();
			put(o, "hardware_fingerprint",
			    jstr(kept[i]->rf->hardware_fingerprint));
			put(o, "node", jstr(nodes[m].name));
			put(o, "canary_ns", jreal(nodes[m].median));
			put(o, "others_ns", jreal(ref));
			put(o, "slow", json_boolean(slow));
			json_array_append_new(out, o);
			if (slow)
				strvec_push_owned(
					&st->notes,
					xstrfmt("node '%s' is slow: its "
						"calibration canary took "
						"%.0f ns, %.0f%% more than "
						"the median of the other "
						"nodes of its hardware "
						"(%.0f ns); its results may "
						"be off",
						nodes[m].name, nodes[m].median,
						100 * (nodes[m].median / ref -
						       1),
						ref));
		}
		for (size_t m = 0; m < nodes_nr; m++)
			free(nodes[m].v);
		free(nodes);
		free(others);
		i = j;
	}
	free(kept);
	return out;
}

/* Each line of text indented by four spaces, into sb (no final
 * newline). */
static void add_indented(struct strbuf *sb, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_addstr(sb, "    ");
		strbuf_add(sb, p, len);
		if (!nl || !nl[1])
			break;
		strbuf_addch(sb, '\n');
		p = nl + 1;
	}
}

/* The plan of the merge: --plan, else the records' or the earlier merge
 * documents' (one, checked), so that merging a merge of no record keeps
 * its plan. */
static const char *plan_of(const struct merge_state *st)
{
	const char *plan_id = st->o->plan_id;
	for (size_t i = 0; !plan_id && i < st->nr; i++)
		if (st->items[i]->rf->shard_index >= 0)
			plan_id = st->items[i]->rf->shard_plan_id;
	for (size_t i = 0; !plan_id && i < st->in->docs_nr; i++)
		plan_id = st->in->docs[i].plan_id;
	return plan_id;
}

static char *document(struct merge_state *st)
{
	const struct merge_options *o = st->o;
	json_t *doc = json_object(), *units = json_array(),
	       *dups = json_array();
	const char *plan_id = plan_of(st);
	put(doc, "schema", json_integer(RESULT_MERGE_SCHEMA));
	put(doc, "kind", json_string(RESULT_MERGE_KIND));
	put(doc, "versus_version", jstr(o->versus_version));
	put(doc, "plan_id", jstr(plan_id));
	for (size_t i = 0; i < st->units_nr; i++) {
		const struct unit *u = &st->units[i];
		json_t *j = json_object();
		put(j, "id", jstr(u->id));
		put(j, "status",
		    json_string(!u->kept		? "missing"
				: u->kept->rf->complete ? "present"
							: "incomplete"));
		put(j, "shard",
		    u->shard >= 0 ? json_integer(u->shard) : json_null());
		json_array_append_new(units, j);
		if (!u->dropped.nr)
			continue;
		json_t *d = json_object(), *dropped = json_array();
		put(d, "unit", jstr(u->id));
		put(d, "kept", jstr(u->kept ? u->kept->sha : NULL));
		for (size_t k = 0; k < u->dropped.nr; k++)
			json_array_append_new(dropped, jstr(u->dropped.v[k]));
		put(d, "dropped", dropped);
		json_array_append_new(dups, d);
	}
	put(doc, "units", units);
	put(doc, "duplicates", dups);
	put(doc, "fingerprints", fingerprints_json(st));
	put(doc, "anchors", json_incref(st->anchors));
	json_t *tables = json_array();
	for (size_t t = 0; t < st->tables_nr; t++)
		json_array_append_new(tables, table_json(&st->tables[t]));
	put(doc, "tables", tables);
	put(doc, "summaries", summaries_json(st));
	put(doc, "canary", canary_json(st));
	json_t *notes = json_array();
	for (size_t i = 0; i < st->notes.nr; i++)
		json_array_append_new(notes, jstr(st->notes.v[i]));
	put(doc, "notes", notes);

	char *head = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					     JSON_REAL_PRECISION(17));
	json_decref(doc);
	if (!head)
		return NULL;
	/* the records as result_file_text() wrote them, last */
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(head);
	while (len && head[len - 1] != '}')
		len--;
	len--; /* the closing brace */
	while (len && (head[len - 1] == '\n' || head[len - 1] == ' '))
		len--;
	strbuf_add(&sb, head, len);
	free(head);
	strbuf_addstr(&sb, ",\n  \"results\": [");
	size_t n = 0;
	for (size_t i = 0; i < st->units_nr; i++) {
		if (!st->units[i].kept)
			continue;
		strbuf_addstr(&sb, n++ ? ",\n" : "\n");
		add_indented(&sb, st->units[i].kept->text);
	}
	strbuf_addstr(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
	return strbuf_detach(&sb, NULL);
}

static void state_release(struct merge_state *st)
{
	free(st->items);
	for (size_t i = 0; i < st->units_nr; i++) {
		free(st->units[i].id);
		strvec_clear(&st->units[i].dropped);
	}
	free(st->units);
	for (size_t t = 0; t < st->tables_nr; t++)
		free(st->tables[t].recs);
	free(st->tables);
	json_decref(st->anchors);
	strvec_clear(&st->notes);
}

int merge_run(const struct merge_inputs *in, const struct merge_options *o,
	      struct merge_result *res, struct versus_errs *errs)
{
	struct merge_state st = {.o = o, .in = in, .errs = errs};
	struct strvec shards = STRVEC_INIT;

	memset(res, 0, sizeof(*res));
	strvec_init(&res->missing);
	strvec_init(&res->incomplete);
	strvec_init(&res->notes);
	st.anchors = json_array();
	strvec_init(&st.notes);
	check_plans(&st, in);
	if (st.refused)
		goto refused;

	/* the distinct records, by (unit, digest) */
	st.items = xcalloc(in->nr + 1, sizeof(*st.items));
	for (size_t i = 0; i < in->nr; i++)
		st.items[i] = &in->items[i];
	qsort(st.items, in->nr, sizeof(*st.items), cmp_item);
	for (size_t i = 0; i < in->nr; i++)
		if (!st.nr ||
		    strcmp(st.items[st.nr - 1]->sha, st.items[i]->sha) ||
		    strcmp(st.items[st.nr - 1]->unit, st.items[i]->unit))
			st.items[st.nr++] = st.items[i];

	build_units(&st, in);
	if (st.refused)
		goto refused;
	for (size_t i = 0; i < st.units_nr; i++) {
		const struct unit *u = &st.units[i];
		if (u->dropped.nr)
			strvec_push_owned(
				&st.notes,
				xstrfmt("unit '%s': %zu duplicate%s dropped, "
					"kept %.12s",
					u->id, u->dropped.nr,
					u->dropped.nr == 1 ? "" : "s",
					u->kept ? u->kept->sha : "(none)"));
	}
	build_tables(&st);
	if (st.refused)
		goto refused;
	res->text = document(&st);
	if (!res->text) {
		versus_errs_add(errs, -ENOMEM, NULL, 0, 0,
				"cannot serialise the merge document");
		state_release(&st);
		return -ENOMEM;
	}
	for (size_t i = 0; i < st.units_nr; i++) {
		const struct unit *u = &st.units[i];
		res->units_nr++;
		res->dropped_nr += u->dropped.nr;
		if (!u->kept) {
			if (u->shard >= 0)
				strvec_pushf(&res->missing, "%s (shard %ld)",
					     u->id, u->shard);
			else
				strvec_push(&res->missing, u->id);
			continue;
		}
		res->present_nr++;
		if (!u->kept->rf->complete) {
			if (u->shard >= 0)
				strvec_pushf(&res->incomplete, "%s (shard %ld)",
					     u->id, u->shard);
			else
				strvec_push(&res->incomplete, u->id);
		}
		if (u->shard >= 0)
			strvec_pushf(&shards, "%ld", u->shard);
	}
	strvec_sort_unique(&shards);
	res->shards_nr = shards.nr;
	strvec_clear(&shards);
	strvec_copy(&res->notes, &st.notes);
	if (plan_of(&st))
		res->plan_id = xstrdup(plan_of(&st));
	state_release(&st);
	return 0;
refused:
	state_release(&st);
	return -EINVAL;
}

void merge_result_release(struct merge_result *res)
{
	if (!res)
		return;
	free(res->text);
	free(res->plan_id);
	strvec_clear(&res->missing);
	strvec_clear(&res->incomplete);
	strvec_clear(&res->notes);
	memset(res, 0, sizeof(*res));
}

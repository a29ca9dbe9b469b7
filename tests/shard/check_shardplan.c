/* check_shardplan.c: shard plans: units, costs, ids, the JSON and its
 * reader, digests, the shard of a task. */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record/record.h"
#include "shard/shardplan.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/strbuf.h"

static char tmp[64];

static void write_file(const char *name, const char *text)
{
	char *path = xstrfmt("%s/%s", tmp, name);
	ck_assert_int_eq(fs_write_replace(path, text, strlen(text), 0644), 0);
	free(path);
}

static const char alpha[] = "schema: 1\n"
			    "workload: alpha\n"
			    "baseline: a\n"
			    "cost: 4\n"
			    "sizes: {small: {n: 1}, large: {n: 2}}\n"
			    "params: {n: 3}\n"
			    "args: ['{n}']\n"
			    "implementations:\n"
			    "  - {id: a, language: c, source: spin.c}\n"
			    "  - {id: b, language: c, source: spin.c}\n";
static const char beta[] = "schema: 1\n"
			   "workload: beta\n"
			   "baseline: base\n"
			   "implementations:\n"
			   "  - {id: x, language: c, source: spin.c}\n"
			   "  - {id: base, language: c, source: spin.c}\n"
			   "  - {id: y, language: c, source: spin.c}\n"
			   "  - {id: z, language: c, source: spin.c}\n";
static const char gamma_[] = "schema: 1\n"
			     "workload: gamma\n"
			     "baseline: a\n"
			     "implementations:\n"
			     "  - {id: a, language: c, source: spin.c}\n";

static void setup(void)
{
	strcpy(tmp, "/tmp/check_shardplan-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	write_file("spin.c", "int main(void) { return 0; }\n");
	write_file("alpha.yaml", alpha);
	write_file("beta.yaml", beta);
	write_file("gamma.yaml", gamma_);
}

static void teardown(void)
{
	fs_remove_tree(tmp);
}

/* Build the plan of the folder; fails the test on errors. */
static void build(struct shard_plan *p, size_t count, enum shard_unit_kind kind,
		  size_t g, const struct strvec *costs)
{
	struct shard_plan_options o = {.count = count,
				       .kind = kind,
				       .group_size = g,
				       .cost_paths = costs};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	const char *paths[] = {tmp};
	int rc = shard_plan_build(p, paths, 1, &o, &errs);
	ck_assert_msg(rc == 0, "%s", errs.nr ? errs.items[0].message : "");
	versus_errs_release(&errs);
}

START_TEST(test_units)
{
	struct shard_plan p;
	build(&p, 2, SHARD_UNIT_WORKLOAD, 0, NULL);
	ck_assert_uint_eq(p.inputs_nr, 3);
	ck_assert_uint_eq(p.units_nr, 3);
	ck_assert_str_eq(p.units[0].id, "alpha");
	ck_assert_str_eq(p.units[1].id, "beta");
	ck_assert_str_eq(p.units[2].id, "gamma");
	/* alpha's hint is 4 s; the others get the mean of the known */
	ck_assert(p.units[0].cost_source == SHARD_COST_MANIFEST);
	ck_assert(p.units[0].cost_s == 4);
	ck_assert(p.units[1].cost_source == SHARD_COST_UNIFORM);
	ck_assert(p.units[1].cost_s == 4);
	shard_plan_release(&p);

	build(&p, 2, SHARD_UNIT_SIZE, 0, NULL);
	ck_assert_uint_eq(p.units_nr, 4);
	ck_assert_str_eq(p.units[0].id, "alpha@small");
	ck_assert_str_eq(p.units[0].size, "small");
	ck_assert_str_eq(p.units[1].id, "alpha@large");
	ck_assert(p.units[1].cost_s == 2); /* half the hint each */
	ck_assert_str_eq(p.units[2].id, "beta");
	ck_assert_ptr_null(p.units[2].size);
	shard_plan_release(&p);

	build(&p, 3, SHARD_UNIT_GROUP, 2, NULL);
	/* beta: x, base, y, z in groups of 2 with base in each */
	ck_assert_uint_eq(p.units_nr, 5);
	ck_assert_str_eq(p.units[1].id, "beta#g1");
	ck_assert_str_eq(p.units[1].anchor, "base");
	ck_assert_uint_eq(p.units[1].impls.nr, 2);
	ck_assert_str_eq(p.units[1].impls.v[0], "base");
	ck_assert_str_eq(p.units[1].impls.v[1], "x");
	ck_assert_str_eq(p.units[3].id, "beta#g3");
	ck_assert_str_eq(p.units[3].impls.v[1], "z");
	ck_assert_str_eq(p.units[4].id, "gamma#g1");
	ck_assert_uint_eq(p.units[4].impls.nr, 1);
	shard_plan_release(&p);

	build(&p, 2, SHARD_UNIT_GROUP, 3, NULL);
	ck_assert_str_eq(p.units[1].id, "beta#g1");
	ck_assert_uint_eq(p.units[1].impls.nr, 3);
	ck_assert_str_eq(p.units[2].id, "beta#g2");
	ck_assert_uint_eq(p.units[2].impls.nr, 2);
	shard_plan_release(&p);
}
END_TEST

START_TEST(test_errors)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct shard_plan p;
	struct strvec sizes = STRVEC_INIT;
	strvec_push(&sizes, "small");
	struct shard_plan_options o = {
		.count = 2, .kind = SHARD_UNIT_SIZE, .sizes = &sizes};
	const char *paths[] = {tmp};
	ck_assert_int_eq(shard_plan_build(&p, paths, 1, &o, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 2); /* beta and gamma lack it */
	ck_assert_ptr_nonnull(strstr(errs.items[0].file, "beta.yaml"));
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "no size 'small'"));
	versus_errs_release(&errs);
	strvec_clear(&sizes);
	/* two manifests of one workload */
	write_file("zeta.yaml", gamma_);
	o.kind = SHARD_UNIT_WORKLOAD;
	o.sizes = NULL;
	ck_assert_int_eq(shard_plan_build(&p, paths, 1, &o, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].file, "zeta.yaml"));
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "two manifests of workload 'gamma'"));
	versus_errs_release(&errs);
	/* a bad cost hint is the manifest's located error */
	write_file("zeta.yaml", "schema: 1\nworkload: zeta\nbaseline: a\n"
				"cost: -3\nimplementations:\n"
				"  - {id: a, language: c, source: spin.c}\n");
	ck_assert_int_eq(shard_plan_build(&p, paths, 1, &o, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_int_eq(errs.items[0].line, 4);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "cost"));
	versus_errs_release(&errs);
	o.count = 0;
	ck_assert_int_eq(shard_plan_build(&p, paths, 1, &o, &errs), -EINVAL);
	versus_errs_release(&errs);
}
END_TEST

START_TEST(test_id)
{
	struct shard_plan a, b;
	build(&a, 2, SHARD_UNIT_WORKLOAD, 0, NULL);
	build(&b, 2, SHARD_UNIT_WORKLOAD, 0, NULL);
	ck_assert_str_eq(a.id, b.id);
	/* the id is the digest of the canonical text */
	struct strbuf sb = STRBUF_INIT;
	shard_plan_canonical(&a, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "versus-plan 1\n"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\nunit workload\nshards 2\n"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\nshard 0 5:alpha\n"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\nunit-def 5:alpha manifest "));
	strbuf_release(&sb);
	shard_plan_release(&b);
	/* the same files named one by one, in another order */
	struct shard_plan_options o = {.count = 2};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *g = xstrfmt("%s/gamma.yaml", tmp);
	char *al = xstrfmt("%s/alpha.yaml", tmp);
	char *be = xstrfmt("%s/beta.yaml", tmp);
	const char *paths[] = {g, be, al};
	ck_assert_int_eq(shard_plan_build(&b, paths, 3, &o, &errs), 0);
	ck_assert_str_eq(a.id, b.id);
	char *ta = shard_plan_text(&a), *tb = shard_plan_text(&b);
	ck_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	shard_plan_release(&b);
	/* other shard counts and unit kinds have other ids */
	build(&b, 3, SHARD_UNIT_WORKLOAD, 0, NULL);
	ck_assert_str_ne(a.id, b.id);
	shard_plan_release(&b);
	build(&b, 2, SHARD_UNIT_GROUP, 4, NULL);
	ck_assert_str_ne(a.id, b.id);
	shard_plan_release(&b);
	/* a manifest edited, even by a comment: another id */
	write_file("beta.yaml", "# edited\nschema: 1\nworkload: beta\n"
				"baseline: base\nimplementations:\n"
				"  - {id: base, language: c, source: "
				"spin.c}\n");
	build(&b, 2, SHARD_UNIT_WORKLOAD, 0, NULL);
	ck_assert_str_ne(a.id, b.id);
	shard_plan_release(&b);
	/* and the plan made before no longer matches the files */
	ck_assert_int_eq(shard_plan_verify_inputs(&a, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].file, be);
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message, "changed since the plan"));
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message, a.inputs[1].sha256));
	versus_errs_release(&errs);
	write_file("beta.yaml", beta);
	ck_assert_int_eq(shard_plan_verify_inputs(&a, &errs), 0);
	ck_assert_uint_eq(errs.nr, 0);
	free(g);
	free(al);
	free(be);
	shard_plan_release(&a);
}
END_TEST

START_TEST(test_costs_from_results)
{
	struct result_file *rf = result_file_new();
	rf->workload_id = xstrdup("beta");
	rf->workload_version = 1;
	rf->baseline = xstrdup("base");
	rf->started_at = xstrdup("2026-01-01T00:00:00Z");
	rf->finished_at = xstrdup("2026-01-01T00:00:09Z");
	rf->impls = xcalloc(2, sizeof(*rf->impls));
	rf->impls_nr = 2;
	for (size_t i = 0; i < 2; i++) {
		struct result_impl *im = &rf->impls[i];
		result_impl_init(im);
		im->id = xstrdup(i ? "x" : "base");
		im->language = xstrdup("c");
		/* failed runs count too: their time was spent */
		im->status = xstrdup("RE");
		im->reason = xstrdup("exit code 1");
		im->has_build = true;
		im->build_wall_ns = 5e8;
		im->samples = xcalloc(2, sizeof(*im->samples));
		im->samples_nr = 2;
		for (size_t s = 0; s < 2; s++) {
			im->samples[s].wall_ns = 1e9;
			im->samples[s].round = (long)s;
			strcpy(im->samples[s].status, "RE");
			im->samples[s].exit_code = 1;
		}
	}
	char *dir = xstrfmt("%s/results", tmp);
	struct versus_err err = {0};
	ck_assert_int_eq(result_dir_prepare(dir, &err), 0);
	ck_assert_int_eq(result_file_write(rf, dir, NULL, &err), 0);
	result_file_free(rf);
	struct strvec costs = STRVEC_INIT;
	strvec_push(&costs, dir);
	struct shard_plan p;
	build(&p, 2, SHARD_UNIT_WORKLOAD, 0, &costs);
	ck_assert(p.units[1].cost_source == SHARD_COST_RESULTS);
	ck_assert_msg(fabs(p.units[1].cost_s - 5.0) < 1e-9, "%g",
		      p.units[1].cost_s); /* 2x(2+0.5) */
	/* the manifest hint of alpha is kept; gamma is the mean */
	ck_assert(p.units[0].cost_source == SHARD_COST_MANIFEST);
	ck_assert(p.units[2].cost_source == SHARD_COST_UNIFORM);
	ck_assert(fabs(p.units[2].cost_s - 4.5) < 1e-9);
	/* beta, the largest, is alone in shard 0 */
	ck_assert_uint_eq(p.units[1].shard, 0);
	ck_assert_uint_eq(p.shards[0].nr, 1);
	shard_plan_release(&p);
	/* groups: only the group's implementations count */
	build(&p, 2, SHARD_UNIT_GROUP, 2, &costs);
	ck_assert_str_eq(p.units[1].id, "beta#g1"); /* base, x */
	ck_assert(fabs(p.units[1].cost_s - 5.0) < 1e-9);
	ck_assert_str_eq(p.units[2].id, "beta#g2"); /* base, y */
	ck_assert(fabs(p.units[2].cost_s - 2.5) < 1e-9);
	shard_plan_release(&p);

	/* a newer result whose figures sum past any real cost (1e308 ns
	   twice: infinity) is no cost: beta falls back to uniform, and every
	   unit is still in exactly one shard */
	rf = result_file_new();
	rf->workload_id = xstrdup("beta");
	rf->workload_version = 1;
	rf->baseline = xstrdup("base");
	rf->started_at = xstrdup("2026-01-02T00:00:00Z");
	rf->finished_at = xstrdup("2026-01-02T00:00:09Z");
	rf->impls = xcalloc(1, sizeof(*rf->impls));
	rf->impls_nr = 1;
	result_impl_init(&rf->impls[0]);
	rf->impls[0].id = xstrdup("base");
	rf->impls[0].language = xstrdup("c");
	rf->impls[0].status = xstrdup("RE");
	rf->impls[0].reason = xstrdup("exit code 1");
	rf->impls[0].samples = xcalloc(2, sizeof(*rf->impls[0].samples));
	rf->impls[0].samples_nr = 2;
	for (size_t s = 0; s < 2; s++) {
		rf->impls[0].samples[s].wall_ns = 1e308;
		rf->impls[0].samples[s].round = (long)s;
		rf->impls[0].samples[s].exit_code = 1;
		strcpy(rf->impls[0].samples[s].status, "RE");
	}
	ck_assert_int_eq(result_file_write(rf, dir, NULL, &err), 0);
	result_file_free(rf);
	build(&p, 2, SHARD_UNIT_WORKLOAD, 0, &costs);
	ck_assert(p.units[1].cost_source == SHARD_COST_UNIFORM);
	ck_assert(isfinite(p.units[1].cost_s));
	size_t placed = 0;
	for (size_t k = 0; k < p.count; k++)
		placed += p.shards[k].nr;
	ck_assert_uint_eq(placed, p.units_nr);
	shard_plan_release(&p);
	strvec_clear(&costs);
	free(dir);
}
END_TEST

/* Load text with one change made by edit; return the error message. */
static char *load_edited(const char *text, void (*edit)(json_t *))
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	edit(root);
	char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	struct shard_plan p;
	struct versus_err err = {0};
	int rc =
		shard_plan_load_buffer("plan.json", out, strlen(out), &p, &err);
	free(out);
	ck_assert_int_lt(rc, 0);
	ck_assert_str_eq(err.file, "plan.json");
	return xstrdup(err.message);
}

static void ed_schema(json_t *r)
{
	json_object_set_new(r, "schema", json_integer(2));
}
static void ed_cost(json_t *r)
{
	json_object_set_new(json_array_get(json_object_get(r, "units"), 0),
			    "cost_s", json_string("x"));
}
static void ed_source(json_t *r)
{
	json_object_set_new(json_array_get(json_object_get(r, "units"), 2),
			    "cost_source", json_string("guess"));
}
static void ed_no_shard(json_t *r)
{
	json_array_remove(json_array_get(json_object_get(r, "shards"), 0), 0);
}
static void ed_two_shards(json_t *r)
{
	json_t *s = json_object_get(r, "shards");
	json_array_append(json_array_get(s, 1),
			  json_array_get(json_array_get(s, 0), 0));
}
static void ed_unknown_unit(json_t *r)
{
	json_array_append_new(json_array_get(json_object_get(r, "shards"), 1),
			      json_string("omega"));
}
static void ed_count(json_t *r)
{
	json_object_set_new(r, "shard_count", json_integer(3));
}
static void ed_id(json_t *r)
{
	char id[65];
	memset(id, 'a', 64);
	id[64] = 0;
	json_object_set_new(r, "plan_id", json_string(id));
}
static void ed_manifest(json_t *r)
{
	json_object_set_new(json_array_get(json_object_get(r, "units"), 1),
			    "manifest", json_string("elsewhere.yaml"));
}
static void ed_digest(json_t *r)
{
	json_object_set_new(json_array_get(json_object_get(r, "inputs"), 0),
			    "sha256", json_string("12ab"));
}
static void ed_twice(json_t *r)
{
	json_t *in = json_object_get(r, "inputs");
	json_array_append(in, json_array_get(in, 0));
}
static void ed_unit_kind(json_t *r)
{
	json_object_set_new(r, "unit", json_string("group:1"));
}
static void ed_missing(json_t *r)
{
	json_object_del(json_array_get(json_object_get(r, "units"), 1),
			"workload");
}
static void ed_anchor(json_t *r)
{
	json_object_del(json_array_get(json_object_get(r, "units"), 0),
			"anchor");
}
/* more units than a plan may have: refused before any check of pairs */
static void ed_many_units(json_t *r)
{
	json_t *units = json_object_get(r, "units");
	json_t *first = json_array_get(units, 0);
	for (size_t i = 0; i < SHARD_PLAN_MAX_UNITS; i++)
		json_array_append(units, first);
}
/* what a unit is, edited: the plan id covers it */
static void ed_unit_impls(json_t *r)
{
	json_t *u = json_array_get(json_object_get(r, "units"), 0);
	json_array_remove(json_object_get(u, "implementations"), 1);
}
static void ed_unit_size(json_t *r)
{
	json_object_set_new(json_array_get(json_object_get(r, "units"), 0),
			    "size", json_string("large"));
}
static void ed_edit_shards(json_t *r)
{
	/* move gamma to the other shard: valid, but not this plan's id */
	json_t *s = json_object_get(r, "shards");
	for (size_t k = 0; k < 2; k++) {
		json_t *l = json_array_get(s, k);
		for (size_t j = 0; j < json_array_size(l); j++)
			if (!strcmp(json_string_value(json_array_get(l, j)),
				    "gamma#g1")) {
				json_array_remove(l, j);
				json_array_append_new(json_array_get(s, 1 - k),
						      json_string("gamma#g1"));
				return;
			}
	}
}

START_TEST(test_reader)
{
	struct shard_plan p, q;
	build(&p, 2, SHARD_UNIT_GROUP, 3, NULL);
	char *text = shard_plan_text(&p);
	struct versus_err err = {0};
	ck_assert_int_eq(shard_plan_load_buffer("plan.json", text, strlen(text),
						&q, &err),
			 0);
	ck_assert_str_eq(q.id, p.id);
	ck_assert_uint_eq(q.units_nr, p.units_nr);
	ck_assert_str_eq(q.units[0].anchor, "a");
	char *again = shard_plan_text(&q);
	ck_assert_str_eq(again, text); /* read and written back byte for byte */
	free(again);
	shard_plan_release(&q);

	static const struct {
		void (*edit)(json_t *);
		const char *msg;
	} cases[] = {
		{ed_schema, "schema: unsupported plan schema 2"},
		{ed_cost, "units[0].cost_s: expected a number"},
		{ed_source, "units[2].cost_source: expected results"},
		{ed_no_shard, "is in no shard"},
		{ed_two_shards, "unit 'alpha#g1' is in two shards"},
		{ed_unknown_unit, "'omega' is no unit"},
		{ed_count, "shards: 2 shards listed, shard_count is 3"},
		{ed_id, "plan_id: aaaa"},
		{ed_manifest, "units[1].manifest: 'elsewhere.yaml' is not"},
		{ed_digest, "inputs[0].sha256: expected 64"},
		{ed_twice, "inputs[3].manifest: also an earlier input's"},
		{ed_unit_kind, "unit: expected workload, size or group:G"},
		{ed_missing, "units[1].workload: missing"},
		{ed_anchor, "units[0].anchor: missing"},
		{ed_edit_shards, "is not the digest of this plan"},
		{ed_unit_impls, "is not the digest of this plan"},
		{ed_unit_size, "is not the digest of this plan"},
		{ed_many_units, "units, more than a plan may have (10000)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *msg = load_edited(text, cases[i].edit);
		ck_assert_msg(strstr(msg, cases[i].msg), "case %zu: '%s'", i,
			      msg);
		free(msg);
	}
	ck_assert_int_lt(shard_plan_load_buffer("plan.json", "{\"schema\"", 10,
						&q, &err),
			 0);
	ck_assert_ptr_nonnull(strstr(err.message, "not valid JSON"));
	ck_assert_int_eq(err.line, 1);
	char *missing = xstrfmt("%s/none.json", tmp);
	ck_assert_int_lt(shard_plan_load(missing, &q, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "cannot read the plan"));
	free(missing);
	free(text);
	shard_plan_release(&p);
}
END_TEST

START_TEST(test_spec)
{
	size_t k = 99, n = 99;
	struct strbuf why = STRBUF_INIT;
	ck_assert_int_eq(shard_spec_parse("1/3", &k, &n, &why), 0);
	ck_assert(k == 1 && n == 3);
	ck_assert_int_eq(shard_spec_parse("0/1", &k, &n, &why), 0);
	ck_assert_int_eq(shard_spec_parse("3/3", &k, &n, &why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why.buf, "numbered from 0"));
	static const char *const bad[] = {"x",	 "1",	 "1/",	  "/2",
					  "0/0", "-1/2", "1/2/3", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&why);
		ck_assert_msg(shard_spec_parse(bad[i], &k, &n, &why) == -EINVAL,
			      "%s", bad[i]);
		ck_assert_ptr_nonnull(strstr(why.buf, "expected K/N"));
	}
	strbuf_release(&why);
}
END_TEST

static void clear_env(void)
{
	static const char *const vars[] = {
		"SLURM_ARRAY_TASK_ID",	"SLURM_ARRAY_TASK_MIN",
		"SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_COUNT",
		"JOB_COMPLETION_INDEX", "VERSUS_SHARD_COUNT",
	};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

START_TEST(test_env)
{
	size_t k = 99, n = 99;
	struct versus_err err = {0};
	clear_env();
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "neither"));
	setenv("SLURM_ARRAY_TASK_ID", "2", 1);
	setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), 0);
	ck_assert(k == 2 && n == 4);
	/* an array from 1: ids 1..4 are shards 0..3 */
	unsetenv("SLURM_ARRAY_TASK_COUNT");
	setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
	setenv("SLURM_ARRAY_TASK_MAX", "4", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), 0);
	ck_assert(k == 1 && n == 4);
	setenv("SLURM_ARRAY_TASK_ID", "7", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "not below"));
	setenv("SLURM_ARRAY_TASK_ID", "x", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), -EINVAL);
	ck_assert_ptr_nonnull(
		strstr(err.message, "SLURM_ARRAY_TASK_ID is 'x'"));
	clear_env();
	setenv("JOB_COMPLETION_INDEX", "3", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "--shard-count"));
	ck_assert_int_eq(shard_spec_from_env(0, 5, &k, &n, &err), 0);
	ck_assert(k == 3 && n == 5);
	setenv("VERSUS_SHARD_COUNT", "4", 1);
	ck_assert_int_eq(shard_spec_from_env(0, 0, &k, &n, &err), 0);
	ck_assert(k == 3 && n == 4);
	ck_assert_int_eq(shard_spec_from_env(3, 0, &k, &n, &err), -EINVAL);
	clear_env();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shardplan");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_units);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_id);
	tcase_add_test(tc, test_costs_from_results);
	tcase_add_test(tc, test_reader);
	tcase_add_test(tc, test_spec);
	tcase_add_test(tc, test_env);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

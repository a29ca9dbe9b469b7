/*
 * check_merge.c: `versus merge` (merge/merge.h) on records built in code.
 * The document is a pure function of the records: the same bytes in any
 * input order, merge(merge(a, b), c) = merge(a, b, c), merge(x, x) =
 * merge(x); the duplicate rule; missing units of a plan; every refusal
 * (plans, plain runs among shards, hardware, environment, toolchains);
 * groups pooled only when their anchors agree; --allow-mixed; the
 * calibration canary; per-hardware summaries.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "merge/merge.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/sha256.h"

#define PLAN  "1111111111111111111111111111111111111111111111111111111111111111"
#define PLAN2 "2222222222222222222222222222222222222222222222222222222222222222"

/* ---- records built in code ---- */

/* Five samples around ms milliseconds. */
static void fill_impl(struct result_impl *im, const char *id,
		      const char *language, double ms, double base_ms)
{
	result_impl_init(im);
	im->id = xstrdup(id);
	im->language = xstrdup(language);
	im->status = xstrdup("OK");
	im->toolchain_path = xstrfmt("/usr/bin/%s", language);
	im->toolchain_version = xstrfmt("%s 1.0", language);
	im->samples = xcalloc(5, sizeof(*im->samples));
	im->samples_nr = 5;
	for (size_t k = 0; k < 5; k++) {
		struct result_sample *s = &im->samples[k];
		s->round = (long)k + 1;
		snprintf(s->status, sizeof(s->status), "OK");
		s->wall_ns = ms * 1e6 * (1 + 0.002 * (double)k);
		s->user_ns = s->sys_ns = s->cpu_ns = NAN;
		s->peak_memory_bytes = s->max_rss_bytes = NAN;
	}
	im->has_stats = true;
	im->stats[RESULT_WALL] = (struct result_summary){
		true, 5,	ms * 1.004e6, ms * 1.004e6, 0,
		0,    ms * 1e6, ms * 1.008e6, ms * 1.002e6, ms * 1.006e6,
		0,    ms * 1e6, ms * 1.008e6};
	im->has_ratio = true;
	im->ratio[RESULT_WALL] = (struct result_ratio){
		true, ms / base_ms, ms / base_ms * 0.99, ms / base_ms * 1.01};
}

/*
 * A record of unit (its workload the part before '#' or '@'), on node
 * host with hardware fingerprint hw, of plan plan (NULL: a plain run):
 * the baseline c (100 ms, times anchor) and, for a group unit "#g1",
 * rust (50 ms), "#g2" go (200 ms); a whole workload has all three.
 */
static struct result_file *rec(const char *plan, const char *unit,
			       const char *host, const char *hw, double anchor)
{
	struct result_file *rf = result_file_new();
	size_t wl = strcspn(unit, "#@");
	const char *group = unit[wl] == '#' ? unit + wl : NULL;
	double base = 100 * anchor;

	rf->versus_version = xstrdup("0.1.0");
	rf->started_at = xstrdup("2026-12-07T10:00:00Z");
	rf->finished_at = xstrdup("2026-12-07T10:05:00Z");
	strvec_push(&rf->command, "versus");
	rf->seed = 42 + strlen(unit);
	rf->workload_id = xstrndup(unit, wl);
	rf->workload_version = 1;
	rf->baseline = xstrdup("c");
	if (unit[wl] == '@')
		rf->size = xstrdup(unit + wl + 1);
	rf->hostname = xstrdup(host);
	rf->kernel = xstrdup("Linux 6.1.0");
	rf->os = xstrdup("Debian 12");
	rf->arch = xstrdup("x86_64");
	rf->cgroup_mode = xstrdup("cgroup2");
	rf->cpu_model = xstrfmt("CPU model %s", hw);
	rf->fingerprint = xstrfmt("host-%s", host);
	rf->hardware_fingerprint = xstrdup(hw);
	rf->environment_fingerprint = xstrdup("env-1");
	if (plan) {
		rf->shard_plan_id = xstrdup(plan);
		rf->shard_index = 0;
		rf->shard_count = 3;
		rf->shard_unit = xstrdup(unit);
	}
	rf->impls = xcalloc(3, sizeof(*rf->impls));
	fill_impl(&rf->impls[rf->impls_nr++], "c", "c", base, base);
	if (!group || !strcmp(group, "#g1"))
		fill_impl(&rf->impls[rf->impls_nr++], "rust", "rust",
			  50 * anchor, base);
	if (!group || !strcmp(group, "#g2"))
		fill_impl(&rf->impls[rf->impls_nr++], "go", "go", 200 * anchor,
			  base);
	return rf;
}

/* rec() in shard k of PLAN. */
static struct result_file *rec_in(const char *unit, long k)
{
	struct result_file *rf = rec(PLAN, unit, "n1", "hw1", 1);
	rf->shard_index = k;
	return rf;
}

/* The text of rf, freeing rf. */
static char *text_of(struct result_file *rf)
{
	char *t = result_file_text(rf);
	ck_assert_ptr_nonnull(t);
	result_file_free(rf);
	return t;
}

static void sha_of(const char *text, char hex[SHA256_HEX_LEN + 1])
{
	sha256_hex(text, strlen(text), hex);
}

/* ---- merging ---- */

static struct merge_options opts(void)
{
	return (struct merge_options){.versus_version = "0.1.0"};
}

/*
 * Merge texts[0..n) (named in0.json, in1.json...) with o. Returns the
 * document (caller frees) or NULL when refused, with the reasons in errs
 * (may be NULL: then a refusal fails the test).
 */
static char *merge_o(char *const *texts, size_t n,
		     const struct merge_options *o, struct merge_result *res,
		     struct versus_errs *errs)
{
	struct merge_inputs in = MERGE_INPUTS_INIT;
	struct versus_errs local = VERSUS_ERRS_INIT;
	struct merge_result r;
	char *out = NULL;
	for (size_t i = 0; i < n; i++) {
		struct versus_err err = {0};
		char name[32];
		snprintf(name, sizeof(name), "in%zu.json", i);
		ck_assert_msg(merge_inputs_add_buffer(&in, name, texts[i],
						      strlen(texts[i]),
						      &err) == 0,
			      "%s: %s", err.file, err.message);
	}
	int rc = merge_run(&in, o, &r, errs ? errs : &local);
	ck_assert_msg(errs || rc == 0, "refused: %s",
		      local.nr ? local.items[0].message : "?");
	if (rc == 0) {
		out = xstrdup(r.text);
		if (res)
			*res = r;
		else
			merge_result_release(&r);
	}
	merge_inputs_release(&in);
	versus_errs_release(&local);
	return out;
}

static char *merge(char *const *texts, size_t n)
{
	struct merge_options o = opts();
	return merge_o(texts, n, &o, NULL, NULL);
}

/* Two documents byte for byte; on a difference, where it starts. */
#define ck_assert_doc_eq(a, b) doc_eq(a, b, __LINE__)
static void doc_eq(const char *a, const char *b, int line)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t from = i > 80 ? i - 80 : 0;
	ck_assert_msg(!a[i] && !b[i],
		      "line %d: documents differ at byte %zu:\n%.160s\n---\n"
		      "%.160s",
		      line, i, a + from, b + from);
}

static json_t *parse(const char *doc)
{
	json_error_t e;
	json_t *j = json_loads(doc, 0, &e);
	ck_assert_msg(j != NULL, "not JSON: %s", e.text);
	return j;
}

/* Whether some error of errs holds every string of want (NULL-ended). */
static bool errs_say(const struct versus_errs *errs, const char *const *want)
{
	for (size_t i = 0; i < errs->nr; i++) {
		bool all = true;
		for (size_t k = 0; want[k]; k++)
			all &= strstr(errs->items[i].message, want[k]) != NULL;
		if (all)
			return true;
	}
	return false;
}

static void free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

/* ---- purity ---- */

START_TEST(test_order_does_not_matter)
{
	char *t[4] = {text_of(rec(PLAN, "nbody", "n1", "hw1", 1)),
		      text_of(rec(PLAN, "fannkuch", "n2", "hw1", 1)),
		      text_of(rec(PLAN, "spectralnorm@small", "n3", "hw1", 1)),
		      text_of(rec(PLAN, "binarytrees", "n1", "hw1", 1))};
	char *first = merge(t, 4);
	ck_assert_uint_eq(first[strlen(first) - 1], '\n');
	/* every permutation of four inputs */
	static const size_t perms[][4] = {
		{3, 2, 1, 0}, {1, 0, 3, 2}, {2, 3, 0, 1}, {0, 2, 1, 3},
		{3, 0, 2, 1}, {1, 3, 0, 2}, {2, 1, 3, 0}, {0, 3, 2, 1},
	};
	for (size_t p = 0; p < sizeof(perms) / sizeof(*perms); p++) {
		char *s[4];
		for (size_t i = 0; i < 4; i++)
			s[i] = t[perms[p][i]];
		char *again = merge(s, 4);
		ck_assert_doc_eq(again, first);
		free(again);
	}
	json_t *d = parse(first);
	ck_assert_str_eq(json_string_value(json_object_get(d, "kind")),
			 "versus-merge");
	ck_assert_str_eq(json_string_value(json_object_get(d, "plan_id")),
			 PLAN);
	json_t *units = json_object_get(d, "units");
	ck_assert_uint_eq(json_array_size(units), 4);
	/* sorted by id, every one present */
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(units, 0), "id")),
			 "binarytrees");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(units, 3), "id")),
			 "spectralnorm@small");
	json_t *results = json_object_get(d, "results");
	ck_assert_uint_eq(json_array_size(results), 4);
	/* the records are the inputs' records, unchanged */
	char *emb = json_dumps(json_array_get(results, 0), JSON_COMPACT);
	struct result_file *rf;
	struct versus_err err = {0};
	ck_assert_int_eq(
		result_file_load_buffer("x", emb, strlen(emb), &rf, &err), 0);
	char *back = result_file_text(rf);
	ck_assert_str_eq(back, t[3]);
	/* no input name, no clock */
	ck_assert_ptr_null(strstr(first, "in0.json"));
	ck_assert_ptr_null(strstr(first, "in3.json"));
	free(back);
	result_file_free(rf);
	free(emb);
	json_decref(d);
	free(first);
	free_all(t, 4);
}
END_TEST

START_TEST(test_associative_and_idempotent)
{
	struct result_file *dup = rec(PLAN, "nbody", "n4", "hw1", 1);
	free(dup->finished_at);
	dup->finished_at = xstrdup("2026-12-07T11:00:00Z"); /* requeued */
	char *a = text_of(rec(PLAN, "nbody", "n1", "hw1", 1));
	char *b = text_of(rec(PLAN, "fannkuch", "n2", "hw1", 1));
	char *c = text_of(rec(PLAN, "spectralnorm", "n3", "hw1", 1));
	char *a2 = text_of(dup);

	char *abc[] = {a, b, c, a2};
	char *all = merge(abc, 4);
	char *ab_in[] = {a, b};
	char *ab = merge(ab_in, 2);
	char *ab_c_in[] = {ab, c, a2};
	char *ab_c = merge(ab_c_in, 3);
	ck_assert_doc_eq(ab_c, all);
	char *c_a2_in[] = {c, a2};
	char *ca2 = merge(c_a2_in, 2);
	char *x_in[] = {ab, ca2};
	char *x = merge(x_in, 2);
	ck_assert_doc_eq(x, all);
	/* merge(x, x) = merge(x) = x for a merge document */
	char *xx_in[] = {all, all};
	char *xx = merge(xx_in, 2);
	ck_assert_doc_eq(xx, all);
	char *x1 = merge(&all, 1);
	ck_assert_doc_eq(x1, all);
	/* and for a record: the same record twice is one */
	char *aa_in[] = {a, a};
	char *aa = merge(aa_in, 2);
	char *a1 = merge(&a, 1);
	ck_assert_doc_eq(aa, a1);
	ck_assert_ptr_null(strstr(aa, "dropped\": [\n      \""));
	/* a record with the merge that holds it */
	char *a_all_in[] = {a, all, b};
	char *a_all = merge(a_all_in, 3);
	ck_assert_doc_eq(a_all, all);

	/* the dropped duplicate is remembered through re-merges */
	char sha[SHA256_HEX_LEN + 1], sha2[SHA256_HEX_LEN + 1];
	sha_of(a, sha);
	sha_of(a2, sha2);
	json_t *d = parse(all);
	json_t *dups = json_object_get(d, "duplicates");
	ck_assert_uint_eq(json_array_size(dups), 1);
	json_t *d0 = json_array_get(dups, 0);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "unit")),
			 "nbody");
	/* the later one is kept */
	ck_assert_str_eq(json_string_value(json_object_get(d0, "kept")), sha2);
	ck_assert_str_eq(json_string_value(json_array_get(
				 json_object_get(d0, "dropped"), 0)),
			 sha);
	json_decref(d);

	free(a_all);
	free(a1);
	free(aa);
	free(x1);
	free(xx);
	free(x);
	free(ca2);
	free(ab_c);
	free(ab);
	free(all);
	free(a);
	free(b);
	free(c);
	free(a2);
}
END_TEST

/* ---- the duplicate rule ---- */

/* The digest the merge of texts[0..n) kept for its first unit. */
static void kept_of(char *const *texts, size_t n, char out[65])
{
	char *doc = merge(texts, n);
	json_t *d = parse(doc);
	json_t *dup = json_array_get(json_object_get(d, "duplicates"), 0);
	ck_assert_ptr_nonnull(dup);
	snprintf(out, 65, "%s",
		 json_string_value(json_object_get(dup, "kept")));
	ck_assert_uint_eq(json_array_size(json_object_get(dup, "dropped")),
			  n - 1);
	json_decref(d);
	free(doc);
}

START_TEST(test_duplicate_rule)
{
	char want[65], got[65];
	/* 1. complete before incomplete, whatever the time */
	struct result_file *x = rec(PLAN, "nbody", "n1", "hw1", 1);
	struct result_file *y = rec(PLAN, "nbody", "n2", "hw1", 1);
	x->complete = false;
	free(x->finished_at);
	x->finished_at = xstrdup("2026-12-07T23:00:00Z");
	char *t[3] = {text_of(x), text_of(y), NULL};
	sha_of(t[1], want);
	kept_of(t, 2, got);
	ck_assert_str_eq(got, want);
	free_all(t, 2);

	/* 2. more OK implementations, whatever the time */
	x = rec(PLAN, "nbody", "n1", "hw1", 1);
	y = rec(PLAN, "nbody", "n2", "hw1", 1);
	free(y->impls[2].status);
	y->impls[2].status = xstrdup("TO");
	free(y->finished_at);
	y->finished_at = xstrdup("2026-12-07T23:00:00Z");
	t[0] = text_of(x);
	t[1] = text_of(y);
	sha_of(t[0], want);
	kept_of(t, 2, got);
	ck_assert_str_eq(got, want);
	free_all(t, 2);

	/* 3. the later finished_at */
	x = rec(PLAN, "nbody", "n1", "hw1", 1);
	y = rec(PLAN, "nbody", "n2", "hw1", 1);
	free(x->finished_at);
	x->finished_at = xstrdup("2026-12-07T10:06:00Z");
	t[0] = text_of(y);
	t[1] = text_of(x);
	sha_of(t[1], want);
	kept_of(t, 2, got);
	ck_assert_str_eq(got, want);
	free_all(t, 2);

	/* 4. else the smaller digest; three of them, in either order */
	t[0] = text_of(rec(PLAN, "nbody", "n1", "hw1", 1));
	t[1] = text_of(rec(PLAN, "nbody", "n2", "hw1", 1));
	t[2] = text_of(rec(PLAN, "nbody", "n3", "hw1", 1));
	char s[3][65];
	for (size_t i = 0; i < 3; i++)
		sha_of(t[i], s[i]);
	size_t min = 0;
	for (size_t i = 1; i < 3; i++)
		if (strcmp(s[i], s[min]) < 0)
			min = i;
	kept_of(t, 3, got);
	ck_assert_str_eq(got, s[min]);
	char *r[3] = {t[2], t[0], t[1]};
	kept_of(r, 3, got);
	ck_assert_str_eq(got, s[min]);
	free_all(t, 3);
}
END_TEST

/* ---- missing units ---- */

START_TEST(test_missing_units_of_the_plan)
{
	const struct merge_plan_unit plan[] = {{"fannkuch", 1},
					       {"nbody", 0},
					       {"regex", 2},
					       {"spectralnorm", 2}};
	struct merge_options o = opts();
	o.plan_id = PLAN;
	o.plan_units = plan;
	o.plan_units_nr = 4;
	struct merge_result res;
	char *t[2] = {text_of(rec_in("nbody", 0)),
		      text_of(rec_in("fannkuch", 1))};
	char *doc = merge_o(t, 2, &o, &res, NULL);
	ck_assert_uint_eq(res.units_nr, 4);
	ck_assert_uint_eq(res.present_nr, 2);
	ck_assert_uint_eq(res.missing.nr, 2);
	ck_assert_str_eq(res.missing.v[0], "regex (shard 2)");
	ck_assert_str_eq(res.missing.v[1], "spectralnorm (shard 2)");
	json_t *d = parse(doc);
	json_t *u = json_array_get(json_object_get(d, "units"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(u, "id")), "regex");
	ck_assert_str_eq(json_string_value(json_object_get(u, "status")),
			 "missing");
	ck_assert_int_eq(json_integer_value(json_object_get(u, "shard")), 2);
	u = json_array_get(json_object_get(d, "units"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(u, "status")),
			 "present");
	json_decref(d);
	merge_result_release(&res);

	/* the document remembers the plan's units: merged again without
	 * --plan, and with the last result, as if all came at once */
	char *late = text_of(rec_in("regex", 2));
	char *again_in[] = {doc, late};
	char *again = merge_o(again_in, 2, &o, &res, NULL);
	ck_assert_uint_eq(res.missing.nr, 1);
	merge_result_release(&res);
	struct merge_options plain = opts();
	char *again2 = merge_o(again_in, 2, &plain, &res, NULL);
	ck_assert_doc_eq(again2, again);
	ck_assert_uint_eq(res.missing.nr, 1);
	ck_assert_str_eq(res.missing.v[0], "spectralnorm (shard 2)");
	merge_result_release(&res);
	char *all_in[] = {t[0], t[1], late};
	char *all = merge_o(all_in, 3, &o, NULL, NULL);
	ck_assert_doc_eq(all, again);

	/* a record in another shard than the plan says */
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *moved = text_of(rec_in("regex", 1));
	ck_assert_ptr_null(merge_o(&moved, 1, &o, NULL, &errs));
	const char *want0[] = {"in0.json", "'regex' is in shard 2 of the plan",
			       "says shard 1", NULL};
	ck_assert(errs_say(&errs, want0));
	versus_errs_release(&errs);
	free(moved);

	/* a unit the plan does not have */
	char *stray = text_of(rec(PLAN, "knucleotide", "n3", "hw1", 1));
	ck_assert_ptr_null(merge_o(&stray, 1, &o, NULL, &errs));
	const char *want[] = {"in0.json", "knucleotide", "not in the plan",
			      NULL};
	ck_assert(errs_say(&errs, want));
	versus_errs_release(&errs);

	free(stray);
	free(all);
	free(again2);
	free(again);
	free(late);
	free(doc);
	free_all(t, 2);
}
END_TEST

/* ---- refusals ---- */

START_TEST(test_refuses_different_plans)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *t[2] = {text_of(rec(PLAN, "nbody", "n1", "hw1", 1)),
		      text_of(rec(PLAN2, "fannkuch", "n2", "hw1", 1))};
	ck_assert_ptr_null(
		merge_o(t, 2, &(struct merge_options){0}, NULL, &errs));
	const char *want[] = {"different plans", "'in0.json'", PLAN,
			      "'in1.json'",	 PLAN2,	       NULL};
	ck_assert(errs_say(&errs, want));
	versus_errs_release(&errs);

	/* against --plan */
	struct merge_options o = opts();
	o.plan_id = PLAN2;
	ck_assert_ptr_null(merge_o(t, 1, &o, NULL, &errs));
	const char *want2[] = {"--plan", PLAN2, "'in0.json'", PLAN, NULL};
	ck_assert(errs_say(&errs, want2));
	versus_errs_release(&errs);

	/* a merge document of another plan */
	char *doc = merge(&t[1], 1);
	char *mix[] = {t[0], doc};
	struct merge_options o2 = opts();
	ck_assert_ptr_null(merge_o(mix, 2, &o2, NULL, &errs));
	const char *want3[] = {"'in0.json'", PLAN, "'in1.json: results[0]'",
			       PLAN2, NULL};
	ck_assert(errs_say(&errs, want3));
	versus_errs_release(&errs);
	free(doc);
	free_all(t, 2);
}
END_TEST

START_TEST(test_plain_runs)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	/* plain runs alone merge: one unit per workload and size */
	char *t[3] = {text_of(rec(NULL, "nbody", "n1", "hw1", 1)),
		      text_of(rec(NULL, "fannkuch@small", "n1", "hw1", 1)),
		      text_of(rec(PLAN, "spectralnorm", "n2", "hw1", 1))};
	struct merge_result res;
	struct merge_options o = opts();
	char *doc = merge_o(t, 2, &o, &res, NULL);
	json_t *d = parse(doc);
	ck_assert(json_is_null(json_object_get(d, "plan_id")));
	json_t *units = json_object_get(d, "units");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(units, 0), "id")),
			 "fannkuch@small");
	ck_assert(json_is_null(
		json_object_get(json_array_get(units, 0), "shard")));
	json_decref(d);
	merge_result_release(&res);

	/* mixed with a shard of a plan: refused, naming both */
	ck_assert_ptr_null(merge_o(t, 3, &o, NULL, &errs));
	const char *want[] = {"'in0.json' is a plain run", "'in2.json'", PLAN,
			      NULL};
	ck_assert(errs_say(&errs, want));
	versus_errs_release(&errs);
	/* and a plain merge with a shard */
	char *mix[] = {doc, t[2]};
	ck_assert_ptr_null(merge_o(mix, 2, &o, NULL, &errs));
	ck_assert_uint_ge(errs.nr, 1);
	versus_errs_release(&errs);
	free(doc);
	free_all(t, 3);
}
END_TEST

START_TEST(test_refuses_other_hardware_in_a_workload)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *t[2] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "nbody#g2", "node-b", "hw2", 1))};
	struct merge_options o = opts();
	ck_assert_ptr_null(merge_o(t, 2, &o, NULL, &errs));
	const char *want[] = {"workload 'nbody'",
			      "'nbody#g1' (node 'node-a')",
			      "'nbody#g2' (node 'node-b')",
			      "hardware",
			      "cpu_model 'CPU model hw1' vs 'CPU model hw2'",
			      "--allow-mixed",
			      NULL};
	ck_assert_msg(errs_say(&errs, want), "%s", errs.items[0].message);
	versus_errs_release(&errs);

	/* different workloads on different hardware are fine */
	char *u[2] = {text_of(rec(PLAN, "nbody", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "fannkuch", "node-b", "hw2", 1))};
	char *doc = merge_o(u, 2, &o, NULL, NULL);
	json_t *d = parse(doc);
	/* one summary per hardware, never one across them */
	json_t *sums = json_object_get(d, "summaries");
	ck_assert_uint_eq(json_array_size(sums), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(
				 json_array_get(sums, 0), "workloads")),
			 1);
	json_decref(d);
	free(doc);
	free_all(u, 2);
	free_all(t, 2);
}
END_TEST

START_TEST(test_refuses_other_environment_in_a_workload)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct result_file *x = rec(PLAN, "nbody#g2", "node-b", "hw1", 1);
	free(x->environment_fingerprint);
	x->environment_fingerprint = xstrdup("env-2");
	free(x->kernel);
	x->kernel = xstrdup("Linux 6.12.0");
	char *t[2] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(x)};
	struct merge_options o = opts();
	ck_assert_ptr_null(merge_o(t, 2, &o, NULL, &errs));
	const char *want[] = {"node 'node-a'", "node 'node-b'", "environment",
			      "kernel 'Linux 6.1.0' vs 'Linux 6.12.0'", NULL};
	ck_assert(errs_say(&errs, want));
	versus_errs_release(&errs);
	free_all(t, 2);
}
END_TEST

/* more groups of one workload than a plan makes: refused at once, never
 * compared pair by pair (a crafted input of 100000 took hours) */
START_TEST(test_refuses_too_many_groups)
{
	enum { N = MERGE_MAX_GROUPS + 1 };
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char **t = xcalloc(N, sizeof(*t));
	for (size_t i = 0; i < N; i++) {
		char unit[32];
		snprintf(unit, sizeof(unit), "nbody#g%zu", i + 1);
		t[i] = text_of(rec(PLAN, unit, "n1", "hw1", 1));
	}
	struct merge_options o = opts();
	ck_assert_ptr_null(merge_o(t, N, &o, NULL, &errs));
	const char *want[] = {"1001 units of one workload", NULL};
	ck_assert(errs_say(&errs, want));
	versus_errs_release(&errs);
	free_all(t, N);
	free(t);
}
END_TEST

START_TEST(test_refuses_other_toolchain_in_a_workload)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct result_file *x = rec(PLAN, "nbody#g2", "node-b", "hw1", 1);
	free(x->impls[0].toolchain_version);
	x->impls[0].toolchain_version = xstrdup("c 2.0");
	char *t[2] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(x)};
	struct merge_options o = opts();
	ck_assert_ptr_null(merge_o(t, 2, &o, NULL, &errs));
	const char *want[] = {"node 'node-a'",
			      "node 'node-b'",
			      "different toolchains",
			      "language 'c'",
			      "'c 1.0'",
			      "'c 2.0'",
			      NULL};
	ck_assert_msg(errs_say(&errs, want), "%s", errs.items[0].message);
	versus_errs_release(&errs);

	/* --allow-mixed: the groups are reported apart, not pooled */
	o.allow_mixed = true;
	char *doc = merge_o(t, 2, &o, NULL, NULL);
	json_t *d = parse(doc);
	json_t *tables = json_object_get(d, "tables");
	ck_assert_uint_eq(json_array_size(tables), 2);
	ck_assert(json_is_false(
		json_object_get(json_array_get(tables, 0), "pooled")));
	ck_assert_uint_ge(json_array_size(json_object_get(d, "notes")), 1);
	json_decref(d);
	free(doc);
	free_all(t, 2);
}
END_TEST

/* ---- groups and anchors ---- */

static json_t *table_rows(json_t *table)
{
	return json_object_get(table, "rows");
}

START_TEST(test_groups_pooled_when_anchors_agree)
{
	/* the anchor within 0.2%: its CI holds 1 */
	char *t[2] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "nbody#g2", "node-b", "hw1", 1.001))};
	char *doc = merge(t, 2);
	json_t *d = parse(doc);
	json_t *anchors = json_object_get(d, "anchors");
	ck_assert_uint_eq(json_array_size(anchors), 1);
	json_t *a = json_array_get(anchors, 0);
	ck_assert_str_eq(json_string_value(json_object_get(a, "anchor")), "c");
	ck_assert(json_is_true(json_object_get(a, "agree")));
	json_t *g = json_array_get(json_object_get(a, "groups"), 0);
	double lo = json_real_value(json_object_get(g, "ci_low"));
	double hi = json_real_value(json_object_get(g, "ci_high"));
	ck_assert_msg(lo <= 1 && 1 <= hi, "[%g, %g]", lo, hi);

	json_t *tables = json_object_get(d, "tables");
	ck_assert_uint_eq(json_array_size(tables), 1);
	json_t *tb = json_array_get(tables, 0);
	ck_assert(json_is_true(json_object_get(tb, "pooled")));
	json_t *rows = table_rows(tb);
	/* c once (from g1), rust (g1), go (g2), each to its group's c */
	ck_assert_uint_eq(json_array_size(rows), 3);
	const char *ids[] = {"c", "rust", "go"};
	const char *units[] = {"nbody#g1", "nbody#g1", "nbody#g2"};
	const double ratio[] = {1, 0.5, 2};
	for (size_t i = 0; i < 3; i++) {
		json_t *r = json_array_get(rows, i);
		ck_assert_str_eq(
			json_string_value(json_object_get(r, "implementation")),
			ids[i]);
		ck_assert_str_eq(json_string_value(json_object_get(r, "unit")),
				 units[i]);
		ck_assert_double_eq_tol(
			json_real_value(json_object_get(
				json_object_get(r, "time"), "value")),
			ratio[i], 1e-9);
	}
	/* the summary of the hardware: go's geomean is its ratio, 2 */
	json_t *sum = json_array_get(json_object_get(d, "summaries"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "workloads")),
			 1);
	json_t *impls = json_object_get(sum, "implementations");
	ck_assert_uint_eq(json_array_size(impls), 3);
	json_t *go = json_array_get(impls, 1); /* c, go, rust */
	ck_assert_str_eq(json_string_value(json_object_get(go, "id")), "go");
	ck_assert_double_eq_tol(json_real_value(json_object_get(go, "geomean")),
				2, 0.01);
	ck_assert_uint_eq(json_array_size(json_object_get(sum, "languages")),
			  3);
	json_decref(d);
	free(doc);
	free_all(t, 2);
}
END_TEST

START_TEST(test_groups_not_pooled_when_anchors_disagree)
{
	/* the anchor 20% slower in g2: another machine state */
	char *t[3] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "nbody#g2", "node-b", "hw1", 1.2)),
		      text_of(rec(PLAN, "fannkuch", "node-b", "hw1", 1))};
	struct merge_result res;
	struct merge_options o = opts();
	char *doc = merge_o(t, 3, &o, &res, NULL);
	json_t *d = parse(doc);
	json_t *a = json_array_get(json_object_get(d, "anchors"), 0);
	ck_assert(json_is_false(json_object_get(a, "agree")));
	json_t *g = json_array_get(json_object_get(a, "groups"), 0);
	ck_assert_double_eq_tol(json_real_value(json_object_get(g, "ratio")),
				1.2, 1e-6);
	ck_assert(json_real_value(json_object_get(g, "ci_low")) > 1);
	/* per group: two nbody tables and fannkuch's */
	json_t *tables = json_object_get(d, "tables");
	ck_assert_uint_eq(json_array_size(tables), 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert(json_is_false(
			json_object_get(json_array_get(tables, i), "pooled")));
	/* nbody left out of the summary: fannkuch alone */
	json_t *sum = json_array_get(json_object_get(d, "summaries"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "workloads")),
			 1);
	bool said = false;
	for (size_t i = 0; i < res.notes.nr; i++)
		said |= strstr(res.notes.v[i], "anchors disagree") &&
			strstr(res.notes.v[i], "not pooled");
	ck_assert(said);
	json_decref(d);
	merge_result_release(&res);
	free(doc);
	free_all(t, 3);
}
END_TEST

START_TEST(test_allow_mixed_keeps_fingerprints_apart)
{
	char *t[3] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "nbody#g2", "node-b", "hw2", 1.5)),
		      text_of(rec(PLAN, "fannkuch", "node-b", "hw2", 1))};
	struct merge_options o = opts();
	o.allow_mixed = true;
	char *doc = merge_o(t, 3, &o, NULL, NULL);
	json_t *d = parse(doc);
	/* no anchor check: nothing is pooled across machines */
	ck_assert_uint_eq(json_array_size(json_object_get(d, "anchors")), 0);
	json_t *tables = json_object_get(d, "tables");
	ck_assert_uint_eq(json_array_size(tables), 3);
	for (size_t i = 0; i < 3; i++) {
		json_t *tb = json_array_get(tables, i);
		ck_assert(json_is_false(json_object_get(tb, "pooled")));
		ck_assert_uint_eq(json_array_size(json_object_get(tb, "units")),
				  1);
		ck_assert_uint_eq(json_array_size(json_object_get(tb, "nodes")),
				  1);
	}
	json_t *t1 = json_array_get(tables, 1); /* nbody on hw1 */
	ck_assert_str_eq(
		json_string_value(json_object_get(t1, "hardware_fingerprint")),
		"hw1");
	/* one summary per hardware; hw2 has nbody#g2 and fannkuch */
	json_t *sums = json_object_get(d, "summaries");
	ck_assert_uint_eq(json_array_size(sums), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *s = json_array_get(sums, i);
		const char *hw = json_string_value(
			json_object_get(s, "hardware_fingerprint"));
		ck_assert_int_eq(
			json_integer_value(json_object_get(s, "workloads")),
			!strcmp(hw, "hw1") ? 1 : 2);
		ck_assert_uint_eq(json_array_size(json_object_get(s, "nodes")),
				  1);
	}
	json_t *fps = json_object_get(d, "fingerprints");
	ck_assert_uint_eq(json_array_size(fps), 2);
	json_decref(d);
	free(doc);
	free_all(t, 3);
}
END_TEST

/* ---- the calibration canary ---- */

static char *canary_rec(const char *unit, const char *host, double ns)
{
	struct result_file *rf = rec(PLAN, unit, host, "hw1", 1);
	rf->shard_canary_ns = ns;
	return text_of(rf);
}

START_TEST(test_canary_flags_a_slow_node)
{
	char *t[5] = {
		canary_rec("a", "n1", 1.00e6), canary_rec("b", "n1", 1.02e6),
		canary_rec("c", "n2", 1.01e6), canary_rec("d", "n3", 0.99e6),
		canary_rec("e", "n4", 1.30e6)};
	struct merge_result res;
	struct merge_options o = opts();
	char *doc = merge_o(t, 5, &o, &res, NULL);
	json_t *d = parse(doc);
	json_t *canary = json_object_get(d, "canary");
	ck_assert_uint_eq(json_array_size(canary), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *c = json_array_get(canary, i);
		const char *node =
			json_string_value(json_object_get(c, "node"));
		ck_assert_msg(json_is_true(json_object_get(c, "slow")) ==
				      !strcmp(node, "n4"),
			      "node %s", node);
	}
	/* n1's median of two runs */
	ck_assert_double_eq_tol(
		json_real_value(json_object_get(json_array_get(canary, 0),
						"canary_ns")),
		1.01e6, 1);
	bool said = false;
	for (size_t i = 0; i < res.notes.nr; i++)
		said |= strstr(res.notes.v[i], "node 'n4' is slow") != NULL;
	ck_assert(said);
	json_decref(d);
	merge_result_release(&res);
	free(doc);
	free_all(t, 5);

	/* within 10%: nobody is slow; no canary: no entry */
	char *u[3] = {canary_rec("a", "n1", 1.00e6),
		      canary_rec("b", "n2", 1.09e6),
		      text_of(rec(PLAN, "c", "n3", "hw1", 1))};
	doc = merge_o(u, 3, &o, &res, NULL);
	d = parse(doc);
	canary = json_object_get(d, "canary");
	ck_assert_uint_eq(json_array_size(canary), 2);
	for (size_t i = 0; i < 2; i++)
		ck_assert(json_is_false(
			json_object_get(json_array_get(canary, i), "slow")));
	ck_assert_uint_eq(res.notes.nr, 0);
	json_decref(d);
	merge_result_release(&res);
	free(doc);
	free_all(u, 3);
}
END_TEST

/* ---- bad merge documents ---- */

START_TEST(test_bad_merge_documents_are_located)
{
	static const struct {
		const char *doc, *message;
	} cases[] = {
		{"{\"schema\": 1, \"kind\": \"versus-merge\", \"units\": [{}], "
		 "\"duplicates\": [], \"results\": []}",
		 "units[0].id: expected a non-empty string"},
		{"{\"schema\": 1, \"kind\": \"versus-merge\", \"units\": [], "
		 "\"duplicates\": [{\"unit\": \"a\", \"kept\": \"x\", "
		 "\"dropped\": [\"y\"]}], \"results\": []}",
		 "duplicates[0].dropped[0]: expected a SHA-256"},
		{"{\"schema\": 1, \"kind\": \"versus-merge\", \"units\": [], "
		 "\"duplicates\": [], \"results\": [{\"schema\": 1, "
		 "\"workload\": {\"id\": \"w\", \"version\": 1, \"baseline\": "
		 "\"x\"}, \"implementations\": [{\"id\": \"x\", \"language\": "
		 "\"c\"}]}]}",
		 "results[0].implementations[0].status: missing"},
		{"{\"schema\": 3, \"kind\": \"versus-merge\"}",
		 "schema: expected an integer from 1 to 1"},
		{"{\"schema\": 1, \"kind\": \"versus-merge\", \"units\": [], "
		 "\"duplicates\": []}",
		 "results: expected an array"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct merge_inputs in = MERGE_INPUTS_INIT;
		struct versus_err err = {0};
		ck_assert_int_eq(
			merge_inputs_add_buffer(&in, "m.json", cases[i].doc,
						strlen(cases[i].doc), &err),
			-EINVAL);
		ck_assert_str_eq(err.file, "m.json");
		ck_assert_msg(!strncmp(err.message, cases[i].message,
				       strlen(cases[i].message)),
			      "case %zu: %s", i, err.message);
		ck_assert_uint_eq(in.nr, 0);
		ck_assert_uint_eq(in.docs_nr, 0);
		merge_inputs_release(&in);
	}
}
END_TEST

/* What result_set_add_path() (versus report) reads from doc, written to
 * a temporary file: into set. */
static void read_back(const char *doc, struct result_set *set)
{
	char dir[] = "/tmp/versus-check-merge-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xstrfmt("%s/merged.json", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(doc, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	struct versus_errs errs = VERSUS_ERRS_INIT;
	result_set_add_path(set, path, &errs);
	ck_assert_uint_eq(errs.nr, 0);
	versus_errs_release(&errs);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* A report reads a pooled workload as one record: the first group's,
 * with the other groups' implementations (their own ratios), the anchor
 * once; groups not pooled stay apart. */
START_TEST(test_report_reads_pooled_groups_as_one)
{
	char *t[3] = {text_of(rec(PLAN, "nbody#g1", "node-a", "hw1", 1)),
		      text_of(rec(PLAN, "nbody#g2", "node-b", "hw1", 1.001)),
		      text_of(rec(PLAN, "fannkuch", "node-b", "hw1", 1))};
	char *doc = merge(t, 3);
	struct result_set set = RESULT_SET_INIT;
	read_back(doc, &set);
	ck_assert_uint_eq(set.nr, 2);
	const struct result_file *nb = set.files[0];
	if (strcmp(nb->workload_id, "nbody"))
		nb = set.files[1];
	ck_assert_str_eq(nb->workload_id, "nbody");
	ck_assert_uint_eq(nb->impls_nr, 3);
	ck_assert_ptr_nonnull(strstr(nb->path, "merged.json#tables["));
	const struct result_impl *go = result_file_impl(nb, "go");
	ck_assert_ptr_nonnull(go);
	ck_assert_double_eq_tol(go->ratio[RESULT_WALL].value, 2, 1e-9);
	ck_assert_ptr_nonnull(result_file_impl(nb, "rust"));
	result_set_release(&set);
	free(doc);
	free(t[1]);

	/* anchors disagree: two records of nbody */
	t[1] = text_of(rec(PLAN, "nbody#g2", "node-b", "hw1", 1.2));
	doc = merge(t, 3);
	read_back(doc, &set);
	ck_assert_uint_eq(set.nr, 3);
	size_t groups = 0;
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(set.files[i]->workload_id, "nbody")) {
			ck_assert_uint_eq(set.files[i]->impls_nr, 2);
			groups++;
		}
	ck_assert_uint_eq(groups, 2);
	result_set_release(&set);
	free(doc);
	free_all(t, 3);
}
END_TEST

static Suite *merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_order_does_not_matter);
	tcase_add_test(tc, test_associative_and_idempotent);
	tcase_add_test(tc, test_duplicate_rule);
	tcase_add_test(tc, test_missing_units_of_the_plan);
	tcase_add_test(tc, test_refuses_different_plans);
	tcase_add_test(tc, test_plain_runs);
	tcase_add_test(tc, test_refuses_other_hardware_in_a_workload);
	tcase_add_test(tc, test_refuses_other_environment_in_a_workload);
	tcase_add_test(tc, test_refuses_other_toolchain_in_a_workload);
	tcase_add_test(tc, test_refuses_too_many_groups);
	tcase_add_test(tc, test_groups_pooled_when_anchors_agree);
	tcase_add_test(tc, test_groups_not_pooled_when_anchors_disagree);
	tcase_add_test(tc, test_allow_mixed_keeps_fingerprints_apart);
	tcase_add_test(tc, test_canary_flags_a_slow_node);
	tcase_add_test(tc, test_bad_merge_documents_are_located);
	tcase_add_test(tc, test_report_reads_pooled_groups_as_one);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(merge_suite());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

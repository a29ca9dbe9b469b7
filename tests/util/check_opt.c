/* check_opt.c: the option parser of every command (util/opt.h). */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/opt.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* What the test table stores into. */
struct vals {
	bool force, all, quick, secret;
	const char *size, *root;
	int jobs, format, color;
	struct strvec params;
};

static int cb_param(const struct opt *o, const char *v, struct strbuf *why)
{
	if (!strchr(v, '=')) {
		strbuf_addf(why, "expected K=V, not '%s'", v);
		return -EINVAL;
	}
	strvec_push(o->ptr, v);
	return 0;
}

static int cb_silent(const struct opt *o, const char *v, struct strbuf *why)
{
	return -EINVAL;
}

static const struct opt_choice formats[] = {
	OPT_VALUE("table", 0),
	OPT_VALUE("json", 1),
	OPT_SYNONYM("JSON", 1),
	OPT_OLD_VALUE("text", 0, "0.3"),
	{0},
};

static const struct opt_choice colors[] = {
	OPT_VALUE("auto", 0),
	OPT_VALUE("always", 1),
	OPT_VALUE("never", 2),
	{0},
};

static struct vals v;
static struct strvec args, notes;
static struct versus_err err;
static struct strvec argvs[8];
static size_t argvs_nr;

/* The common rows, included into the command's table. */
static const struct opt common[] = {
	{OPT_CHOICE(0, "color", &v.color, "WHEN", colors), .implied = "always",
	 .help = "auto, always or never"},
	{OPT_ALIAS("no-color", "color", "never", NULL)},
	{OPT_HELP('h', "help"), .help = "this help"},
	{0},
};

static const struct opt table[] = {
	{OPT_GROUP("selection:")},
	{OPT_STRING(0, "size", &v.size, "NAME"), .help = "a size preset"},
	{OPT_STRING(0, "build-root", &v.root, "DIR"), .help = "where builds go",
	 .def = "./build"},
	{OPT_ALIAS("build-dir", "build-root", NULL, "0.3")},
	{OPT_CALLBACK(0, "param", &v.params, "K=V", cb_param),
	 .help = "override a parameter (repeatable)"},
	{OPT_CALLBACK(0, "silent", NULL, "X", cb_silent), .help = "fails"},
	{OPT_GROUP("output:")},
	{OPT_INT('j', "jobs", &v.jobs, "N", 1, 64),
	 .help = "builds in parallel", .def = "the number of CPUs"},
	{OPT_CHOICE('f', "format", &v.format, "FMT", formats),
	 .help = "table or json"},
	{OPT_CHOICE(0, "style", &v.format, "S", formats), .choice_mask = 1,
	 .help = "the formats of value 0 only"},
	{OPT_FLAG(0, "force", &v.force), .help = "compare anyway"},
	{OPT_FLAG('a', "all", &v.all), .help = "every one"},
	{OPT_FLAG('k', "quick", &v.quick),
	 .help = "a long help text that has to be wrapped because it goes on "
		 "and on past the eightieth column of the terminal"},
	{OPT_FLAG(0, "runs-only", &v.quick), .help = "for the prefix tests"},
	{OPT_FLAG(0, "runners-too", &v.quick), .help = "for the prefix tests"},
	{OPT_FLAG(0, "help-secret", &v.secret), .hidden = true},
	{OPT_INCLUDE(common)},
	{0},
};

static void setup(void)
{
	memset(&v, 0, sizeof(v));
	strvec_init(&v.params);
	strvec_init(&args);
	strvec_init(&notes);
	memset(&err, 0, sizeof(err));
}

static void teardown(void)
{
	strvec_clear(&v.params);
	strvec_clear(&args);
	strvec_clear(&notes);
	while (argvs_nr)
		strvec_clear(&argvs[--argvs_nr]);
}

/* Parse the NULL-terminated words (argv[0] "cmd" added). */
static int parse_flags(int flags, const char *const *words)
{
	/* argv is writable and outlives the call: values are borrowed */
	ck_assert_uint_lt(argvs_nr, sizeof(argvs) / sizeof(argvs[0]));
	struct strvec *argv = &argvs[argvs_nr++];
	strvec_init(argv);
	strvec_push(argv, "cmd");
	strvec_pushv(argv, words);
	return opt_parse(table, (int)argv->nr, argv->v, flags, &args, &notes,
			 &err);
}
#define PARSE(...) parse_flags(0, (const char *const[]){__VA_ARGS__, NULL})

START_TEST(test_value_forms)
{
	ck_assert_int_eq(PARSE("--size", "small", "--build-root=/b", "-j4",
			       "x.yaml", "--param", "n=1", "-f", "json",
			       "--param=m=2", "y.yaml", "-j", "8"),
			 0);
	ck_assert_str_eq(v.size, "small");
	ck_assert_str_eq(v.root, "/b");
	ck_assert_int_eq(v.jobs, 8);
	ck_assert_int_eq(v.format, 1);
	ck_assert_uint_eq(v.params.nr, 2);
	ck_assert_str_eq(v.params.v[1], "m=2");
	ck_assert_uint_eq(args.nr, 2);
	ck_assert_str_eq(args.v[0], "x.yaml");
	ck_assert_str_eq(args.v[1], "y.yaml");
	ck_assert_uint_eq(notes.nr, 0);
}
END_TEST

START_TEST(test_flags_and_positionals)
{
	ck_assert_int_eq(PARSE("-ak", "-", "--force", "--", "--size", "-j"), 0);
	ck_assert(v.all && v.quick && v.force);
	ck_assert_ptr_null(v.size);
	ck_assert_uint_eq(args.nr, 3);
	ck_assert_str_eq(args.v[0], "-");
	ck_assert_str_eq(args.v[1], "--size");
	ck_assert_str_eq(args.v[2], "-j");
}
END_TEST

START_TEST(test_cluster_with_value)
{
	ck_assert_int_eq(PARSE("-aj3"), 0);
	ck_assert(v.all);
	ck_assert_int_eq(v.jobs, 3);
	teardown();
	setup();
	ck_assert_int_eq(PARSE("-aj", "5"), 0);
	ck_assert_int_eq(v.jobs, 5);
}
END_TEST

START_TEST(test_stop_at_arg)
{
	const char *const words[] = {"-a", "ls", "-k", "--force", "--", NULL};
	ck_assert_int_eq(parse_flags(OPT_STOP_AT_ARG, words), 0);
	ck_assert(v.all);
	ck_assert(!v.quick && !v.force);
	ck_assert_uint_eq(args.nr, 4);
	ck_assert_str_eq(args.v[0], "ls");
	ck_assert_str_eq(args.v[3], "--");
	teardown();
	setup();
	const char *const dashdash[] = {"--", "-k", "x", NULL};
	ck_assert_int_eq(parse_flags(OPT_STOP_AT_ARG, dashdash), 0);
	ck_assert(!v.quick);
	ck_assert_uint_eq(args.nr, 2);
	ck_assert_str_eq(args.v[0], "-k");
}
END_TEST

/* Every error, with the exact message. */
START_TEST(test_errors)
{
	static const struct {
		const char *words[3];
		const char *message;
	} cases[] = {
		{{"--jobs", "x"},
		 "--jobs: expected a whole number from 1 to 64, not 'x'"},
		{{"-j", "65"},
		 "--jobs: expected a whole number from 1 to 64, not '65'"},
		{{"-j0"},
		 "--jobs: expected a whole number from 1 to 64, not '0'"},
		{{"--size"}, "--size needs a value"},
		{{"--build-dir"}, "--build-dir needs a value"},
		{{"-j"}, "--jobs needs a value"},
		{{"--size="}, "--size needs a value"},
		{{"--fromat", "json"},
		 "unknown option '--fromat'; did you mean '--format'?"},
		{{"--frobnicate"}, "unknown option '--frobnicate'"},
		{{"-z"}, "unknown option '-z'"},
		{{"-az"}, "unknown option '-z'"},
		{{"--force=yes"}, "--force takes no value"},
		{{"--no-color=x"}, "--no-color takes no value"},
		{{"--help=x"}, "--help takes no value"},
		{{"--format", "xml"},
		 "--format: expected table or json, not 'xml'"},
		{{"--param", "n"}, "--param: expected K=V, not 'n'"},
		{{"--style", "json"}, "--style: expected table, not 'json'"},
		{{"--silent", "v"}, "--silent: invalid value 'v'"},
		{{"--r"},
		 "option '--r' is ambiguous: --runs-only, --runners-too"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup();
		const char *const *w = cases[i].words;
		int rc = w[1] ? PARSE(w[0], w[1]) : PARSE(w[0]);
		ck_assert_msg(rc == -EINVAL, "case %zu: rc %d", i, rc);
		ck_assert_str_eq(err.message, cases[i].message);
		teardown();
	}
	setup(); /* for the fixture's teardown */
}
END_TEST

START_TEST(test_prefix)
{
	ck_assert_int_eq(PARSE("--form=json", "--siz", "big", "--forc"), 0);
	ck_assert_int_eq(v.format, 1);
	ck_assert_str_eq(v.size, "big");
	ck_assert(v.force);
	/* --build matches build-root and its old name: one option */
	ck_assert_int_eq(PARSE("--build", "/r"), 0);
	ck_assert_str_eq(v.root, "/r");
	ck_assert_uint_eq(notes.nr, 0);
}
END_TEST

START_TEST(test_old_names)
{
	ck_assert_int_eq(PARSE("--build-dir", "/old", "--format", "text"), 0);
	ck_assert_str_eq(v.root, "/old");
	ck_assert_int_eq(v.format, 0);
	ck_assert_uint_eq(notes.nr, 2);
	ck_assert_str_eq(notes.v[0], "--build-dir is now --build-root; the "
				     "old name goes in 0.3");
	ck_assert_str_eq(notes.v[1], "--format text is now --format table; "
				     "the old name goes in 0.3");
	teardown();
	setup();
	/* an old value within a mask names the current one of the mask */
	ck_assert_int_eq(PARSE("--style", "text"), 0);
	ck_assert_str_eq(notes.v[0], "--style text is now --style table; the "
				     "old name goes in 0.3");
	teardown();
	setup();
	/* a synonym is silent */
	ck_assert_int_eq(PARSE("-f", "JSON"), 0);
	ck_assert_int_eq(v.format, 1);
	ck_assert_uint_eq(notes.nr, 0);
}
END_TEST

START_TEST(test_implied_and_alias_values)
{
	ck_assert_int_eq(PARSE("--color", "never"), 0);
	ck_assert_int_eq(v.color, 1); /* bare --color is "always" */
	ck_assert_uint_eq(args.nr, 1);
	ck_assert_int_eq(PARSE("--color=never"), 0);
	ck_assert_int_eq(v.color, 2);
	ck_assert_int_eq(PARSE("--color=always", "--no-color"), 0);
	ck_assert_int_eq(v.color, 2);
	ck_assert_uint_eq(notes.nr, 0);
}
END_TEST

START_TEST(test_help)
{
	ck_assert_int_eq(PARSE("x", "--help", "--bogus"), OPT_HELP_ASKED);
	ck_assert_int_eq(PARSE("-ah"), OPT_HELP_ASKED);
	ck_assert_int_eq(PARSE("--he"), OPT_HELP_ASKED);
}
END_TEST

START_TEST(test_help_text)
{
	struct strbuf sb = STRBUF_INIT;
	opt_help(table, &sb);
	const char *want[] = {
		"selection:\n      --size NAME         a size preset\n",
		"      --build-root DIR    where builds go (default ./build)\n",
		"\noutput:\n",
		"  -j, --jobs N            builds in parallel (default the "
		"number of CPUs)\n",
		"  -f, --format FMT        table or json\n",
		"  -a, --all               every one\n",
		"      --color[=WHEN]      auto, always or never\n",
		"      --no-color          same as --color=never\n",
		"  -h, --help              this help\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(strstr(sb.buf, want[i]), "no '%s' in:\n%s",
			      want[i], sb.buf);
	ck_assert_ptr_null(strstr(sb.buf, "build-dir"));
	/* every line fits 80 columns; the long help was wrapped */
	for (const char *p = sb.buf; *p;) {
		size_t len = strcspn(p, "\n");
		ck_assert_msg(len < 80, "line too long: %.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	ck_assert(strstr(sb.buf, "because it\n"
				 "                          goes on"));
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_choice_list)
{
	struct strbuf sb = STRBUF_INIT;
	opt_choice_list(colors, 0, &sb);
	ck_assert_str_eq(sb.buf, "auto, always or never");
	strbuf_reset(&sb);
	opt_choice_list(formats, 0, &sb);
	ck_assert_str_eq(sb.buf, "table or json");
	strbuf_reset(&sb);
	opt_choice_list(colors, 1 << 0 | 1 << 2, &sb);
	ck_assert_str_eq(sb.buf, "auto or never");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_hidden)
{
	/* taken by its exact name only */
	ck_assert_int_eq(PARSE("--help-secret"), 0);
	ck_assert(v.secret);
	ck_assert_int_eq(PARSE("--help-sec"), -EINVAL);
	ck_assert_ptr_null(strstr(err.message, "secret"));
	/* not a prefix clash for --help */
	ck_assert_int_eq(PARSE("--hel"), OPT_HELP_ASKED);
	/* never suggested */
	ck_assert_int_eq(PARSE("--help-secrit"), -EINVAL);
	ck_assert_ptr_null(strstr(err.message, "secret"));
	/* never listed */
	struct strbuf sb = STRBUF_INIT;
	opt_help(table, &sb);
	ck_assert_ptr_null(strstr(sb.buf, "secret"));
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_rows)
{
	const struct opt **rows;
	size_t nr = opt_rows(table, &rows);
	/* the table's rows, then the included ones in place of the include */
	size_t own = 0;
	while (table[own].type != OPT_TYPE_INCLUDE)
		own++;
	ck_assert_uint_eq(nr, own + 3);
	ck_assert_ptr_eq(rows[0], &table[0]);
	ck_assert_ptr_eq(rows[own], &common[0]);
	ck_assert_ptr_eq(rows[nr - 1], &common[2]);
	for (size_t i = 0; i < nr; i++)
		ck_assert_int_ne(rows[i]->type, OPT_TYPE_INCLUDE);
	free(rows);
	/* the choices --help lists: not a synonym, not an old name */
	ck_assert(opt_choice_listed(&formats[0], 0));
	ck_assert(opt_choice_listed(&formats[1], 0));
	ck_assert(!opt_choice_listed(&formats[2], 0));
	ck_assert(!opt_choice_listed(&formats[3], 0));
	ck_assert(!opt_choice_listed(&formats[1], 1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("opt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_value_forms);
	tcase_add_test(tc, test_flags_and_positionals);
	tcase_add_test(tc, test_cluster_with_value);
	tcase_add_test(tc, test_stop_at_arg);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_prefix);
	tcase_add_test(tc, test_old_names);
	tcase_add_test(tc, test_implied_and_alias_values);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_help_text);
	tcase_add_test(tc, test_choice_list);
	tcase_add_test(tc, test_hidden);
	tcase_add_test(tc, test_rows);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

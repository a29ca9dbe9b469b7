/*
 * cmd.c: what every command shares: the common options, parsing against a
 * command's option table, --help generated from that table, usage errors,
 * and the plan options of run and check.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "render/report.h"
#include "sandbox.h"
#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/banned.h"

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("versus: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "versus: try 'versus %s --help'\n", cmd);
	return EXIT_USAGE;
}

static int set_quiet(const struct opt *o, const char *value, struct strbuf *why)
{
	term_verbosity = -1;
	return 0;
}

static int set_verbose(const struct opt *o, const char *value,
		       struct strbuf *why)
{
	term_verbosity = term_verbosity < 0 ? 1 : term_verbosity + 1;
	return 0;
}

static const struct opt_choice color_choices[] = {
	OPT_VALUE("auto", TERM_COLOR_AUTO),
	OPT_VALUE("always", TERM_COLOR_ALWAYS),
	OPT_VALUE("never", TERM_COLOR_NEVER),
	{0},
};

/* Colour is decided at once: the last --color given wins. */
static int set_color(const struct opt *o, const char *value, struct strbuf *why)
{
	for (const struct opt_choice *c = color_choices; c->name; c++)
		if (!strcmp(c->name, value)) {
			term_setup((enum term_color_mode)c->value);
			return 0;
		}
	strbuf_addstr(why, "expected ");
	opt_choice_list(color_choices, 0, why);
	strbuf_addf(why, ", not '%s'", value);
	return -EINVAL;
}

const struct opt cmd_common_options[] = {
	{OPT_CALLBACK('q', "quiet", NULL, NULL, set_quiet),
	 .help = "only errors and results"},
	{OPT_CALLBACK('v', "verbose", NULL, NULL, set_verbose),
	 .help = "more detail (repeat for more)"},
	{OPT_CALLBACK(0, "color", NULL, "WHEN", set_color),
	 .help = "auto, always or never (NO_COLOR is honoured)", .def = "auto",
	 .implied = "always", .choices = color_choices /* for documents */},
	{OPT_ALIAS("no-color", "color", "never", NULL)},
	{OPT_HELP('h', "help"), .help = "this help"},
	{0},
};

const struct opt_choice cmd_cgroups_choices[] = {
	OPT_VALUE("auto", SANDBOX_CGROUPS_AUTO),
	OPT_VALUE("required", SANDBOX_CGROUPS_REQUIRED),
	OPT_VALUE("off", SANDBOX_CGROUPS_OFF),
	{0},
};

const struct opt_choice cmd_formats[] = {
	OPT_VALUE("table", REPORT_TABLE),
	OPT_VALUE("md", REPORT_MD),
	OPT_SYNONYM("markdown", REPORT_MD),
	OPT_VALUE("csv", REPORT_CSV),
	OPT_VALUE("json", REPORT_JSON),
	OPT_VALUE("html", REPORT_HTML),
	OPT_VALUE("bmf", REPORT_BMF),
	OPT_VALUE("github-action", REPORT_GITHUB_ACTION),
	OPT_VALUE("openmetrics", REPORT_OPENMETRICS),
	OPT_OLD_VALUE("text", REPORT_TABLE, CMD_OLD_NAMES_GO_IN),
	{0},
};

/* hyperfine's names (millisecond, second, microsecond) too */
const struct opt_choice cmd_time_units[] = {
	OPT_VALUE("auto", REPORT_TIME_AUTO),
	OPT_VALUE("s", REPORT_TIME_S),
	OPT_SYNONYM("second", REPORT_TIME_S),
	OPT_VALUE("ms", REPORT_TIME_MS),
	OPT_SYNONYM("millisecond", REPORT_TIME_MS),
	OPT_VALUE("us", REPORT_TIME_US),
	OPT_SYNONYM("microsecond", REPORT_TIME_US),
	{0},
};

void cmd_help(const struct cmd_info *info, const struct opt *opts,
	      struct strbuf *out)
{
	strbuf_addf(out, "usage: versus %s %s\n\n%s\n", info->name, info->usage,
		    info->about);
	if (opts[0].type != OPT_TYPE_GROUP && opts[0].type != OPT_TYPE_END)
		strbuf_addstr(out, "options:\n");
	opt_help(opts, out);
	strbuf_addstr(out, "\ncommon options:\n");
	opt_help(cmd_common_options, out);
	if (info->epilogue)
		strbuf_addf(out, "\n%s", info->epilogue);
}

int cmd_parse(const struct cmd_info *info, const struct opt *opts, int argc,
	      char **argv, int flags, struct strvec *args)
{
	int doc = CMD_DOC_NONE;
	const struct opt all[] = {
		{OPT_INCLUDE(opts)},
		{OPT_INCLUDE(cmd_common_options)},
		{OPT_CHOICE(0, "help-as", &doc, "DOC", cmd_doc_choices),
		 .hidden = true},
		{0},
	};
	struct strvec notes = STRVEC_INIT, none = STRVEC_INIT;
	struct versus_err err = {0};
	int rc = opt_parse(all, argc, argv, flags, args ? args : &none, &notes,
			   &err);
	int code = CMD_GO_ON;
	if (rc == 0 && doc != CMD_DOC_NONE) {
		struct strbuf out = STRBUF_INIT;
		cmd_doc(info, opts, (enum cmd_doc)doc, &out);
		fputs(out.buf, stdout);
		strbuf_release(&out);
		code = EXIT_ALL_GOOD;
	} else if (rc == OPT_HELP_ASKED) {
		struct strbuf help = STRBUF_INIT;
		cmd_help(info, opts, &help);
		fputs(help.buf, stdout);
		strbuf_release(&help);
		code = EXIT_ALL_GOOD;
	} else if (rc < 0) {
		code = cmd_usage_error(info->name, "%s", err.message);
	} else if (none.nr) {
		code = cmd_usage_error(info->name, "unexpected argument '%s'",
				       none.v[0]);
	} else if (args && !args->nr && info->no_args) {
		code = cmd_usage_error(info->name, "%s", info->no_args);
	} else {
		for (size_t i = 0; i < notes.nr; i++)
			term_warn("%s", notes.v[i]);
	}
	strvec_clear(&notes);
	strvec_clear(&none);
	return code;
}

void cmd_plan_args_init(struct cmd_plan_args *a)
{
	memset(a, 0, sizeof(*a));
	kvlist_init(&a->params);
	strvec_init(&a->only);
	strvec_init(&a->sweep_values);
	a->plan.params = &a->params;
}

void cmd_plan_args_release(struct cmd_plan_args *a)
{
	if (!a)
		return;
	kvlist_release(&a->params);
	strvec_clear(&a->only);
	free(a->sweep_param);
	strvec_clear(&a->sweep_values);
}

int cmd_opt_only(const struct opt *o, const char *value, struct strbuf *why)
{
	struct cmd_plan_args *a = o->ptr;
	for (const char *p = value; *p;) {
		size_t n = strcspn(p, ",");
		if (n)
			strvec_push_owned(&a->only, xstrndup(p, n));
		p += n + (p[n] == ',');
	}
	a->plan.only = &a->only;
	return 0;
}

int cmd_opt_param(const struct opt *o, const char *value, struct strbuf *why)
{
	struct cmd_plan_args *a = o->ptr;
	struct strvec values = STRVEC_INIT;
	const char *eq = strchr(value, '=');
	char *key = NULL;
	int nr;
	if (!eq || eq == value) {
		strbuf_addf(why, "expected K=V or K=V1,V2,..., not '%s'",
			    value);
		return -EINVAL;
	}
	if (!eq[1]) { /* K= sets an empty value */
		key = xstrndup(value, (size_t)(eq - value));
		strvec_push(&values, "");
		nr = 1;
	} else if ((nr = opt_split_list(value, &key, &values, why)) < 0) {
		strvec_clear(&values);
		return -EINVAL;
	}
	int rc = 0;
	if (nr > 1) {
		/* K=V1,V2,...: a sweep of K */
		if (a->sweep_param && strcmp(a->sweep_param, key)) {
			strbuf_addf(why,
				    "one parameter can be swept, '%s' already "
				    "is",
				    a->sweep_param);
			rc = -EINVAL;
		} else if (nr > MANIFEST_SWEEP_MAX) {
			strbuf_addf(why, "%d values; a sweep takes at most %d",
				    nr, MANIFEST_SWEEP_MAX);
			rc = -EINVAL;
		}
		for (size_t i = 0; !rc && i < values.nr; i++)
			rc = manifest_sweep_value_check(&values, i, why);
		if (!rc) {
			free(a->sweep_param);
			a->sweep_param = xstrdup(key);
			strvec_clear(&a->sweep_values);
			strvec_pushv(&a->sweep_values,
				     (const char *const *)values.v);
			a->plan.sweep_param = a->sweep_param;
			a->plan.sweep_values = &a->sweep_values;
		}
	} else if (a->sweep_param && !strcmp(a->sweep_param, key)) {
		/* a later single value replaces the sweep */
		free(a->sweep_param);
		a->sweep_param = NULL;
		a->plan.sweep_param = NULL;
		a->plan.sweep_values = NULL;
	}
	if (!rc)
		kvlist_set(&a->params, key, values.v[values.nr - 1]);
	free(key);
	strvec_clear(&values);
	return rc;
}

int cmd_opt_cpus(const struct opt *o, const char *value, struct strbuf *why)
{
	cpu_set_t set;
	int count;
	int rc = cpulist_parse_request(value, &count, &set, why);
	if (!rc)
		*(const char **)o->ptr = value;
	return rc;
}

/* Extensions of report files; the first ones are --format names too. */
static const char *const report_extensions[] = {
	"md", "csv", "json", "markdown", "tsv", "html", "htm", "txt", "svg",
};
#define STDOUT_FORMATS 3

int cmd_results_folder(const char *cmd, const char *option, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return CMD_GO_ON; /* "out", ".hidden", "out/" */
	size_t n = sizeof(report_extensions) / sizeof(report_extensions[0]);
	size_t i = 0;
	while (i < n && strcasecmp(dot + 1, report_extensions[i]))
		i++;
	struct stat st;
	if (i == n || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return CMD_GO_ON;
	struct strbuf hint = STRBUF_INIT;
	if (i < STDOUT_FORMATS)
		strbuf_addf(&hint, "'--format %s > %s' or, ",
			    report_extensions[i], path);
	int code = cmd_usage_error(
		cmd,
		"%s '%s' looks like a file name, but it names the folder for "
		"result files; for a report file use %s'versus report -o %s "
		"RESULT...' after the run (an existing folder '%s', or "
		"'%s/', is accepted)",
		option, path, hint.buf, path, path, path);
	strbuf_release(&hint);
	return code;
}

/* See cmd.h. */
int cmd_opt_percent(const struct opt *o, const char *s, struct strbuf *why)
{
	double *out = o->ptr;
	char buf[64];
	size_t len = strlen(s);
	double v;
	if (len == 0 || len >= sizeof(buf)) {
		strbuf_addf(why, "expected a percentage, not '%s'", s);
		return -EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[len - 1] == '%')
		buf[len - 1] = '\0';
	if (parse_double(buf, &v) < 0 || v < 0 || v >= 1000) {
		strbuf_addf(
			why,
			"expected a percentage such as 5 or 2.5%%, not '%s'",
			s);
		return -EINVAL;
	}
	*out = v / 100;
	return 0;
}

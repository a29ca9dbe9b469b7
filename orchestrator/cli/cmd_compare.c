/*
 * cmd_compare.c: 'versus compare BASE NEW': a verdict per implementation
 * that a CI job can act on (exit 1 on a regression).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "render/compare.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/opt.h"
#include "util/banned.h"

static void print_help(FILE *out)
{
	fputs("usage: versus compare [OPTIONS] BASE NEW\n"
	      "\n"
	      "Compare two sets of results of the same workloads, e.g. main "
	      "and a pull\n"
	      "request. BASE and NEW are each a result file or a folder of "
	      "them, with\n"
	      "exactly one file per workload. Implementations are paired by "
	      "workload and\n"
	      "id. For each pair, wall time and peak memory get the median "
	      "change\n"
	      "(median(NEW) / median(BASE) - 1) with a 95% bootstrap CI and a "
	      "two-sided\n"
	      "Mann-Whitney U p-value; the p-values of all pairs are Holm-"
	      "corrected together.\n"
	      "A change is a regression only when it is significant (Holm p "
	      "< alpha) AND\n"
	      "larger than the threshold; an implementation that was OK in "
	      "BASE and fails\n"
	      "in NEW is reported as newly failed and counts as a "
	      "regression.\n"
	      "\n"
	      "Workloads of different versions, parameters or validation "
	      "settings are\n"
	      "refused. So are workloads measured differently (another "
	      "result schema,\n"
	      "cgroup mode, memory source or host fingerprint) and "
	      "implementations whose\n"
	      "toolchain version or path differs, since a change could come "
	      "from the set-up;\n"
	      "--force compares them anyway and marks their rows (!).\n"
	      "\n"
	      "options:\n"
	      "      --threshold PCT  smallest change that counts, in percent "
	      "(default 5;\n"
	      "                       '5', '5%' and '2.5' are accepted)\n"
	      "      --alpha A        family-wise significance level, 0 < A < "
	      "1 (default 0.05)\n"
	      "  -f, --format FMT     table (default), md (e.g. for a pull "
	      "request comment)\n"
	      "                       or json\n"
	      "      --force          compare what was measured differently "
	      "(rows marked)\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "exit status: 0 no regression; 1 a regression or a newly "
	      "failed implementation;\n"
	      "2 usage error, a bad result file or workloads that cannot be "
	      "compared (the\n"
	      "rest is still compared and shown). Docs: docs/reporting.md.\n",
	      out);
}

static int parse_percent(const char *s, double *out)
{
	char buf[64];
	size_t len = strlen(s);
	double v;
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[len - 1] == '%')
		buf[len - 1] = '\0';
	if (parse_double(buf, &v) < 0 || v < 0 || v >= 1000)
		return -EINVAL;
	*out = v / 100;
	return 0;
}

static char *side_label(const char *path, const struct result_set *set)
{
	return xstrfmt("%s (%zu file%s)", path, set->nr,
		       set->nr == 1 ? "" : "s");
}

int cmd_compare(int argc, char **argv)
{
	struct compare_options opts = {0.05, 0.05, false};
	enum report_format fmt = REPORT_TABLE;
	struct result_set base = RESULT_SET_INIT, new = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct compare_result res;
	const char *paths[2] = {NULL, NULL}, *v;
	size_t npaths = 0;
	int status, rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(stdout);
			return EXIT_ALL_GOOD;
		} else if (opt_is(a, "--threshold", NULL)) {
			v = opt_value(argc, argv, &i, "--threshold", NULL);
			if (parse_percent(v, &opts.threshold) < 0)
				return cmd_usage_error(
					"compare",
					"--threshold: expected a percentage "
					"such as 5 or 2.5%%, not '%s'",
					v);
		} else if (opt_is(a, "--alpha", NULL)) {
			v = opt_value(argc, argv, &i, "--alpha", NULL);
			if (parse_double(v, &opts.alpha) < 0 ||
			    !(opts.alpha > 0 && opts.alpha < 1))
				return cmd_usage_error(
					"compare",
					"--alpha: expected a number between 0 "
					"and 1, not '%s'",
					v);
		} else if (!strcmp(a, "--force")) {
			opts.force = true;
		} else if (opt_is(a, "--format", "-f")) {
			v = opt_value(argc, argv, &i, "--format", "-f");
			if (report_parse_format(v, &fmt) < 0 ||
			    (fmt != REPORT_TABLE && fmt != REPORT_MD &&
			     fmt != REPORT_JSON))
				return cmd_usage_error(
					"compare",
					"--format: expected table, md or json, "
					"not '%s'",
					v);
		} else if (a[0] == '-' && a[1]) {
			return cmd_usage_error("compare", "unknown option '%s'",
					       a);
		} else if (npaths < 2) {
			paths[npaths++] = a;
		} else {
			return cmd_usage_error("compare",
					       "expected two result sets (BASE "
					       "NEW), got a third: '%s'",
					       a);
		}
	}
	if (npaths != 2)
		return cmd_usage_error("compare",
				       "expected two result sets: BASE NEW");

	result_set_add_path(&base, paths[0], &errs);
	result_set_add_path(&new, paths[1], &errs);
	compare_result_init(&res);
	res.base_label = side_label(paths[0], &base);
	res.new_label = side_label(paths[1], &new);
	status = EXIT_ALL_GOOD;
	if (!base.nr || !new.nr) {
		versus_errs_add(&errs, -EINVAL, NULL, 0, 0,
				"compare: %s has no valid result file",
				!base.nr ? "BASE" : "NEW");
		rc = -EINVAL;
	} else {
		rc = compare_sets(&base, &new, &opts, &res, &errs);
	}
	for (size_t i = 0; i < res.warnings.nr; i++)
		term_warn("%s", res.warnings.v[i]);
	if (rc == 0 &&
	    compare_render(&res, fmt, fmt == REPORT_TABLE && term_color(stdout),
			   stdout) < 0) {
		fprintf(stderr, "versus: cannot write the comparison\n");
		status = EXIT_INTERNAL;
	}
	versus_errs_print(&errs, stderr);
	if (status == EXIT_ALL_GOOD) {
		if (errs.nr)
			status = EXIT_USAGE;
		else if (res.regressions || res.newly_failed)
			status = EXIT_FOUND;
	}
	compare_result_release(&res);
	versus_errs_release(&errs);
	result_set_release(&base);
	result_set_release(&new);
	return status;
}

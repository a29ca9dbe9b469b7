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
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "compare",
	.usage = "[OPTIONS] BASE NEW",
	.about = "Compare two sets of results of the same workloads, e.g. "
		 "main and a pull\n"
		 "request. BASE and NEW are each a result file or a folder of "
		 "them, with\n"
		 "exactly one file per workload. Implementations are paired by "
		 "workload and\n"
		 "id. For each pair, wall time and peak memory get the median "
		 "change\n"
		 "(median(NEW) / median(BASE) - 1) with a 95% bootstrap CI and "
		 "a two-sided\n"
		 "Mann-Whitney U p-value; the p-values of all pairs are Holm-"
		 "corrected together.\n"
		 "A change is a regression only when it is significant (Holm "
		 "p < alpha) AND\n"
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
		 "--force compares them anyway and marks their rows (!).\n",
	.epilogue = "exit status: 0 no regression; 1 a regression or a newly "
		    "failed implementation;\n"
		    "2 usage error, a bad result file or workloads that cannot "
		    "be compared (the\n"
		    "rest is still compared and shown). Docs: "
		    "docs/reporting.md.\n",
};

/* --alpha: a number strictly between 0 and 1. */
static int opt_alpha(const struct opt *o, const char *s, struct strbuf *why)
{
	double *out = o->ptr, v;
	if (parse_double(s, &v) < 0 || !(v > 0 && v < 1)) {
		strbuf_addf(why, "expected a number between 0 and 1, not '%s'",
			    s);
		return -EINVAL;
	}
	*out = v;
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
	int fmt = REPORT_TABLE;
	struct result_set base = RESULT_SET_INIT, new = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct compare_result res;
	struct strvec args = STRVEC_INIT;
	int status, rc;
	const struct opt options[] = {
		{OPT_CALLBACK(0, "threshold", &opts.threshold, "PCT",
			      cmd_opt_percent),
		 .help = "smallest change that counts, in percent ('5', '5%' "
			 "and '2.5' are accepted)",
		 .def = "5"},
		{OPT_CALLBACK(0, "alpha", &opts.alpha, "A", opt_alpha),
		 .help = "family-wise significance level, 0 < A < 1",
		 .def = "0.05"},
		{CMD_OPT_FORMAT(&fmt, CMD_FORMAT(REPORT_TABLE) |
					      CMD_FORMAT(REPORT_MD) |
					      CMD_FORMAT(REPORT_JSON)),
		 .help = "table, md (e.g. for a pull request comment) or "
			 "json"},
		{OPT_FLAG(0, "force", &opts.force),
		 .help = "compare what was measured differently (rows "
			 "marked)"},
		{0},
	};

	status = cmd_parse(&info, options, argc, argv, 0, &args);
	if (status == CMD_GO_ON && args.nr > 2)
		status = cmd_usage_error("compare",
					 "expected two result sets (BASE NEW), "
					 "got a third: '%s'",
					 args.v[2]);
	else if (status == CMD_GO_ON && args.nr != 2)
		status = cmd_usage_error("compare",
					 "expected two result sets: BASE NEW");
	if (status != CMD_GO_ON) {
		strvec_clear(&args);
		return status;
	}
	const char *paths[2] = {args.v[0], args.v[1]};

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
			   term_width(), stdout) < 0) {
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
	strvec_clear(&args);
	return status;
}

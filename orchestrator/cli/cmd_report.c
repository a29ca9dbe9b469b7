/*
 * cmd_report.c: 'versus report': render saved result files, without
 * re-running anything. Bad files are reported (exit 2) and the good ones
 * are still rendered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "render/report.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/term.h"
#include "util/opt.h"
#include "util/banned.h"

static void print_help(FILE *out)
{
	fputs("usage: versus report [OPTIONS] RESULT...\n"
	      "\n"
	      "Render saved result files (written by 'versus run') without "
	      "re-running\n"
	      "anything. RESULT is a result file or a folder of them (every "
	      "*.json in it).\n"
	      "With several files of one workload, the newest (by "
	      "finished_at) is used\n"
	      "and a note says so. With several workloads, a suite summary "
	      "follows: rows\n"
	      "are implementations, columns workloads, cells the ratio to "
	      "each workload's\n"
	      "baseline with its 95% CI, and a last column with the "
	      "geometric mean of the\n"
	      "ratios and its bootstrap CI. Failed implementations show "
	      "their status.\n"
	      "\n"
	      "options:\n"
	      "  -f, --format FMT   output format (default table):\n"
	      "                       table          aligned text for a "
	      "terminal\n"
	      "                       md             Markdown (GitHub "
	      "flavoured)\n"
	      "                       csv            one row per workload and "
	      "implementation\n"
	      "                       json           the report's figures as "
	      "JSON\n"
	      "                       html           one self-contained page "
	      "with SVG charts\n"
	      "                       bmf            Bencher Metric Format "
	      "(bencher run --adapter json)\n"
	      "                       github-action  customSmallerIsBetter "
	      "JSON of\n"
	      "                                      "
	      "benchmark-action/github-action-benchmark\n"
	      "  -o, --output FILE  write to FILE (atomically) instead of "
	      "standard output\n"
	      "      --rows KEY     suite-summary rows: id (default) or "
	      "language\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "exit status: 0 rendered; 2 usage error or a bad result file "
	      "(named on\n"
	      "stderr; the good files are still rendered); 3 the output could "
	      "not be written.\n"
	      "Docs: docs/reporting.md.\n",
	      out);
}

/* Write to path atomically: a temporary file beside it, then rename. */
static int write_output(const char *path, const struct result_file **files,
			size_t nr, const struct strvec *notes,
			enum report_format fmt,
			const struct report_options *opts)
{
	char *tmp = xstrfmt("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc;
	if (!f) {
		fprintf(stderr, "versus: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -errno;
	}
	rc = report_render(files, nr, notes, fmt, opts, f);
	if (fclose(f) && !rc)
		rc = -EIO;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc) {
		fprintf(stderr, "versus: %s: %s\n", path, strerror(-rc));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	enum report_format fmt = REPORT_TABLE;
	struct report_options opts = {.rows = REPORT_ROWS_ID};
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec notes = STRVEC_INIT, paths = STRVEC_INIT;
	const struct result_file **files = NULL;
	const char *output = NULL, *v;
	size_t nr = 0;
	int rc, status;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(stdout);
			strvec_clear(&paths);
			return EXIT_ALL_GOOD;
		} else if (opt_is(a, "--format", "-f")) {
			v = opt_value(argc, argv, &i, "--format", "-f");
			if (report_parse_format(v, &fmt) < 0) {
				strvec_clear(&paths);
				return cmd_usage_error(
					"report",
					"--format: unknown format '%s' "
					"(table, md, csv, json, html, bmf, "
					"github-action)",
					v);
			}
		} else if (opt_is(a, "--output", "-o")) {
			output = opt_value(argc, argv, &i, "--output", "-o");
			if (!*output) {
				strvec_clear(&paths);
				return cmd_usage_error("report",
						       "--output needs a file");
			}
		} else if (opt_is(a, "--rows", NULL)) {
			v = opt_value(argc, argv, &i, "--rows", NULL);
			if (!strcmp(v, "id")) {
				opts.rows = REPORT_ROWS_ID;
			} else if (!strcmp(v, "language")) {
				opts.rows = REPORT_ROWS_LANGUAGE;
			} else {
				strvec_clear(&paths);
				return cmd_usage_error(
					"report",
					"--rows: expected id or language, not "
					"'%s'",
					v);
			}
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(&paths, argv[i]);
		} else if (a[0] == '-' && a[1]) {
			strvec_clear(&paths);
			return cmd_usage_error("report", "unknown option '%s'",
					       a);
		} else {
			strvec_push(&paths, a);
		}
	}
	if (!paths.nr)
		return cmd_usage_error("report",
				       "no result files given (RESULT...)");

	for (size_t i = 0; i < paths.nr; i++)
		result_set_add_path(&set, paths.v[i], &errs);
	versus_errs_print(&errs, stderr);
	status = errs.nr ? EXIT_USAGE : EXIT_ALL_GOOD;
	if (set.nr) {
		nr = result_set_latest(&set, &files, &notes);
		for (size_t i = 0; i < notes.nr; i++)
			term_info("%s", notes.v[i]);
		if (output) {
			rc = write_output(output, files, nr, &notes, fmt,
					  &opts);
		} else {
			opts.color = fmt == REPORT_TABLE && term_color(stdout);
			rc = report_render(files, nr, &notes, fmt, &opts,
					   stdout);
			if (rc < 0)
				fprintf(stderr,
					"versus: cannot write the report: "
					"%s\n",
					strerror(-rc));
		}
		if (rc < 0)
			status = EXIT_INTERNAL;
	} else {
		fprintf(stderr, "versus: report: no valid result file to "
				"render\n");
	}
	free(files);
	strvec_clear(&notes);
	strvec_clear(&paths);
	versus_errs_release(&errs);
	result_set_release(&set);
	return status;
}

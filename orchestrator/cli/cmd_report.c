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
#include "analysis/verdict.h"
#include "render/report.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "report",
	.usage = "[OPTIONS] RESULT...",
	.about = "Render saved result files (written by 'versus run') "
		 "without re-running\n"
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
		 "their status.\n",
	.epilogue = "exit status: 0 rendered; 1 with --require-reproduced, an "
		    "implementation is NOT\n"
		    "REPRODUCED; 2 usage error or a bad result "
		    "file (named on\n"
		    "stderr; the good files are still rendered); 3 the output "
		    "could not be written.\n"
		    "Docs: docs/reporting.md.\n",
	.no_args = "no result files given (RESULT...)",
};

static const struct opt_choice rows[] = {
	OPT_VALUE("id", REPORT_ROWS_ID),
	OPT_VALUE("language", REPORT_ROWS_LANGUAGE),
	{0},
};

/* Render in memory, then write to path atomically (fs_write_replace). */
static int write_output(const char *path, const struct result_file **files,
			size_t nr, const struct strvec *notes,
			enum report_format fmt,
			const struct report_options *opts)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;
	if (!f) {
		fprintf(stderr, "versus: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	rc = report_render(files, nr, notes, fmt, opts, f);
	if (fclose(f) && !rc)
		rc = -ENOMEM;
	if (!rc)
		rc = fs_write_replace(path, text, len, 0666);
	if (rc)
		fprintf(stderr, "versus: %s: %s\n", path, strerror(-rc));
	free(text);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	int fmt = REPORT_TABLE, rows_key = REPORT_ROWS_ID;
	int time_unit = REPORT_TIME_AUTO;
	struct report_options opts = {.rows = REPORT_ROWS_ID};
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec notes = STRVEC_INIT, paths = STRVEC_INIT;
	const struct result_file **files = NULL;
	const char *output = NULL;
	size_t nr = 0;
	int rc, status;
	bool require_reproduced = false;
	const struct opt options[] = {
		/* every format of a run's report; openmetrics is history's */
		{CMD_OPT_FORMAT(&fmt, CMD_FORMAT(REPORT_TABLE) |
					      CMD_FORMAT(REPORT_MD) |
					      CMD_FORMAT(REPORT_CSV) |
					      CMD_FORMAT(REPORT_JSON) |
					      CMD_FORMAT(REPORT_HTML) |
					      CMD_FORMAT(REPORT_BMF) |
					      CMD_FORMAT(REPORT_GITHUB_ACTION)),
		 .help = "table: aligned text for a terminal\n"
			 "md: Markdown (GitHub flavoured)\n"
			 "csv: one row per workload and implementation\n"
			 "json: the report's figures as JSON\n"
			 "html: one self-contained page with SVG charts\n"
			 "bmf: Bencher Metric Format (bencher run --adapter "
			 "json)\n"
			 "github-action: customSmallerIsBetter JSON of\n"
			 "  benchmark-action/github-action-benchmark"},
		{OPT_STRING('o', "output", &output, "FILE"),
		 .help = "write to FILE (atomically) instead of standard "
			 "output"},
		{CMD_OPT_TIME_UNIT(&time_unit)},
		{OPT_CHOICE(0, "rows", &rows_key, "KEY", rows),
		 .help = "suite-summary rows: id or language", .def = "id"},
		{OPT_FLAG(0, "require-reproduced", &require_reproduced),
		 .help = "exit 1 when an implementation is NOT REPRODUCED: "
			 "outside the tolerance of the manifest's published "
			 "ratio"},
		{0},
	};

	status = cmd_parse(&info, options, argc, argv, 0, &paths);
	if (status != CMD_GO_ON) {
		strvec_clear(&paths);
		return status;
	}
	opts.rows = (enum report_rows)rows_key;
	opts.time_unit = (enum report_time_unit)time_unit;

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
			opts.width = term_width();
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
		for (size_t i = 0; i < nr && require_reproduced; i++) {
			struct verdict v;
			verdict_compute(files[i], &v);
			if (v.not_reproduced && status == EXIT_ALL_GOOD)
				status = EXIT_FOUND;
			verdict_release(&v);
		}
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

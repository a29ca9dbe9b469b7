/*
 * cmd_history.c: 'versus history RESULTS...': every series of many runs
 * over revisions, its change points and the latest state; exit 1 on a
 * regression with --fail-on-regression.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/trend.h"
#include "cli/cmd.h"
#include "history/index.h"
#include "render/history.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "history",
	.usage = "[OPTIONS] RESULTS...",
	.about =
		"The history of many runs: RESULTS are result files or folders "
		"of them (e.g. a\n"
		"nightly job's results/). Runs are grouped into series - one "
		"workload, version,\n"
		"parameters, implementation and set-up (host fingerprint, "
		"cgroup mode, box,\n"
		"memory counter, SMT, boost, governor): machines and set-ups "
		"are never mixed -\n"
		"and ordered by revision (`versus run --revision`, else the "
		"git "
		"commit of the\n"
		"manifest's folder; runs of one revision are pooled), else by "
		"the run's time.\n"
		"Change points are found by PELT on the per-revision log "
		"median "
		"wall times,\n"
		"weighted by their uncertainty; each change gets its size with "
		"a 95% CI, the\n"
		"revision range it happened in, and whether it is a regression "
		"(CI above 1)\n"
		"or an improvement. The latest level is compared with the "
		"previous one and\n"
		"with the best.\n"
		"\n"
		"An SQLite index of the files is kept next to them "
		"(RESULTS/" HISTORY_INDEX_NAME ",\n"
		"or --index PATH) and updated on every use: the result files "
		"stay the source\n"
		"of truth.\n",
	.epilogue = "exit status: 0 no regression alert; 1 a regression "
		    "above the threshold\n"
		    "(--fail-on-regression); 2 usage error or a bad result "
		    "file (the rest is\n"
		    "still shown); 3 the index or the output could not be "
		    "written. Docs: docs/history.md.\n",
	.no_args = "expected result files or folders",
};

/* --since: YYYY-MM-DD, optionally THH:MM[:SS][Z]. */
static int opt_since(const struct opt *o, const char *s, struct strbuf *why)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t len = strlen(s);
	bool ok = len == 10 || len == 16 || len == 19 || len == 20;
	for (size_t i = 0; ok && i < len; i++)
		ok = shape[i] == 'd' ? s[i] >= '0' && s[i] <= '9'
				     : s[i] == shape[i];
	if (!ok) {
		strbuf_addf(why,
			    "expected a UTC date such as 2026-11-01 or "
			    "2026-11-01T12:00:00Z, not '%s'",
			    s);
		return -EINVAL;
	}
	*(const char **)o->ptr = s;
	return 0;
}

static char *default_index(const char *first)
{
	struct stat st;
	if (stat(first, &st) == 0 && S_ISDIR(st.st_mode))
		return xstrfmt("%s/%s", first, HISTORY_INDEX_NAME);
	const char *slash = strrchr(first, '/');
	if (!slash)
		return xstrdup(HISTORY_INDEX_NAME);
	return xstrfmt("%.*s/%s", (int)(slash - first), first,
		       HISTORY_INDEX_NAME);
}

int cmd_history(int argc, char **argv)
{
	struct history_filter filter = {NULL, NULL, NULL};
	const char *index_path = NULL, *outdir = NULL;
	double fail_threshold = -1;
	bool points = false;
	int reports = 20;
	int fmt = REPORT_TABLE;
	struct strvec args = STRVEC_INIT;
	const struct opt options[] = {
		{OPT_STRING(0, "workload", &filter.workload, "W"),
		 .help = "only the workload with this id"},
		{OPT_STRING(0, "impl", &filter.impl, "I"),
		 .help = "only the implementation with this id"},
		{OPT_CALLBACK(0, "since", &filter.since, "DATE", opt_since),
		 .help = "only revisions (or runs without one) from this UTC "
			 "date or time on"},
		{OPT_CALLBACK(0, "fail-on-regression", &fail_threshold, "PCT",
			      cmd_opt_percent),
		 .help = "exit 1 when a series' latest level is slower than "
			 "the previous one by more than PCT percent, its 95% "
			 "CI above 1"},
		{OPT_INT(0, "reports", &reports, "N", 0, 1000000),
		 .help = "html: the latest N revisions of each series get "
			 "a report page of their run (older points link to "
			 "their result file)",
		 .def = "20"},
		{OPT_FLAG(0, "points", &points),
		 .help = "list every revision of every series (table)"},
		{OPT_STRING(0, "index", &index_path, "PATH"),
		 .help = "the SQLite index to keep",
		 .def = "RESULTS/" HISTORY_INDEX_NAME " of the first RESULTS"},
		{CMD_OPT_FORMAT(&fmt, CMD_FORMAT(REPORT_TABLE) |
					      CMD_FORMAT(REPORT_JSON) |
					      CMD_FORMAT(REPORT_HTML) |
					      CMD_FORMAT(REPORT_BMF) |
					      CMD_FORMAT(REPORT_GITHUB_ACTION) |
					      CMD_FORMAT(REPORT_OPENMETRICS)),
		 .help = "table, json; html: a static dashboard in the "
			 "folder -o names; bmf, github-action: the latest "
			 "level of every series and its regression verdict; "
			 "openmetrics: the same as gauges for Prometheus "
			 "(docs/history.md)"},
		{OPT_STRING('o', "output", &outdir, "PATH"),
		 .help = "write the output to this file instead of stdout "
			 "(html: the dashboard's folder, required)"},
		{0},
	};
	int status = cmd_parse(&info, options, argc, argv, 0, &args);
	struct stat first;
	/* the default index goes next to the first RESULTS: it must exist */
	if (status == CMD_GO_ON && !index_path && stat(args.v[0], &first) < 0)
		status = cmd_usage_error("history", "'%s': %s", args.v[0],
					 strerror(errno));
	if (status == CMD_GO_ON && fmt == REPORT_HTML && !outdir)
		status = cmd_usage_error("history", "--format html writes a "
						    "folder: name it with -o "
						    "DIR");
	if (status != CMD_GO_ON) {
		strvec_clear(&args);
		return status;
	}

	struct versus_err err = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct history_index *ix = NULL;
	struct history_update up;
	struct trend_obs *obs = NULL;
	struct trend_series *series = NULL;
	size_t series_nr = 0;
	long nr = 0;
	char *db = index_path ? xstrdup(index_path) : default_index(args.v[0]);
	status = EXIT_ALL_GOOD;
	if (history_index_open(db, &ix, &err) < 0 ||
	    history_index_update(ix, &args, &up, &errs, &err) < 0 ||
	    (nr = history_index_query(ix, &filter, &obs, &err)) < 0) {
		versus_err_print(&err, stderr);
		status = EXIT_INTERNAL;
		nr = 0;
	}
	if (status == EXIT_ALL_GOOD && term_verbosity > 0)
		term_info("index %s%s%s: %zu files, %zu added, %zu changed, "
			  "%zu removed",
			  db, history_index_built(ix) ? " built: " : "",
			  history_index_built(ix) ? history_index_built(ix)
						  : "",
			  up.files, up.added, up.changed, up.removed);
	struct trend_options topt = {fail_threshold >= 0 ? fail_threshold
							 : 0.05};
	series_nr = trend_build(obs, (size_t)nr, &topt, &series);
	struct history_view view = {
		.series = series,
		.series_nr = series_nr,
		.threshold = topt.threshold,
		.fail_on_regression = fail_threshold >= 0,
		.points = points,
		.reports = reports,
		.labels = history_labels(series, series_nr),
	};
	struct strbuf out = STRBUF_INIT, alerts = STRBUF_INIT;
	size_t nalerts = history_alerts(&view, &alerts);
	char *bad_path = NULL;
	if (status == EXIT_ALL_GOOD && fmt == REPORT_HTML) {
		int rc = history_write_html(&view, outdir, &bad_path);
		if (rc < 0) {
			fprintf(stderr,
				"versus: history: cannot write '%s': %s\n",
				bad_path ? bad_path : outdir, strerror(-rc));
			status = EXIT_INTERNAL;
		} else if (term_verbosity >= 0) {
			fprintf(stderr, "versus: wrote %s/index.html\n",
				outdir);
		}
		free(bad_path);
	} else if (status == EXIT_ALL_GOOD) {
		bool to_file = outdir != NULL;
		if (history_render(&view, fmt, to_file ? 0 : term_width(),
				   !to_file && fmt == REPORT_TABLE &&
					   term_color(stdout),
				   &out) < 0) {
			status = EXIT_INTERNAL;
		} else if (to_file) {
			FILE *fp = fopen(outdir, "w");
			if (!fp || fwrite(out.buf, 1, out.len, fp) != out.len ||
			    fclose(fp) != 0) {
				fprintf(stderr,
					"versus: history: cannot write "
					"'%s'\n",
					outdir);
				status = EXIT_INTERNAL;
			}
		} else {
			fwrite(out.buf, 1, out.len, stdout);
			fflush(stdout);
		}
	}
	versus_errs_print(&errs, stderr);
	if (nalerts && view.fail_on_regression)
		fprintf(stderr, "%s", alerts.buf);
	if (status == EXIT_ALL_GOOD) {
		if (view.fail_on_regression && nalerts)
			status = EXIT_FOUND;
		else if (errs.nr)
			status = EXIT_USAGE;
	}
	strbuf_release(&out);
	strbuf_release(&alerts);
	history_labels_free(view.labels, series_nr);
	trend_series_free(series, series_nr);
	for (long i = 0; i < nr; i++)
		trend_obs_release(&obs[i]);
	free(obs);
	history_index_free(ix);
	versus_errs_release(&errs);
	free(db);
	strvec_clear(&args);
	return status;
}

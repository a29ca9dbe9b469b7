/*
 * cmd_merge.c: 'versus merge [--plan FILE] RESULTS... -o OUT': the results
 * of the shards of a plan (and earlier merges) into one merge document
 * (docs/distributed.md, "Merging"; the merge itself is merge/merge.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "merge/merge.h"
#include "shard/shardplan.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "merge",
	.usage = "[OPTIONS] RESULTS...",
	.about = "Merge the result files of the shards of a plan (versus run "
		 "--shard), and earlier\n"
		 "merge documents, into one merge document: every unit of the "
		 "plan, present or\n"
		 "missing; one record per unit (duplicates from requeued "
		 "tasks resolved by a\n"
		 "documented rule); per-workload tables, the groups of a "
		 "workload pooled only\n"
		 "when their replicated anchors agree; summaries per hardware "
		 "fingerprint. A\n"
		 "RESULTS folder is read with its subfolders' *.json (one "
		 "level: shards/0/).\n"
		 "The document depends on the records alone, not on their "
		 "order or names: merging\n"
		 "again, or merging merges, gives the same bytes. 'versus "
		 "report' reads it.\n"
		 "\n"
		 "Refused: results of different plans; plain runs mixed with "
		 "shards; and, within\n"
		 "one workload, results of different hardware or environment "
		 "fingerprints or\n"
		 "different toolchains for one language (both nodes named), "
		 "unless --allow-mixed:\n"
		 "then one table per fingerprint, and no ratio across "
		 "machines.\n",
	.epilogue =
		"exit status: 0 the document is written and no unit is "
		"missing; 1 units are\n"
		"missing or incomplete (the document is written, the "
		"units listed on standard\n"
		"error; 0 with --allow-missing); 2 usage error, a bad result "
		"file or plan, or a\n"
		"refused merge (nothing is written); 3 the document could "
		"not be written.\n"
		"Docs: docs/distributed.md.\n",
	.no_args = "no result file or folder given",
};

/* The units of plan for merge_options (caller frees). */
static struct merge_plan_unit *plan_units(const struct shard_plan *p)
{
	struct merge_plan_unit *u = xcalloc(p->units_nr + 1, sizeof(*u));
	for (size_t i = 0; i < p->units_nr; i++) {
		u[i].id = p->units[i].id;
		u[i].shard = (long)p->units[i].shard;
	}
	return u;
}

static int write_doc(const char *output, const char *text)
{
	int rc;
	if (!strcmp(output, "-"))
		rc = fputs(text, stdout) < 0 || fflush(stdout) ? -EIO : 0;
	else
		rc = fs_write_replace(output, text, strlen(text), 0666);
	if (rc < 0)
		fprintf(stderr, "versus: %s: cannot write the merge: %s\n",
			output, strerror(-rc));
	return rc;
}

/* What was merged, on standard error. */
static void print_summary(const struct merge_result *res, const char *output,
			  const char *plan_id)
{
	for (size_t i = 0; i < res->notes.nr; i++)
		term_warn("%s", res->notes.v[i]);
	if (res->missing.nr) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < res->missing.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "",
				    res->missing.v[i]);
		term_warn("%zu of %zu units missing: %s", res->missing.nr,
			  res->units_nr, sb.buf);
		strbuf_release(&sb);
	}
	if (res->incomplete.nr) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < res->incomplete.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "",
				    res->incomplete.v[i]);
		term_warn("%zu of %zu units incomplete (their runs stopped "
			  "before every implementation was timed): %s",
			  res->incomplete.nr, res->units_nr, sb.buf);
		strbuf_release(&sb);
	}
	if (term_verbosity < 0)
		return;
	fprintf(stderr, "versus: merged %zu of %zu units", res->present_nr,
		res->units_nr);
	if (plan_id)
		fprintf(stderr, " (%zu shard%s of plan %.12s)", res->shards_nr,
			res->shards_nr == 1 ? "" : "s", plan_id);
	fprintf(stderr, ", %zu duplicate%s dropped%s%s\n", res->dropped_nr,
		res->dropped_nr == 1 ? "" : "s",
		strcmp(output, "-") ? "; wrote " : "",
		strcmp(output, "-") ? output : "");
}

int cmd_merge(int argc, char **argv)
{
	struct strvec paths = STRVEC_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct merge_inputs in = MERGE_INPUTS_INIT;
	struct merge_options mo = {.versus_version = VERSUS_VERSION};
	struct merge_result res;
	struct merge_plan_unit *units = NULL;
	struct shard_plan plan;
	bool have_plan = false, allow_mixed = false, allow_missing = false;
	const char *plan_path = NULL, *output = "merged.json";
	const struct opt opts[] = {
		{OPT_STRING(0, "plan", &plan_path, "FILE"),
		 .help = "the plan the shards ran (versus plan): every unit "
			 "of it is listed, present or missing, and a result "
			 "of another plan is refused",
		 .def = "none: the units of the results"},
		{OPT_FLAG(0, "allow-mixed", &allow_mixed),
		 .help = "merge a workload measured on different hardware, "
			 "environments or toolchains: one table per "
			 "fingerprint, no ratio across them"},
		{OPT_FLAG(0, "allow-missing", &allow_missing),
		 .help = "exit 0 also when units are missing (a partial "
			 "merge on purpose; they are still listed)"},
		{OPT_STRING('o', "output", &output, "FILE"),
		 .help = "where the merge document goes, atomically ('-': "
			 "standard output)",
		 .def = "merged.json"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &paths);
	if (code != CMD_GO_ON)
		goto out;

	if (plan_path) {
		struct versus_err err = {0};
		if (shard_plan_load(plan_path, &plan, &err) < 0) {
			versus_err_print(&err, stderr);
			code = EXIT_USAGE;
			goto out;
		}
		have_plan = true;
		units = plan_units(&plan);
		mo.plan_id = plan.id;
		mo.plan_units = units;
		mo.plan_units_nr = plan.units_nr;
	}
	mo.allow_mixed = allow_mixed;
	for (size_t i = 0; i < paths.nr; i++)
		merge_inputs_add_path(&in, paths.v[i], &errs);
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		fprintf(stderr, "versus: merge: nothing written\n");
		code = EXIT_USAGE;
		goto out;
	}
	if (!in.nr && !in.docs_nr && !have_plan) {
		fprintf(stderr,
			"versus: merge: no result file in %s%s; "
			"nothing written\n",
			paths.v[0], paths.nr > 1 ? " and the rest" : "");
		code = EXIT_USAGE;
		goto out;
	}
	if (merge_run(&in, &mo, &res, &errs) < 0) {
		versus_errs_print(&errs, stderr);
		fprintf(stderr, "versus: merge: refused; nothing written\n");
		code = EXIT_USAGE;
		goto out;
	}
	if (write_doc(output, res.text) < 0) {
		code = EXIT_INTERNAL;
	} else {
		print_summary(&res, output, res.plan_id);
		code = (res.missing.nr || res.incomplete.nr) && !allow_missing
			       ? EXIT_FOUND
			       : EXIT_ALL_GOOD;
	}
	merge_result_release(&res);
out:
	if (have_plan)
		shard_plan_release(&plan);
	free(units);
	merge_inputs_release(&in);
	versus_errs_release(&errs);
	strvec_clear(&paths);
	return code;
}

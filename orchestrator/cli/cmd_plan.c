/*
 * cmd_plan.c: 'versus plan PATH... --shards N': cut the workloads into N
 * shards for a cluster (docs/distributed.md), print how they fall and
 * write the plan that `versus run --shard K/N --plan FILE` runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "render/table.h"
#include "shard/shardplan.h"
#include "spec/recipe.h"
#include "util/alloc.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "plan",
	.usage = "[OPTIONS] --shards N PATH...",
	.about = "Cut the workloads PATH names (manifests, or folders of "
		 "them, sorted bytewise\n"
		 "by path) into N shards for N machines, longest first (LPT), "
		 "and write the plan\n"
		 "as JSON. A unit of work is by default one workload with all "
		 "its implementations\n"
		 "(at one size), so that every ratio comes from one machine. "
		 "Each unit's cost\n"
		 "comes from earlier results (--costs), else from the "
		 "manifest's `cost`, else is\n"
		 "uniform. Run shard K of it on a node with 'versus run "
		 "--shard K/N --plan FILE'.\n",
	.epilogue = "exit status: 0 the plan is written; 2 usage error, a bad "
		    "manifest or result file;\n"
		    "3 the plan could not be written. Docs: "
		    "docs/distributed.md.\n",
	.no_args = "no manifest or folder given",
};

static int opt_unit(const struct opt *o, const char *s, struct strbuf *why)
{
	struct shard_plan_options *po = o->ptr;
	return shard_unit_kind_parse(s, &po->kind, &po->group_size, why);
}

static int opt_push(const struct opt *o, const char *s, struct strbuf *why)
{
	(void)why;
	strvec_push(o->ptr, s);
	return 0;
}

static const struct table_column plan_cols[] = {
	{"SHARD", TABLE_RIGHT, 0, false, 5},
	{"UNITS", TABLE_RIGHT, 0, false, 5},
	{"EST. SECONDS", TABLE_RIGHT, 0, false, 12},
	{"UNIT IDS", TABLE_LEFT, 1, true, 16},
};

static void print_summary(const struct shard_plan *p, FILE *out)
{
	struct table t;
	struct strbuf sb = STRBUF_INIT;
	table_init(&t, plan_cols, sizeof(plan_cols) / sizeof(plan_cols[0]));
	for (size_t k = 0; k < p->count; k++) {
		const struct shard_list *l = &p->shards[k];
		double s = 0;
		strbuf_reset(&sb);
		for (size_t j = 0; j < l->nr; j++) {
			s += p->units[l->units[j]].cost_s;
			strbuf_addf(&sb, "%s%s", j ? " " : "",
				    p->units[l->units[j]].id);
		}
		char *cell = xstrfmt("%zu", k);
		table_add(&t, cell, NULL);
		free(cell);
		cell = xstrfmt("%zu", l->nr);
		table_add(&t, cell, NULL);
		free(cell);
		cell = xstrfmt("%.1f", s);
		table_add(&t, cell, NULL);
		free(cell);
		table_add(&t, l->nr ? sb.buf : "(empty)", NULL);
	}
	strbuf_reset(&sb);
	table_render_text(&t, term_width(), term_color(out), &sb);
	fputs(sb.buf, out);
	table_release(&t);
	strbuf_release(&sb);
}

/* "2 from results, 1 uniform" */
static void cost_note(const struct shard_plan *p, struct strbuf *sb)
{
	size_t n[3] = {0, 0, 0};
	for (size_t i = 0; i < p->units_nr; i++)
		n[p->units[i].cost_source]++;
	const char *what[3] = {"from results", "from manifest hints",
			       "uniform"};
	bool any = false;
	for (size_t s = 0; s < 3; s++)
		if (n[s]) {
			strbuf_addf(sb, "%s%zu %s", any ? ", " : "", n[s],
				    what[s]);
			any = true;
		}
}

int cmd_plan(int argc, char **argv)
{
	struct shard_plan_options po = {.kind = SHARD_UNIT_WORKLOAD};
	struct strvec sizes = STRVEC_INIT, costs = STRVEC_INIT;
	struct strvec paths = STRVEC_INIT;
	int shards = 0;
	const char *output = "plan.json", *runners = NULL;
	const struct opt opts[] = {
		{OPT_INT(0, "shards", &shards, "N", 1, SHARD_COUNT_MAX),
		 .help = "how many shards (machines, array tasks); required"},
		{OPT_CALLBACK(0, "unit", &po, "KIND", opt_unit),
		 .help = "the unit of work never split across shards: "
			 "workload (every implementation), size (one "
			 "per workload and size preset), or group:G (a "
			 "workload's implementations in groups of at most G, "
			 "the baseline in each as the anchor)",
		 .def = "workload"},
		{OPT_CALLBACK(0, "size", &sizes, "NAME", opt_push),
		 .help = "a size preset (repeatable with --unit size: one unit "
			 "per size; else at most once, the size every unit "
			 "runs at)",
		 .def = "--unit size: every preset of each manifest; else "
			"the manifest's params"},
		{OPT_CALLBACK(0, "costs", &costs, "RESULTS", opt_push),
		 .help = "earlier result files or folders (repeatable): a "
			 "unit's cost is its timed runs' and builds' wall "
			 "time there",
		 .def = "the manifests' `cost`, else uniform"},
		{OPT_STRING('o', "output", &output, "FILE"),
		 .help = "where the plan goes, replaced atomically ('-': "
			 "standard output, the summary then on standard "
			 "error; a device or pipe is written to, never "
			 "replaced)",
		 .def = "plan.json"},
		{CMD_OPT_RUNNERS(&runners)},
		{OPT_FLAG(0, "allow-outside-project",
			  &po.allow_outside_project),
		 .help = "accept manifests that name files outside their "
			 "project (workloads/README.md)"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &paths);
	if (code == CMD_GO_ON && !shards)
		code = cmd_usage_error("plan", "--shards N is required");
	if (code != CMD_GO_ON)
		goto out;
	po.count = (size_t)shards;
	po.sizes = &sizes;
	po.cost_paths = &costs;

	/* The languages are checked here, not first on the nodes. */
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct recipe_set recipes = {0};
	char *dir = recipe_default_dir();
	recipe_set_load_dirs(dir, runners, &recipes, &errs);
	free(dir);
	const char **known = xcalloc(recipes.nr + 1, sizeof(*known));
	for (size_t i = 0; i < recipes.nr; i++)
		known[i] = recipes.items[i].language;
	po.languages = known;
	struct shard_plan p;
	int rc = errs.nr ? -EINVAL
			 : shard_plan_build(&p, (const char *const *)paths.v,
					    paths.nr, &po, &errs);
	free(known);
	recipe_set_release(&recipes);
	if (rc < 0) {
		versus_errs_print(&errs, stderr);
		versus_errs_release(&errs);
		code = EXIT_USAGE;
		goto out;
	}
	versus_errs_release(&errs);
	bool to_stdout = !strcmp(output, "-");
	char *text = to_stdout ? shard_plan_text(&p) : NULL;
	if (!to_stdout)
		rc = shard_plan_write(&p, output);
	else if (!text)
		rc = -ENOMEM;
	else
		rc = fputs(text, stdout) < 0 || fflush(stdout) ? -EIO : 0;
	free(text);
	print_summary(&p, to_stdout ? stderr : stdout);
	struct strbuf note = STRBUF_INIT;
	cost_note(&p, &note);
	if (rc < 0) {
		fprintf(stderr, "versus: %s: cannot write the plan: %s\n",
			output, strerror(-rc));
		code = EXIT_INTERNAL;
	} else {
		if (term_verbosity >= 0)
			fprintf(stderr,
				"versus: plan %.12s: %zu unit%s in %zu "
				"shard%s (costs: %s)%s%s\n",
				p.id, p.units_nr, p.units_nr == 1 ? "" : "s",
				p.count, p.count == 1 ? "" : "s", note.buf,
				to_stdout ? "" : "; wrote ",
				to_stdout ? "" : output);
		code = EXIT_ALL_GOOD;
	}
	strbuf_release(&note);
	shard_plan_release(&p);
out:
	strvec_clear(&sizes);
	strvec_clear(&costs);
	strvec_clear(&paths);
	return code;
}

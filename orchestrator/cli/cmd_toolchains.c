/*
 * cmd_toolchains.c: 'versus toolchains'. Lists every runner recipe,
 * available or not, with the toolchain's version and real path. All
 * detections run concurrently, each once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "render/report.h"
#include "render/json_value.h"
#include "render/table.h"
#include "spec/plan.h"
#include "spec/recipe.h"
#include "util/alloc.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "toolchains",
	.usage = "[OPTIONS]",
	.about = "List every runner recipe (runners/*.yaml), available or "
		 "not: its\n"
		 "language id, title, whether its toolchain was found, the "
		 "version its\n"
		 "detect command printed and the real path of the toolchain "
		 "(shims\n"
		 "such as pyenv's and rustup's are resolved). An unavailable "
		 "toolchain\n"
		 "is listed with the reason; its implementations would be "
		 "NA.\n"
		 "With --verbose, also where the recipes come from and the "
		 "resolved path\n"
		 "of every tool.\n",
	.epilogue = "exit status: 0 (also when toolchains are missing); 2 a "
		    "usage error\n"
		    "or an invalid recipe (the valid ones are still listed).\n",
};

static const struct table_column toolchain_cols[] = {
	{"LANGUAGE", TABLE_LEFT, 0, true, 8},
	{"AVAILABLE", TABLE_LEFT, 0, false, 0},
	{"VERSION", TABLE_LEFT, 0, true, 10},
	{"PATH", TABLE_LEFT, 0, true, 12},
};

/* One row per recipe; its title, why it is unavailable and (verbose) its
 * tools under it. */
static void print_text(const struct recipe_set *set,
		       const struct toolchain_set *tcs)
{
	struct table t;
	struct strbuf sb = STRBUF_INIT;
	table_init(&t, toolchain_cols,
		   sizeof(toolchain_cols) / sizeof(toolchain_cols[0]));
	for (size_t i = 0; i < set->nr; i++) {
		const struct recipe *r = &set->items[i];
		const struct toolchain *tc = &tcs->items[i];
		table_add(&t, r->language, NULL);
		table_add(&t, tc->available ? "yes" : "no",
			  tc->available ? TERM_GREEN : TERM_YELLOW);
		table_add(&t, tc->version ? tc->version : "-", NULL);
		table_add(&t, tc->path ? tc->path : "-", NULL);
		table_add_note(&t, r->title);
		if (!tc->available)
			table_add_note(&t, tc->reason);
		if (term_verbosity > 0)
			for (size_t k = 0; k < tc->tools_nr; k++) {
				char *line = xstrfmt(
					"%s -> %s", tc->tool_names[k],
					tc->tool_paths[k] ? tc->tool_paths[k]
							  : "(not found)");
				table_add_note(&t, line);
				free(line);
			}
	}
	table_render_text(&t, term_width(), term_color(stdout), &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	table_release(&t);
}

static void print_json(const struct recipe_set *set,
		       const struct toolchain_set *tcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < set->nr; i++) {
		const struct recipe *r = &set->items[i];
		const struct toolchain *tc = &tcs->items[i];
		json_t *tools = json_object();
		for (size_t t = 0; t < tc->tools_nr; t++)
			json_object_set_new(
				tools, tc->tool_names[t],
				json_string_or_null(tc->tool_paths[t]));
		json_array_append_new(
			a,
			json_pack("{s:s,s:s,s:s,s:b,s:o,s:o,s:o,s:o}",
				  "language", r->language, "title", r->title,
				  "recipe", r->path, "available", tc->available,
				  "version", json_string_or_null(tc->version),
				  "path", json_string_or_null(tc->path),
				  "reason", json_string_or_null(tc->reason),
				  "tools", tools));
	}
	json_dumpf(a, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(a);
}

int cmd_toolchains(int argc, char **argv)
{
	const char *runners_opt = NULL;
	int format = REPORT_TABLE;
	const struct opt opts[] = {
		{CMD_OPT_RUNNERS(&runners_opt)},
		{CMD_OPT_FORMAT(&format, CMD_FORMAT(REPORT_TABLE) |
						 CMD_FORMAT(REPORT_JSON)),
		 .help = "table or json"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, NULL);
	if (code != CMD_GO_ON)
		return code;
	bool json = format == REPORT_JSON;
	enum recipe_dir_origin origin;
	char *dir = recipe_find_dir(&origin);
	if (!json && term_verbosity > 0) {
		struct strbuf sb = STRBUF_INIT;
		char *where = runners_opt
				      ? xstrfmt("%s (%s), then %s (%s)", dir,
						recipe_dir_origin_name(origin),
						runners_opt,
						recipe_dir_origin_name(
							RECIPE_DIR_OPTION))
				      : xstrfmt("%s (%s)", dir,
						recipe_dir_origin_name(origin));
		table_wrap_text(&sb, "recipes: ", where, term_width(), 2);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
		free(where);
	}
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct recipe_set set;
	int rc = recipe_set_load_dirs(dir, runners_opt, &set, &errs);
	struct toolchain_set tcs;
	toolchain_set_init(&tcs, &set);
	toolchain_set_detect(&tcs, NULL, 0);
	if (json)
		print_json(&set, &tcs);
	else if (set.nr)
		print_text(&set, &tcs);
	fflush(stdout);
	versus_errs_print(&errs, stderr);
	code = rc || errs.nr ? EXIT_USAGE : EXIT_ALL_GOOD;
	if (!rc && !set.nr) {
		fprintf(stderr, "versus: %s: no recipe (*.yaml) found\n", dir);
		code = EXIT_USAGE;
	}
	toolchain_set_release(&tcs);
	recipe_set_release(&set);
	versus_errs_release(&errs);
	free(dir);
	return code;
}

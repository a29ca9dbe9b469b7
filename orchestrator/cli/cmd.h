/*
 * cmd.h: the commands of the versus program. Each cmd_* declares its
 * options as a table (util/opt.h) and reads them with cmd_parse() (argv[0]
 * is the command name), calls the core, prints, and returns an exit code.
 * Only main.c and the cli/ files print or exit.
 */
#ifndef VERSUS_CMD_H
#define VERSUS_CMD_H

#include "spec/plan.h"
#include "util/kvlist.h"
#include "util/opt.h"
#include "util/strvec.h"
#include "util/version.h"

enum versus_exit {
	EXIT_ALL_GOOD = 0, /* everything OK */
	EXIT_FOUND = 1,	   /* the benchmark found a problem */
	EXIT_USAGE = 2,	   /* usage or manifest error */
	EXIT_INTERNAL = 3, /* the tool or the sandbox failed */
};

int cmd_run(int argc, char **argv);
/* What `versus bench` adds to a run of the manifests it wrote. */
struct bench_hooks; /* measure/bench.h */
struct cmd_run_extra {
	int rec_argc; /* the command recorded in results, after "versus" */
	char **rec_argv;
	const struct bench_hooks *hooks; /* NULL: none */
	bool show_output; /* print each implementation's output */
};
/* cmd_run() with extra (NULL: none). */
int cmd_run_as(int argc, char **argv, const struct cmd_run_extra *extra);
int cmd_bench(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_toolchains(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_slurm(int argc, char **argv);

/*
 * Print "versus: CMD: message" and "versus: try 'versus CMD --help'" (cmd
 * may be NULL: "versus: message" alone) on stderr; return EXIT_USAGE.
 */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The value of a results-folder option (run -o) that looks like a report
 * file's name (out.md, x.json, ...: a known extension) and is not an
 * existing folder: prints the usage error of cmd, which names option and
 * suggests --format or 'versus report -o', and returns EXIT_USAGE;
 * otherwise returns CMD_GO_ON. "out.md/" is taken as a folder.
 */
int cmd_results_folder(const char *cmd, const char *option, const char *path);

/* What --help says about a command besides its options. */
struct cmd_info {
	const char *name;  /* "run" */
	const char *usage; /* after "usage: versus run ": "[OPTIONS] PATH..." */
	const char *about; /* paragraphs, each line ending in '\n' */
	const char *epilogue; /* exit status and the like, or NULL */
	/* The usage error when no positional argument is given; NULL: none
	 * is needed. */
	const char *no_args;
	/* What the positional arguments complete to in a shell, e.g. "bash
	 * zsh"; NULL: file names. */
	const char *arg_words;
};

/* A row of the command table (main.c). */
struct cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/*
 * Documents generated from the option tables (cli/doc.c). A command run
 * with the hidden option --help-as=man|bash|zsh prints its part and
 * returns EXIT_ALL_GOOD; main.c prints the head (cmd_doc_begin) and the
 * tail (cmd_doc_end) around the parts of all commands.
 */
enum cmd_doc { CMD_DOC_NONE, CMD_DOC_MAN, CMD_DOC_BASH, CMD_DOC_ZSH };
extern const struct opt_choice cmd_doc_choices[];
/* Append info's part of doc (a man page section, a completion case). */
void cmd_doc(const struct cmd_info *info, const struct opt *opts,
	     enum cmd_doc doc, struct strbuf *out);
/* Append what comes before the commands' parts: cmds are all commands. */
void cmd_doc_begin(enum cmd_doc doc, const struct cmd_entry *cmds, size_t nr,
		   struct strbuf *out);
/* Append what comes after the commands' parts. */
void cmd_doc_end(enum cmd_doc doc, struct strbuf *out);
/* The paragraphs of `versus --help` and the man page about versus and
 * its exit codes. */
extern const char cmd_versus_about[], cmd_versus_exit[];

/* cmd_parse(): go on with the command. */
#define CMD_GO_ON (-1)
/* The release that drops the old option names and values. */
#define CMD_OLD_NAMES_GO_IN "0.3"

/*
 * Parse argv against opts and the common options (cmd_common_options),
 * flags as for opt_parse(); positional arguments go to args (NULL: the
 * command takes none, and one is a usage error). Deprecation
 * notes are printed as warnings. Returns CMD_GO_ON, or the exit code the
 * command returns at once: EXIT_ALL_GOOD after printing --help (on
 * stdout), EXIT_USAGE after printing the error.
 */
int cmd_parse(const struct cmd_info *info, const struct opt *opts, int argc,
	      char **argv, int flags, struct strvec *args);
/* Append the whole --help text of a command to out. */
void cmd_help(const struct cmd_info *info, const struct opt *opts,
	      struct strbuf *out);

/* -q, -v, --color, --no-color, --help: accepted by every command. */
extern const struct opt cmd_common_options[];

/* What run and check read from the command line about the plan. */
struct cmd_plan_args {
	struct plan_options plan; /* its params and only point below */
	struct kvlist params;
	struct strvec only;
	char *sweep_param; /* --param K=V1,V2,...: K, or NULL */
	struct strvec sweep_values;
	const char *runners; /* --runners, or NULL */
};
void cmd_plan_args_init(struct cmd_plan_args *a);
void cmd_plan_args_release(struct cmd_plan_args *a);
opt_fn cmd_opt_only, cmd_opt_param;
/* A percentage ("5", "5%", "2.5") into the double at o->ptr, as a
 * fraction (compare --threshold, history --fail-on-regression). */
opt_fn cmd_opt_percent;
/*
 * The rows of --only, --size, --param, --build-root (old name --build-dir),
 * --runners and --allow-outside-project, shared by run and check, storing
 * into the struct cmd_plan_args *a.
 */
#define CMD_PLAN_OPTIONS(a, build_root_help)                                   \
	{OPT_CALLBACK(0, "only", a, "ID,...", cmd_opt_only),                   \
	 .help = "only these implementation ids (the baseline is always "      \
		 "kept: ratios and outputs are relative to it)"},              \
		{OPT_STRING(0, "size", &(a)->plan.size, "NAME"),               \
		 .help = "a size preset of the manifests (e.g. small, "        \
			 "large)"},                                            \
		{OPT_CALLBACK(0, "param", a, "K=V", cmd_opt_param),            \
		 .help = "override parameter K (repeatable); K=V1,V2,...: "    \
			 "a sweep, one point per value"},                      \
		{CMD_OPT_RUNNERS(&(a)->runners)},                              \
		{OPT_STRING(0, "build-root", &(a)->plan.build_root, "DIR"),    \
		 .help = build_root_help,                                      \
		 .def = "$XDG_CACHE_HOME/versus, else ~/.cache/versus"},       \
		{OPT_ALIAS("build-dir", "build-root", NULL,                    \
			   CMD_OLD_NAMES_GO_IN)},                              \
	{                                                                      \
		OPT_FLAG(0, "allow-outside-project",                           \
			 &(a)->plan.allow_outside_project),                    \
			.help = "accept source, stdin, expect and input "      \
				"files outside the manifest's project "        \
				"(workloads/README.md)"                        \
	}

/*
 * --cpus N|LIST (run, bench, sandbox) into a const char *: its syntax is
 * checked here (cpulist_parse_request), what it means on this machine
 * where it is used.
 */
opt_fn cmd_opt_cpus;
#define CMD_OPT_CPUS(p, default)                                               \
	OPT_CALLBACK(0, "cpus", p, "N|LIST", cmd_opt_cpus),                    \
		.help = "confine every run to N CPUs (chosen once: the "       \
			"lowest-numbered but CPU 0, which comes last), or "    \
			"to a CPU list with '-' or ',' (2-3, 0,2; one CPU "    \
			"as 3-3): a cpuset, else the affinity",                \
		.def = (default)

/* --runners DIR (run, check, toolchains). */
#define CMD_OPT_RUNNERS(p)                                                     \
	OPT_STRING(0, "runners", p, "DIR"),                                    \
		.help = "more runner recipes: each adds to the shipped "       \
			"ones, or replaces the one of its language",           \
		.def = "none: the shipped ones ($VERSUS_RUNNERS, else "        \
		       "the installed recipes: runners/README.md)"
/* --cgroups MODE (run, sandbox) into an int holding an enum
 * sandbox_cgroups. */
#define CMD_OPT_CGROUPS(p)                                                     \
	OPT_CHOICE(0, "cgroups", p, "MODE", cmd_cgroups_choices),              \
		.help = "auto: the best mode, else none with a warning; "      \
			"required: fail without cgroups; off",                 \
		.def = "auto"
extern const struct opt_choice cmd_cgroups_choices[];
/*
 * -f/--format FMT into an int holding an enum report_format: every output
 * format has one name across commands (plain output is "table"; "text" is
 * its old name in check and toolchains). mask: the formats the command
 * has, CMD_FORMAT(REPORT_TABLE) | ...
 */
#define CMD_FORMAT(f) (1ULL << (f))
#define CMD_OPT_FORMAT(p, mask)                                                \
	OPT_CHOICE('f', "format", p, "FMT", cmd_formats),                      \
		.choice_mask = (mask), .def = "table"
extern const struct opt_choice cmd_formats[];
/* --time-unit UNIT into an int holding an enum report_time_unit. */
#define CMD_OPT_TIME_UNIT(p)                                                   \
	OPT_CHOICE(0, "time-unit", p, "UNIT", cmd_time_units),                 \
		.help = "unit of times in tables: s, ms, us, or auto (one "    \
			"per figure)",                                         \
		.def = "auto"
extern const struct opt_choice cmd_time_units[];

#endif

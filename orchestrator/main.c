/*
 * main.c: the versus front end. Reads the options before the command
 * (those common to every command, --help, --version) with the same parser
 * the commands use, then dispatches through the command table. All logic
 * lives in the cmd_* files and the libraries.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli/cmd.h"
#include "util/alloc.h"
#include "util/commit.h"
#include "util/opt.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "util/banned.h"

static int cmd_completions(int argc, char **argv);

static const struct cmd_entry commands[] = {
	{"run", cmd_run, "build, check and time workloads; print ratio tables"},
	{"bench", cmd_bench,
	 "compare two or more command lines (ad hoc, like hyperfine)"},
	{"init", cmd_init,
	 "write a manifest for your source files, checked by a trial run"},
	{"check", cmd_check,
	 "validate manifests and recipes, detect toolchains, print the plan"},
	{"sandbox", cmd_sandbox,
	 "run one command confined and measured; print JSON"},
	{"plan", cmd_plan,
	 "cut workloads into N shards for a cluster; write the plan"},
	{"merge", cmd_merge,
	 "merge the results of a plan's shards into one document"},
	{"slurm", cmd_slurm,
	 "plan, write and submit a Slurm job array and its merge job"},
	{"report", cmd_report, "render saved results (table|md|csv|json|html)"},
	{"compare", cmd_compare,
	 "compare two result sets; exit 1 on a regression"},
	{"history", cmd_history,
	 "trends and change points over many runs; exit 1 on a regression"},
	{"toolchains", cmd_toolchains,
	 "list runner recipes, their toolchains and versions"},
	{"doctor", cmd_doctor,
	 "check this machine for what makes numbers wrong or noisy"},
	{"completions", cmd_completions,
	 "print the bash or zsh completion script"},
};
#define COMMANDS_NR (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
		    "usage: versus [--version] [--help] COMMAND [OPTIONS] "
		    "[ARGS]\n"
		    "\n"
		    "%s"
		    "\n"
		    "commands:\n",
		    cmd_versus_about);
	for (size_t i = 0; i < COMMANDS_NR; i++)
		strbuf_addf(&sb, "  %-11s %s\n", commands[i].name,
			    commands[i].summary);
	strbuf_addstr(&sb, "\noptions accepted by every command:\n");
	opt_help(cmd_common_options, &sb);
	strbuf_addf(&sb,
		    "\n"
		    "Long options may be shortened to a unique prefix.\n"
		    "%s"
		    "\n"
		    "'versus COMMAND --help' describes a command. Docs: "
		    "README.md, man versus.\n",
		    cmd_versus_exit);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/*
 * The whole of doc on stdout: the head, each command's part (printed by
 * the command itself, run with --help-as, as its options are its own),
 * the tail. Returns the exit code.
 */
static int print_doc(enum cmd_doc doc)
{
	struct strbuf sb = STRBUF_INIT;
	cmd_doc_begin(doc, commands, COMMANDS_NR, &sb);
	fputs(sb.buf, stdout);
	strbuf_reset(&sb);
	int code = EXIT_ALL_GOOD;
	for (size_t i = 0; i < COMMANDS_NR && code == EXIT_ALL_GOOD; i++) {
		char *name = xstrdup(commands[i].name);
		char *as =
			xstrfmt("--help-as=%s", doc == CMD_DOC_MAN    ? "man"
						: doc == CMD_DOC_BASH ? "bash"
								      : "zsh");
		char *sub[] = {name, as, NULL};
		fflush(stdout);
		code = commands[i].fn(2, sub);
		free(name);
		free(as);
	}
	cmd_doc_end(doc, &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	return fflush(stdout) ? EXIT_INTERNAL : code;
}

static const struct cmd_info completions_info = {
	.name = "completions",
	.usage = "SHELL",
	.about = "Print the completion script of versus for SHELL (bash or "
		 "zsh), generated\n"
		 "from the same option tables as --help. An installed versus "
		 "has them in\n"
		 "PREFIX/share/bash-completion/completions/versus and\n"
		 "PREFIX/share/zsh/site-functions/_versus. By hand:\n"
		 "\n"
		 "  source <(versus completions bash)\n",
	.no_args = "no shell given (bash or zsh)",
	.arg_words = "bash zsh",
};

static int cmd_completions(int argc, char **argv)
{
	struct strvec args = STRVEC_INIT;
	const struct opt opts[] = {{0}};
	int code = cmd_parse(&completions_info, opts, argc, argv, 0, &args);
	if (code == CMD_GO_ON) {
		if (args.nr != 1 ||
		    (strcmp(args.v[0], "bash") && strcmp(args.v[0], "zsh")))
			code = cmd_usage_error("completions",
					       "expected one shell, bash or "
					       "zsh");
		else
			code = print_doc(strcmp(args.v[0], "bash")
						 ? CMD_DOC_ZSH
						 : CMD_DOC_BASH);
	}
	strvec_clear(&args);
	return code;
}

static const struct cmd_entry *find_command(const char *name)
{
	for (size_t i = 0; i < COMMANDS_NR; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* `versus help COMMAND`: that command's --help. */
static int help_command(const struct strvec *args)
{
	const struct cmd_entry *c =
		args->nr > 1 ? find_command(args->v[1]) : NULL;
	if (!c) {
		print_help(stdout);
		return EXIT_ALL_GOOD;
	}
	char help[] = "--help";
	char *sub[] = {args->v[1], help, NULL};
	return c->fn(2, sub);
}

int main(int argc, char **argv)
{
	/*
	 * Not dumpable, first thing: no core file, and /proc/<pid>/environ,
	 * mem, fd of versus (the caller's secrets, the launcher's socket) are
	 * then closed to every process without CAP_SYS_PTRACE, a benchmark
	 * running as the same uid included. The launcher inherits it.
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	term_setup(TERM_COLOR_AUTO);
	bool version = false, man = false;
	const struct opt opts[] = {
		{OPT_FLAG('V', "version", &version)},
		{OPT_INCLUDE(cmd_common_options)},
		/* the man page versus(1), for the build (CMakeLists.txt) */
		{OPT_FLAG(0, "help-man", &man), .hidden = true},
		{0},
	};
	struct strvec args = STRVEC_INIT;
	struct versus_err err = {0};
	int rc =
		opt_parse(opts, argc, argv, OPT_STOP_AT_ARG, &args, NULL, &err);
	int code;
	const struct cmd_entry *c;
	if (rc < 0) {
		code = cmd_usage_error(NULL, "%s; try 'versus --help'",
				       err.message);
	} else if (rc == OPT_HELP_ASKED) {
		print_help(stdout);
		code = EXIT_ALL_GOOD;
	} else if (version) {
		printf("versus %s (commit %s)\n", VERSUS_VERSION,
		       VERSUS_COMMIT);
		code = EXIT_ALL_GOOD;
	} else if (man) {
		code = print_doc(CMD_DOC_MAN);
	} else if (!args.nr) {
		print_help(stderr);
		code = EXIT_USAGE;
	} else if (!strcmp(args.v[0], "help")) {
		code = help_command(&args);
	} else if ((c = find_command(args.v[0]))) {
		code = c->fn((int)args.nr, args.v);
	} else {
		code = cmd_usage_error(NULL,
				       "'%s' is not a versus command; try "
				       "'versus --help'",
				       args.v[0]);
	}
	strvec_clear(&args);
	return code;
}

/*
 * main.c: the versus front end. Reads the options before the command
 * (those common to every command, --help, --version) with the same parser
 * the commands use, then dispatches through the command table. All logic
 * lives in the cmd_* files and the libraries.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli/cmd.h"
#include "util/opt.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "util/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"run", cmd_run, "build, check and time workloads; print ratio tables"},
	{"check", cmd_check,
	 "validate manifests and recipes, detect toolchains, print the plan"},
	{"sandbox", cmd_sandbox,
	 "run one command confined and measured; print JSON"},
	{"report", cmd_report, "render saved results (table|md|csv|json|html)"},
	{"compare", cmd_compare,
	 "compare two result sets; exit 1 on a regression"},
	{"toolchains", cmd_toolchains,
	 "list runner recipes, their toolchains and versions"},
	{"doctor", cmd_doctor,
	 "check this machine for what makes numbers wrong or noisy"},
};

static void print_help(FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb,
		      "usage: versus [--version] [--help] COMMAND [OPTIONS] "
		      "[ARGS]\n"
		      "\n"
		      "versus builds equivalent programs in many languages, "
		      "runs each in a sandbox\n"
		      "(cgroups + seccomp), checks that their outputs agree, "
		      "and reports time and\n"
		      "memory ratios with confidence intervals.\n"
		      "\n"
		      "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		strbuf_addf(&sb, "  %-11s %s\n", commands[i].name,
			    commands[i].summary);
	strbuf_addstr(&sb, "\noptions accepted by every command:\n");
	opt_help(cmd_common_options, &sb);
	strbuf_addstr(&sb,
		      "\n"
		      "Long options may be shortened to a unique prefix. "
		      "Exit codes: 0 all good;\n"
		      "1 the benchmark found a problem; 2 usage or manifest "
		      "error; 3 versus or its\n"
		      "sandbox failed.\n"
		      "\n"
		      "'versus COMMAND --help' describes a command. Docs: "
		      "README.md.\n");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* `versus help COMMAND`: that command's --help. */
static int help_command(const struct strvec *args)
{
	const struct command *c =
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
	bool version = false;
	const struct opt opts[] = {
		{OPT_FLAG('V', "version", &version)},
		{OPT_INCLUDE(cmd_common_options)},
		{0},
	};
	struct strvec args = STRVEC_INIT;
	struct versus_err err = {0};
	int rc =
		opt_parse(opts, argc, argv, OPT_STOP_AT_ARG, &args, NULL, &err);
	int code;
	const struct command *c;
	if (rc < 0) {
		code = cmd_usage_error(NULL, "%s; try 'versus --help'",
				       err.message);
	} else if (rc == OPT_HELP_ASKED) {
		print_help(stdout);
		code = EXIT_ALL_GOOD;
	} else if (version) {
		printf("versus %s\n", VERSUS_VERSION);
		code = EXIT_ALL_GOOD;
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

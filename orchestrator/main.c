/*
 * main.c: the versus front end. Strips the options common to every
 * command (-q, -v, --color, --no-color), then dispatches through the
 * command table. All logic lives in the cmd_* files and the libraries.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli/cmd.h"
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
	fputs("usage: versus [--version] [--help] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "versus builds equivalent programs in many languages, runs each "
	      "in a sandbox\n"
	      "(cgroups + seccomp), checks that their outputs agree, and "
	      "reports time and\n"
	      "memory ratios with confidence intervals.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-11s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n"
	      "options accepted by every command:\n"
	      "  -q, --quiet             only errors and results\n"
	      "  -v, --verbose           more detail (repeat for more)\n"
	      "      --color=WHEN        auto, always or never (NO_COLOR is "
	      "honoured)\n"
	      "      --no-color          same as --color=never\n"
	      "  -h, --help              help for versus or a command\n"
	      "\n"
	      "exit codes: 0 all good; 1 the benchmark found a problem; 2 "
	      "usage "
	      "or manifest\n"
	      "error; 3 versus or its sandbox failed.\n"
	      "\n"
	      "'versus COMMAND --help' describes a command. Docs: README.md.\n",
	      out);
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("versus: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "versus: try 'versus %s --help'\n", cmd);
	return EXIT_USAGE;
}

int cmd_not_implemented(const char *cmd)
{
	fprintf(stderr, "versus: %s: not implemented yet\n", cmd);
	return EXIT_INTERNAL;
}

/*
 * Remove the common options from argv (up to a "--"), applying them.
 * Returns the new argc, or -1 after printing a usage error.
 */
static int strip_common_options(int argc, char **argv)
{
	enum term_color_mode color = TERM_COLOR_AUTO;
	int out = 1;
	int i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			term_verbosity = -1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			term_verbosity =
				term_verbosity < 0 ? 1 : term_verbosity + 1;
		} else if (!strcmp(a, "-vv")) {
			term_verbosity = 2;
		} else if (!strcmp(a, "--no-color")) {
			color = TERM_COLOR_NEVER;
		} else if (!strncmp(a, "--color", 7) &&
			   (a[7] == '\0' || a[7] == '=')) {
			const char *when = a[7] == '=' ? a + 8 : "always";
			if (!strcmp(when, "auto"))
				color = TERM_COLOR_AUTO;
			else if (!strcmp(when, "always"))
				color = TERM_COLOR_ALWAYS;
			else if (!strcmp(when, "never"))
				color = TERM_COLOR_NEVER;
			else {
				cmd_usage_error(
					NULL,
					"--color: expected auto, always "
					"or never, not '%s'",
					when);
				return -1;
			}
		} else {
			argv[out++] = argv[i];
		}
	}
	for (; i < argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	term_setup(color);
	return out;
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
	argc = strip_common_options(argc, argv);
	if (argc < 0)
		return EXIT_USAGE;
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
	    !strcmp(name, "help")) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			char help[] = "--help";
			char *sub[] = {argv[2], help, NULL};
			for (size_t i = 0;
			     i < sizeof(commands) / sizeof(commands[0]); i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].fn(2, sub);
		}
		print_help(stdout);
		return EXIT_ALL_GOOD;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("versus %s\n", VERSUS_VERSION);
		return EXIT_ALL_GOOD;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].fn(argc - 1, argv + 1);
	if (name[0] == '-')
		return cmd_usage_error(NULL,
				       "unknown option '%s'; try "
				       "'versus --help'",
				       name);
	return cmd_usage_error(NULL,
			       "'%s' is not a versus command; try "
			       "'versus --help'",
			       name);
}

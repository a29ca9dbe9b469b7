/*
 * cmd.h: the commands of the versus program. Each cmd_* parses its own
 * options (argv[0] is the command name), calls the core, prints, and
 * returns an exit code. Only main.c and cmd_*.c may exit.
 */
#ifndef VERSUS_CMD_H
#define VERSUS_CMD_H

#include "util/version.h"

enum versus_exit {
	EXIT_ALL_GOOD = 0, /* everything OK */
	EXIT_FOUND = 1,	   /* the benchmark found a problem */
	EXIT_USAGE = 2,	   /* usage or manifest error */
	EXIT_INTERNAL = 3, /* the tool or the sandbox failed */
};

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_toolchains(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

/* Print "versus: message" and return EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For commands whose issue has not landed: say so and return 3. */
int cmd_not_implemented(const char *cmd);

#endif

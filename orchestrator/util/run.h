/*
 * run.h: running a short command of the user's own (a toolchain's detect
 * command, git, sbatch, scontrol) outside the sandbox, with a timeout and
 * capped output.
 */
#ifndef VERSUS_RUN_H
#define VERSUS_RUN_H

#include "util/strbuf.h"

/* The most bytes kept of each captured stream. */
#define RUN_OUTPUT_MAX (64 * 1024)

/*
 * Run argv (argv[0] an absolute path) in its own process group, stdin
 * from /dev/null, stdout captured into out and stderr into err_out (each
 * capped at RUN_OUTPUT_MAX), or both into out when err_out is NULL; killed
 * with its process group after timeout_ms. Returns the wait status,
 * -ETIMEDOUT, or a negative errno when it could not start.
 */
int run_capture(char *const *argv, long long timeout_ms, struct strbuf *out,
		struct strbuf *err_out);

#endif

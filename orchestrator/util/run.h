/*
 * run.h: running a short command of the user's own (a toolchain's detect
 * command, git, sbatch, scontrol) outside the sandbox, with a timeout and
 * capped output.
 */
#ifndef VERSUS_RUN_H
#define VERSUS_RUN_H

#include <stdbool.h>

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

/* How run_capture_with() ends a command early. */
struct run_opts {
	long long timeout_ms; /* <= 0: no timeout */
	/*
	 * Polled at least every 100 ms (NULL: never): once it returns true,
	 * or at the timeout, the command gets stop_signal (0: SIGKILL at
	 * once), its output is still read, and after grace_ms its process
	 * group is killed.
	 */
	bool (*stop)(void);
	int stop_signal;
	long long grace_ms;
};

/*
 * run_capture() with opts: returns the wait status (also of a command
 * that ended after stop_signal), -ETIMEDOUT when it had to be killed, or
 * a negative errno when it could not start. *stopped (may be NULL) tells
 * whether stop or the timeout fired.
 */
int run_capture_with(char *const *argv, const struct run_opts *opts,
		     struct strbuf *out, struct strbuf *err_out, bool *stopped);

#endif

/*
 * spawn_int.h: the spec stage's way of running a short command of the
 * user's own (a toolchain's detect command, git), outside the sandbox.
 */
#ifndef VERSUS_SPAWN_INT_H
#define VERSUS_SPAWN_INT_H

#include "util/strbuf.h"

/*
 * Run argv (argv[0] an absolute path) with stdout and stderr captured
 * together into out (capped at 64 KiB), stdin from /dev/null, killed with
 * its process group after timeout_ms. Returns the wait status,
 * -ETIMEDOUT, or a negative errno when it could not start.
 */
int spec_run_capture(char *const *argv, long long timeout_ms,
		     struct strbuf *out);

#endif

/*
 * build.h: the compile step of one implementation, in the sandbox under
 * the build policy, with a cache: a rebuild happens only when the source,
 * the build argv, the environment or the toolchain changed.
 */
#ifndef VERSUS_BUILD_H
#define VERSUS_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "spec/plan.h"
#include "sandbox.h"
#include "measure/status.h"
#include "util/err.h"

struct build_outcome {
	enum impl_status status; /* OK, CE, or a sandbox fate (TO, ML...) */
	bool cached;
	uint64_t wall_ns;
	uint64_t output_bytes; /* size of the files the build left */
	char *stderr_head;     /* first lines of the compiler's output */
	char *message;	       /* one line when not OK */
};

/* Lines of compiler output kept in stderr_head. */
#define BUILD_STDERR_LINES 20

/*
 * Build pi in pi->builddir (created; emptied before a real build). Returns
 * 0 with out filled whatever the build's fate, or a negative errno (err
 * filled) when the sandbox or the file system failed; -EINTR when
 * interrupted. Caller releases out with build_outcome_release().
 */
int build_impl(struct sandbox *sb, const struct plan_impl *pi,
	       struct build_outcome *out, struct versus_err *err);
void build_outcome_release(struct build_outcome *out);

/*
 * The cache key of pi's build, as 64 hex digits and a NUL in key: the
 * SHA-256 of everything that can change what the build produces, each
 * field length-prefixed: the source file's bytes, the build argv, the
 * whole environment, the toolchain's path and version. A build folder
 * whose stamp holds the key is reused. Returns 0, or a negative errno when
 * the source cannot be read (key untouched).
 */
int build_cache_key(const struct plan_impl *pi, char key[65]);

/*
 * Lock dir (a workload's build folder, created if missing) so that two
 * versus runs never build or time in it at once: one would empty the
 * other's build, or time the other's source. The lock is an flock on the
 * folder itself, held until build_unlock() or the end of the process.
 * With wait false, returns -EWOULDBLOCK at once when another process holds
 * it; with wait true, waits for it (-EINTR when a signal arrives). Returns
 * the lock (>= 0) or a negative errno with err filled.
 */
int build_lock(const char *dir, bool wait, struct versus_err *err);
/* Release a lock of build_lock(); accepts -1. */
void build_unlock(int lock);

#endif

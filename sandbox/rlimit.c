/*
 * rlimit.c: the per-process limits every child gets. They are fixed for all
 * languages so that numbers compare; there is deliberately no RLIMIT_AS
 * (the JVM, V8 and Go reserve huge virtual ranges they never touch) and no
 * RLIMIT_NPROC (root ignores it; pids.max is what stops a fork bomb).
 * RLIMIT_NICE and RLIMIT_RTPRIO are 0: without CAP_SYS_NICE a run can
 * neither lower its nice value nor take a real-time policy (seccomp.c
 * stops a run that has the capability).
 */
#include "sandbox_int.h"

#include <errno.h>
#include <math.h>

#include "util/banned.h"

#define SB_DEFAULT_FSIZE_BYTES (1ULL << 30)
#define SB_NOFILE	       4096
#define SB_STACK_BYTES	       (64ULL << 20)

void sb_rlimits_from_spec(const struct sandbox_spec *spec, bool backstop,
			  struct sb_rlimits *out)
{
	if (spec->cpu_limit_s > 0) {
		/*
		 * SIGXCPU at the limit (one second after it when the parent
		 * polls the whole tree anyway), SIGKILL one second later for
		 * a program that ignores SIGXCPU.
		 */
		out->cpu_soft_s =
			(rlim_t)ceil(spec->cpu_limit_s) + (backstop ? 1 : 0);
		out->cpu_hard_s = out->cpu_soft_s + 1;
	} else {
		out->cpu_soft_s = RLIM_INFINITY;
		out->cpu_hard_s = RLIM_INFINITY;
	}
	out->fsize_bytes = spec->file_size_limit_bytes
				   ? spec->file_size_limit_bytes
				   : SB_DEFAULT_FSIZE_BYTES;
	out->nofile = SB_NOFILE;
	out->stack_bytes = SB_STACK_BYTES;
}

/* Never try to raise a hard limit: without privilege that fails. */
static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit now;
	if (getrlimit(resource, &now))
		return -errno;
	if (now.rlim_max != RLIM_INFINITY &&
	    (hard == RLIM_INFINITY || hard > now.rlim_max))
		hard = now.rlim_max;
	if (soft == RLIM_INFINITY || soft > hard)
		soft = hard;
	struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};
	return setrlimit(resource, &rl) ? -errno : 0;
}

int sb_rlimits_apply(const struct sb_rlimits *limits)
{
	int ret;
	if ((ret = set_limit(RLIMIT_CORE, 0, 0)))
		return ret;
	if ((ret = set_limit(RLIMIT_CPU, limits->cpu_soft_s,
			     limits->cpu_hard_s)))
		return ret;
	if ((ret = set_limit(RLIMIT_FSIZE, limits->fsize_bytes,
			     limits->fsize_bytes)))
		return ret;
	if ((ret = set_limit(RLIMIT_NOFILE, limits->nofile, limits->nofile)))
		return ret;
	if ((ret = set_limit(RLIMIT_NICE, 0, 0)))
		return ret;
	if ((ret = set_limit(RLIMIT_RTPRIO, 0, 0)))
		return ret;
	return set_limit(RLIMIT_STACK, limits->stack_bytes,
			 limits->stack_bytes);
}

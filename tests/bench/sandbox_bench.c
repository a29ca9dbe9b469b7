/*
 * sandbox_bench.c: what the sandbox costs. Two measurements in one run:
 *
 *   1. N runs of /bin/true through sandbox_run() against N bare
 *      posix_spawn + wait4: per-run time of each (means, then medians,
 *      which the noise of a shared machine moves less), the ratio, the
 *      extra microseconds per run, and the wall_ns the sandbox reported
 *      (it should match the bare spawn: it leaves the setup out).
 *   2. A CPU-bound program (this binary with --work) and a syscall-bound
 *      one (--syscalls) run R times each with seccomp policy none and run,
 *      interleaved: median CPU time of each and the ratio.
 *
 * usage: sandbox_bench [N [R]]   (defaults 200 and 7)
 *
 * Environment knobs: SANDBOX_BENCH_CGROUPS=off, SANDBOX_BENCH_NOBOX,
 * SANDBOX_BENCH_NOSECCOMP; and, to make the spec of the runs more like
 * versus run's (measure/bench.c): SANDBOX_BENCH_READABLE=DIR:DIR...,
 * SANDBOX_BENCH_HOME (HOME is the work folder), SANDBOX_BENCH_MEMORY and
 * SANDBOX_BENCH_OUTPUT (limits in bytes), SANDBOX_BENCH_CPU (seconds),
 * SANDBOX_BENCH_PATH (the program's PATH, whose covered folders the box
 * binds).
 */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "util/banned.h"

extern char **environ;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fixed CPU work with no system calls. */
static int work(unsigned long n)
{
	volatile unsigned long h = 1469598103934665603UL;
	for (unsigned long i = 0; i < n; i++)
		h = (h ^ i) * 1099511628211UL;
	return h == 42; /* never, but the compiler cannot know */
}

/* Fixed number of cheap system calls (each one passes the filter). */
static int syscalls(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		getppid();
	return 0;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int run_once(struct sandbox *sb, const char *const *argv,
		    enum sandbox_policy policy, double *cpu_s, double *wall_s)
{
	struct sandbox_spec spec = {.argv = argv,
				    .policy = policy,
				    .wall_limit_s = 60,
				    .pids_limit = 64};
	/* knobs that make the spec more like versus run's (bench.c) */
	static char *readable[16];
	static bool knobs_read;
	if (!knobs_read) {
		knobs_read = true;
		char *list = getenv("SANDBOX_BENCH_READABLE");
		size_t n = 0;
		while (list && *list && n < 15) {
			readable[n++] = list;
			list = strchr(list, ':');
			if (list)
				*list++ = '\0';
		}
	}
	if (readable[0])
		spec.readable = (const char *const *)readable;
	spec.home_is_workdir = getenv("SANDBOX_BENCH_HOME") != NULL;
	if (getenv("SANDBOX_BENCH_MEMORY"))
		spec.memory_limit_bytes =
			strtoull(getenv("SANDBOX_BENCH_MEMORY"), NULL, 10);
	static char path_env[4096];
	static const char *envp[2];
	if (getenv("SANDBOX_BENCH_PATH")) {
		snprintf(path_env, sizeof(path_env), "PATH=%s",
			 getenv("SANDBOX_BENCH_PATH"));
		envp[0] = path_env;
		spec.envp = envp;
	}
	if (getenv("SANDBOX_BENCH_CPU"))
		spec.cpu_limit_s = strtod(getenv("SANDBOX_BENCH_CPU"), NULL);
	if (getenv("SANDBOX_BENCH_OUTPUT"))
		spec.output_limit_bytes =
			strtoull(getenv("SANDBOX_BENCH_OUTPUT"), NULL, 10);
	struct sandbox_result r;
	struct versus_err err;
	int ret = sandbox_run(sb, &spec, &r, &err);
	if (ret || r.status != SANDBOX_OK) {
		fprintf(stderr, "sandbox_bench: run failed: %s %s\n",
			ret ? err.message : sandbox_status_name(r.status),
			r.message);
		sandbox_result_release(&r);
		return -1;
	}
	if (cpu_s)
		*cpu_s = (double)(r.user_ns + r.sys_ns) / 1e9;
	if (wall_s)
		*wall_s = (double)r.wall_ns / 1e9;
	sandbox_result_release(&r);
	return 0;
}

static double bare_spawn(const char *const *argv, double *cpu_s)
{
	pid_t pid;
	double t = now_s();
	if (posix_spawn(&pid, argv[0], NULL, NULL,
			(char *const *)(uintptr_t)argv, environ))
		return -1;
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	if (cpu_s)
		*cpu_s = (double)ru.ru_utime.tv_sec +
			 (double)ru.ru_utime.tv_usec / 1e6 +
			 (double)ru.ru_stime.tv_sec +
			 (double)ru.ru_stime.tv_usec / 1e6;
	return now_s() - t;
}

static int bench_cpu(struct sandbox *sb, const char *self, const char *mode,
		     const char *count, int repeats)
{
	const char *argv[] = {self, mode, count, NULL};
	double none[64], run[64], bare[64];
	for (int i = 0; i < repeats; i++) {
		if (run_once(sb, argv, SANDBOX_POLICY_NONE, &none[i], NULL) ||
		    run_once(sb, argv, SANDBOX_POLICY_RUN, &run[i], NULL))
			return -1;
		bare_spawn(argv, &bare[i]);
	}
	double mb = median(bare, repeats), mn = median(none, repeats),
	       mr = median(run, repeats);
	printf("%-10s unconfined %.4f s, sandbox without seccomp %.4f s, with "
	       "seccomp %.4f s\n",
	       mode + 2, mb, mn, mr);
	printf("%-10s seccomp/no-seccomp %.4f, sandbox/unconfined %.4f\n",
	       mode + 2, mr / mn, mr / mb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--work"))
		return work(strtoul(argv[2], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "--syscalls"))
		return syscalls(strtoul(argv[2], NULL, 10));
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;
	int repeats = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 7;
	if (n < 1 || repeats < 1 || repeats > 64)
		return 2;
	const char *want = getenv("SANDBOX_BENCH_CGROUPS");
	struct sandbox_config config = {
		.cgroups = want && !strcmp(want, "off") ? SANDBOX_CGROUPS_OFF
							: SANDBOX_CGROUPS_AUTO,
		.box = getenv("SANDBOX_BENCH_NOBOX") ? SANDBOX_BOX_OFF
						     : SANDBOX_BOX_AUTO};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	if (!sb) {
		fprintf(stderr, "sandbox_bench: %s\n", err.message);
		return 3;
	}
	printf("mode %s, box %s\n", sandbox_mode_name(sandbox_mode(sb)),
	       sandbox_box_name(sandbox_box(sb)));

	const char *true_argv[] = {"/bin/true", NULL};
	double sandboxed = 0, bare = 0;
	double *run_s = calloc((size_t)n, sizeof(double));
	double *wall_s = calloc((size_t)n, sizeof(double));
	double *bare_s = calloc((size_t)n, sizeof(double));
	if (!run_s || !wall_s || !bare_s)
		return 3;
	/* interleaved, so drift in machine load hits both alike */
	for (int i = 0; i < n; i++) {
		double t = now_s();
		if (run_once(sb, true_argv,
			     getenv("SANDBOX_BENCH_NOSECCOMP")
				     ? SANDBOX_POLICY_NONE
				     : SANDBOX_POLICY_RUN,
			     NULL, &wall_s[i]))
			return 3;
		run_s[i] = now_s() - t;
		bare_s[i] = bare_spawn(true_argv, NULL);
		sandboxed += run_s[i];
		bare += bare_s[i];
	}
	printf("/bin/true x %d: sandbox_run %.3f ms/run, posix_spawn+wait4 "
	       "%.3f ms/run, ratio %.2f, extra %.0f us/run\n",
	       n, sandboxed / n * 1e3, bare / n * 1e3, sandboxed / bare,
	       (sandboxed - bare) / n * 1e6);
	double mr = median(run_s, n), mb = median(bare_s, n),
	       mw = median(wall_s, n);
	printf("/bin/true medians: sandbox_run %.3f ms, posix_spawn+wait4 "
	       "%.3f ms, extra %.0f us; wall_ns reported %.3f ms\n",
	       mr * 1e3, mb * 1e3, (mr - mb) * 1e6, mw * 1e3);
	free(run_s);
	free(wall_s);
	free(bare_s);

	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return 3;
	self[len] = '\0';
	if (bench_cpu(sb, self, "--work", "400000000", repeats) ||
	    bench_cpu(sb, self, "--syscalls", "2000000", repeats))
		return 3;
	sandbox_free(sb);
	return 0;
}

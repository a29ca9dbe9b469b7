/*
 * output_hash_bench.c: what capturing and hashing a run's stdout costs. A
 * writer of MIB MiB (output_writer) is run R times through sandbox_run()
 * with the capture a timed run of versus uses, and R times into a plain
 * pipe that this program reads and throws away (64 KiB reads, nothing
 * else), interleaved (the order alternates each round). Per round it
 * prints both wall times; then the medians, their ratio, and the median
 * CPU time (user+sys) of the writer on each side.
 *
 * Wall time is what versus records: from the child's execve to its reap
 * under the sandbox; from posix_spawn to the reap for the pipe. The
 * reader's CPU (this process: the drain loop, or the plain read loop) is
 * printed too: it is what the digest costs, free of the machine's noise
 * in the wall times.
 *
 * The depth of each side's stdout pipe is printed: the plain pipe's is the
 * system's default (64 KiB, what a shell gives a user's pipeline), the
 * sandbox's is whatever it sets (the writer reports it on stderr).
 *
 * Every sandboxed run's digest is checked against the digest of the
 * writer's output made once, untimed, from the whole output in memory;
 * a mismatch or a short output fails (exit 1): ctest runs it small as
 * bench_output_hash_equal.
 *
 * usage: output_hash_bench WRITER [MIB [R]]   (defaults 200 and 9)
 */
#include <errno.h>
#include <fcntl.h>
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

#ifdef SANDBOX_DIGEST_ALGORITHM
#define BENCH_DIGEST SANDBOX_DIGEST_ALGORITHM
#else
#define BENCH_DIGEST "sha256"
#endif

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static double self_cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/*
 * The digest of the writer's output, made once outside the timing: its
 * whole output read from a pipe into memory and hashed as a buffer by
 * sandbox_digest_hex, the same function as the drain loop's digest but
 * not the same code path (one call over the whole, not a stream of
 * reads). Every sandboxed run's digest must equal it. Returns 0 or -1.
 */
static int reference_digest(const char *const *argv, uint64_t want,
			    char hex[SANDBOX_DIGEST_HEX_LEN + 1])
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL,
			     (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return -1;
	}
	char *all = malloc(want + 1);
	uint64_t got = 0;
	while (all) {
		ssize_t n = read(p[0], all + got, want + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (uint64_t)n;
		if (got > want)
			break;
	}
	close(p[0]);
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) ||
	    !all || got != want) {
		free(all);
		return -1;
	}
	sandbox_digest_hex(all, (size_t)want, hex);
	free(all);
	return 0;
}

static char reference[SANDBOX_DIGEST_HEX_LEN + 1];
static int boxed_depth, piped_depth; /* stdout pipe bytes, as seen */

static int boxed(struct sandbox *sb, const char *const *argv, uint64_t want,
		 double *wall_s, double *cpu_s, double *reader_s)
{
	/* as a timed run of versus with the manifest's default limits: 4 KiB
	   kept, every byte hashed, the tree's CPU watched */
	struct sandbox_spec spec = {.argv = argv,
				    .wall_limit_s = 120,
				    .cpu_limit_s = 100,
				    .pids_limit = 64,
				    .capture_stdout_bytes = 4096,
				    .capture_stderr_bytes = 64u << 10};
	struct sandbox_result r;
	struct versus_err err;
	double c0 = self_cpu_s();
	int ret = sandbox_run(sb, &spec, &r, &err);
	*reader_s = self_cpu_s() - c0;
	if (ret || r.status != SANDBOX_OK || r.stdout_bytes != want) {
		fprintf(stderr,
			"output_hash_bench: sandboxed run failed: %s %s\n",
			ret ? err.message : sandbox_status_name(r.status),
			ret ? "" : r.message);
		if (!ret)
			sandbox_result_release(&r);
		return -1;
	}
	if (strcmp(r.stdout_digest, reference)) {
		fprintf(stderr,
			"output_hash_bench: the sandboxed run's digest %s is "
			"not the output's, %s\n",
			r.stdout_digest, reference);
		sandbox_result_release(&r);
		return -1;
	}
	*wall_s = (double)r.wall_ns / 1e9;
	*cpu_s = (double)(r.user_ns + r.sys_ns) / 1e9;
	const char *d =
		r.stderr_data ? strstr(r.stderr_data, "stdout pipe: ") : NULL;
	if (d)
		boxed_depth =
			(int)strtol(d + strlen("stdout pipe: "), NULL, 10);
	sandbox_result_release(&r);
	return 0;
}

static int piped(const char *const *argv, uint64_t want, double *wall_s,
		 double *cpu_s, double *reader_s)
{
	static char buf[65536];
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return -1;
	/* OUTPUT_BENCH_PIPE_BYTES: the plain pipe as deep as the sandbox's
	   (1048576), to compare like with like */
	const char *depth = getenv("OUTPUT_BENCH_PIPE_BYTES");
	if (depth && *depth)
		fcntl(p[0], F_SETPIPE_SZ, (int)strtol(depth, NULL, 10));
	piped_depth = fcntl(p[0], F_GETPIPE_SZ);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	double t0 = now_s(), c0 = self_cpu_s();
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL,
			     (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		errno = rc;
		return -1;
	}
	uint64_t got = 0;
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	close(p[0]);
	*reader_s = self_cpu_s() - c0;
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid)
		return -1;
	*wall_s = now_s() - t0;
	*cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	if (!WIFEXITED(st) || WEXITSTATUS(st) || got != want) {
		fprintf(stderr, "output_hash_bench: piped run failed\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: output_hash_bench WRITER [MIB [R]]\n");
		return 2;
	}
	const char *mib = argc > 2 ? argv[2] : "200";
	int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 9;
	if (rounds < 1 || rounds > 1000)
		return 2;
	uint64_t want = strtoull(mib, NULL, 10) << 20;
	const char *wargv[] = {argv[1], mib, NULL};
	/* OUTPUT_BENCH_CGROUPS=off, OUTPUT_BENCH_BOX=off: to find where a
	   difference comes from */
	const char *cg = getenv("OUTPUT_BENCH_CGROUPS");
	const char *bx = getenv("OUTPUT_BENCH_BOX");
	struct sandbox_config config = {
		.cgroups = cg && !strcmp(cg, "off") ? SANDBOX_CGROUPS_OFF
						    : SANDBOX_CGROUPS_AUTO,
		.box = bx && !strcmp(bx, "off") ? SANDBOX_BOX_OFF
						: SANDBOX_BOX_AUTO};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	if (!sb) {
		fprintf(stderr, "output_hash_bench: %s\n", err.message);
		return 3;
	}
	if (reference_digest(wargv, want, reference)) {
		fprintf(stderr, "output_hash_bench: %s did not write %s MiB\n",
			argv[1], mib);
		sandbox_free(sb);
		return 1;
	}
	double *bw = calloc((size_t)rounds * 6, sizeof(double));
	double *bc = bw + rounds, *pw = bc + rounds, *pc = pw + rounds;
	double *br = pc + rounds, *pr = br + rounds;
	int ret = 0;
	printf("%s MiB to stdout, %d rounds; mode %s, box %s; digest %s\n", mib,
	       rounds, sandbox_mode_name(sandbox_mode(sb)),
	       sandbox_box_name(sandbox_box(sb)), BENCH_DIGEST);
	printf("round  sandbox_s  pipe_s  ratio\n");
	for (int i = 0; i < rounds && !ret; i++) {
		if (i % 2) {
			ret = piped(wargv, want, &pw[i], &pc[i], &pr[i]) ||
			      boxed(sb, wargv, want, &bw[i], &bc[i], &br[i]);
		} else {
			ret = boxed(sb, wargv, want, &bw[i], &bc[i], &br[i]) ||
			      piped(wargv, want, &pw[i], &pc[i], &pr[i]);
		}
		if (!ret)
			printf("%5d  %9.3f  %6.3f  %5.3f\n", i + 1, bw[i],
			       pw[i], bw[i] / pw[i]);
	}
	if (!ret)
		printf("outputs equal: every sandboxed run's %s digest is the "
		       "output's, %s\n",
		       BENCH_DIGEST, reference);
	if (!ret) {
		double b = median(bw, rounds), p = median(pw, rounds);
		printf("median wall: sandbox %.3f s, pipe %.3f s, ratio %.3f "
		       "(%.2f GB/s through the sandbox)\n",
		       b, p, b / p, (double)want / b / 1e9);
		printf("median writer CPU: sandbox %.3f s, pipe %.3f s\n",
		       median(bc, rounds), median(pc, rounds));
		printf("median reader CPU: sandbox %.3f s (whole sandbox_run), "
		       "pipe %.3f s\n",
		       median(br, rounds), median(pr, rounds));
		printf("stdout pipe depth: sandbox %d bytes, plain pipe %d "
		       "bytes\n",
		       boxed_depth, piped_depth);
	}
	free(bw);
	sandbox_free(sb);
	return ret ? 1 : 0;
}

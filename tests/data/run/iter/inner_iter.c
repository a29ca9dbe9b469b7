/*
 * iterations.inner (tests/cli/run_iterations.sh): each iteration runs the
 * work VERSUS_ITER_INNER times; argv[2] is the manifest's {inner} and
 * must be the same number (exit 3 otherwise), argv[1] {iterations}.
 * After each iter line a metric "cpu" (the process's CPU clock over that
 * iteration; recorded, not checked: it can be tick-based).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ns(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static volatile long size = 1000000; /* read anew by every repetition */

/* not inlined: the same code whatever the repetitions (inlined into the
 * repetition loop, gcc -O2 made each repetition 3.5x slower) */
__attribute__((noinline)) static long long work(void)
{
	long long sum = 0;
	for (long long i = 0; i < size; i++)
		sum = (sum + i * i) % 1000000007;
	return sum;
}

int main(int argc, char **argv)
{
	const char *n = getenv("VERSUS_ITERATIONS"),
		   *fd = getenv("VERSUS_ITER_FD"),
		   *inner = getenv("VERSUS_ITER_INNER");
	FILE *out = NULL;
	long iterations = 1, reps = 1;
	long long result = 0;
	if (argc != 3 || (inner && strcmp(inner, argv[2]))) {
		fprintf(stderr, "VERSUS_ITER_INNER %s, {inner} %s\n",
			inner ? inner : "unset", argc > 2 ? argv[2] : "none");
		return 3;
	}
	if (n && fd && (out = fdopen((int)strtol(fd, NULL, 10), "w"))) {
		setvbuf(out, NULL, _IOLBF, 0);
		iterations = strtol(n, NULL, 10);
		reps = inner ? strtol(inner, NULL, 10) : 1;
	}
	for (long i = 0; i < iterations; i++) {
		long long c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		long long t0 = now_ns(CLOCK_MONOTONIC);
		for (long k = 0; k < reps; k++)
			result = work();
		long long ns = now_ns(CLOCK_MONOTONIC) - t0;
		long long cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (out)
			fprintf(out, "iter %lld\nmetric cpu %lld ns\n", ns,
				cpu);
	}
	if (out)
		fclose(out);
	printf("%lld\n", result);
	return 0;
}

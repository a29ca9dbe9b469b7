/*
 * fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
 * n! permutations of 0..n-1 in the benchmark's counting order, counts the
 * prefix reversals ("flips") each needs until 0 comes first, and prints
 * the alternating-sign checksum of the flip counts and the maximum.
 * No deviation.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PROG "fannkuchredux"

#define MAX_N 32

/* Flips needed to bring 0 to the front of p (modified). */
static int count_flips(int *p)
{
	int flips = 0;
	int first = p[0];

	while (first != 0) {
		for (int lo = 0, hi = first; lo < hi; lo++, hi--) {
			int t = p[lo];
			p[lo] = p[hi];
			p[hi] = t;
		}
		flips++;
		first = p[0];
	}
	return flips;
}

/* One full run over the n! permutations: checksum and maximum flips. */
static void run(int n, long *checksum_out, int *max_flips_out)
{
	int perm[MAX_N], work[MAX_N], count[MAX_N];
	long checksum = 0;
	int max_flips = 0;
	long index = 0;

	for (int i = 0; i < n; i++)
		perm[i] = i;
	int r = n;
	for (;;) {
		for (; r != 1; r--)
			count[r - 1] = r;

		if (perm[0] != 0) {
			for (int i = 0; i < n; i++)
				work[i] = perm[i];
			int flips = count_flips(work);
			if (flips > max_flips)
				max_flips = flips;
			checksum += index % 2 == 0 ? flips : -flips;
		}

		/* Next permutation: rotate the first r+1 elements left until a
		 * rotation count is not exhausted. */
		for (;;) {
			if (r == n)
				goto done;
			int first = perm[0];
			for (int i = 0; i < r; i++)
				perm[i] = perm[i + 1];
			perm[r] = first;
			if (--count[r] > 0)
				break;
			r++;
		}
		index++;
	}
done:
	*checksum_out = checksum;
	*max_flips_out = max_flips;
}

/*
 * Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
 * and VERSUS_ITER_FD=K set, the workload runs N times in this process;
 * fd K gets "start <ns>" (CLOCK_MONOTONIC when main began) and, after each
 * iteration (VERSUS_ITER_INNER runs, 1 by default) and outside its timed
 * region, "iter <ns>". The output is printed
 * once, after the last run. Without the variables: one run, no protocol.
 */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The decimal value of environment variable name, in [lo, hi], or exit. */
static long env_long(const char *name, long lo, long hi)
{
	const char *s = getenv(name);
	char *end = NULL;
	long v = -1;

	if (s && *s >= '0' && *s <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end)
			v = -1;
	}
	if (v < lo || v > hi) {
		fprintf(stderr, PROG ": %s must be a number in %ld..%ld\n",
			name, lo, hi);
		exit(2);
	}
	return v;
}

/* Iterations asked for, and their fd in *fd; 0 in one-shot mode. */
static long iter_mode(int *fd)
{
	if (!getenv("VERSUS_ITERATIONS") && !getenv("VERSUS_ITER_FD"))
		return 0;
	*fd = (int)env_long("VERSUS_ITER_FD", 3, INT_MAX);
	return env_long("VERSUS_ITERATIONS", 1, 1000000);
}

/* Repetitions of the workload in one iteration: VERSUS_ITER_INNER, 1
 * when unset (docs/iterations.md, "Inner repetitions"). */
static long iter_inner(void)
{
	if (!getenv("VERSUS_ITER_INNER"))
		return 1;
	return env_long("VERSUS_ITER_INNER", 1, 1000000000);
}

static void iter_line(int fd, const char *kind, long long ns)
{
	char line[48];
	int len = snprintf(line, sizeof(line), "%s %lld\n", kind, ns);

	if (write(fd, line, (size_t)len) != len) {
		perror(PROG ": iteration fd");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long long start = now_ns();
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 7;
	int fd = -1;
	long iterations;
	/* Read anew by every run: the compiler cannot merge or hoist runs. */
	volatile int n_v = n;
	long checksum = 0, last_checksum = 0;
	int max_flips = 0, last_max_flips = 0;

	if (n < 1 || n > MAX_N) {
		fprintf(stderr, PROG ": n must be 1..%d\n", MAX_N);
		return 1;
	}
	iterations = iter_mode(&fd);
	if (iterations > 0)
		iter_line(fd, "start", start);
	long inner = iterations > 0 ? iter_inner() : 1;
	for (long i = 0; i < (iterations > 0 ? iterations : 1); i++) {
		long long t0 = now_ns();
		for (long k = 0; k < inner; k++)
			run(n_v, &checksum, &max_flips);
		long long t1 = now_ns();

		if (i > 0 && (checksum != last_checksum ||
			      max_flips != last_max_flips)) {
			fputs(PROG ": runs gave different results\n", stderr);
			return 1;
		}
		last_checksum = checksum;
		last_max_flips = max_flips;
		if (iterations > 0)
			iter_line(fd, "iter", t1 - t0);
	}
	printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
	return 0;
}

/*
 * spectralnorm: spectral norm of the infinite matrix
 * A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
 * Game definition). Ten rounds of the power method on A^T A; prints
 * sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PROG "spectralnorm"

static inline double a_entry(long i, long j)
{
	return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A * in */
static void mul_a(const double *in, double *out, long n)
{
	for (long i = 0; i < n; i++) {
		double sum = 0;
		for (long j = 0; j < n; j++)
			sum += a_entry(i, j) * in[j];
		out[i] = sum;
	}
}

/* out = A^T * in */
static void mul_at(const double *in, double *out, long n)
{
	for (long i = 0; i < n; i++) {
		double sum = 0;
		for (long j = 0; j < n; j++)
			sum += a_entry(j, i) * in[j];
		out[i] = sum;
	}
}

/* out = A^T * A * in, tmp is scratch of n doubles */
static void mul_ata(const double *in, double *out, double *tmp, long n)
{
	mul_a(in, tmp, n);
	mul_at(tmp, out, n);
}

/* One full run: the norm of the n x n block; u, v, tmp are n doubles. */
static double run(long n, double *u, double *v, double *tmp)
{
	for (long i = 0; i < n; i++)
		u[i] = 1.0;
	for (int round = 0; round < 10; round++) {
		mul_ata(u, v, tmp, n);
		mul_ata(v, u, tmp, n);
	}
	double vbv = 0, vv = 0;
	for (long i = 0; i < n; i++) {
		vbv += u[i] * v[i];
		vv += v[i] * v[i];
	}
	return sqrt(vbv / vv);
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
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
	int fd = -1;
	long iterations = iter_mode(&fd);
	/* Read anew by every run: the compiler cannot merge or hoist runs. */
	volatile long n_v = n;
	double *u = malloc(n * sizeof(*u));
	double *v = malloc(n * sizeof(*v));
	double *tmp = malloc(n * sizeof(*tmp));
	double norm = 0, last = 0;

	if (!u || !v || !tmp) {
		fputs(PROG ": out of memory\n", stderr);
		return 1;
	}
	if (iterations > 0)
		iter_line(fd, "start", start);
	long inner = iterations > 0 ? iter_inner() : 1;
	for (long i = 0; i < (iterations > 0 ? iterations : 1); i++) {
		long long t0 = now_ns();
		for (long k = 0; k < inner; k++)
			norm = run(n_v, u, v, tmp);
		long long t1 = now_ns();

		if (i > 0 && norm != last) {
			fputs(PROG ": runs gave different results\n", stderr);
			return 1;
		}
		last = norm;
		if (iterations > 0)
			iter_line(fd, "iter", t1 - t0);
	}
	printf("%.9f\n", norm);
	free(u);
	free(v);
	free(tmp);
	return 0;
}

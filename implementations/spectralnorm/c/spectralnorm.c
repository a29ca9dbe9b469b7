/*
 * spectralnorm: spectral norm of the infinite matrix
 * A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
 * Game definition). Ten rounds of the power method on A^T A; prints
 * sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
	double *u = malloc(n * sizeof(*u));
	double *v = malloc(n * sizeof(*v));
	double *tmp = malloc(n * sizeof(*tmp));

	if (!u || !v || !tmp) {
		fputs("spectralnorm: out of memory\n", stderr);
		return 1;
	}
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
	printf("%.9f\n", sqrt(vbv / vv));
	free(u);
	free(v);
	free(tmp);
	return 0;
}

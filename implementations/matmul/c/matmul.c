/*
 * matmul: multiply two n x n matrices of doubles (plb2's matmul task;
 * written here from its description). n is rounded down to an even number;
 * both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
 * its own array; c = a * b with the i-k-j loop order (the inner loop is an
 * axpy over a row of b and a row of c). Prints c[n/2][n/2] (%.9f).
 * No deviation; the compiler may vectorise the inner loop and contract
 * a multiply and an add into a fused multiply-add (validated with a
 * relative tolerance).
 */
#include <stdio.h>
#include <stdlib.h>

static double **mat_new(long n)
{
	double **m = malloc(n * sizeof(*m));

	if (!m)
		return NULL;
	for (long i = 0; i < n; i++) {
		m[i] = calloc(n, sizeof(**m));
		if (!m[i])
			return NULL;
	}
	return m;
}

static void mat_free(double **m, long n)
{
	for (long i = 0; i < n; i++)
		free(m[i]);
	free(m);
}

static void mat_gen(double **m, long n)
{
	double tmp = 1.0 / (double)n / (double)n;

	for (long i = 0; i < n; i++)
		for (long j = 0; j < n; j++)
			m[i][j] = tmp * (double)(i - j) * (double)(i + j);
}

/* c = a * b; c starts at zero. */
static void mat_mul(double **a, double **b, double **c, long n)
{
	for (long i = 0; i < n; i++) {
		double *ci = c[i];

		for (long k = 0; k < n; k++) {
			double aik = a[i][k];
			const double *bk = b[k];

			for (long j = 0; j < n; j++)
				ci[j] += aik * bk[j];
		}
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1500;

	n = n / 2 * 2;
	if (n < 2 || n > 100000) {
		fputs("matmul: n must be 2..100000\n", stderr);
		return 2;
	}
	double **a = mat_new(n), **b = mat_new(n), **c = mat_new(n);

	if (!a || !b || !c) {
		fputs("matmul: out of memory\n", stderr);
		return 1;
	}
	mat_gen(a, n);
	mat_gen(b, n);
	mat_mul(a, b, c, n);
	printf("%.9f\n", c[n / 2][n / 2]);
	mat_free(a, n);
	mat_free(b, n);
	mat_free(c, n);
	return 0;
}

// matmul: multiply two n x n matrices of doubles (plb2's matmul task;
// written here from its description). n is rounded down to an even number;
// both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
// its own vector; c = a * b with the i-k-j loop order (the inner loop is an
// axpy over a row of b and a row of c). Prints c[n/2][n/2] (%.9f).
// No deviation; the compiler may vectorise the inner loop and contract a
// multiply and an add into a fused multiply-add (validated with a relative
// tolerance).
#include <cstdio>
#include <cstdlib>
#include <vector>

using Matrix = std::vector<std::vector<double>>;

static Matrix mat_gen(long n)
{
	const double tmp =
		1.0 / static_cast<double>(n) / static_cast<double>(n);
	Matrix m(n, std::vector<double>(n));

	for (long i = 0; i < n; i++)
		for (long j = 0; j < n; j++)
			m[i][j] = tmp * static_cast<double>(i - j) *
				  static_cast<double>(i + j);
	return m;
}

static Matrix mat_mul(const Matrix &a, const Matrix &b, long n)
{
	Matrix c(n, std::vector<double>(n));

	for (long i = 0; i < n; i++) {
		double *ci = c[i].data();

		for (long k = 0; k < n; k++) {
			const double aik = a[i][k];
			const double *bk = b[k].data();

			for (long j = 0; j < n; j++)
				ci[j] += aik * bk[j];
		}
	}
	return c;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1500;

	n = n / 2 * 2;
	if (n < 2 || n > 100000) {
		std::fputs("matmul: n must be 2..100000\n", stderr);
		return 2;
	}
	const Matrix a = mat_gen(n), b = mat_gen(n);
	const Matrix c = mat_mul(a, b, n);
	std::printf("%.9f\n", c[n / 2][n / 2]);
	return 0;
}

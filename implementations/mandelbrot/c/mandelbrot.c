/*
 * mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] as an n x n
 * bitmap (Benchmarks Game definition): 50 iterations of z = z^2 + c,
 * escape when |z|^2 > 4, a set bit for a point that never escapes, eight
 * pixels per byte (first pixel in the high bit, rows padded), written as a
 * binary PBM ("P4\nW H\n"). One pixel at a time, no SIMD; no deviation.
 */
#include <stdio.h>
#include <stdlib.h>

#define ITERATIONS 50
#define LIMIT_SQ   4.0

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200;
	long row_bytes = (n + 7) / 8;
	unsigned char *row = malloc(row_bytes > 0 ? row_bytes : 1);

	if (!row) {
		fputs("mandelbrot: out of memory\n", stderr);
		return 1;
	}
	printf("P4\n%ld %ld\n", n, n);
	for (long y = 0; y < n; y++) {
		double ci = 2.0 * y / n - 1.0;
		unsigned bits = 0;
		long out = 0;
		for (long x = 0; x < n; x++) {
			double cr = 2.0 * x / n - 1.5;
			double zr = 0, zi = 0, tr = 0, ti = 0;
			for (int i = 0; i < ITERATIONS && tr + ti <= LIMIT_SQ;
			     i++) {
				zi = 2.0 * zr * zi + ci;
				zr = tr - ti + cr;
				tr = zr * zr;
				ti = zi * zi;
			}
			bits = bits << 1 | (tr + ti <= LIMIT_SQ);
			if (x % 8 == 7) {
				row[out++] = (unsigned char)bits;
				bits = 0;
			}
		}
		if (n % 8 != 0)
			row[out++] = (unsigned char)(bits << (8 - n % 8));
		fwrite(row, 1, (size_t)row_bytes, stdout);
	}
	free(row);
	return 0;
}

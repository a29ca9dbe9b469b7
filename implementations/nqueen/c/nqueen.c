/*
 * nqueen: count the placements of n non-attacking queens on an n x n board
 * (plb2's nqueen task; written here from its description: depth-first
 * backtracking over rows with 32-bit bit masks of the attacked columns and
 * diagonals, no recursion). Prints the count. n is 1..31. No deviation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static long nqueen(int n)
{
	uint32_t all = ((uint32_t)1 << n) - 1;
	uint32_t cols[32], left[32], right[32], avail[32];
	long count = 0;
	int k = 0;

	cols[0] = left[0] = right[0] = 0;
	avail[0] = all;
	while (k >= 0) {
		if (avail[k] == 0) {
			k--;
			continue;
		}
		uint32_t bit = avail[k] & (0u - avail[k]);

		avail[k] ^= bit;
		if (k == n - 1) {
			count++;
			continue;
		}
		cols[k + 1] = cols[k] | bit;
		left[k + 1] = ((left[k] | bit) << 1) & all;
		right[k + 1] = (right[k] | bit) >> 1;
		avail[k + 1] =
			all & ~(cols[k + 1] | left[k + 1] | right[k + 1]);
		k++;
	}
	return count;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 15;

	if (n < 1 || n > 31) {
		fputs("nqueen: n must be 1..31\n", stderr);
		return 2;
	}
	printf("%ld\n", nqueen(n));
	return 0;
}

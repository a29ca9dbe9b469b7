/*
 * fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
 * n! permutations of 0..n-1 in the benchmark's counting order, counts the
 * prefix reversals ("flips") each needs until 0 comes first, and prints
 * the alternating-sign checksum of the flip counts and the maximum.
 * No deviation.
 */
#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 7;
	int perm[MAX_N], work[MAX_N], count[MAX_N];
	long checksum = 0;
	int max_flips = 0;
	long index = 0;

	if (n < 1 || n > MAX_N) {
		fprintf(stderr, "fannkuchredux: n must be 1..%d\n", MAX_N);
		return 1;
	}
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
	printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
	return 0;
}

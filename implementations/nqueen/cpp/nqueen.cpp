// nqueen: count the placements of n non-attacking queens on an n x n board
// (plb2's nqueen task; written here from its description: depth-first
// backtracking over rows with 32-bit bit masks of the attacked columns and
// diagonals, no recursion). Prints the count. n is 1..31. No deviation.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static long nqueen(int n)
{
	const uint32_t all = (uint32_t{1} << n) - 1;
	std::array<uint32_t, 32> cols{}, left{}, right{}, avail{};
	long count = 0;
	int k = 0;

	avail[0] = all;
	while (k >= 0) {
		if (avail[k] == 0) {
			k--;
			continue;
		}
		const uint32_t bit = avail[k] & (0u - avail[k]);

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
	const int n = argc > 1 ? std::atoi(argv[1]) : 15;

	if (n < 1 || n > 31) {
		std::fputs("nqueen: n must be 1..31\n", stderr);
		return 2;
	}
	std::printf("%ld\n", nqueen(n));
	return 0;
}

/* Sums 1..n and prints the total: a tiny, deterministic workload. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	unsigned long long s = 0;
	for (long i = 1; i <= n; i++)
		s += (unsigned long long)i;
	printf("sum %llu\n", s);
	printf("mean %.7f\n", n ? (double)s / (double)n : 0.0);
	return 0;
}

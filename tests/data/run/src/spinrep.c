/*
 * Spins the dependent chain of spin.c n times over, SPIN_REPEAT (default
 * 1) times from the same start, and prints its end: the same output for
 * any repeat, a known multiple of the work (tests/cli/run_published.sh).
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	const char *r = getenv("SPIN_REPEAT");
	long repeat = r ? strtol(r, NULL, 10) : 1;
	volatile unsigned x = 1;
	for (long k = 0; k < repeat; k++) {
		x = 1;
		for (long i = 0; i < n; i++)
			x = x * 1103515245u + 12345u;
	}
	printf("%u\n", x);
	return 0;
}

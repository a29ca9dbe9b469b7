/* Spins n iterations of a dependent chain (about 5 ms for n = 1300000 here). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	volatile unsigned x = 1;
	for (long i = 0; i < n; i++)
		x = x * 1103515245u + 12345u;
	printf("%u\n", x);
	return 0;
}

/*
 * A program whose wall time is a + b n by construction: it sleeps until
 * A ms after its start (the start-up), then n times until B ms more
 * (absolute deadlines, so lateness never accumulates), and prints n.
 * Usage: linear A_MS B_MS N. Sleeping, not spinning, keeps the figure
 * the same on a loaded machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void sleep_until(const struct timespec *t0, double ms)
{
	struct timespec t = *t0;
	long long ns = (long long)(ms * 1e6);
	t.tv_sec += ns / 1000000000LL;
	t.tv_nsec += ns % 1000000000LL;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) ==
	       EINTR)
		;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	double a = strtod(argv[1], NULL), b = strtod(argv[2], NULL);
	long n = strtol(argv[3], NULL, 10);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sleep_until(&t0, a);
	for (long i = 1; i <= n; i++)
		sleep_until(&t0, a + b * (double)i);
	printf("%ld\n", n);
	return 0;
}

/*
 * cpu.c: CPU-time adversary for the sandbox tests.
 *   cpu SECONDS        spin until this process used SECONDS of CPU, exit 0
 *   cpu forever        spin forever
 *   cpu stubborn       ignore SIGTERM, SIGINT, SIGXCPU, SIGHUP; spin forever
 *   cpu sleep SECONDS  sleep (wall time, no CPU)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	volatile unsigned long x = 0;
	if (!strcmp(argv[1], "sleep") && argc > 2) {
		double s = strtod(argv[2], NULL);
		struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
		nanosleep(&ts, NULL);
		return 0;
	}
	if (!strcmp(argv[1], "stubborn")) {
		signal(SIGTERM, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGXCPU, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
	}
	if (!strcmp(argv[1], "forever") || !strcmp(argv[1], "stubborn"))
		for (;;)
			x++;
	double target = strtod(argv[1], NULL);
	while (cpu_s() < target)
		for (int i = 0; i < 10000; i++)
			x++;
	printf("%.6f\n", cpu_s());
	return 0;
}

/*
 * procs.c: process adversaries for the sandbox tests.
 *   procs forkbomb     every process forks forever; main exits after 1 s
 *   procs threadbomb   start threads until it fails, then exit 0
 *   procs daemon S     double-fork a daemon that spins S s of CPU and
 *                      then sleeps (5 s at most, for mode none, where
 *                      nothing kills it); main exits 0 once it spun
 *   procs zombies N    fork N children that exit; never reap; exit 0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void *idle(void *arg)
{
	for (;;)
		pause();
	return arg;
}

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
	if (!strcmp(argv[1], "forkbomb")) {
		pid_t main_pid = getpid();
		time_t end = time(NULL) + 1;
		for (;;) {
			fork();
			if (getpid() == main_pid && time(NULL) > end)
				return 0;
		}
	}
	if (!strcmp(argv[1], "threadbomb")) {
		unsigned long n = 0;
		pthread_t t;
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 65536);
		while (pthread_create(&t, &attr, idle, NULL) == 0)
			n++;
		printf("%lu threads\n", n);
		fflush(stdout);
		_exit(0);
	}
	if (!strcmp(argv[1], "daemon") && argc > 2) {
		double spin = strtod(argv[2], NULL);
		int spun[2];
		if (pipe(spun))
			return 3;
		if (fork() == 0) {
			setsid();
			if (fork() == 0) {
				volatile unsigned long x = 0;
				while (cpu_s() < spin)
					x++;
				if (write(spun[1], "s", 1) != 1)
					_exit(3);
				sleep(5);
				_exit(0);
			}
			_exit(0);
		}
		close(spun[1]);
		char c;
		return read(spun[0], &c, 1) == 1 ? 0 : 1;
	}
	if (!strcmp(argv[1], "zombies") && argc > 2) {
		int n = (int)strtol(argv[2], NULL, 10);
		for (int i = 0; i < n; i++)
			if (fork() == 0)
				_exit(0);
		nanosleep(&(struct timespec){0, 100000000L}, NULL);
		return 0;
	}
	return 2;
}

/*
 * A program that breaks the iteration protocol in the way MODE says
 * (tests/cli/run_iterations.sh), printing the normal output of
 * runners/iteration/c.c so that only the protocol can fail it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *n = getenv("VERSUS_ITERATIONS");
	const char *f = getenv("VERSUS_ITER_FD");
	int iters = n ? atoi(n) : 1, fd = f ? atoi(f) : -1;
	if (fd >= 0) {
#if MODE == 1 /* garbage */
		dprintf(fd, "hello, world\n");
#elif MODE == 2 /* too many lines */
		for (int i = 0; i < iters + 5; i++)
			dprintf(fd, "iter 1000\n");
#elif MODE == 3 /* one line 1 MB long */
		static char big[1 << 20];
		memset(big, 'x', sizeof(big));
		for (size_t done = 0; done < sizeof(big);) {
			ssize_t w = write(fd, big + done, sizeof(big) - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
#elif MODE == 4 /* never writes */
#elif MODE == 5 /* writes after the main process exited, from a child */
		if (fork() == 0) {
			sleep(3);
			for (int i = 0; i < iters; i++)
				dprintf(fd, "iter 1000\n");
			_exit(0);
		}
#endif
	}
	printf("331016704\n");
	return 0;
}

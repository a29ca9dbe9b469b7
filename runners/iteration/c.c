/* versus iteration protocol (docs/iterations.md): the C helper. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* --- helper --- */
static FILE *iter_out;
static long iter_count(void)
{
	const char *n = getenv("VERSUS_ITERATIONS"),
		   *fd = getenv("VERSUS_ITER_FD");
	if (n && fd && (iter_out = fdopen((int)strtol(fd, NULL, 10), "w")))
		setvbuf(iter_out, NULL, _IOLBF, 0); /* one write per line */
	return iter_out ? strtol(n, NULL, 10) : 1;
}
/* --- end of helper --- */

static long long work(void)
{
	long long sum = 0;
	for (long long i = 0; i < 100000; i++)
		sum = (sum + i * i) % 1000000007;
	return sum;
}

int main(void)
{
	long long started = now_ns(), result = 0;
	long n = iter_count();
	if (iter_out)
		fprintf(iter_out, "start %lld\n", started);
	for (long i = 0; i < n; i++) {
		long long t0 = now_ns();
		result = work();
		long long ns = now_ns() - t0; /* the timed region ends here */
		if (iter_out)
			fprintf(iter_out, "iter %lld\n", ns);
	}
	if (iter_out)
		fclose(iter_out);
	printf("%lld\n", result); /* the normal output, once */
	return 0;
}

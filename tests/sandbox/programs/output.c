/*
 * output.c: output and file adversaries for the sandbox tests.
 *   output flood       write to stdout forever
 *   output bytes N     write exactly N bytes of 'x' to stdout, N/2 to stderr
 *   output bigfile MIB write a file of MIB MiB in the work folder
 *   output fds         open files until it fails; exit 0 on EMFILE
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int put(int fd, size_t n)
{
	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);
		ssize_t w = write(fd, buf, k);
		if (w <= 0)
			return -1;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	memset(buf, 'x', sizeof(buf));
	if (!strcmp(argv[1], "flood"))
		for (;;)
			if (write(1, buf, sizeof(buf)) < 0)
				return 1;
	if (!strcmp(argv[1], "bytes") && argc > 2) {
		size_t n = strtoul(argv[2], NULL, 10);
		return put(1, n) || put(2, n / 2) ? 1 : 0;
	}
	if (!strcmp(argv[1], "bigfile") && argc > 2) {
		size_t n = strtoul(argv[2], NULL, 10) << 20;
		int fd = open("big.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return 3;
		return put(fd, n) ? 1 : 0;
	}
	if (!strcmp(argv[1], "fds")) {
		int n = 0;
		while (open("/dev/null", O_RDONLY) >= 0)
			n++;
		printf("%d fds, %s\n", n, strerror(errno));
		return errno == EMFILE ? 0 : 1;
	}
	return 2;
}

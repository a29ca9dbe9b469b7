/*
 * hostile2_tty.c: tries to push input into a terminal (issue 9, item 5).
 *   hostile2_tty direct   TIOCSTI and TIOCLINUX on stdin (any fd: the
 *                         filter decides before the kernel looks at it)
 *   hostile2_tty pty      a new pty made its controlling terminal, then
 *                         TIOCSTI on it (what an inherited terminal
 *                         would allow); exit 77 when no pty can be had
 * Prints the errno of each attempt; exits 0 when each failed with EPERM
 * (the filter's answer), 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int bad;

static void expect_eperm(const char *what, long ret)
{
	int e = errno;
	printf("%s: %s\n", what, ret < 0 ? strerror(e) : "ALLOWED");
	if (ret >= 0 || e != EPERM)
		bad = 1;
}

static void attack(int fd)
{
	char c = 'x';
	expect_eperm("TIOCSTI", ioctl(fd, TIOCSTI, &c));
	/* the kernel reads cmd as 32 bits: the upper half must not help */
	expect_eperm("TIOCSTI, upper half set",
		     syscall(SYS_ioctl, fd, 0x100000000UL | TIOCSTI, &c));
	char sub = 2; /* TIOCL_SETSEL */
	expect_eperm("TIOCLINUX", ioctl(fd, TIOCLINUX, &sub));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "direct")) {
		attack(0);
		return bad;
	}
	if (argc > 1 && !strcmp(argv[1], "pty")) {
		int m = posix_openpt(O_RDWR | O_NOCTTY);
		if (m < 0 || grantpt(m) || unlockpt(m)) {
			printf("no pty: %s\n", strerror(errno));
			return 77;
		}
		const char *name = ptsname(m);
		int s = name ? open(name, O_RDWR) : -1;
		if (s < 0) {
			printf("no pty slave: %s\n", strerror(errno));
			return 77;
		}
		/* we lead a session without a terminal: take this one */
		if (ioctl(s, TIOCSCTTY, 0))
			printf("TIOCSCTTY: %s\n", strerror(errno));
		attack(s);
		return bad;
	}
	fprintf(stderr, "usage: hostile2_tty direct | pty\n");
	return 2;
}

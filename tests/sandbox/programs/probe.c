/*
 * probe.c: checks run from inside the sandbox; each prints what it found
 * and exits 0 when the sandbox behaved, 1 when it did not.
 *   probe net          TCP/UDP over IPv4/IPv6 to loopback refused; AF_UNIX
 *                      socketpair and threads still work
 *   probe ptrace       PTRACE_ATTACH to the parent is refused
 *   probe syscall NAME kexec | init_module | reboot: expect to be killed
 *   probe fds          no fd >= 3 is open; stdin is empty
 *   probe env          print the environment
 *   probe signals      nothing blocked, nothing ignored (SigBlk, SigIgn of
 *                      /proc/self/status printed)
 *   probe exit N       exit with code N
 *   probe abort | segv crash
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static void *thread_fn(void *arg)
{
	return arg;
}

static int try_socket(int family, int type, const char *what)
{
	int fd = socket(family, type, 0);
	if (fd >= 0) {
		printf("%s: socket allowed\n", what);
		close(fd);
		return 1;
	}
	printf("%s: refused (%s)\n", what, strerror(errno));
	return 0;
}

static int probe_net(void)
{
	int bad = 0;
	bad |= try_socket(AF_INET, SOCK_STREAM, "tcp4");
	bad |= try_socket(AF_INET, SOCK_DGRAM, "udp4");
	bad |= try_socket(AF_INET6, SOCK_STREAM, "tcp6");
	bad |= try_socket(AF_INET6, SOCK_DGRAM, "udp6");
	bad |= try_socket(AF_PACKET, SOCK_RAW, "packet");
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) ||
	    write(sv[0], "p", 1) != 1) {
		printf("unix socketpair: broken (%s)\n", strerror(errno));
		bad = 1;
	} else {
		char c;
		bad |= read(sv[1], &c, 1) != 1 || c != 'p';
		printf("unix socketpair: works\n");
	}
	pthread_t t;
	if (pthread_create(&t, NULL, thread_fn, NULL) ||
	    pthread_join(t, NULL)) {
		printf("threads: broken\n");
		bad = 1;
	} else {
		printf("threads: work\n");
	}
	return bad;
}

static int probe_fds(void)
{
	int bad = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int fd = (int)strtol(e->d_name, NULL, 10);
		if (e->d_name[0] != '.' && fd >= 3 && fd != dirfd(d)) {
			printf("fd %d is open\n", fd);
			bad = 1;
		}
	}
	if (d)
		closedir(d);
	char c;
	ssize_t n = read(0, &c, 1);
	printf("stdin read: %zd\n", n);
	return bad || n != 0;
}

static int probe_signals(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int bad = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "SigBlk:", 7) && strncmp(line, "SigIgn:", 7))
			continue;
		fputs(line, stdout);
		if (strtoull(line + 7, NULL, 16) != 0)
			bad = 1;
	}
	if (f)
		fclose(f);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	const char *what = argv[1];
	if (!strcmp(what, "net"))
		return probe_net();
	if (!strcmp(what, "ptrace")) {
		long r = ptrace(PTRACE_ATTACH, getppid(), NULL, NULL);
		printf("ptrace: %s\n", r ? strerror(errno) : "allowed");
		return r == 0 || errno != EPERM;
	}
	if (!strcmp(what, "syscall") && argc > 2) {
		long r = -1;
		if (!strcmp(argv[2], "kexec"))
			r = syscall(SYS_kexec_load, 0, 0, NULL, 0);
		else if (!strcmp(argv[2], "init_module"))
			r = syscall(SYS_init_module, NULL, 0, "");
		else if (!strcmp(argv[2], "reboot"))
			r = syscall(SYS_reboot, 0, 0, 0, NULL);
		printf("%s returned %ld (%s)\n", argv[2], r, strerror(errno));
		return 1;
	}
	if (!strcmp(what, "fds"))
		return probe_fds();
	if (!strcmp(what, "signals"))
		return probe_signals();
	if (!strcmp(what, "env")) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	if (!strcmp(what, "exit") && argc > 2)
		return (int)strtol(argv[2], NULL, 10);
	if (!strcmp(what, "abort"))
		abort();
	if (!strcmp(what, "segv")) {
		raise(SIGSEGV);
		return 1;
	}
	return 2;
}

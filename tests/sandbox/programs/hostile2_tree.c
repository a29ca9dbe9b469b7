/*
 * hostile2_tree.c: a program that turns on its own process tree, its
 * pipes or the sandbox around it (issue 9, item 6, and SV anywhere).
 *   hostile2_tree stop-self        SIGSTOP itself (the wall limit must
 *                                  still end the run)
 *   hostile2_tree stop-parent      SIGSTOP its parent (the launcher unless
 *                                  a PID namespace hides it), then exit 0
 *   hostile2_tree kill-parent      the same with SIGKILL
 *   hostile2_tree hold-stdout S    a grandchild keeps stdout open S s
 *                                  after the main process exits 0
 *   hostile2_tree read-env PID...  read /proc/PID/environ (PID 0: the
 *                                  parent); prints "refused" or how many
 *                                  bytes were read and not NUL
 *   hostile2_tree sleep S          sleep S s (a victim for the test's
 *                                  own attacks on the launcher)
 *   hostile2_tree sv-child CALL    a child makes a forbidden call (kexec,
 *                                  int80: getpid through int 0x80); the
 *                                  main process waits for it and exits 0
 *                                  whatever happened to it
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void forbidden(const char *call)
{
	if (!strcmp(call, "kexec")) {
		syscall(SYS_kexec_load, 0, 0, NULL, 0);
	} else if (!strcmp(call, "int80")) {
#if defined(__x86_64__)
		long ret = 20; /* i386 getpid */
		__asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
#endif
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "stop-self")) {
		raise(SIGSTOP);
		return 0;
	}
	if (!strcmp(what, "stop-parent") || !strcmp(what, "kill-parent")) {
		pid_t parent = getppid();
		if (parent > 1)
			kill(parent, what[0] == 's' ? SIGSTOP : SIGKILL);
		printf("signalled %ld\n", (long)parent);
		return 0;
	}
	if (!strcmp(what, "hold-stdout") && argc > 2) {
		unsigned s = (unsigned)strtoul(argv[2], NULL, 10);
		if (fork() == 0) {
			if (fork() == 0) {
				sleep(s);
				_exit(0);
			}
			_exit(0);
		}
		printf("main done\n");
		return 0;
	}
	if (!strcmp(what, "read-env") && argc > 2) {
		for (int i = 2; i < argc; i++) {
			long pid = strtol(argv[i], NULL, 10);
			char path[64], buf[65536];
			snprintf(path, sizeof(path), "/proc/%ld/environ",
				 pid ? pid : (long)getppid());
			int fd = open(path, O_RDONLY);
			ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
			long nonzero = 0;
			for (ssize_t k = 0; k < n; k++)
				nonzero += buf[k] != 0;
			if (n < 0)
				printf("%s: refused\n", path);
			else
				printf("%s: read %ld bytes, %ld not NUL\n",
				       path, (long)n, nonzero);
		}
		return 0;
	}
	if (!strcmp(what, "sleep") && argc > 2) {
		sleep((unsigned)strtoul(argv[2], NULL, 10));
		return 0;
	}
	if (!strcmp(what, "sv-child") && argc > 2) {
		pid_t pid = fork();
		if (pid == 0) {
			forbidden(argv[2]);
			printf("child: the forbidden call returned\n");
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		printf("child ended, status %#x\n", st);
		return 0;
	}
	fprintf(stderr, "usage: see the head of hostile2_tree.c\n");
	return 2;
}

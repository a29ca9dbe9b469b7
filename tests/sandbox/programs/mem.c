/*
 * mem.c: memory adversary for the sandbox tests.
 *   mem touch MIB      allocate and touch exactly MIB MiB, hold, exit 0
 *   mem fork MIB       parent and one child each touch MIB MiB at once
 *   mem grow           touch 16 MiB more every step, forever
 *   mem oomchild       a child grows forever; the parent waits, exits 0
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void touch(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		exit(3);
	for (size_t i = 0; i < bytes; i += 4096)
		p[i] = 1;
}

static void grow(void)
{
	for (;;)
		touch(16u << 20);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	size_t mib = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	if (!strcmp(argv[1], "touch")) {
		touch(mib << 20);
		return 0;
	}
	if (!strcmp(argv[1], "fork")) {
		int go[2], done[2];
		if (pipe(go) || pipe(done))
			return 3;
		pid_t pid = fork();
		if (pid == 0) {
			touch(mib << 20);
			if (write(done[1], "x", 1) != 1)
				_exit(3);
			char c;
			if (read(go[0], &c, 1) < 0)
				_exit(3);
			_exit(0);
		}
		touch(mib << 20);
		char c;
		if (read(done[0], &c, 1) != 1)
			return 3;
		/* both hold their memory now; let the child go */
		if (write(go[1], "x", 1) != 1)
			return 3;
		int st;
		waitpid(pid, &st, 0);
		return 0;
	}
	if (!strcmp(argv[1], "grow"))
		grow();
	if (!strcmp(argv[1], "oomchild")) {
		pid_t pid = fork();
		if (pid == 0)
			grow();
		int st;
		waitpid(pid, &st, 0);
		printf("child %s\n", WIFSIGNALED(st) ? "killed" : "exited");
		return 0;
	}
	return 2;
}

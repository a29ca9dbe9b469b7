/* cmd_sandbox.c: 'versus sandbox'. Not implemented yet: its issue has not
 * landed. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util/banned.h"

int cmd_sandbox(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: versus sandbox ...\n\n"
			       "not implemented yet (exit status 3).\n");
			return EXIT_ALL_GOOD;
		}
	}
	return cmd_not_implemented("sandbox");
}

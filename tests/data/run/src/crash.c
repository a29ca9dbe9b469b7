/* Fails with exit status 3 and a message on stderr: must be RE. */
#include <stdio.h>

int main(void)
{
	fputs("about to fail: no memory for the answer\n", stderr);
	return 3;
}

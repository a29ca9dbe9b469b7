/*
 * startup: print one line and exit, to measure the cost of starting the
 * runtime and a process. No deviation.
 */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}

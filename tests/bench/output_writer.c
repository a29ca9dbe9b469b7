/*
 * output_writer.c: writes MIB MiB of one repeated line pattern to stdout in
 * 64 KiB writes, then exits 0. The program of tests/bench/output_hash.sh.
 * First it says on stderr how deep its stdout pipe is (F_GETPIPE_SZ; the
 * bench reports it for the sandboxed side).
 *
 * usage: output_writer MIB
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char buf[65536];

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	unsigned long mib = strtoul(argv[1], NULL, 10);
	int depth = fcntl(1, F_GETPIPE_SZ);
	if (depth > 0)
		fprintf(stderr, "stdout pipe: %d bytes\n", depth);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	for (unsigned long k = 0; k < mib * 16; k++) {
		size_t off = 0;
		while (off < sizeof(buf)) {
			ssize_t w = write(1, buf + off, sizeof(buf) - off);
			if (w <= 0)
				return 1;
			off += (size_t)w;
		}
	}
	return 0;
}

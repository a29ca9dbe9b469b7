/*
 * history_gen.c: `history_gen TEMPLATE DIR N [AT:FACTOR...]` writes a
 * synthetic history of N result files (gen.h) with 1% noise, e.g. for
 * tests/bench/history_bench.sh and tests/cli/history.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: history_gen TEMPLATE DIR N "
				"[AT:FACTOR...]\n");
		return 2;
	}
	struct gen_step steps[16];
	size_t nr = 0;
	for (int i = 4; i < argc && nr < 16; i++) {
		char *end;
		steps[nr].at = strtoul(argv[i], &end, 10);
		if (*end != ':')
			return 2;
		steps[nr++].factor = strtod(end + 1, NULL);
	}
	int rc = gen_history(argv[1], argv[2], 0, strtoul(argv[3], NULL, 10),
			     steps, nr, 0.01, 42);
	if (rc < 0) {
		fprintf(stderr, "history_gen: failed (%d)\n", rc);
		return 1;
	}
	return 0;
}

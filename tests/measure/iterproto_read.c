/*
 * iterproto_read.c: feed a recorded iteration stream to the parser, the
 * way the orchestrator will (small chunks, split anywhere), for the
 * integration tests. Usage: iterproto_read N FILE. Prints "ok N iter
 * lines" (and "start", "metric NAME UNIT" when present) and exits 0, or
 * prints "PV RULE: MESSAGE" and exits 1; 2 on a usage or read error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/iterproto.h"

static void on_iter(void *data, uint32_t index, uint64_t ns)
{
	(void)ns;
	uint32_t *calls = data;
	if (index != *calls)
		abort();
	(*calls)++;
}

int main(int argc, char **argv)
{
	char buf[7]; /* odd and small: lines arrive split */
	uint32_t calls = 0;
	char *end;
	unsigned long n;
	ssize_t got;
	int fd;

	if (argc != 3 || (n = strtoul(argv[1], &end, 10), *end)) {
		fprintf(stderr, "usage: iterproto_read N FILE\n");
		return 2;
	}
	struct iterproto_opts opts = {.iterations = (uint32_t)n,
				      .on_iter = on_iter,
				      .hook_data = &calls};
	struct iterproto *p = iterproto_new(&opts);
	if (!p || (fd = open(argv[2], O_RDONLY)) < 0) {
		fprintf(stderr, "iterproto_read: cannot read '%s'\n", argv[2]);
		iterproto_free(p);
		return 2;
	}
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		iterproto_feed(p, buf, (size_t)got);
	close(fd);
	if (got < 0) {
		iterproto_free(p);
		return 2;
	}
	if (iterproto_finish(p)) {
		const struct iterproto_violation *v = iterproto_violation(p);
		printf("PV %s: %s\n", iterproto_rule_name(v->rule), v->message);
		iterproto_free(p);
		return 1;
	}
	if (calls != iterproto_count(p))
		abort();
	printf("ok %u iter lines\n", iterproto_count(p));
	if (iterproto_start_ns(p, NULL))
		printf("start\n");
	for (size_t k = 0; k < iterproto_metric_names(p); k++)
		printf("metric %s %s\n", iterproto_metric_name(p, k),
		       iterproto_metric_unit(p, k));
	iterproto_free(p);
	return 0;
}

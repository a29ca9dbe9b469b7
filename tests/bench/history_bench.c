/*
 * history_bench.c: the history index over a large history. `history_bench
 * DIR [N]` writes N (10000) synthetic result files of 20 workloads into
 * DIR/results (unless it holds N already), a step of +8% in the middle, then
 * times: building the index from nothing, an update that finds nothing new, one
 * new file, and the query plus the change-point analysis `versus history`
 * makes. Run by hand from a build without sanitizers
 * (tests/bench/history_bench.sh prints the figures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/trend.h"
#include "gen.h"
#include "history/index.h"
#include "util/alloc.h"
#include "util/fs.h"

#define SUITE	 "/tests/data/results/suite/"
#define TEMPLATE VERSUS_SOURCE_DIR SUITE "nbody-20261122T201500Z.json"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: the figure that a loaded machine does not
 * inflate as much as the wall clock. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double last_cpu;

static double update(const char *db, const char *dir, struct history_update *up)
{
	struct history_index *ix;
	struct versus_err err = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec paths = STRVEC_INIT;
	double t0 = now_s(), c0 = cpu_s();
	if (history_index_open(db, &ix, &err) < 0) {
		fprintf(stderr, "history_bench: %s\n", err.message);
		exit(1);
	}
	strvec_push(&paths, dir);
	if (history_index_update(ix, &paths, up, &errs, &err) < 0 || errs.nr) {
		fprintf(stderr, "history_bench: update failed\n");
		exit(1);
	}
	double t = now_s() - t0;
	last_cpu = cpu_s() - c0;
	history_index_free(ix);
	versus_errs_release(&errs);
	strvec_clear(&paths);
	return t;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: history_bench DIR [N]\n");
		return 2;
	}
	gen_workloads = 20;
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	char *dir = xstrfmt("%s/results", argv[1]);
	char *db = xstrfmt("%s/%s", dir, HISTORY_INDEX_NAME);
	struct strvec have = STRVEC_INIT;
	fs_list_dir(dir, ".json", &have);
	struct gen_step step = {n / 2, 1.08};
	double t0 = now_s();
	if (have.nr < n &&
	    gen_history(TEMPLATE, dir, 0, n, &step, 1, 0.01, 7) < 0)
		return 1;
	printf("generate %zu files: %.2f s\n", n, now_s() - t0);
	strvec_clear(&have);
	unlink(db);

	struct history_update up;
	double t = update(db, dir, &up);
	printf("build the index (%zu files): %.3f s (CPU %.3f s)\n", up.added,
	       t, last_cpu);
	t = update(db, dir, &up);
	printf("update, nothing new: %.3f s (CPU %.3f s)\n", t, last_cpu);
	gen_history(TEMPLATE, dir, n, 1, &step, 1, 0.01, 7);
	t = update(db, dir, &up);
	printf("update, one new file (%zu added): %.3f s (CPU %.3f s)\n",
	       up.added, t, last_cpu);

	for (int rep = 0; rep < 3; rep++) {
		struct history_index *ix;
		struct versus_err err = {0};
		struct versus_errs errs = VERSUS_ERRS_INIT;
		struct strvec paths = STRVEC_INIT;
		strvec_push(&paths, dir);
		t0 = now_s();
		double c0 = cpu_s();
		history_index_open(db, &ix, &err);
		history_index_update(ix, &paths, &up, &errs, &err);
		double t1 = now_s(), c1 = cpu_s();
		struct trend_obs *obs;
		long nr = history_index_query(ix, &(struct history_filter){0},
					      &obs, &err);
		double t2 = now_s(), c2 = cpu_s();
		struct trend_series *s;
		struct trend_options o = {0.05};
		size_t sn = trend_build(obs, (size_t)nr, &o, &s);
		double t3 = now_s(), c3 = cpu_s();
		size_t changes = 0;
		for (size_t i = 0; i < sn; i++)
			changes += s[i].segs_nr ? s[i].segs_nr - 1 : 0;
		printf("history: update %.3f s + query %.3f s (%ld rows) + "
		       "analysis %.3f s (%zu series, %zu changes) = %.3f s; "
		       "CPU %.3f + %.3f + %.3f s\n",
		       t1 - t0, t2 - t1, nr, t3 - t2, sn, changes, t3 - t0,
		       c1 - c0, c2 - c1, c3 - c2);
		trend_series_free(s, sn);
		for (long i = 0; i < nr; i++)
			trend_obs_release(&obs[i]);
		free(obs);
		history_index_free(ix);
		versus_errs_release(&errs);
		strvec_clear(&paths);
	}
	free(db);
	free(dir);
	return 0;
}

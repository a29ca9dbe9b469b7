/*
 * progress.h: the terminal view of a running bench (measure/bench.h's
 * observer): the progress line on stderr, overwritten in place, and one
 * line per implementation that fails.
 *
 * The bench reports progress between runs only, so a run of a minute would
 * freeze the line: a thread of the view redraws it every second, counting
 * the elapsed time up and the estimate down from the last report. All
 * writes of the view to stderr take its lock.
 */
#ifndef VERSUS_PROGRESS_H
#define VERSUS_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>

#include "measure/bench.h"

struct progress_view {
	struct bench_observer observer; /* pass &view.observer to bench */
	bool line;  /* show the progress line (stderr is a terminal) */
	bool quiet; /* no failure lines (-q) */
	/* private: the last report, and the thread that redraws it */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool thread_started, stop, shown;
	char *workload, *phase, *impl_id;
	size_t run, builds;
	double elapsed_s, left_s, at_s; /* at_s: when reported (monotonic) */
};

/* Set up view; its observer points back at it, so view must not move. */
void progress_view_init(struct progress_view *view, bool line, bool quiet);
/* Stop the redraw thread and free view's copies; accepts NULL. */
void progress_view_release(struct progress_view *view);

/*
 * The progress line for a report taken at_s seconds ago, at most width
 * display columns (0: no limit): "nbody: timing go (run 12), 35s elapsed,
 * ~1m20s left". Caller frees.
 */
char *progress_line(const struct progress_view *view, double since_s,
		    size_t width);

#endif

/*
 * progress.h: the terminal view of a running bench (measure/bench.h's
 * observer): the progress line on stderr, overwritten in place, and one
 * line per implementation that fails.
 */
#ifndef VERSUS_PROGRESS_H
#define VERSUS_PROGRESS_H

#include <stdbool.h>

#include "measure/bench.h"

struct progress_view {
	struct bench_observer observer; /* pass &view.observer to bench */
	bool line;  /* show the progress line (stderr is a terminal) */
	bool quiet; /* no failure lines (-q) */
};

/* Set up view; its observer points back at it, so view must not move. */
void progress_view_init(struct progress_view *view, bool line, bool quiet);

#endif

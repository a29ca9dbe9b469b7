#include "cli/progress.h"

#include <stdio.h>
#include <stdlib.h>

#include "measure/status.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

static void show_progress(void *ctx, const struct bench_progress *p)
{
	const struct progress_view *view = ctx;
	if (!view->line)
		return;
	fputs("\r\033[K", stderr);
	if (p && !p->impl_id)
		fprintf(stderr, "%s: %s %zu implementation%s", p->workload,
			p->phase, p->builds, p->builds == 1 ? "" : "s");
	else if (p)
		fprintf(stderr, "%s: %s %s (run %zu) elapsed %.0fs",
			p->workload, p->phase, p->impl_id, p->run,
			p->elapsed_s);
	if (p && p->impl_id && p->left_s > 0)
		fprintf(stderr, ", ~%.0fs left", p->left_s);
	fflush(stderr);
}

static void show_event(void *ctx, enum bench_event ev, const struct bench *b,
		       const struct bench_impl *bi)
{
	const struct progress_view *view = ctx;
	const char *workload = b->plan->manifest->workload;
	if (ev == BENCH_TIMING_DONE) {
		if (term_verbosity >= 1)
			show_progress(ctx, NULL);
		term_info("%s: orchestrator overhead %.1f us per timed run "
			  "(%zu runs: %.3f s timing, %.3f s in the sandbox)",
			  workload,
			  (b->timing_s - b->sandbox_s) / (double)b->timed_runs *
				  1e6,
			  b->timed_runs, b->timing_s, b->sandbox_s);
		return;
	}
	if (view->quiet)
		return;
	show_progress(ctx, NULL);
	/* Reasons and compiler output quote programs: escaped, lines kept. */
	struct strbuf t = STRBUF_INIT;
	if (ev == BENCH_IMPL_FAILED)
		strbuf_addf(&t, "%s ", status_name(bi->status));
	esc_term(&t, bi->reason);
	if (ev == BENCH_BUILD_FAILED && bi->build_stderr && *bi->build_stderr) {
		strbuf_addch(&t, '\n');
		esc_term_block(&t, bi->build_stderr);
	}
	fprintf(stderr, "versus: %s: %s: %s\n", workload, bi->plan->impl->id,
		t.buf);
	strbuf_release(&t);
}

void progress_view_init(struct progress_view *view, bool line, bool quiet)
{
	view->line = line;
	view->quiet = quiet;
	view->observer = (struct bench_observer){
		.progress = show_progress,
		.event = show_event,
		.ctx = view,
	};
}

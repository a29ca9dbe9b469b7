#include "cli/progress.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure/status.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

/* How often the line is redrawn between reports. */
#define REDRAW_NS 1000000000L

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "35s", "1m20s", "2h05m". */
static void add_duration(struct strbuf *sb, double s)
{
	long t = (long)(s + 0.5);
	if (t < 60)
		strbuf_addf(sb, "%lds", t);
	else if (t < 3600)
		strbuf_addf(sb, "%ldm%02lds", t / 60, t % 60);
	else
		strbuf_addf(sb, "%ldh%02ldm", t / 3600, t / 60 % 60);
}

char *progress_line(const struct progress_view *view, double since_s,
		    size_t width)
{
	struct strbuf sb = STRBUF_INIT;
	double left = view->left_s - since_s;
	esc_term(&sb, view->workload);
	strbuf_addf(&sb, ": %s ", view->phase);
	if (!view->impl_id) {
		strbuf_addf(&sb, "%zu implementation%s", view->builds,
			    view->builds == 1 ? "" : "s");
		return strbuf_detach(&sb, NULL);
	}
	esc_term(&sb, view->impl_id);
	strbuf_addf(&sb, " (run %zu), ", view->run);
	add_duration(&sb, view->elapsed_s + since_s);
	strbuf_addstr(&sb, " elapsed");
	if (view->left_s > 0) {
		strbuf_addstr(&sb, ", ~");
		add_duration(&sb, left > 1 ? left : 1);
		strbuf_addstr(&sb, " left");
	}
	/* A line longer than the terminal would wrap, and \r would then
	 * redraw only its last part. */
	if (width > 1 && sb.len > width - 1) {
		size_t cut = width - 1;
		while (cut && ((unsigned char)sb.buf[cut] & 0xc0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		sb.buf[cut] = '\0';
		sb.len = cut;
	}
	return strbuf_detach(&sb, NULL);
}

/* With view->lock held. */
static void draw(struct progress_view *view)
{
	fputs("\r\033[K", stderr);
	if (view->shown) {
		char *line = progress_line(view, mono_s() - view->at_s,
					   term_width());
		fputs(line, stderr);
		free(line);
	}
	fflush(stderr);
}

static void *redraw_thread(void *arg)
{
	struct progress_view *view = arg;
	pthread_mutex_lock(&view->lock);
	while (!view->stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += REDRAW_NS % 1000000000L;
		until.tv_sec +=
			REDRAW_NS / 1000000000L + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&view->wake, &view->lock, &until);
		if (!view->stop && view->shown)
			draw(view);
	}
	pthread_mutex_unlock(&view->lock);
	return NULL;
}

/*
 * Start the redraw thread with every signal blocked, so that SIGINT and
 * SIGTERM still reach the thread that runs the bench. Without a thread the
 * line is drawn at each report only.
 */
static void start_thread(struct progress_view *view)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	view->thread_started =
		!pthread_create(&view->thread, NULL, redraw_thread, view);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void show_progress(void *ctx, const struct bench_progress *p)
{
	struct progress_view *view = ctx;
	if (!view->line)
		return;
	pthread_mutex_lock(&view->lock);
	view->shown = p != NULL;
	if (p) {
		free(view->workload);
		free(view->phase);
		free(view->impl_id);
		view->workload = xstrdup(p->workload);
		view->phase = xstrdup(p->phase);
		view->impl_id = p->impl_id ? xstrdup(p->impl_id) : NULL;
		view->run = p->run;
		view->builds = p->builds;
		view->elapsed_s = p->elapsed_s;
		view->left_s = p->left_s;
		view->at_s = mono_s();
	}
	draw(view);
	if (p && !view->thread_started)
		start_thread(view);
	pthread_mutex_unlock(&view->lock);
}

static void show_event(void *ctx, enum bench_event ev, const struct bench *b,
		       const struct bench_impl *bi)
{
	struct progress_view *view = ctx;
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
	pthread_mutex_lock(&view->lock);
	fprintf(stderr, "versus: %s: %s: %s\n", workload, bi->plan->impl->id,
		t.buf);
	pthread_mutex_unlock(&view->lock);
	strbuf_release(&t);
}

void progress_view_init(struct progress_view *view, bool line, bool quiet)
{
	pthread_condattr_t attr;
	memset(view, 0, sizeof(*view));
	view->line = line;
	view->quiet = quiet;
	pthread_mutex_init(&view->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&view->wake, &attr);
	pthread_condattr_destroy(&attr);
	view->observer = (struct bench_observer){
		.progress = show_progress,
		.event = show_event,
		.ctx = view,
	};
}

void progress_view_release(struct progress_view *view)
{
	if (!view)
		return;
	pthread_mutex_lock(&view->lock);
	view->stop = true;
	pthread_cond_signal(&view->wake);
	pthread_mutex_unlock(&view->lock);
	if (view->thread_started)
		pthread_join(view->thread, NULL);
	view->thread_started = false;
	free(view->workload);
	free(view->phase);
	free(view->impl_id);
	view->workload = view->phase = view->impl_id = NULL;
	pthread_cond_destroy(&view->wake);
	pthread_mutex_destroy(&view->lock);
}

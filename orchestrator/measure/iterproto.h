/*
 * iterproto.h: the reader of the iteration protocol (docs/iterations.md,
 * issue 13). A program in iteration mode writes one line per iteration
 * ("iter <ns>"), optional "metric <name> <value> <unit>" lines after it and
 * an optional "start <ns>" first, to an inherited pipe. The orchestrator
 * reads that pipe without ever blocking the child and hands each chunk, as
 * it arrives and split anywhere, to iterproto_feed().
 *
 * The parser is strict and bounded: a line is at most 128 bytes, the
 * stream at most iterations * 128 * 17 + 128 bytes, exactly `iterations`
 * iter lines, at most 16 metric lines per iteration and 16 metric names in
 * all. Everything is allocated by iterproto_new(); feeding allocates
 * nothing. The first broken rule is a protocol violation (status PV): it
 * is kept with its rule, the line number and a one-line reason, and every
 * later feed is ignored, so the caller keeps draining the pipe cheaply.
 * The result depends only on the bytes, never on how they were split.
 */
#ifndef VERSUS_ITERPROTO_H
#define VERSUS_ITERPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ITERPROTO_VERSION	 1
#define ITERPROTO_ITERATIONS_MAX 1000000u
#define ITERPROTO_LINE_MAX	 128 /* bytes, with the '\n' */
#define ITERPROTO_METRICS_MAX	 16  /* per iteration, and names in all */
#define ITERPROTO_NAME_MAX	 32
#define ITERPROTO_UNIT_MAX	 16

/* The rule a stream broke; iterproto_rule_name() gives its stable id. */
enum iterproto_rule {
	ITERPROTO_OK = 0,
	ITERPROTO_LINE_TOO_LONG,    /* 128 bytes seen without a '\n' */
	ITERPROTO_UNTERMINATED,	    /* the stream ends inside a line */
	ITERPROTO_TOO_MANY_BYTES,   /* past iterations * 128 * 17 + 128 */
	ITERPROTO_BAD_FIELDS,	    /* not single spaces, or a wrong count */
	ITERPROTO_UNKNOWN_LINE,	    /* not iter, start or metric (or empty) */
	ITERPROTO_BAD_NS,	    /* not a decimal integer below 2^63 */
	ITERPROTO_START_TWICE,	    /* a second start line */
	ITERPROTO_START_LATE,	    /* start after an iter line */
	ITERPROTO_METRIC_EARLY,	    /* metric before the first iter line */
	ITERPROTO_BAD_NAME,	    /* name not [a-z0-9_.-]{1,32} */
	ITERPROTO_BAD_VALUE,	    /* value not a finite decimal number */
	ITERPROTO_BAD_UNIT,	    /* unit not [A-Za-z%/_]{1,16} */
	ITERPROTO_METRIC_REPEATED,  /* a name twice for one iteration */
	ITERPROTO_UNIT_CHANGED,	    /* a name with another unit than before */
	ITERPROTO_TOO_MANY_METRICS, /* a 17th metric line for one iteration */
	ITERPROTO_TOO_MANY_NAMES,   /* a 17th distinct metric name */
	ITERPROTO_TOO_MANY_ITERS,   /* an iter line past the count */
	ITERPROTO_TOO_FEW_ITERS,    /* end of stream before the count */
	ITERPROTO_RULES_NR
};

/* The first violation of a stream. */
struct iterproto_violation {
	enum iterproto_rule rule;
	uint64_t line;	 /* 1-based number of the offending line */
	uint64_t offset; /* byte offset of that line's first byte */
	/* "line 7: metric value is not a finite decimal number: ..." */
	char message[224];
};

/*
 * Called from iterproto_feed() as each valid iter line is read, before
 * the metric lines that follow it: index is 0-based, ns the iteration's
 * time. The orchestrator samples the run's cgroup here (issue 13, item 5).
 */
typedef void (*iterproto_iter_hook)(void *data, uint32_t index, uint64_t ns);

struct iterproto_opts {
	uint32_t iterations;	     /* N, 1..ITERPROTO_ITERATIONS_MAX */
	iterproto_iter_hook on_iter; /* may be NULL */
	void *hook_data;	     /* passed to on_iter, borrowed */
};

struct iterproto;

/*
 * A parser for one stream, with storage for opts->iterations iterations
 * and all their metrics. Returns NULL (and sets nothing) when the count is
 * out of range; aborts when memory runs out (util/alloc.h). Caller owns
 * the result; free with iterproto_free().
 */
struct iterproto *iterproto_new(const struct iterproto_opts *opts);
/* Accepts NULL. */
void iterproto_free(struct iterproto *p);

/*
 * Parse the next len bytes of the stream. Never blocks, never allocates.
 * Returns 0, or -EPROTO once the stream has broken a rule (this feed or an
 * earlier one; the bytes are then ignored). Must not be called after
 * iterproto_finish().
 */
int iterproto_feed(struct iterproto *p, const void *buf, size_t len);
/*
 * The stream has ended (EOF on the pipe). Returns 0 when it was complete:
 * every line terminated and exactly N iter lines; -EPROTO otherwise.
 */
int iterproto_finish(struct iterproto *p);

/* The first violation, or NULL while there is none. Borrowed. */
const struct iterproto_violation *
iterproto_violation(const struct iterproto *p);
/* "line-too-long", "bad-ns", ...: stable ids for results and tests. */
const char *iterproto_rule_name(enum iterproto_rule rule);

/* Iter lines read so far, and their times (borrowed, count entries). */
uint32_t iterproto_count(const struct iterproto *p);
const uint64_t *iterproto_iter_ns(const struct iterproto *p);
/* The start line's value; false when there was none. */
bool iterproto_start_ns(const struct iterproto *p, uint64_t *ns);
/* Lines and bytes read so far (complete lines only for lines). */
uint64_t iterproto_lines(const struct iterproto *p);
uint64_t iterproto_bytes(const struct iterproto *p);

/*
 * Metric names in order of first appearance (0 .. names - 1), each with
 * the unit it always has. Borrowed, valid until iterproto_free().
 */
size_t iterproto_metric_names(const struct iterproto *p);
const char *iterproto_metric_name(const struct iterproto *p, size_t name);
const char *iterproto_metric_unit(const struct iterproto *p, size_t name);
/*
 * The value of metric `name` for iteration `index` (0-based); false when
 * that iteration did not report it.
 */
bool iterproto_metric(const struct iterproto *p, size_t name, uint32_t index,
		      double *value);

#endif

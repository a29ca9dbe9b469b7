/*
 * check_iterproto.c: the iteration protocol's reader (docs/iterations.md).
 * Every rule is broken once, at its limit and one past it; a sample stream
 * is split at every byte and fed byte by byte and must read the same; the
 * iter hook sees each iteration once, when its line ends.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/iterproto.h"
#include "util/alloc.h"

struct hook_log {
	uint32_t calls;
	uint32_t index[64];
	uint64_t ns[64];
};

static void log_hook(void *data, uint32_t index, uint64_t ns)
{
	struct hook_log *log = data;
	if (log->calls < 64) {
		log->index[log->calls] = index;
		log->ns[log->calls] = ns;
	}
	log->calls++;
}

static struct iterproto *new_parser(uint32_t n, struct hook_log *log)
{
	struct iterproto_opts opts = {.iterations = n};
	if (log) {
		opts.on_iter = log_hook;
		opts.hook_data = log;
	}
	struct iterproto *p = iterproto_new(&opts);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* Feed s in one chunk and finish; the rule it broke (ITERPROTO_OK). */
static enum iterproto_rule run(uint32_t n, const char *s, size_t len,
			       uint64_t *line)
{
	struct iterproto *p = new_parser(n, NULL);
	int rc = iterproto_feed(p, s, len);
	int rc2 = iterproto_finish(p);
	const struct iterproto_violation *v = iterproto_violation(p);
	enum iterproto_rule rule = v ? v->rule : ITERPROTO_OK;

	ck_assert_int_eq(rc2, v ? -EPROTO : 0);
	ck_assert(rc == 0 || rc == -EPROTO);
	if (v) {
		char head[32];
		snprintf(head, sizeof(head),
			 "line %llu: ", (unsigned long long)v->line);
		ck_assert_msg(!strncmp(v->message, head, strlen(head)),
			      "message '%s'", v->message);
		ck_assert_ptr_null(strchr(v->message, '\n'));
	}
	if (line)
		*line = v ? v->line : 0;
	iterproto_free(p);
	return rule;
}

struct rule_case {
	uint32_t n;
	const char *in;
	enum iterproto_rule rule;
	uint64_t line;
};

static const struct rule_case cases[] = {
	/* Valid streams. */
	{3, "iter 1\niter 2\niter 3\n", ITERPROTO_OK, 0},
	{1, "iter 0\n", ITERPROTO_OK, 0},
	{1, "iter 007\n", ITERPROTO_OK, 0},
	{1, "iter 9223372036854775807\n", ITERPROTO_OK, 0},
	{2,
	 "start 5\niter 10\nmetric gc_time 1.5 ms\nmetric heap 1024 B\n"
	 "iter 20\nmetric gc_time 0 ms\n",
	 ITERPROTO_OK, 0},
	{1,
	 "iter 1\nmetric a -1 x\nmetric b 1e-05 x\nmetric c 1.0E-5 x\n"
	 "metric d 1e+21 x\nmetric e 0.25 %\nmetric f.g-h_2 1e-400 ms/op\n"
	 "metric i 123 KiB\n",
	 ITERPROTO_OK, 0},
	/* Line ends and lengths. */
	{1, "iter 1", ITERPROTO_UNTERMINATED, 1},
	{2, "iter 1\niter 2", ITERPROTO_UNTERMINATED, 2},
	{1, "\n", ITERPROTO_UNKNOWN_LINE, 1},
	{1, "iter 1\r\n", ITERPROTO_BAD_NS, 1},
	/* Line kinds and fields. */
	{1, "foo 1\n", ITERPROTO_UNKNOWN_LINE, 1},
	{1, "ITER 1\n", ITERPROTO_UNKNOWN_LINE, 1},
	{1, "iter\t1\n", ITERPROTO_UNKNOWN_LINE, 1},
	{1, "iterate 1\n", ITERPROTO_UNKNOWN_LINE, 1},
	{1, "iter  1\n", ITERPROTO_BAD_FIELDS, 1},
	{1, " iter 1\n", ITERPROTO_BAD_FIELDS, 1},
	{1, "iter 1 \n", ITERPROTO_BAD_FIELDS, 1},
	{1, " \n", ITERPROTO_BAD_FIELDS, 1},
	{1, "iter\n", ITERPROTO_BAD_FIELDS, 1},
	{1, "iter 1 2\n", ITERPROTO_BAD_FIELDS, 1},
	{2, "start\niter 1\n", ITERPROTO_BAD_FIELDS, 1},
	{1, "iter 1\nmetric a 1\n", ITERPROTO_BAD_FIELDS, 2},
	{1, "iter 1\nmetric a 1 ms x\n", ITERPROTO_BAD_FIELDS, 2},
	{1, "iter 1\nmetric a 1 ms x y\n", ITERPROTO_BAD_FIELDS, 2},
	/* Times. */
	{1, "iter 9223372036854775808\n", ITERPROTO_BAD_NS, 1},
	{1, "iter 99999999999999999999\n", ITERPROTO_BAD_NS, 1},
	{1, "iter -1\n", ITERPROTO_BAD_NS, 1},
	{1, "iter +1\n", ITERPROTO_BAD_NS, 1},
	{1, "iter 1.5\n", ITERPROTO_BAD_NS, 1},
	{1, "iter 1e3\n", ITERPROTO_BAD_NS, 1},
	{1, "iter 0x10\n", ITERPROTO_BAD_NS, 1},
	{1, "start x\niter 1\n", ITERPROTO_BAD_NS, 1},
	/* Order and counts. */
	{1, "", ITERPROTO_TOO_FEW_ITERS, 1},
	{2, "iter 1\n", ITERPROTO_TOO_FEW_ITERS, 2},
	{1, "start 1\n", ITERPROTO_TOO_FEW_ITERS, 2},
	{1, "iter 1\niter 2\n", ITERPROTO_TOO_MANY_ITERS, 2},
	{2, "iter 1\niter 2\nmetric a 1 s\niter 3\n", ITERPROTO_TOO_MANY_ITERS,
	 4},
	{1, "start 1\nstart 2\niter 1\n", ITERPROTO_START_TWICE, 2},
	{2, "iter 1\nstart 2\niter 3\n", ITERPROTO_START_LATE, 2},
	{1, "iter 1\nstart 2\n", ITERPROTO_START_LATE, 2},
	{1, "metric a 1 ms\niter 1\n", ITERPROTO_METRIC_EARLY, 1},
	{1, "start 1\nmetric a 1 ms\niter 1\n", ITERPROTO_METRIC_EARLY, 2},
	/* Metric fields. */
	{1, "iter 1\nmetric A 1 ms\n", ITERPROTO_BAD_NAME, 2},
	{1, "iter 1\nmetric a! 1 ms\n", ITERPROTO_BAD_NAME, 2},
	{1, "iter 1\nmetric a/b 1 ms\n", ITERPROTO_BAD_NAME, 2},
	{1, "iter 1\nmetric abcdefghijklmnopqrstuvwxyz012345 1 ms\n",
	 ITERPROTO_OK, 0},
	{1, "iter 1\nmetric abcdefghijklmnopqrstuvwxyz0123456 1 ms\n",
	 ITERPROTO_BAD_NAME, 2},
	{1, "iter 1\nmetric a 1. ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a .5 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a +1 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a -x ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a - ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a --1 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1e ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1e+ ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1.5e3.2 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a inf ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a nan ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a NaN ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1e400 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a -1e400 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 0x1 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1,5 ms\n", ITERPROTO_BAD_VALUE, 2},
	{1, "iter 1\nmetric a 1 m1\n", ITERPROTO_BAD_UNIT, 2},
	{1, "iter 1\nmetric a 1 m-s\n", ITERPROTO_BAD_UNIT, 2},
	{1, "iter 1\nmetric a 1 abcdefghijklmnop\n", ITERPROTO_OK, 0},
	{1, "iter 1\nmetric a 1 abcdefghijklmnopq\n", ITERPROTO_BAD_UNIT, 2},
	/* Metric names in a stream. */
	{1, "iter 1\nmetric a 1 ms\nmetric a 2 ms\n", ITERPROTO_METRIC_REPEATED,
	 3},
	{2, "iter 1\nmetric a 1 ms\niter 2\nmetric a 2 ms\n", ITERPROTO_OK, 0},
	{2, "iter 1\nmetric a 1 ms\niter 2\nmetric a 1 s\n",
	 ITERPROTO_UNIT_CHANGED, 4},
};

START_TEST(test_rules)
{
	const struct rule_case *c = &cases[_i];
	uint64_t line;
	enum iterproto_rule rule = run(c->n, c->in, strlen(c->in), &line);

	ck_assert_msg(rule == c->rule, "case %d: got %s, want %s", _i,
		      iterproto_rule_name(rule), iterproto_rule_name(c->rule));
	ck_assert_msg(line == c->line, "case %d: line %llu, want %llu", _i,
		      (unsigned long long)line, (unsigned long long)c->line);
}
END_TEST

START_TEST(test_iterations_range)
{
	struct iterproto_opts opts = {.iterations = 0};
	ck_assert_ptr_null(iterproto_new(&opts));
	ck_assert_ptr_null(iterproto_new(NULL));
	opts.iterations = ITERPROTO_ITERATIONS_MAX + 1;
	ck_assert_ptr_null(iterproto_new(&opts));
	opts.iterations = ITERPROTO_ITERATIONS_MAX;
	struct iterproto *p = iterproto_new(&opts);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(iterproto_feed(p, "iter 1\n", 7), 0);
	ck_assert_int_eq(iterproto_finish(p), -EPROTO);
	ck_assert_int_eq(iterproto_violation(p)->rule, ITERPROTO_TOO_FEW_ITERS);
	ck_assert_str_eq(iterproto_violation(p)->message,
			 "line 2: the stream ended after 1 of 1000000 "
			 "iter lines");
	iterproto_free(p);
	iterproto_free(NULL);
}
END_TEST

/* A line of exactly len bytes (with its '\n'): "iter 000...0001\n". */
static char *iter_line_of(size_t len)
{
	char *s = xmalloc(len + 1);
	memcpy(s, "iter ", 5);
	memset(s + 5, '0', len - 5 - 2);
	s[len - 2] = '1';
	s[len - 1] = '\n';
	s[len] = '\0';
	return s;
}

START_TEST(test_line_length)
{
	char *ok = iter_line_of(ITERPROTO_LINE_MAX);
	char *over = iter_line_of(ITERPROTO_LINE_MAX + 1);
	uint64_t line;

	ck_assert_int_eq(run(1, ok, strlen(ok), NULL), ITERPROTO_OK);
	ck_assert_int_eq(run(1, over, strlen(over), &line),
			 ITERPROTO_LINE_TOO_LONG);
	ck_assert_uint_eq(line, 1);
	/* Found at the 128th byte, before any '\n' arrives. */
	struct iterproto *p = new_parser(1, NULL);
	ck_assert_int_eq(iterproto_feed(p, over, ITERPROTO_LINE_MAX - 1), 0);
	ck_assert_int_eq(iterproto_feed(p, over + ITERPROTO_LINE_MAX - 1, 1),
			 -EPROTO);
	ck_assert_int_eq(iterproto_violation(p)->rule, ITERPROTO_LINE_TOO_LONG);
	ck_assert_ptr_nonnull(
		strstr(iterproto_violation(p)->message, "\"iter 0000"));
	ck_assert_ptr_nonnull(strstr(iterproto_violation(p)->message, "...\""));
	iterproto_free(p);
	free(ok);
	free(over);
}
END_TEST

/* Format one line, which must be exactly ITERPROTO_LINE_MAX bytes. */
__attribute__((format(printf, 2, 3))) static int
sprintf_line(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf, ITERPROTO_LINE_MAX + 1, fmt, ap);
	va_end(ap);
	ck_assert_int_eq(w, ITERPROTO_LINE_MAX);
	return w;
}

/*
 * The largest valid stream for n = 1: a start line, an iter line and 16
 * metric lines, each of exactly 128 bytes, is exactly the byte bound.
 */
static size_t biggest_stream(char *buf)
{
	size_t len = 0;

	/* 6 + 121 + 1 and 5 + 122 + 1 bytes */
	len += (size_t)sprintf_line(buf + len, "start %0121d\n", 1);
	len += (size_t)sprintf_line(buf + len, "iter %0122d\n", 1);
	for (int k = 0; k < ITERPROTO_METRICS_MAX; k++)
		/* 7 + 32 + 1 + 70 + 1 + 16 + 1 */
		len += (size_t)sprintf_line(buf + len,
					    "metric %c%031d %070d %s\n",
					    'a' + k, 0, 1, "abcdefghijklmnop");
	return len;
}

START_TEST(test_byte_bound)
{
	char buf[ITERPROTO_LINE_MAX * 19 + 2];
	size_t len = biggest_stream(buf);
	uint64_t line;

	ck_assert_uint_eq(len, ITERPROTO_LINE_MAX * 18);
	ck_assert_int_eq(run(1, buf, len, NULL), ITERPROTO_OK);
	buf[len] = 'x';
	ck_assert_int_eq(run(1, buf, len + 1, &line), ITERPROTO_TOO_MANY_BYTES);
	ck_assert_uint_eq(line, 19);

	struct iterproto *p = new_parser(1, NULL);
	ck_assert_int_eq(iterproto_feed(p, buf, len), 0);
	ck_assert_uint_eq(iterproto_bytes(p), len);
	ck_assert_uint_eq(iterproto_lines(p), 18);
	ck_assert_uint_eq(iterproto_metric_names(p), 16);
	ck_assert_int_eq(iterproto_feed(p, "\n", 1), -EPROTO);
	ck_assert_int_eq(iterproto_violation(p)->rule,
			 ITERPROTO_TOO_MANY_BYTES);
	ck_assert_str_eq(iterproto_violation(p)->message,
			 "line 19: more than 2304 bytes in all");
	iterproto_free(p);
}
END_TEST

START_TEST(test_metric_limits)
{
	char buf[4096];
	size_t len = 0;
	uint64_t line;

	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "iter 1\n");
	for (int k = 0; k < ITERPROTO_METRICS_MAX; k++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"metric m%d %d ms\n", k, k);
	ck_assert_int_eq(run(2, buf, len, &line), ITERPROTO_TOO_FEW_ITERS);
	ck_assert_int_eq(run(1, buf, len, NULL), ITERPROTO_OK);
	/* A 17th line for the iteration, even under a known name. */
	size_t at16 = len;
	len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"metric m0 1 ms\n");
	ck_assert_int_eq(run(1, buf, len, &line), ITERPROTO_TOO_MANY_METRICS);
	ck_assert_uint_eq(line, 18);
	/* A 17th name, in the next iteration. */
	len = at16;
	len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"iter 2\nmetric m15 1 ms\n");
	ck_assert_int_eq(run(2, buf, len, NULL), ITERPROTO_OK);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"metric m16 1 ms\n");
	ck_assert_int_eq(run(2, buf, len, &line), ITERPROTO_TOO_MANY_NAMES);
	ck_assert_uint_eq(line, 20);
}
END_TEST

static const char sample[] = "start 1000\n"
			     "iter 500\n"
			     "metric gc 1.25 ms\n"
			     "metric heap 2048 KiB\n"
			     "iter 400\n"
			     "metric heap 1e3 KiB\n"
			     "iter 300\n";

START_TEST(test_stored)
{
	struct hook_log log = {0};
	struct iterproto *p = new_parser(3, &log);
	uint64_t start = 0;
	double v;

	ck_assert_int_eq(iterproto_feed(p, sample, strlen(sample)), 0);
	ck_assert_int_eq(iterproto_finish(p), 0);
	ck_assert_ptr_null(iterproto_violation(p));
	ck_assert(iterproto_start_ns(p, &start));
	ck_assert_uint_eq(start, 1000);
	ck_assert_uint_eq(iterproto_count(p), 3);
	ck_assert_uint_eq(iterproto_iter_ns(p)[0], 500);
	ck_assert_uint_eq(iterproto_iter_ns(p)[1], 400);
	ck_assert_uint_eq(iterproto_iter_ns(p)[2], 300);
	ck_assert_uint_eq(iterproto_lines(p), 7);
	ck_assert_uint_eq(iterproto_bytes(p), strlen(sample));
	ck_assert_uint_eq(iterproto_metric_names(p), 2);
	ck_assert_str_eq(iterproto_metric_name(p, 0), "gc");
	ck_assert_str_eq(iterproto_metric_unit(p, 0), "ms");
	ck_assert_str_eq(iterproto_metric_name(p, 1), "heap");
	ck_assert_str_eq(iterproto_metric_unit(p, 1), "KiB");
	ck_assert_ptr_null(iterproto_metric_name(p, 2));
	ck_assert(iterproto_metric(p, 0, 0, &v));
	ck_assert_double_eq(v, 1.25);
	ck_assert(!iterproto_metric(p, 0, 1, &v));
	ck_assert(!iterproto_metric(p, 0, 2, &v));
	ck_assert(iterproto_metric(p, 1, 0, &v));
	ck_assert_double_eq(v, 2048);
	ck_assert(iterproto_metric(p, 1, 1, &v));
	ck_assert_double_eq(v, 1000);
	ck_assert(!iterproto_metric(p, 1, 3, &v));
	ck_assert(!iterproto_metric(p, 2, 0, &v));
	ck_assert_uint_eq(log.calls, 3);
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(log.index[i], i);
		ck_assert_uint_eq(log.ns[i], 500 - 100 * i);
	}
	iterproto_free(p);

	p = new_parser(1, NULL);
	ck_assert_int_eq(iterproto_feed(p, "iter 1\n", 7), 0);
	ck_assert(!iterproto_start_ns(p, &start));
	ck_assert_uint_eq(iterproto_metric_names(p), 0);
	iterproto_free(p);
}
END_TEST

/* The hook runs when an iter line's '\n' arrives, not before. */
START_TEST(test_hook_timing)
{
	struct hook_log log = {0};
	struct iterproto *p = new_parser(2, &log);

	ck_assert_int_eq(iterproto_feed(p, "iter 7", 6), 0);
	ck_assert_uint_eq(log.calls, 0);
	ck_assert_int_eq(iterproto_feed(p, "\nit", 3), 0);
	ck_assert_uint_eq(log.calls, 1);
	ck_assert_uint_eq(log.ns[0], 7);
	ck_assert_int_eq(iterproto_feed(p, "er 8\niter 9\n", 12), -EPROTO);
	ck_assert_uint_eq(log.calls, 2); /* not for the extra line */
	ck_assert_int_eq(iterproto_violation(p)->rule,
			 ITERPROTO_TOO_MANY_ITERS);
	iterproto_free(p);
}
END_TEST

/* The first violation stays; later bytes are ignored. */
START_TEST(test_sticky)
{
	struct iterproto *p = new_parser(2, NULL);

	ck_assert_int_eq(iterproto_feed(p, "iter 1\nbad\n", 11), -EPROTO);
	ck_assert_int_eq(iterproto_feed(p, "iter 2\n", 7), -EPROTO);
	ck_assert_uint_eq(iterproto_count(p), 1);
	ck_assert_int_eq(iterproto_finish(p), -EPROTO);
	ck_assert_int_eq(iterproto_violation(p)->rule, ITERPROTO_UNKNOWN_LINE);
	ck_assert_uint_eq(iterproto_violation(p)->line, 2);
	ck_assert_uint_eq(iterproto_violation(p)->offset, 7);
	ck_assert_str_eq(iterproto_violation(p)->message,
			 "line 2: not an iter, start or metric line: \"bad\"");
	ck_assert_int_eq(iterproto_finish(p), -EPROTO);
	iterproto_free(p);

	/* Unprintable bytes are quoted as '?'. */
	p = new_parser(1, NULL);
	ck_assert_int_eq(iterproto_feed(p, "it\x01r\xff 1\n", 9), -EPROTO);
	ck_assert_str_eq(iterproto_violation(p)->message,
			 "line 1: not an iter, start or metric line: "
			 "\"it?r? 1\"");
	iterproto_free(p);
}
END_TEST

/* Everything a parser shows, as one comparable string. */
static void summary(struct iterproto *p, const struct hook_log *log, char *out,
		    size_t size)
{
	const struct iterproto_violation *v = iterproto_violation(p);
	size_t len = 0;
	uint64_t start = 0;
	bool has_start = iterproto_start_ns(p, &start);

	len += (size_t)snprintf(
		out + len, size - len, "%s|%s|%llu|%llu|%d|",
		v ? iterproto_rule_name(v->rule) : "ok", v ? v->message : "",
		(unsigned long long)iterproto_lines(p),
		(unsigned long long)iterproto_bytes(p), has_start);
	for (uint32_t i = 0; i < iterproto_count(p); i++) {
		len += (size_t)snprintf(
			out + len, size - len, "%llu,",
			(unsigned long long)iterproto_iter_ns(p)[i]);
		for (size_t k = 0; k < iterproto_metric_names(p); k++) {
			double x;
			if (iterproto_metric(p, k, i, &x))
				len += (size_t)snprintf(
					out + len, size - len, "%s=%g%s,",
					iterproto_metric_name(p, k), x,
					iterproto_metric_unit(p, k));
		}
	}
	for (uint32_t i = 0; i < log->calls && i < 64; i++)
		len += (size_t)snprintf(out + len, size - len, "h%u:%llu,",
					log->index[i],
					(unsigned long long)log->ns[i]);
	ck_assert_uint_lt(len, size - 1);
}

static void feed_split(uint32_t n, const char *s, size_t len,
		       const size_t *cuts, size_t cuts_nr, char *out,
		       size_t size)
{
	struct hook_log log = {0};
	struct iterproto *p = new_parser(n, &log);
	size_t at = 0;

	for (size_t c = 0; c <= cuts_nr; c++) {
		size_t end = c < cuts_nr ? cuts[c] : len;
		iterproto_feed(p, s + at, end - at);
		at = end;
	}
	iterproto_finish(p);
	summary(p, &log, out, size);
	iterproto_free(p);
}

static const struct {
	uint32_t n;
	const char *s;
} streams[] = {
	{3, sample},
	{2, sample}, /* too many iters */
	{4, sample}, /* too few */
	{3, "start 1\niter 5\nmetric a 1 s\nmetric a 2 s\niter 1\niter 1\n"},
	{3, "iter 5\niter 6\niter 7"}, /* unterminated */
	{1, "iter 5\n\n"},
};

START_TEST(test_splits)
{
	const char *s = streams[_i].s;
	size_t len = strlen(s);
	char whole[2048], split[2048];
	size_t cuts[4096];

	feed_split(streams[_i].n, s, len, NULL, 0, whole, sizeof(whole));
	/* Two chunks, cut at every byte (including empty chunks). */
	for (size_t k = 0; k <= len; k++) {
		feed_split(streams[_i].n, s, len, &k, 1, split, sizeof(split));
		ck_assert_msg(!strcmp(whole, split), "cut at %zu:\n%s\n%s", k,
			      whole, split);
	}
	/* Three chunks, every pair of cuts. */
	for (size_t a = 0; a <= len; a++)
		for (size_t b = a; b <= len; b++) {
			size_t two[2] = {a, b};
			feed_split(streams[_i].n, s, len, two, 2, split,
				   sizeof(split));
			ck_assert_msg(!strcmp(whole, split), "cuts at %zu, %zu",
				      a, b);
		}
	/* Byte by byte. */
	for (size_t k = 0; k < len; k++)
		cuts[k] = k + 1;
	feed_split(streams[_i].n, s, len, cuts, len, split, sizeof(split));
	ck_assert_str_eq(whole, split);
}
END_TEST

/* The byte bound and the line length, split at every byte too. */
START_TEST(test_splits_at_bounds)
{
	char buf[ITERPROTO_LINE_MAX * 19 + 2];
	size_t len = biggest_stream(buf);
	char whole[4096], split[4096];

	buf[len++] = 'x';
	for (int pass = 0; pass < 2; pass++) {
		/* Pass 1: the last metric line is one byte too long. */
		if (pass == 1) {
			len -= 1;
			buf[len - 1] = 'q';
			buf[len++] = '\n';
		}
		feed_split(1, buf, len, NULL, 0, whole, sizeof(whole));
		ck_assert_ptr_nonnull(strstr(whole, pass ? "line-too-long"
							 : "too-many-bytes"));
		for (size_t k = 0; k <= len; k++) {
			feed_split(1, buf, len, &k, 1, split, sizeof(split));
			ck_assert_str_eq(whole, split);
		}
	}
}
END_TEST

START_TEST(test_rule_names)
{
	for (int i = 0; i < ITERPROTO_RULES_NR; i++) {
		const char *a = iterproto_rule_name((enum iterproto_rule)i);
		ck_assert_ptr_nonnull(a);
		ck_assert_str_ne(a, "unknown");
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(
				a, iterproto_rule_name((enum iterproto_rule)j));
	}
	ck_assert_str_eq(iterproto_rule_name(ITERPROTO_RULES_NR), "unknown");
}
END_TEST

static Suite *iterproto_suite(void)
{
	Suite *s = suite_create("iterproto");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_rules, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_iterations_range);
	tcase_add_test(tc, test_line_length);
	tcase_add_test(tc, test_byte_bound);
	tcase_add_test(tc, test_metric_limits);
	tcase_add_test(tc, test_stored);
	tcase_add_test(tc, test_hook_timing);
	tcase_add_test(tc, test_sticky);
	tcase_add_loop_test(tc, test_splits, 0,
			    (int)(sizeof(streams) / sizeof(streams[0])));
	tcase_add_test(tc, test_splits_at_bounds);
	tcase_add_test(tc, test_rule_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(iterproto_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

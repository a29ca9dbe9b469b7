/*
 * iterproto.c: the iteration protocol's strict, incremental reader.
 *
 * Bytes are consumed in order, one line at a time: a partial line waits in
 * a 128-byte buffer, and a line is judged when its '\n' arrives. Each rule
 * is checked at one byte position (a line's end, its 128th byte, the first
 * byte past the stream's bound, the end of the stream), so the first
 * violation, and everything stored before it, is the same however the
 * stream was split into chunks.
 *
 * Storage is allocated once: N iteration times, a 16-bit mask per
 * iteration of the metric names it reported, and 16 columns of N values.
 * The columns are one zeroed block written only where a metric is, so the
 * pages of names never used are never touched.
 */
#include "measure/iterproto.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

struct iterproto_name {
	char name[ITERPROTO_NAME_MAX + 1];
	char unit[ITERPROTO_UNIT_MAX + 1];
};

struct iterproto {
	struct iterproto_opts opts;
	uint64_t bytes_max;
	uint64_t bytes;	      /* consumed so far */
	uint64_t lines;	      /* complete lines so far */
	uint64_t line_offset; /* offset of the line being read */
	bool finished;
	bool has_start;
	uint64_t start_ns;
	uint32_t count;		  /* iter lines */
	unsigned metrics_in_iter; /* metric lines since the last iter line */
	uint64_t *iter_ns;	  /* [N] */
	uint16_t *metric_mask;	  /* [N], bit k: name k reported */
	double *metric_values;	  /* [16][N] */
	size_t names_nr;
	struct iterproto_name names[ITERPROTO_METRICS_MAX];
	size_t linelen;
	char line[ITERPROTO_LINE_MAX];
	struct iterproto_violation violation;
};

static const char *const rule_names[ITERPROTO_RULES_NR] = {
	[ITERPROTO_OK] = "ok",
	[ITERPROTO_LINE_TOO_LONG] = "line-too-long",
	[ITERPROTO_UNTERMINATED] = "unterminated-line",
	[ITERPROTO_TOO_MANY_BYTES] = "too-many-bytes",
	[ITERPROTO_BAD_FIELDS] = "bad-fields",
	[ITERPROTO_UNKNOWN_LINE] = "unknown-line",
	[ITERPROTO_BAD_NS] = "bad-ns",
	[ITERPROTO_START_TWICE] = "start-twice",
	[ITERPROTO_START_LATE] = "start-after-iter",
	[ITERPROTO_METRIC_EARLY] = "metric-before-iter",
	[ITERPROTO_BAD_NAME] = "bad-metric-name",
	[ITERPROTO_BAD_VALUE] = "bad-metric-value",
	[ITERPROTO_BAD_UNIT] = "bad-metric-unit",
	[ITERPROTO_METRIC_REPEATED] = "metric-repeated",
	[ITERPROTO_UNIT_CHANGED] = "metric-unit-changed",
	[ITERPROTO_TOO_MANY_METRICS] = "too-many-metrics",
	[ITERPROTO_TOO_MANY_NAMES] = "too-many-metric-names",
	[ITERPROTO_TOO_MANY_ITERS] = "too-many-iters",
	[ITERPROTO_TOO_FEW_ITERS] = "too-few-iters",
};

const char *iterproto_rule_name(enum iterproto_rule rule)
{
	if ((unsigned)rule >= ITERPROTO_RULES_NR)
		return "unknown";
	return rule_names[rule];
}

struct iterproto *iterproto_new(const struct iterproto_opts *opts)
{
	if (!opts || opts->iterations < 1 ||
	    opts->iterations > ITERPROTO_ITERATIONS_MAX)
		return NULL;
	struct iterproto *p = xcalloc(1, sizeof(*p));
	size_t n = opts->iterations;
	p->opts = *opts;
	p->bytes_max =
		(uint64_t)n * ITERPROTO_LINE_MAX * (1 + ITERPROTO_METRICS_MAX) +
		ITERPROTO_LINE_MAX;
	p->iter_ns = xcalloc(n, sizeof(*p->iter_ns));
	p->metric_mask = xcalloc(n, sizeof(*p->metric_mask));
	p->metric_values =
		xcalloc(n * ITERPROTO_METRICS_MAX, sizeof(*p->metric_values));
	return p;
}

void iterproto_free(struct iterproto *p)
{
	if (!p)
		return;
	free(p->iter_ns);
	free(p->metric_mask);
	free(p->metric_values);
	free(p);
}

/*
 * Record the first violation, on the line being read, and return -EPROTO.
 * The message ends with the line's first bytes, unprintable ones as '?',
 * so a reader sees what the program wrote.
 */
__attribute__((format(printf, 3, 4))) static int
violate(struct iterproto *p, enum iterproto_rule rule, const char *fmt, ...)
{
	struct iterproto_violation *v = &p->violation;
	char reason[128], quote[48];
	size_t q = 0;
	va_list ap;

	v->rule = rule;
	v->line = p->lines + 1;
	v->offset = p->line_offset;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < p->linelen && q < sizeof(quote) - 4; i++) {
		unsigned char c = (unsigned char)p->line[i];
		quote[q++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (q < p->linelen) {
		memcpy(quote + q, "...", 3);
		q += 3;
	}
	quote[q] = '\0';
	if (p->linelen)
		snprintf(v->message, sizeof(v->message),
			 "line %llu: %s: \"%s\"", (unsigned long long)v->line,
			 reason, quote);
	else
		snprintf(v->message, sizeof(v->message), "line %llu: %s",
			 (unsigned long long)v->line, reason);
	return -EPROTO;
}

/* One or more digits, below 2^63. */
static bool parse_ns(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (UINT64_C(1) << 63) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v >= UINT64_C(1) << 63)
			return false;
	}
	*out = v;
	return true;
}

static size_t digits(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/*
 * -?D+(.D+)?([eE][+-]?D+)? with a finite value. The grammar is checked
 * here, so strtod (C locale: versus never calls setlocale) only converts.
 */
static bool parse_value(const char *s, size_t len, double *out)
{
	char buf[ITERPROTO_LINE_MAX];
	size_t i = 0, d;

	if (i < len && s[i] == '-')
		i++;
	if (!(d = digits(s + i, len - i)))
		return false;
	i += d;
	if (i < len && s[i] == '.') {
		i++;
		if (!(d = digits(s + i, len - i)))
			return false;
		i += d;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!(d = digits(s + i, len - i)))
			return false;
		i += d;
	}
	if (i != len)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	double v = strtod(buf, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

static bool all_in(const char *s, size_t len, size_t max, const char *extra,
		   bool upper)
{
	if (len < 1 || len > max)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (upper && c >= 'A' && c <= 'Z') ||
		    (!upper && c >= '0' && c <= '9') || (c && strchr(extra, c)))
			continue;
		return false;
	}
	return true;
}

struct field {
	const char *s;
	size_t len;
};

static bool field_is(const struct field *f, const char *word)
{
	return f->len == strlen(word) && !memcmp(f->s, word, f->len);
}

static int iter_line(struct iterproto *p, const struct field *f)
{
	uint64_t ns;

	if (!parse_ns(f[1].s, f[1].len, &ns))
		return violate(p, ITERPROTO_BAD_NS,
			       "iter time is not a decimal integer of "
			       "nanoseconds below 2^63");
	if (p->count == p->opts.iterations)
		return violate(p, ITERPROTO_TOO_MANY_ITERS,
			       "iter line %llu of %lu expected",
			       (unsigned long long)p->count + 1,
			       (unsigned long)p->opts.iterations);
	p->iter_ns[p->count] = ns;
	p->metrics_in_iter = 0;
	if (p->opts.on_iter)
		p->opts.on_iter(p->opts.hook_data, p->count, ns);
	p->count++;
	return 0;
}

static int start_line(struct iterproto *p, const struct field *f)
{
	uint64_t ns;

	if (!parse_ns(f[1].s, f[1].len, &ns))
		return violate(p, ITERPROTO_BAD_NS,
			       "start time is not a decimal integer of "
			       "nanoseconds below 2^63");
	if (p->has_start)
		return violate(p, ITERPROTO_START_TWICE, "a second start line");
	if (p->count)
		return violate(p, ITERPROTO_START_LATE,
			       "start line after the first iter line");
	p->has_start = true;
	p->start_ns = ns;
	return 0;
}

static int metric_line(struct iterproto *p, const struct field *f)
{
	const struct field *name = &f[1], *value = &f[2], *unit = &f[3];
	double v;
	size_t k;

	if (!all_in(name->s, name->len, ITERPROTO_NAME_MAX, "_.-", false))
		return violate(p, ITERPROTO_BAD_NAME,
			       "metric name is not 1-32 of [a-z0-9_.-]");
	if (!parse_value(value->s, value->len, &v))
		return violate(p, ITERPROTO_BAD_VALUE,
			       "metric value is not a finite decimal number");
	if (!all_in(unit->s, unit->len, ITERPROTO_UNIT_MAX, "%/_", true))
		return violate(p, ITERPROTO_BAD_UNIT,
			       "metric unit is not 1-16 of [A-Za-z%%/_]");
	if (!p->count)
		return violate(p, ITERPROTO_METRIC_EARLY,
			       "metric line before the first iter line");
	if (p->metrics_in_iter == ITERPROTO_METRICS_MAX)
		return violate(p, ITERPROTO_TOO_MANY_METRICS,
			       "more than %d metric lines for iteration %lu",
			       ITERPROTO_METRICS_MAX, (unsigned long)p->count);
	for (k = 0; k < p->names_nr; k++)
		if (strlen(p->names[k].name) == name->len &&
		    !memcmp(p->names[k].name, name->s, name->len))
			break;
	if (k == p->names_nr) {
		if (k == ITERPROTO_METRICS_MAX)
			return violate(p, ITERPROTO_TOO_MANY_NAMES,
				       "more than %d metric names",
				       ITERPROTO_METRICS_MAX);
		memcpy(p->names[k].name, name->s, name->len);
		memcpy(p->names[k].unit, unit->s, unit->len);
		p->names_nr++;
	} else if (strlen(p->names[k].unit) != unit->len ||
		   memcmp(p->names[k].unit, unit->s, unit->len)) {
		return violate(p, ITERPROTO_UNIT_CHANGED,
			       "metric '%s' was in '%s' before",
			       p->names[k].name, p->names[k].unit);
	}
	uint32_t i = p->count - 1;
	if (p->metric_mask[i] & (1u << k))
		return violate(p, ITERPROTO_METRIC_REPEATED,
			       "metric '%s' twice for iteration %lu",
			       p->names[k].name, (unsigned long)p->count);
	p->metric_mask[i] |= (uint16_t)(1u << k);
	p->metric_values[k * (size_t)p->opts.iterations + i] = v;
	p->metrics_in_iter++;
	return 0;
}

/* Judge the complete line in p->line (without its '\n'). */
static int parse_line(struct iterproto *p)
{
	struct field f[4];
	size_t nf = 0, start = 0, len = p->linelen;
	const char *s = p->line;

	if (len == 0)
		return violate(p, ITERPROTO_UNKNOWN_LINE, "empty line");
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != ' ')
			continue;
		if (i == start)
			return violate(p, ITERPROTO_BAD_FIELDS,
				       "fields are not separated by "
				       "single spaces");
		if (nf == 4)
			return violate(p, ITERPROTO_BAD_FIELDS,
				       "too many fields");
		f[nf].s = s + start;
		f[nf].len = i - start;
		nf++;
		start = i + 1;
	}
	if (field_is(&f[0], "iter") || field_is(&f[0], "start")) {
		if (nf != 2)
			return violate(p, ITERPROTO_BAD_FIELDS,
				       "'%s' takes one field",
				       f[0].len == 4 ? "iter" : "start");
		return f[0].len == 4 ? iter_line(p, f) : start_line(p, f);
	}
	if (field_is(&f[0], "metric")) {
		if (nf != 4)
			return violate(p, ITERPROTO_BAD_FIELDS,
				       "'metric' takes three fields");
		return metric_line(p, f);
	}
	return violate(p, ITERPROTO_UNKNOWN_LINE,
		       "not an iter, start or metric line");
}

int iterproto_feed(struct iterproto *p, const void *buf, size_t len)
{
	const char *s = buf;
	size_t room, n, i = 0;

	if (p->violation.rule != ITERPROTO_OK)
		return -EPROTO;
	assert(!p->finished);
	room = p->bytes_max - p->bytes;
	n = len < room ? len : room;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t seg = nl ? (size_t)(nl - (s + i)) : n - i;
		if (p->linelen + seg >= ITERPROTO_LINE_MAX) {
			/* Keep what fits, so the message quotes it. */
			memcpy(p->line + p->linelen, s + i,
			       ITERPROTO_LINE_MAX - p->linelen);
			p->linelen = ITERPROTO_LINE_MAX;
			p->bytes = p->line_offset + ITERPROTO_LINE_MAX;
			return violate(p, ITERPROTO_LINE_TOO_LONG,
				       "longer than %d bytes",
				       ITERPROTO_LINE_MAX);
		}
		memcpy(p->line + p->linelen, s + i, seg);
		p->linelen += seg;
		p->bytes += seg;
		i += seg;
		if (!nl)
			break;
		p->bytes++;
		i++;
		if (parse_line(p))
			return -EPROTO;
		p->lines++;
		p->line_offset = p->bytes;
		p->linelen = 0;
	}
	if (n < len)
		return violate(p, ITERPROTO_TOO_MANY_BYTES,
			       "more than %llu bytes in all",
			       (unsigned long long)p->bytes_max);
	return 0;
}

int iterproto_finish(struct iterproto *p)
{
	if (p->finished || p->violation.rule != ITERPROTO_OK) {
		p->finished = true;
		return p->violation.rule != ITERPROTO_OK ? -EPROTO : 0;
	}
	p->finished = true;
	if (p->linelen)
		return violate(p, ITERPROTO_UNTERMINATED,
			       "the stream ends inside a line");
	if (p->count != p->opts.iterations)
		return violate(p, ITERPROTO_TOO_FEW_ITERS,
			       "the stream ended after %lu of %lu iter lines",
			       (unsigned long)p->count,
			       (unsigned long)p->opts.iterations);
	return 0;
}

const struct iterproto_violation *iterproto_violation(const struct iterproto *p)
{
	return p->violation.rule != ITERPROTO_OK ? &p->violation : NULL;
}

uint32_t iterproto_count(const struct iterproto *p)
{
	return p->count;
}

const uint64_t *iterproto_iter_ns(const struct iterproto *p)
{
	return p->iter_ns;
}

bool iterproto_start_ns(const struct iterproto *p, uint64_t *ns)
{
	if (p->has_start && ns)
		*ns = p->start_ns;
	return p->has_start;
}

uint64_t iterproto_lines(const struct iterproto *p)
{
	return p->lines;
}

uint64_t iterproto_bytes(const struct iterproto *p)
{
	return p->bytes;
}

size_t iterproto_metric_names(const struct iterproto *p)
{
	return p->names_nr;
}

const char *iterproto_metric_name(const struct iterproto *p, size_t name)
{
	return name < p->names_nr ? p->names[name].name : NULL;
}

const char *iterproto_metric_unit(const struct iterproto *p, size_t name)
{
	return name < p->names_nr ? p->names[name].unit : NULL;
}

bool iterproto_metric(const struct iterproto *p, size_t name, uint32_t index,
		      double *value)
{
	if (name >= p->names_nr || index >= p->count ||
	    !(p->metric_mask[index] & (1u << name)))
		return false;
	if (value)
		*value = p->metric_values[name * (size_t)p->opts.iterations +
					  index];
	return true;
}

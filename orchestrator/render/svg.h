/*
 * svg.h: the charts of the HTML report as inline SVG text, written by hand
 * so the page needs no script, font or network. Each chart is a pure
 * function of its numbers: the same input gives the same bytes.
 */
#ifndef VERSUS_SVG_H
#define VERSUS_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* One horizontal bar; value NAN draws no bar but the note (e.g. "WA"). */
struct svg_bar {
	const char *label; /* borrowed */
	double value;
	double lo, hi;	  /* whisker ends; NAN for none */
	bool highlight;	  /* drawn in the baseline's colour */
	const char *note; /* borrowed; shown right of the bar, may be NULL */
};

/* One row of a strip chart: every sample as a dot, plus median and IQR. */
struct svg_strip_row {
	const char *label; /* borrowed */
	const double *x;   /* borrowed, n values > 0 */
	size_t n;
	const char *note; /* shown instead when n is 0 */
};

/* Per-iteration marks of struct svg_series. */
#define SVG_ITER_OUTLIER   0x01 /* excluded: drawn as a red cross */
#define SVG_ITER_EXCURSION 0x02 /* in a tolerated excursion: orange */

/* A segment of an iteration series: iterations [start, end). */
struct svg_series_seg {
	size_t start, end;
	double mean;
	bool steady;	/* in the steady state: green, else red */
	bool excursion; /* a tolerated excursion: dashed */
};

/* One execution's iteration series, as warmup_stats plots it. */
struct svg_series {
	const double *y; /* n iteration times, borrowed */
	size_t n;
	const unsigned char *marks;	   /* n SVG_ITER_* bits, or NULL */
	const struct svg_series_seg *segs; /* borrowed; may be 0 */
	size_t nsegs;
	size_t steady_start; /* first steady iteration (0-based); n: none */
	const char *title;   /* shown above the plot, borrowed */
};

/* Formats an axis or bar value ("48.0 ms", "1.6 MiB"). */
typedef void (*svg_fmt_fn)(char *buf, size_t size, double v);

/* Append s to sb with &, <, >, " and ' escaped (for SVG and HTML). */
void svg_escape(struct strbuf *sb, const char *s);

/*
 * Ratios on a log scale with a reference line at 1 and CI whiskers.
 * caption is the chart's accessible title.
 */
void svg_ratio_chart(struct strbuf *sb, const struct svg_bar *bars, size_t n,
		     const char *caption);
/*
 * Values on a linear scale from 0 (e.g. peak memory), labelled by fmt;
 * binary: ticks at round multiples of KiB, MiB, ... rather than of 10^k.
 */
void svg_value_chart(struct strbuf *sb, const struct svg_bar *bars, size_t n,
		     const char *caption, svg_fmt_fn fmt, bool binary);
/* Sample distributions on a shared log scale, labelled by fmt. */
void svg_strip_chart(struct strbuf *sb, const struct svg_strip_row *rows,
		     size_t n, const char *caption, svg_fmt_fn fmt);

/*
 * An iteration series: every iteration as a dot (an outlier as a cross),
 * each segment's mean as a line, the changepoints as dashed lines and the
 * start of the steady state as a green line. The time axis is logarithmic
 * when the series spans more than a factor 3, else linear over its range.
 * Series over 1500 iterations are drawn as means of consecutive
 * iterations (said in the title), their outliers all shown.
 */
void svg_series_chart(struct strbuf *sb, const struct svg_series *s,
		      const char *caption, svg_fmt_fn fmt);

#endif

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

/* One row of a reproduction chart: a measured ratio against a published one. */
struct svg_repro_row {
	const char *label;	 /* borrowed */
	double measured;	 /* NAN: not run (note shown instead) */
	double lo, hi;		 /* its CI; NAN for none */
	double published;	 /* the published ratio */
	double band_lo, band_hi; /* the tolerance band around it */
	bool inside;		 /* measured within the band */
	const char *note;	 /* borrowed; right of the row, may be NULL */
};

/* Per-iteration marks of struct svg_iter_series. */
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
struct svg_iter_series {
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
 * Measured against published ratios on a log scale, one row per
 * implementation: the tolerance band as a shaded box, the published ratio
 * as a tall tick, the measured ratio as a dot (green inside the band, red
 * outside) with its CI; a reference line at 1.
 */
void svg_repro_chart(struct strbuf *sb, const struct svg_repro_row *rows,
		     size_t n, const char *caption);
/* One series of an x-y chart: points with CI whiskers, joined by lines. */
struct svg_series {
	const char *label;	       /* borrowed; in the legend */
	const double *x, *y, *lo, *hi; /* borrowed, n each; lo/hi NAN: none */
	size_t n;
	bool highlight; /* the baseline: drawn dashed */
};

/*
 * y against x, both on log scales (1-2-5 ticks), each series in its own
 * colour with a legend (sweeps: time against the swept parameter). Points
 * whose x or y is not positive are left out. xlabel names the x axis;
 * fx and fy label the ticks; ref_one: a dashed line at y = 1 (ratios).
 */
void svg_xy_chart(struct strbuf *sb, const struct svg_series *series, size_t n,
		  const char *caption, const char *xlabel, svg_fmt_fn fx,
		  svg_fmt_fn fy, bool ref_one);

/*
 * An iteration series: every iteration as a dot (an outlier as a cross),
 * each segment's mean as a line, the changepoints as dashed lines and the
 * start of the steady state as a green line. The time axis is logarithmic
 * when the series spans more than a factor 3, else linear over its range.
 * Series over 1500 iterations are drawn as means of consecutive
 * iterations (said in the title), their outliers all shown.
 */
void svg_series_chart(struct strbuf *sb, const struct svg_iter_series *s,
		      const char *caption, svg_fmt_fn fmt);

#endif

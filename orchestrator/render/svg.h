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

#endif

/*
 * svg.c: bar, whisker and strip charts as SVG text. Geometry: a label
 * column on the left, the plot area to its right, one row per bar, an axis
 * with tick labels below. Log axes put ticks on the 1-2-5 sequence.
 */
#include "render/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/banned.h"

/*
 * The plot spans PLOT_X0..PLOT_X1 (the axis line); data are placed within
 * PAD of its ends, so the extreme point, whisker or bar end of a chart is
 * never drawn on the frame.
 */
#define CHART_W	  1000.0
#define LABEL_W	  170.0
#define PLOT_X0	  (LABEL_W + 12.0)
#define PLOT_X1	  (CHART_W - 160.0)
#define PAD	  24.0
#define ROW_H	  34.0
#define TOP	  14.0
#define AXIS_H	  40.0
#define BAR_FILL  "#4e79a7"
#define BASE_FILL "#9aa5b1"
#define FAIL_INK  "#c0392b"

void svg_escape(struct strbuf *sb, const char *s)
{
	esc_html(sb, s);
}

struct axis {
	bool log;
	double lo, hi; /* data range shown */
	double base;   /* 1024 for binary units on a linear axis, else 0 */
};

static double axis_x(const struct axis *a, double v)
{
	double f;
	if (a->log)
		f = (log(v) - log(a->lo)) / (log(a->hi) - log(a->lo));
	else
		f = (v - a->lo) / (a->hi - a->lo);
	if (!(f >= 0)) /* also NaN: a value <= 0 on a log axis */
		f = 0;
	if (f > 1)
		f = 1;
	return PLOT_X0 + PAD + f * (PLOT_X1 - PLOT_X0 - 2 * PAD);
}

static void svg_open(struct strbuf *sb, double height, const char *kind,
		     const char *caption)
{
	strbuf_addf(sb,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
		    "%s\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
		    "width=\"%.0f\" height=\"%.0f\" aria-label=\"",
		    kind, CHART_W, height, CHART_W, height);
	svg_escape(sb, caption);
	strbuf_addstr(sb, "\"><title>");
	svg_escape(sb, caption);
	strbuf_addstr(sb, "</title>\n");
}

static void text(struct strbuf *sb, double x, double y, const char *anchor,
		 const char *cls, const char *s)
{
	strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>",
		    x, y, anchor, cls ? " class=\"" : "", cls ? cls : "",
		    cls ? "\"" : "");
	svg_escape(sb, s);
	strbuf_addstr(sb, "</text>\n");
}

static void row_label(struct strbuf *sb, size_t i, const char *label)
{
	text(sb, LABEL_W, TOP + (double)i * ROW_H + ROW_H / 2 + 4, "end",
	     "label", label);
}

/* A round step that cuts span into about five pieces. */
static double nice_step(double span, double base)
{
	double unit = 1, raw, mag, f;
	/* Binary units (bytes): pick the step in KiB, MiB, ... */
	while (base > 1 && span / unit >= base)
		unit *= base;
	raw = span / unit / 5;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return unit * mag * (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10);
}

static size_t lin_ticks(double lo, double hi, double base, double *ticks,
			size_t max)
{
	double step = nice_step(hi - lo, base);
	size_t n = 0;
	for (double t = ceil(lo / step) * step; t <= hi * 1.0001 && n < max;
	     t += step)
		ticks[n++] = t;
	return n;
}

/*
 * Ticks on the 1-2-5 sequence inside [lo, hi]; fewer when crowded, and
 * round linear steps when the range is too narrow for three of them.
 */
static size_t log_ticks(double lo, double hi, double *ticks, size_t max)
{
	static const double steps[3][3] = {{1, 2, 5}, {1, 3, 0}, {1, 0, 0}};
	size_t n = 0;
	for (int s = 0; s < 3; s++) {
		double d = pow(10, floor(log10(lo)));
		n = 0;
		for (; d <= hi * 1.0001 && n < max; d *= 10)
			for (int k = 0; k < 3 && steps[s][k]; k++) {
				double t = d * steps[s][k];
				if (t >= lo * 0.9999 && t <= hi * 1.0001 &&
				    n < max)
					ticks[n++] = t;
			}
		if (n <= 9)
			break;
	}
	if (n < 3)
		n = lin_ticks(lo, hi, 0, ticks, max);
	return n;
}

static void draw_axis(struct strbuf *sb, const struct axis *a, double y,
		      svg_fmt_fn fmt, bool mark_one)
{
	double ticks[32];
	size_t n = a->log ? log_ticks(a->lo, a->hi, ticks, 32)
			  : lin_ticks(0, a->hi, a->base, ticks, 32);
	strbuf_addf(sb,
		    "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>\n",
		    PLOT_X0, y, PLOT_X1, y);
	for (size_t i = 0; i < n; i++) {
		char buf[48];
		double x = axis_x(a, ticks[i]);
		bool one = mark_one && fabs(ticks[i] - 1) < 1e-9;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"%s\"%s/>\n",
			    x, TOP, x, y + 4, one ? "#333" : "#ddd",
			    one ? " stroke-dasharray=\"4 3\"" : "");
		fmt(buf, sizeof(buf), ticks[i]);
		text(sb, x, y + 18, "middle", "tick", buf);
	}
}

static void fmt_ratio_tick(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.3g×", v);
}

static void bars_range(const struct svg_bar *bars, size_t n, double *lo,
		       double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		double v[3] = {bars[i].value, bars[i].lo, bars[i].hi};
		for (int k = 0; k < 3; k++) {
			if (isnan(v[k]) || v[k] <= 0)
				continue;
			*lo = v[k] < *lo ? v[k] : *lo;
			*hi = v[k] > *hi ? v[k] : *hi;
		}
	}
}

static void draw_bars(struct strbuf *sb, const struct svg_bar *bars, size_t n,
		      const struct axis *a, double origin, svg_fmt_fn fmt)
{
	for (size_t i = 0; i < n; i++) {
		const struct svg_bar *b = &bars[i];
		double y = TOP + (double)i * ROW_H;
		double x0 = axis_x(a, origin);
		char buf[64];
		row_label(sb, i, b->label);
		if (isnan(b->value)) {
			text(sb, PLOT_X0 + 4, y + ROW_H / 2 + 4, "start",
			     "failed", b->note ? b->note : "no data");
			continue;
		}
		double x1 = axis_x(a, b->value);
		double left = x0 < x1 ? x0 : x1, w = fabs(x1 - x0);
		strbuf_addf(sb,
			    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
			    left, y + 7, w < 1 ? 1 : w, ROW_H - 14,
			    b->highlight ? BASE_FILL : BAR_FILL);
		if (!isnan(b->lo) && !isnan(b->hi) && b->hi > b->lo) {
			double xl = axis_x(a, b->lo), xh = axis_x(a, b->hi);
			double ym = y + ROW_H / 2;
			strbuf_addf(
				sb,
				"<path class=\"whisker\" d=\"M%.1f %.1fH%.1f"
				"M%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
				"stroke=\"#222\" fill=\"none\"/>\n",
				xl, ym, xh, xl, ym - 7, ym + 7, xh, ym - 7,
				ym + 7);
		}
		fmt(buf, sizeof(buf), b->value);
		if (b->note) {
			size_t len = strlen(buf);
			snprintf(buf + len, sizeof(buf) - len, " %s", b->note);
		}
		text(sb, PLOT_X1 + 6, y + ROW_H / 2 + 4, "start", "value", buf);
	}
}

static void fmt_ratio_value(char *buf, size_t size, double v)
{
	snprintf(buf, size,
		 v >= 100  ? "%.0f×"
		 : v >= 10 ? "%.1f×"
			   : "%.2f×",
		 v);
}

void svg_ratio_chart(struct strbuf *sb, const struct svg_bar *bars, size_t n,
		     const char *caption)
{
	struct axis a = {true, 0, 0, 0};
	double h = TOP + (double)n * ROW_H + AXIS_H;
	bars_range(bars, n, &a.lo, &a.hi);
	if (!isfinite(a.lo)) {
		a.lo = 1;
		a.hi = 1;
	}
	a.lo = fmin(a.lo, 1) / 1.15;
	a.hi = fmax(a.hi, 1) * 1.15;
	svg_open(sb, h, "ratio", caption);
	draw_axis(sb, &a, TOP + (double)n * ROW_H, fmt_ratio_tick, true);
	draw_bars(sb, bars, n, &a, 1, fmt_ratio_value);
	strbuf_addstr(sb, "</svg>\n");
}

void svg_value_chart(struct strbuf *sb, const struct svg_bar *bars, size_t n,
		     const char *caption, svg_fmt_fn fmt, bool binary)
{
	struct axis a = {false, 0, 0, binary ? 1024 : 0};
	double lo, h = TOP + (double)n * ROW_H + AXIS_H;
	bars_range(bars, n, &lo, &a.hi);
	if (!isfinite(a.hi))
		a.hi = 1;
	a.hi *= 1.05;
	svg_open(sb, h, "values", caption);
	draw_axis(sb, &a, TOP + (double)n * ROW_H, fmt, false);
	draw_bars(sb, bars, n, &a, 0, fmt);
	strbuf_addstr(sb, "</svg>\n");
}

void svg_strip_chart(struct strbuf *sb, const struct svg_strip_row *rows,
		     size_t n, const char *caption, svg_fmt_fn fmt)
{
	struct axis a = {true, INFINITY, -INFINITY, 0};
	double h = TOP + (double)n * ROW_H + AXIS_H;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < rows[i].n; k++)
			if (rows[i].x[k] > 0) {
				a.lo = fmin(a.lo, rows[i].x[k]);
				a.hi = fmax(a.hi, rows[i].x[k]);
			}
	if (!isfinite(a.lo)) {
		a.lo = 1;
		a.hi = 10;
	}
	/* At least a factor 1.2 wide, so a tight cluster is not smeared. */
	if (a.hi / a.lo < 1.2) {
		double mid = sqrt(a.lo * a.hi);
		a.lo = mid / 1.1;
		a.hi = mid * 1.1;
	}
	a.lo /= 1.04;
	a.hi *= 1.04;
	svg_open(sb, h, "strip", caption);
	draw_axis(sb, &a, TOP + (double)n * ROW_H, fmt, false);
	for (size_t i = 0; i < n; i++) {
		const struct svg_strip_row *r = &rows[i];
		double y = TOP + (double)i * ROW_H, ym = y + ROW_H / 2;
		char buf[64];
		row_label(sb, i, r->label);
		if (!r->n) {
			text(sb, PLOT_X0 + 4, ym + 4, "start", "failed",
			     r->note ? r->note : "no samples");
			continue;
		}
		double q1 = axis_x(&a, stats_quantile(r->x, r->n, 0.25));
		double q3 = axis_x(&a, stats_quantile(r->x, r->n, 0.75));
		double med = stats_quantile(r->x, r->n, 0.5);
		strbuf_addf(sb,
			    "<rect class=\"iqr\" x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"#e3ebf3\" "
			    "stroke=\"#9aa5b1\"/>\n",
			    q1, y + 4, q3 - q1 < 1 ? 1 : q3 - q1, ROW_H - 8);
		/* Dots in run order, jittered vertically by a fixed pattern. */
		for (size_t k = 0; k < r->n; k++) {
			double jitter = ((double)((k * 7) % 11) - 5.0) * 1.4;
			strbuf_addf(sb,
				    "<circle class=\"sample\" cx=\"%.1f\" "
				    "cy=\"%.1f\" r=\"3\" fill=\"%s\" "
				    "fill-opacity=\"0.75\"/>\n",
				    axis_x(&a, r->x[k]), ym + jitter, BAR_FILL);
		}
		strbuf_addf(sb,
			    "<line class=\"median\" x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#111\" "
			    "stroke-width=\"2\"/>\n",
			    axis_x(&a, med), y + 2, axis_x(&a, med),
			    y + ROW_H - 2);
		fmt(buf, sizeof(buf), med);
		text(sb, PLOT_X1 + 6, ym + 4, "start", "value", buf);
	}
	strbuf_addstr(sb, "</svg>\n");
}

void svg_repro_chart(struct strbuf *sb, const struct svg_repro_row *rows,
		     size_t n, const char *caption)
{
	struct axis a = {true, 1, 1, 0};
	double h = TOP + (double)n * ROW_H + AXIS_H;
	for (size_t i = 0; i < n; i++) {
		const struct svg_repro_row *r = &rows[i];
		double v[5] = {r->measured, r->lo, r->hi, r->band_lo,
			       r->band_hi};
		for (int k = 0; k < 5; k++)
			if (v[k] > 0 && isfinite(v[k])) {
				a.lo = fmin(a.lo, v[k]);
				a.hi = fmax(a.hi, v[k]);
			}
	}
	a.lo /= 1.15;
	a.hi *= 1.15;
	svg_open(sb, h, "repro", caption);
	draw_axis(sb, &a, TOP + (double)n * ROW_H, fmt_ratio_tick, true);
	for (size_t i = 0; i < n; i++) {
		const struct svg_repro_row *r = &rows[i];
		double y = TOP + (double)i * ROW_H, ym = y + ROW_H / 2;
		char buf[96];
		row_label(sb, i, r->label);
		if (r->band_lo > 0 && isfinite(r->band_hi)) {
			double x0 = axis_x(&a, r->band_lo);
			double x1 = axis_x(&a, r->band_hi);
			strbuf_addf(sb,
				    "<rect class=\"band\" x=\"%.1f\" "
				    "y=\"%.1f\" width=\"%.1f\" "
				    "height=\"%.1f\" fill=\"#dcefdc\" "
				    "stroke=\"#8fbf8f\"/>\n",
				    x0, y + 5, x1 - x0 < 1 ? 1 : x1 - x0,
				    ROW_H - 10);
		}
		if (r->published > 0 && isfinite(r->published)) {
			double xp = axis_x(&a, r->published);
			strbuf_addf(sb,
				    "<line class=\"published\" x1=\"%.1f\" "
				    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"#333\" stroke-width=\"2\"/>\n",
				    xp, y + 3, xp, y + ROW_H - 3);
		}
		if (!(r->measured > 0)) {
			text(sb, PLOT_X1 + 6, ym + 4, "start", "failed",
			     r->note ? r->note : "not run");
			continue;
		}
		double xm = axis_x(&a, r->measured);
		const char *ink = r->inside ? "#2e7d32" : FAIL_INK;
		if (r->lo > 0 && r->hi > r->lo)
			strbuf_addf(sb,
				    "<path class=\"whisker\" d=\"M%.1f %.1f"
				    "H%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
				    "stroke=\"%s\" fill=\"none\"/>\n",
				    axis_x(&a, r->lo), ym, axis_x(&a, r->hi),
				    axis_x(&a, r->lo), ym - 6, ym + 6,
				    axis_x(&a, r->hi), ym - 6, ym + 6, ink);
		strbuf_addf(sb,
			    "<circle class=\"measured\" cx=\"%.1f\" "
			    "cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n",
			    xm, ym, ink);
		fmt_ratio_value(buf, sizeof(buf), r->measured);
		if (r->note)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 " %s", r->note);
		text(sb, PLOT_X1 + 6, ym + 4, "start", "value", buf);
	}
	strbuf_addstr(sb, "</svg>\n");
}

/* ---- x-y chart (log-log) ---- */

#define XY_H	 320.0
#define XY_X0	 90.0
#define XY_X1	 (CHART_W - 190.0)
#define XY_Y0	 20.0
#define XY_Y1	 (XY_H - 50.0)
#define XY_INSET 12.0

static const char *const xy_colours[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#555555",
};

/* Position of v in [lo, hi] (log) between p0 and p1, inset. */
static double xy_pos(double v, double lo, double hi, double p0, double p1)
{
	double f = hi > lo ? (log(v) - log(lo)) / (log(hi) - log(lo)) : 0.5;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	double dir = p1 > p0 ? 1 : -1;
	return p0 + dir * XY_INSET + f * (p1 - p0 - 2 * dir * XY_INSET);
}

static void xy_range(const struct svg_series *s, size_t n, bool yaxis,
		     double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].n; k++) {
			double v[3] = {yaxis ? s[i].y[k] : s[i].x[k],
				       yaxis ? s[i].lo[k] : NAN,
				       yaxis ? s[i].hi[k] : NAN};
			if (!(s[i].x[k] > 0) || !(s[i].y[k] > 0))
				continue;
			for (int j = 0; j < 3; j++)
				if (v[j] > 0 && isfinite(v[j])) {
					*lo = v[j] < *lo ? v[j] : *lo;
					*hi = v[j] > *hi ? v[j] : *hi;
				}
		}
	if (!(*lo <= *hi))
		*lo = *hi = 1;
	if (*lo == *hi) {
		*lo /= 1.5;
		*hi *= 1.5;
	}
}

void svg_xy_chart(struct strbuf *sb, const struct svg_series *series, size_t n,
		  const char *caption, const char *xlabel, svg_fmt_fn fx,
		  svg_fmt_fn fy, bool ref_one)
{
	double xlo, xhi, ylo, yhi, ticks[32];
	char buf[48];
	xy_range(series, n, false, &xlo, &xhi);
	xy_range(series, n, true, &ylo, &yhi);
	if (ref_one) {
		ylo = ylo > 1 ? 1 : ylo;
		yhi = yhi < 1 ? 1 : yhi;
	}
	svg_open(sb, XY_H + (n > 8 ? (double)(n - 8) * 18 : 0), "xy", caption);
	strbuf_addf(sb,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>\n",
		    XY_X0, XY_Y0, XY_X1 - XY_X0, XY_Y1 - XY_Y0);
	size_t nt = log_ticks(xlo, xhi, ticks, 32);
	for (size_t i = 0; i < nt; i++) {
		double x = xy_pos(ticks[i], xlo, xhi, XY_X0, XY_X1);
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			    x, XY_Y0, x, XY_Y1 + 4);
		fx(buf, sizeof(buf), ticks[i]);
		text(sb, x, XY_Y1 + 18, "middle", "tick", buf);
	}
	text(sb, (XY_X0 + XY_X1) / 2, XY_Y1 + 38, "middle", "label", xlabel);
	nt = log_ticks(ylo, yhi, ticks, 32);
	for (size_t i = 0; i < nt; i++) {
		double y = xy_pos(ticks[i], ylo, yhi, XY_Y1, XY_Y0);
		bool one = ref_one && fabs(ticks[i] - 1) < 1e-9;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"%s\"%s/>\n",
			    XY_X0 - 4, y, XY_X1, y, one ? "#333" : "#ddd",
			    one ? " stroke-dasharray=\"4 3\"" : "");
		fy(buf, sizeof(buf), ticks[i]);
		text(sb, XY_X0 - 8, y + 4, "end", "tick", buf);
	}
	for (size_t i = 0; i < n; i++) {
		const struct svg_series *s = &series[i];
		const char *c = xy_colours[i % (sizeof(xy_colours) /
						sizeof(xy_colours[0]))];
		struct strbuf pts = STRBUF_INIT;
		for (size_t k = 0; k < s->n; k++) {
			if (!(s->x[k] > 0) || !(s->y[k] > 0))
				continue;
			double x = xy_pos(s->x[k], xlo, xhi, XY_X0, XY_X1);
			double y = xy_pos(s->y[k], ylo, yhi, XY_Y1, XY_Y0);
			strbuf_addf(&pts, "%s%.1f,%.1f", pts.len ? " " : "", x,
				    y);
			if (s->lo[k] > 0 && s->hi[k] > 0)
				strbuf_addf(sb,
					    "<line x1=\"%.1f\" y1=\"%.1f\" "
					    "x2=\"%.1f\" y2=\"%.1f\" "
					    "stroke=\"%s\" class=\"ci\"/>\n",
					    x,
					    xy_pos(s->lo[k], ylo, yhi, XY_Y1,
						   XY_Y0),
					    x,
					    xy_pos(s->hi[k], ylo, yhi, XY_Y1,
						   XY_Y0),
					    c);
			strbuf_addf(sb,
				    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
				    "fill=\"%s\"/>\n",
				    x, y, c);
		}
		if (pts.len)
			strbuf_addf(sb,
				    "<polyline points=\"%s\" fill=\"none\" "
				    "stroke=\"%s\" stroke-width=\"1.5\"%s/>\n",
				    pts.buf, c,
				    s->highlight ? " stroke-dasharray=\"6 3\""
						 : "");
		strbuf_release(&pts);
		double ly = XY_Y0 + 10 + (double)i * 18;
		strbuf_addf(
			sb,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
			XY_X1 + 14, ly - 4, XY_X1 + 34, ly - 4, c,
			s->highlight ? " stroke-dasharray=\"6 3\"" : "");
		text(sb, XY_X1 + 40, ly, "start", "label",
		     s->label ? s->label : "");
	}
	strbuf_addstr(sb, "</svg>\n");
}

/* ---- iteration series ---- */

#define SER_H	     212.0
#define SER_X0	     90.0
#define SER_X1	     (CHART_W - 20.0)
#define SER_Y0	     42.0  /* top of the plot */
#define SER_Y1	     172.0 /* the axis line */
#define SER_PAD	     10.0
#define STEADY_INK   "#2a9d4b"
#define SEG_INK	     "#d62728"
#define EXC_INK	     "#e39c37"
#define SER_DRAW_MAX 1500 /* iterations drawn one by one */

struct ser_axes {
	double n;      /* iterations: x from 0.5 to n + 0.5 */
	bool log;      /* time axis */
	double lo, hi; /* time range shown */
};

static double ser_x(const struct ser_axes *a, double i)
{
	double f = (i + 0.5) / a->n; /* i 0-based: its centre */
	return SER_X0 + SER_PAD + f * (SER_X1 - SER_X0 - 2 * SER_PAD);
}

static double ser_y(const struct ser_axes *a, double v)
{
	double f = a->log ? (log(v) - log(a->lo)) / (log(a->hi) - log(a->lo))
			  : (v - a->lo) / (a->hi - a->lo);
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	return SER_Y1 - SER_PAD - f * (SER_Y1 - SER_Y0 - 2 * SER_PAD);
}

static void ser_axes(struct strbuf *sb, const struct ser_axes *a,
		     svg_fmt_fn fmt)
{
	double ticks[32];
	size_t nt;
	strbuf_addf(sb,
		    "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>\n"
		    "<line class=\"yaxis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>\n",
		    SER_X0, SER_Y1, SER_X1, SER_Y1, SER_X0, SER_Y0, SER_X0,
		    SER_Y1);
	nt = a->log ? log_ticks(a->lo, a->hi, ticks, 32)
		    : lin_ticks(a->lo, a->hi, 0, ticks, 32);
	for (size_t i = 0; i < nt; i++) {
		char buf[48];
		double y = ser_y(a, ticks[i]);
		if (ticks[i] < a->lo || ticks[i] > a->hi)
			continue;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#eee\"/>\n",
			    SER_X0 - 4, y, SER_X1, y);
		fmt(buf, sizeof(buf), ticks[i]);
		text(sb, SER_X0 - 6, y + 4, "end", "tick", buf);
	}
	/* iteration numbers, 1-based */
	nt = lin_ticks(1, a->n, 0, ticks, 32);
	for (size_t i = 0; i < nt; i++) {
		char buf[32];
		double x = ser_x(a, ticks[i] - 1);
		if (ticks[i] < 1)
			continue;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#888\"/>\n",
			    x, SER_Y1, x, SER_Y1 + 4);
		snprintf(buf, sizeof(buf), "%.0f", ticks[i]);
		text(sb, x, SER_Y1 + 17, "middle", "tick", buf);
	}
	text(sb, SER_X1, SER_Y1 + 34, "end", "tick", "iteration");
}

/* The drawn points: every iteration, or means of `block` iterations. */
static size_t ser_points(const struct svg_iter_series *s, size_t block,
			 double *x, double *y)
{
	size_t m = 0;
	for (size_t i = 0; i < s->n; i += block) {
		double sum = 0;
		size_t k = 0, end = i + block < s->n ? i + block : s->n;
		for (size_t j = i; j < end; j++)
			if (!s->marks || !(s->marks[j] & SVG_ITER_OUTLIER)) {
				sum += s->y[j];
				k++;
			}
		if (!k)
			continue;
		x[m] = block == 1 ? (double)i : (double)(i + end - 1) / 2;
		y[m++] = sum / (double)k;
	}
	return m;
}

void svg_series_chart(struct strbuf *sb, const struct svg_iter_series *s,
		      const char *caption, svg_fmt_fn fmt)
{
	struct ser_axes a = {(double)(s->n ? s->n : 1), false, INFINITY,
			     -INFINITY};
	size_t block = s->n > SER_DRAW_MAX ? (s->n + 999) / 1000 : 1;
	double *px = xmalloc((s->n + 1) * 2 * sizeof(*px)), *py = px + s->n + 1;
	size_t m = ser_points(s, block, px, py);
	char buf[160];

	for (size_t i = 0; i < s->n; i++)
		if (s->y[i] > 0) {
			a.lo = fmin(a.lo, s->y[i]);
			a.hi = fmax(a.hi, s->y[i]);
		}
	if (!isfinite(a.lo)) {
		a.lo = 1;
		a.hi = 10;
	}
	a.log = a.hi / a.lo > 3;
	if (a.log) {
		a.lo /= 1.05;
		a.hi *= 1.05;
	} else {
		double span = a.hi - a.lo, mid = (a.hi + a.lo) / 2;
		/* at least 2% of the level wide, so noise is not blown up */
		if (span < 0.02 * mid)
			span = 0.02 * mid;
		a.lo = mid - span * 0.55;
		a.hi = mid + span * 0.55;
	}
	svg_open(sb, SER_H, "series", caption);
	if (block > 1)
		snprintf(buf, sizeof(buf), "%s (dots: means of %zu iterations)",
			 s->title ? s->title : "", block);
	else
		snprintf(buf, sizeof(buf), "%s", s->title ? s->title : "");
	text(sb, SER_X0, 16, "start", "label", buf);
	ser_axes(sb, &a, fmt);

	/* changepoints, then the steady start over them */
	for (size_t k = 1; k < s->nsegs; k++) {
		double x = ser_x(&a, (double)s->segs[k].start - 0.5);
		strbuf_addf(sb,
			    "<line class=\"changepoint\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n",
			    x, SER_Y0, x, SER_Y1);
	}
	if (s->steady_start < s->n) {
		double x = ser_x(&a, (double)s->steady_start - 0.5);
		strbuf_addf(sb,
			    "<line class=\"steady-start\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"%s\" stroke-width=\"2\"/>\n",
			    x, SER_Y0 - 10, x, SER_Y1, STEADY_INK);
		snprintf(buf, sizeof(buf), "steady from iteration %zu",
			 s->steady_start + 1);
		text(sb, x + 4, SER_Y0 - 2, "start", "steady", buf);
	}

	/* the iterations: dots as round caps of empty strokes, one path */
	strbuf_addf(sb,
		    "<path class=\"iters\" stroke=\"%s\" "
		    "stroke-width=\"3.5\" stroke-linecap=\"round\" "
		    "fill=\"none\" d=\"",
		    BAR_FILL);
	for (size_t i = 0; i < m; i++)
		strbuf_addf(sb, "M%.1f %.1fh0", ser_x(&a, px[i]),
			    ser_y(&a, py[i]));
	strbuf_addstr(sb, "\"/>\n");
	if (s->marks && block == 1) {
		strbuf_addf(sb,
			    "<path class=\"excursions\" stroke=\"%s\" "
			    "stroke-width=\"3.5\" stroke-linecap=\"round\" "
			    "fill=\"none\" d=\"",
			    EXC_INK);
		for (size_t i = 0; i < s->n; i++)
			if ((s->marks[i] & SVG_ITER_EXCURSION) &&
			    !(s->marks[i] & SVG_ITER_OUTLIER))
				strbuf_addf(sb, "M%.1f %.1fh0",
					    ser_x(&a, (double)i),
					    ser_y(&a, s->y[i]));
		strbuf_addstr(sb, "\"/>\n");
	}
	if (s->marks) {
		strbuf_addf(sb,
			    "<path class=\"outliers\" stroke=\"%s\" "
			    "stroke-width=\"1.5\" fill=\"none\" d=\"",
			    FAIL_INK);
		for (size_t i = 0; i < s->n; i++)
			if (s->marks[i] & SVG_ITER_OUTLIER)
				strbuf_addf(sb, "M%.1f %.1fl6 6m0 -6l-6 6",
					    ser_x(&a, (double)i) - 3,
					    ser_y(&a, s->y[i]) - 3);
		strbuf_addstr(sb, "\"/>\n");
	}

	/* segment means */
	for (size_t k = 0; k < s->nsegs; k++) {
		const struct svg_series_seg *g = &s->segs[k];
		if (g->end <= g->start || !isfinite(g->mean))
			continue;
		strbuf_addf(sb,
			    "<path class=\"segment%s\" d=\"M%.1f %.1fH%.1f\" "
			    "stroke=\"%s\" stroke-width=\"2\"%s/>\n",
			    g->steady ? " steady" : "",
			    ser_x(&a, (double)g->start - 0.5),
			    ser_y(&a, g->mean), ser_x(&a, (double)g->end - 0.5),
			    g->steady ? STEADY_INK : SEG_INK,
			    g->excursion ? " stroke-dasharray=\"6 3\"" : "");
	}
	strbuf_addstr(sb, "</svg>\n");
	free(px);
}

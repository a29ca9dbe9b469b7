/*
 * history_html.c: the static dashboard of `versus history --format html`
 * (history.h): index.html with a sparkline per series, and a page per
 * workload with line charts over revisions. Inline SVG and CSS only: no
 * script, font or remote resource, so it opens from a file or any static
 * host.
 */
#include "render/history.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/report.h"
#include "render/svg.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strvec.h"
#include "util/banned.h"

#define CHART_W 1000.0
#define CHART_H 320.0
#define PAD_L	80.0
#define PAD_R	20.0
#define PAD_T	16.0
#define PAD_B	90.0
/* values spanning more than this factor get a log axis */
#define LOG_SPAN 20.0

static const char *const palette[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define PALETTE_NR (sizeof(palette) / sizeof(*palette))

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:"
	"1px solid #ddd;text-align:left;vertical-align:middle}"
	".alert{color:#b00;font-weight:bold}.better{color:#070}"
	"svg text{font:11px sans-serif;fill:#333}.grid{stroke:#eee}"
	".axis{stroke:#888}.cp{stroke:#b00;stroke-dasharray:4 3}"
	".band{opacity:.18}.line{fill:none;stroke-width:1.6}"
	".spark{fill:none;stroke:#1f77b4;stroke-width:1.2}"
	".ref{stroke:#555;stroke-dasharray:2 2}h2{margin-top:2em}";

static void page_begin(struct strbuf *sb, const char *title)
{
	strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
			  "charset=\"utf-8\"><title>");
	svg_escape(sb, title);
	strbuf_addf(sb,
		    "</title><meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'; "
		    "img-src data:\"><style>%s</style></head><body>\n",
		    css);
}

/* A name safe as a file name: letters, digits, '-', '_', '.'. */
static char *file_stem(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		*o++ = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
				       (*s >= '0' && *s <= '9') || *s == '-' ||
				       *s == '_'
			       ? *s
			       : '_';
	*o = '\0';
	return out;
}

/* path relative to the folder dir (both absolute, real). Caller owns. */
static char *relative_to(const char *dir, const char *path)
{
	/* common: where path's '/' ends the folders both share */
	size_t common = 0, i = 0;
	while (dir[i] && dir[i] == path[i]) {
		i++;
		if (path[i] == '/' && (dir[i] == '/' || dir[i] == '\0'))
			common = i;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "");
	for (const char *p = dir + common; *p; p++)
		if (*p == '/')
			strbuf_addstr(&sb, "../");
	strbuf_addstr(&sb, path + common + 1);
	return strbuf_detach(&sb, NULL);
}

/* ---- a chart of several lines over shared revisions ---- */

struct xaxis {
	const char **time, **label; /* borrowed */
	size_t nr;
};

static int cmp_time(const void *a, const void *b)
{
	const struct trend_point *const *x = a, *const *y = b;
	int c = strcmp((*x)->time, (*y)->time);
	return c ? c
		 : strcmp((*x)->revision ? (*x)->revision : (*x)->path,
			  (*y)->revision ? (*y)->revision : (*y)->path);
}

static const char *point_key(const struct trend_point *p)
{
	return p->revision ? p->revision : p->path;
}

/* The revisions of series s[0..n) in time order, once each. */
static void xaxis_build(const struct trend_series *s, size_t n,
			struct xaxis *ax, char (*labels)[24])
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += s[i].points_nr;
	const struct trend_point **all = xcalloc(total + 1, sizeof(*all));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s[i].points_nr; j++)
			all[k++] = &s[i].points[j];
	qsort(all, total, sizeof(*all), cmp_time);
	ax->time = xcalloc(total + 1, sizeof(char *));
	ax->label = xcalloc(total + 1, sizeof(char *));
	ax->nr = 0;
	for (size_t i = 0; i < total; i++) {
		bool seen = false;
		for (size_t j = ax->nr; j-- > 0 && !seen;)
			seen = !strcmp(ax->label[j], point_key(all[i]));
		if (seen)
			continue;
		ax->time[ax->nr] = all[i]->time;
		ax->label[ax->nr] = point_key(all[i]);
		char buf[24];
		snprintf(labels[ax->nr], 24, "%s",
			 history_revision_label(all[i], buf, sizeof(buf)));
		ax->nr++;
	}
	free(all);
}

static size_t xaxis_find(const struct xaxis *ax, const struct trend_point *p)
{
	for (size_t i = 0; i < ax->nr; i++)
		if (!strcmp(ax->label[i], point_key(p)))
			return i;
	return 0;
}

struct scale {
	double lo, hi;
	bool log;
};

static double ymap(const struct scale *sc, double v)
{
	double f =
		sc->log ? (log(v) - log(sc->lo)) / (log(sc->hi) - log(sc->lo))
			: (v - sc->lo) / (sc->hi - sc->lo);
	return PAD_T + (1 - f) * (CHART_H - PAD_T - PAD_B);
}

static double xmap(const struct xaxis *ax, size_t i)
{
	double w = CHART_W - PAD_L - PAD_R - 24;
	return PAD_L + 12 +
	       (ax->nr > 1 ? w * (double)i / (double)(ax->nr - 1) : w / 2);
}

typedef void (*fmt_fn)(char *buf, size_t size, double v);

static void axes(struct strbuf *sb, const struct xaxis *ax,
		 const char (*labels)[24], const struct scale *sc, fmt_fn fmt)
{
	/* five ticks, geometric on a log axis */
	for (int t = 0; t <= 4; t++) {
		double v = sc->log ? exp(log(sc->lo) +
					 (log(sc->hi) - log(sc->lo)) * t / 4)
				   : sc->lo + (sc->hi - sc->lo) * t / 4;
		double y = ymap(sc, v);
		char buf[32];
		fmt(buf, sizeof(buf), v);
		strbuf_addf(sb,
			    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" "
			    "y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			    PAD_L, y, CHART_W - PAD_R, y, PAD_L - 6, y + 4,
			    buf);
	}
	strbuf_addf(sb,
		    "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>\n",
		    PAD_L, CHART_H - PAD_B, CHART_W - PAD_R, CHART_H - PAD_B);
	size_t step = ax->nr > 40 ? (ax->nr + 39) / 40 : 1;
	for (size_t i = 0; i < ax->nr; i += step) {
		double x = xmap(ax, i), y = CHART_H - PAD_B + 10;
		strbuf_addf(sb,
			    "<text class=\"rev\" x=\"%.1f\" y=\"%.1f\" "
			    "transform=\"rotate(-45 %.1f %.1f)\" "
			    "text-anchor=\"end\">",
			    x, y, x, y);
		svg_escape(sb, labels[i]);
		strbuf_addstr(sb, "</text>\n");
	}
}

static void fmt_ratio(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.3g", v);
}

static void fmt_time(char *buf, size_t size, double v)
{
	report_fmt_ns(buf, size, v);
}

/* Which values a chart shows: wall time or ratio to the baseline. */
enum chart_kind { CHART_TIME, CHART_RATIO };

static void point_values(const struct trend_point *p, enum chart_kind k,
			 double *v, double *lo, double *hi)
{
	if (k == CHART_TIME) {
		*v = p->median_ns;
		*lo = p->ci_low_ns;
		*hi = p->ci_high_ns;
	} else {
		*v = p->ratio;
		*lo = p->ratio_low;
		*hi = p->ratio_high;
	}
	if (!(*lo > 0) || !(*hi > 0)) {
		*lo = *hi = *v;
	}
}

/* ---- a report page per run ---- */

/* runs/<digest of the result file's path>.html */
static char *report_name(const char *path)
{
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(path, strlen(path), hex);
	return xstrfmt("runs/%.16s.html", hex);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A point's link: its report page when it got one, else its file. */
static char *point_href(const struct strvec *reports, const char *outdir,
			const char *path)
{
	if (reports->nr && bsearch(&path, reports->v, reports->nr,
				   sizeof(*reports->v), cmp_str))
		return report_name(path);
	return relative_to(outdir, path);
}

/*
 * Render the report page of every result file among each series' latest
 * v->reports points into dir/runs/, and list the files that got one in
 * *done (sorted). A file that no longer reads gets none (its points link
 * to it, and the index says what is wrong with it). Returns 0 or a
 * negative errno of a page that could not be written.
 */
static int write_reports(const struct history_view *v, const char *dir,
			 struct strvec *done, char **err_path)
{
	struct strvec want = STRVEC_INIT;
	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		size_t from = s->points_nr > (size_t)v->reports
				      ? s->points_nr - (size_t)v->reports
				      : 0;
		for (size_t j = from; j < s->points_nr; j++)
			if (s->points[j].path)
				strvec_push(&want, s->points[j].path);
	}
	if (want.nr)
		qsort(want.v, want.nr, sizeof(*want.v), cmp_str);
	int rc = 0;
	if (want.nr) {
		char *runs = xstrfmt("%s/runs", dir);
		rc = fs_mkdir_p(runs);
		if (rc < 0)
			*err_path = runs;
		else
			free(runs);
	}
	for (size_t k = 0; k < want.nr && rc >= 0; k++) {
		if (k && !strcmp(want.v[k], want.v[k - 1]))
			continue;
		struct result_file *rf = NULL;
		struct versus_err err = {0};
		if (result_file_load(want.v[k], &rf, &err) < 0)
			continue;
		const struct result_file *files[1] = {rf};
		struct report_options opts = {.rows = REPORT_ROWS_ID};
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		int r = f ? report_render(files, 1, NULL, REPORT_HTML, &opts, f)
			  : -ENOMEM;
		if (f)
			fclose(f);
		result_file_free(rf);
		if (r == 0) {
			char *name = report_name(want.v[k]);
			char *path = xstrfmt("%s/%s", dir, name);
			rc = fs_write_replace(path, text, len, 0644);
			if (rc < 0)
				*err_path = path;
			else
				free(path);
			free(name);
			if (rc >= 0)
				strvec_push(done, want.v[k]);
		}
		free(text);
	}
	strvec_clear(&want);
	return rc < 0 ? rc : 0;
}

static void line_chart(struct strbuf *sb, const struct history_view *v,
		       size_t first, size_t n, enum chart_kind kind,
		       const char *outdir, const struct strvec *reports)
{
	const struct trend_series *s = &v->series[first];
	struct xaxis ax;
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += s[i].points_nr;
	char(*labels)[24] = xcalloc(total + 1, sizeof(*labels));
	xaxis_build(s, n, &ax, labels);
	struct scale sc = {INFINITY, -INFINITY, false};
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s[i].points_nr; j++) {
			double val, lo, hi;
			point_values(&s[i].points[j], kind, &val, &lo, &hi);
			if (!(val > 0) || !isfinite(val))
				continue;
			sc.lo = fmin(sc.lo, lo);
			sc.hi = fmax(sc.hi, hi);
		}
	if (!isfinite(sc.lo)) {
		strbuf_addstr(sb, "<p>No values to draw.</p>\n");
		goto out;
	}
	if (kind == CHART_RATIO) {
		sc.lo = fmin(sc.lo, 1);
		sc.hi = fmax(sc.hi, 1);
	}
	sc.log = sc.hi / sc.lo > LOG_SPAN;
	if (sc.log) {
		sc.lo /= 1.1;
		sc.hi *= 1.1;
	} else {
		double pad = (sc.hi - sc.lo) * 0.1 + sc.hi * 1e-3;
		sc.lo = fmax(0, sc.lo - pad);
		sc.hi += pad;
	}
	strbuf_addf(sb,
		    "<svg class=\"chart %s%s\" role=\"img\" viewBox=\"0 0 %.0f "
		    "%.0f\" width=\"%.0f\" height=\"%.0f\">\n<title>",
		    kind == CHART_TIME ? "time" : "ratio", sc.log ? " log" : "",
		    CHART_W, CHART_H, CHART_W, CHART_H);
	svg_escape(sb, s->workload);
	strbuf_addstr(sb, kind == CHART_TIME ? ": median wall time by revision"
					     : ": ratio to the baseline by "
					       "revision");
	strbuf_addstr(sb, sc.log ? " (log scale)" : "");
	strbuf_addstr(sb, "</title>\n");
	axes(sb, &ax, (const char(*)[24])labels, &sc,
	     kind == CHART_TIME ? fmt_time : fmt_ratio);
	if (kind == CHART_RATIO)
		strbuf_addf(sb,
			    "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\"/>\n",
			    PAD_L, ymap(&sc, 1), CHART_W - PAD_R, ymap(&sc, 1));
	for (size_t i = 0; i < n; i++) {
		const struct trend_series *t = &s[i];
		const char *color = palette[i % PALETTE_NR];
		if (kind == CHART_RATIO && !strcmp(t->impl, t->baseline))
			continue;
		/* CI band: upper edge forward, lower edge back */
		struct strbuf up = STRBUF_INIT, down = STRBUF_INIT,
			      line = STRBUF_INIT;
		strbuf_addstr(&up, "");
		strbuf_addstr(&down, "");
		strbuf_addstr(&line, "");
		for (size_t j = 0; j < t->points_nr; j++) {
			double val, lo, hi;
			point_values(&t->points[j], kind, &val, &lo, &hi);
			if (!(val > 0) || !isfinite(val))
				continue;
			double x = xmap(&ax, xaxis_find(&ax, &t->points[j]));
			strbuf_addf(&up, "%.1f,%.1f ", x, ymap(&sc, hi));
			strbuf_addf(&line, "%.1f,%.1f ", x, ymap(&sc, val));
		}
		for (size_t j = t->points_nr; j-- > 0;) {
			double val, lo, hi;
			point_values(&t->points[j], kind, &val, &lo, &hi);
			if (!(val > 0) || !isfinite(val))
				continue;
			double x = xmap(&ax, xaxis_find(&ax, &t->points[j]));
			strbuf_addf(&down, "%.1f,%.1f ", x, ymap(&sc, lo));
		}
		strbuf_addf(
			sb,
			"<polygon class=\"band\" fill=\"%s\" points=\"%s%s\"/>"
			"\n<polyline class=\"line\" stroke=\"%s\" "
			"points=\"%s\"/>\n",
			color, up.buf, down.buf, color, line.buf);
		strbuf_release(&up);
		strbuf_release(&down);
		strbuf_release(&line);
		for (size_t j = 0; j < t->points_nr; j++) {
			const struct trend_point *p = &t->points[j];
			double val, lo, hi;
			point_values(p, kind, &val, &lo, &hi);
			if (!(val > 0) || !isfinite(val))
				continue;
			char *href = point_href(reports, outdir, p->path);
			char a[32], b[32], c[32], rev[24];
			if (kind == CHART_TIME) {
				report_fmt_ns(a, sizeof(a), val);
				report_fmt_ns(b, sizeof(b), lo);
				report_fmt_ns(c, sizeof(c), hi);
			} else {
				fmt_ratio(a, sizeof(a), val);
				fmt_ratio(b, sizeof(b), lo);
				fmt_ratio(c, sizeof(c), hi);
			}
			strbuf_addstr(sb, "<a href=\"");
			svg_escape(sb, href);
			strbuf_addf(sb,
				    "\"><circle class=\"point\" cx=\"%.1f\" "
				    "cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>",
				    xmap(&ax, xaxis_find(&ax, p)),
				    ymap(&sc, val), color);
			svg_escape(sb, t->impl);
			strbuf_addstr(sb, " at ");
			svg_escape(sb,
				   history_revision_label(p, rev, sizeof(rev)));
			strbuf_addf(sb, ": %s [%s, %s]</title></circle></a>\n",
				    a, b, c);
			free(href);
		}
		/* change points: a dashed line where each new level starts */
		for (size_t k = 0; kind == CHART_TIME && k + 1 < t->segs_nr;
		     k++) {
			const struct trend_change *ch = &t->changes[k];
			double x0 = xmap(&ax,
					 xaxis_find(&ax, &t->points[ch->from]));
			double x1 =
				xmap(&ax, xaxis_find(&ax, &t->points[ch->to]));
			double x = (x0 + x1) / 2;
			strbuf_addf(
				sb,
				"<line class=\"cp\" x1=\"%.1f\" y1=\"%.1f\" "
				"x2=\"%.1f\" y2=\"%.1f\"><title>",
				x, PAD_T, x, CHART_H - PAD_B);
			svg_escape(sb, t->impl);
			strbuf_addf(sb,
				    ": %s %+.1f%% [%+.1f%%, %+.1f%%]"
				    "</title></line>\n",
				    ch->regression    ? "regression"
				    : ch->improvement ? "improvement"
						      : "change",
				    (ch->size.value - 1) * 100,
				    (ch->size.low - 1) * 100,
				    (ch->size.high - 1) * 100);
		}
	}
	/* legend */
	for (size_t i = 0; i < n; i++) {
		double x = PAD_L + 10 + (double)(i % 6) * 150;
		double y = CHART_H - 14 + 0 * (double)(i / 6);
		strbuf_addf(sb,
			    "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" "
			    "height=\"10\" fill=\"%s\"/><text x=\"%.1f\" "
			    "y=\"%.1f\">",
			    x, y - 9 - 12.0 * (double)(i / 6),
			    palette[i % PALETTE_NR], x + 14,
			    y - 12.0 * (double)(i / 6));
		svg_escape(sb, s[i].impl);
		strbuf_addstr(sb, "</text>\n");
	}
	strbuf_addstr(sb, "</svg>\n");
out:
	free(labels);
	free(ax.time);
	free(ax.label);
}

/* ---- the index ---- */

static void sparkline(struct strbuf *sb, const struct trend_series *s)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t m = 0;
	for (size_t j = 0; j < s->points_nr; j++)
		if (s->points[j].median_ns > 0) {
			lo = fmin(lo, s->points[j].median_ns);
			hi = fmax(hi, s->points[j].median_ns);
			m++;
		}
	strbuf_addstr(sb, "<svg class=\"sparkline\" viewBox=\"0 0 120 24\" "
			  "width=\"120\" height=\"24\">");
	if (m) {
		bool lg = hi / lo > LOG_SPAN;
		strbuf_addstr(sb, "<polyline class=\"spark\" points=\"");
		size_t k = 0;
		for (size_t j = 0; j < s->points_nr; j++) {
			double v = s->points[j].median_ns;
			if (!(v > 0))
				continue;
			double f = hi > lo ? (lg ? log(v / lo) / log(hi / lo)
						 : (v - lo) / (hi - lo))
					   : 0.5;
			strbuf_addf(sb, "%.1f,%.1f ",
				    m > 1 ? 2 + 116.0 * (double)k /
							    (double)(m - 1)
					  : 60.0,
				    22 - 20 * f);
			k++;
		}
		strbuf_addstr(sb, "\"/>");
	}
	strbuf_addstr(sb, "</svg>");
}

static int write_page(const char *dir, const char *name,
		      const struct strbuf *sb, char **err_path)
{
	char *path = xstrfmt("%s/%s", dir, name);
	int rc = fs_write_replace(path, sb->buf, sb->len, 0644);
	if (rc < 0)
		*err_path = path;
	else
		free(path);
	return rc;
}

static bool same_group(const struct trend_series *a,
		       const struct trend_series *b)
{
	return !strcmp(a->workload, b->workload) &&
	       a->workload_version == b->workload_version &&
	       !strcmp(a->params, b->params) && !strcmp(a->setup, b->setup);
}

int history_write_html(const struct history_view *v, const char *dir,
		       char **err_path)
{
	*err_path = NULL;
	int rc = fs_mkdir_p(dir);
	char *real = rc < 0 ? NULL : realpath(dir, NULL);
	if (!real) {
		*err_path = xstrdup(dir);
		return rc < 0 ? rc : -errno;
	}
	struct strvec reports = STRVEC_INIT;
	rc = write_reports(v, real, &reports, err_path);
	if (rc < 0) {
		strvec_clear(&reports);
		free(real);
		return rc;
	}
	struct strbuf index = STRBUF_INIT;
	page_begin(&index, "versus history");
	strbuf_addf(&index,
		    "<h1>versus history</h1>\n<p>%zu series. A change is a "
		    "step found by PELT on the per-revision medians; its size "
		    "is the new level over the old with a 95%% CI; an alert is "
		    "a latest change slower by more than %.3g%%.</p>\n"
		    "<table class=\"series\"><tr><th>series</th><th>trend</th>"
		    "<th>revisions</th><th>latest level</th><th>last change"
		    "</th><th>verdict</th></tr>\n",
		    v->series_nr, v->threshold * 100);
	for (size_t i = 0; i < v->series_nr && rc >= 0;) {
		size_t end = i + 1;
		while (end < v->series_nr &&
		       !strcmp(v->series[end].workload, v->series[i].workload))
			end++;
		char *stem = file_stem(v->series[i].workload);
		char *page_name = xstrfmt("w-%s.html", stem);
		struct strbuf page = STRBUF_INIT;
		page_begin(&page, v->series[i].workload);
		strbuf_addstr(&page, "<p><a href=\"index.html\">all series</a>"
				     "</p>\n<h1>");
		svg_escape(&page, v->series[i].workload);
		strbuf_addf(
			&page,
			"</h1>\n<p>Each point links to the report of its "
			"run (the latest %d revisions of a series; older "
			"points link to their result file, which "
			"<code>versus report --format html FILE</code> "
			"renders). Bands are 95%% CIs; dashed red lines are "
			"change points.</p>\n",
			v->reports);
		for (size_t g = i; g < end;) {
			size_t gend = g + 1;
			while (gend < end &&
			       same_group(&v->series[g], &v->series[gend]))
				gend++;
			strbuf_addstr(&page, "<h2>");
			svg_escape(&page, v->series[g].params);
			strbuf_addstr(&page, " on ");
			svg_escape(&page,
				   v->series[g].host ? v->series[g].host : "?");
			strbuf_addstr(&page,
				      "</h2>\n<h3>Median wall time</h3>\n");
			line_chart(&page, v, g, gend - g, CHART_TIME, real,
				   &reports);
			strbuf_addstr(&page, "<h3>Ratio to the baseline "
					     "<code>");
			svg_escape(&page, v->series[g].baseline);
			strbuf_addstr(&page, "</code></h3>\n");
			line_chart(&page, v, g, gend - g, CHART_RATIO, real,
				   &reports);
			g = gend;
		}
		strbuf_addstr(&page, "</body></html>\n");
		rc = write_page(real, page_name, &page, err_path);
		strbuf_release(&page);

		for (size_t k = i; k < end; k++) {
			const struct trend_series *s = &v->series[k];
			const struct trend_change *c =
				s->segs_nr > 1 ? &s->changes[s->segs_nr - 2]
					       : NULL;
			char lvl[32] = "-", a[24], b[24];
			if (s->segs_nr)
				report_fmt_ns(
					lvl, sizeof(lvl),
					s->segs[s->segs_nr - 1].median_ns);
			strbuf_addf(&index, "<tr%s><td><a href=\"%s\">",
				    s->alert ? " class=\"alert\"" : "",
				    page_name);
			svg_escape(&index, v->labels[k]);
			strbuf_addstr(&index, "</a></td><td>");
			sparkline(&index, s);
			strbuf_addf(&index, "</td><td>%zu</td><td>%s</td><td>",
				    s->points_nr, lvl);
			if (c) {
				strbuf_addf(&index,
					    "<span class=\"%s\">%+.1f%% "
					    "[%+.1f%%, %+.1f%%]</span> at ",
					    c->regression    ? "alert"
					    : c->improvement ? "better"
							     : "",
					    (c->size.value - 1) * 100,
					    (c->size.low - 1) * 100,
					    (c->size.high - 1) * 100);
				svg_escape(&index, history_revision_label(
							   &s->points[c->from],
							   a, sizeof(a)));
				strbuf_addstr(&index, "..");
				svg_escape(&index, history_revision_label(
							   &s->points[c->to], b,
							   sizeof(b)));
			} else {
				strbuf_addstr(&index, "none");
			}
			strbuf_addf(&index, "</td><td>%s</td></tr>\n",
				    s->alert		  ? "REGRESSION"
				    : !s->segs_nr	  ? "no data"
				    : c && c->regression  ? "slower"
				    : c && c->improvement ? "faster"
							  : "steady");
		}
		free(page_name);
		free(stem);
		i = end;
	}
	strbuf_addstr(&index, "</table>\n</body></html>\n");
	if (rc >= 0)
		rc = write_page(real, "index.html", &index, err_path);
	strbuf_release(&index);
	strvec_clear(&reports);
	free(real);
	return rc;
}

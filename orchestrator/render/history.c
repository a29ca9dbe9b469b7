/*
 * history.c: `versus history` as a table, JSON and the two exports
 * (history.h).
 */
#include "render/history.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_value.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/sha256.h"
#include "util/term.h"
#include "util/banned.h"

char **history_labels(const struct trend_series *s, size_t nr)
{
	char **l = xcalloc(nr + 1, sizeof(*l));
	/* level 0: workload/impl; 1: + params; 2: + host; 3: + set-up */
	for (int level = 0; level < 4; level++) {
		for (size_t i = 0; i < nr; i++) {
			char setup[SHA256_HEX_LEN + 1];
			sha256_hex(s[i].setup, strlen(s[i].setup), setup);
			free(l[i]);
			l[i] = xstrfmt("%s/%s%s%s%s%s%s%s%.*s%s", s[i].workload,
				       s[i].impl,
				       level >= 1 && *s[i].params ? " [" : "",
				       level >= 1 ? s[i].params : "",
				       level >= 1 && *s[i].params ? "]" : "",
				       level >= 2 ? " on " : "",
				       level >= 2 && s[i].host ? s[i].host : "",
				       level >= 3 ? " (set-up " : "",
				       level >= 3 ? 6 : 0, setup,
				       level >= 3 ? ")" : "");
		}
		bool unique = true;
		for (size_t i = 0; i < nr && unique; i++)
			for (size_t j = 0; j < i && unique; j++)
				unique = strcmp(l[i], l[j]) != 0;
		if (unique)
			break;
	}
	return l;
}

void history_labels_free(char **labels, size_t nr)
{
	if (!labels)
		return;
	for (size_t i = 0; i < nr; i++)
		free(labels[i]);
	free(labels);
}

const char *history_revision_label(const struct trend_point *p, char *buf,
				   size_t size)
{
	if (!p->revision)
		return p->time;
	size_t len = strlen(p->revision);
	if ((len == 40 || len == 64) &&
	    strspn(p->revision, "0123456789abcdef") == len) {
		snprintf(buf, size, "%.10s", p->revision);
		return buf;
	}
	return p->revision;
}

/* "+8.1% [+5.9%, +10.3%]" of a ratio; "-" when unknown. */
static void fmt_change(char *buf, size_t size, const struct trend_ratio *r)
{
	if (!isfinite(r->value)) {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "%+.1f%% [%+.1f%%, %+.1f%%]", (r->value - 1) * 100,
		 (r->low - 1) * 100, (r->high - 1) * 100);
}

static const char *change_kind(const struct trend_change *c)
{
	return c->regression	? "regression"
	       : c->improvement ? "improvement"
				: "change";
}

/* "a1b2c3d4e5..f6a7b8c9d0": the last revision of the old level, the
 * first of the new. */
static char *change_range(const struct trend_series *s,
			  const struct trend_change *c)
{
	char a[16], b[16];
	return xstrfmt(
		"%s..%s",
		history_revision_label(&s->points[c->from], a, sizeof(a)),
		history_revision_label(&s->points[c->to], b, sizeof(b)));
}

static const struct trend_change *last_change(const struct trend_series *s)
{
	return s->segs_nr > 1 ? &s->changes[s->segs_nr - 2] : NULL;
}

size_t history_alerts(const struct history_view *v, struct strbuf *out)
{
	size_t n = 0;
	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		if (!s->alert)
			continue;
		const struct trend_change *c = last_change(s);
		char size[96];
		char *range = change_range(s, c);
		fmt_change(size, sizeof(size), &c->size);
		strbuf_addf(out,
			    "regression: %s is %s slower since %s (more "
			    "than the %.3g%% threshold)\n",
			    v->labels[i], size, range, v->threshold * 100);
		free(range);
		n++;
	}
	return n;
}

/* ---- table ---- */

static const struct table_column summary_cols[] = {
	{"series", TABLE_LEFT, 0, true, 16},
	{"revisions", TABLE_RIGHT, 3, false, 0},
	{"latest median time", TABLE_RIGHT, 0, true, 0},
	{"vs previous level", TABLE_RIGHT, 0, true, 0},
	{"vs best level", TABLE_RIGHT, 2, true, 0},
	{"last change", TABLE_LEFT, 1, true, 0},
	{"verdict", TABLE_LEFT, 0, false, 0},
};

static const struct table_column change_cols[] = {
	{"revisions", TABLE_LEFT, 0, true, 0},
	{"change", TABLE_RIGHT, 0, true, 0},
	{"kind", TABLE_LEFT, 0, false, 0},
	{"new level", TABLE_RIGHT, 1, true, 0},
};

static const struct table_column point_cols[] = {
	{"revision", TABLE_LEFT, 0, false, 0},
	{"time", TABLE_LEFT, 2, false, 0},
	{"runs", TABLE_RIGHT, 3, false, 0},
	{"median time", TABLE_RIGHT, 0, true, 0},
	{"95% CI", TABLE_RIGHT, 1, true, 0},
	{"", TABLE_LEFT, 0, false, 0},
};

static void fmt_level(char *buf, size_t size, double med, double lo, double hi)
{
	char a[32], b[32], c[32];
	if (!isfinite(med)) {
		snprintf(buf, size, "-");
		return;
	}
	report_fmt_ns(a, sizeof(a), med);
	report_fmt_ns(b, sizeof(b), lo);
	report_fmt_ns(c, sizeof(c), hi);
	snprintf(buf, size, "%s [%s, %s]", a, b, c);
}

static void render_table(const struct history_view *v, size_t width, bool color,
			 struct strbuf *out)
{
	struct table t;
	char buf[128], buf2[128];
	table_init(&t, summary_cols,
		   sizeof(summary_cols) / sizeof(*summary_cols));
	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		const struct trend_change *c = last_change(s);
		table_add(&t, v->labels[i], NULL);
		snprintf(buf, sizeof(buf), "%zu", s->points_nr);
		table_add(&t, buf, NULL);
		if (s->segs_nr) {
			const struct trend_segment *g =
				&s->segs[s->segs_nr - 1];
			fmt_level(buf, sizeof(buf), g->median_ns, g->ci_low_ns,
				  g->ci_high_ns);
		} else {
			snprintf(buf, sizeof(buf), "no OK run");
		}
		table_add(&t, buf, NULL);
		fmt_change(buf, sizeof(buf), &s->vs_previous);
		table_add(&t, buf,
			  c && c->regression	? TERM_ALERT
			  : c && c->improvement ? TERM_GREEN
						: NULL);
		if (s->segs_nr && s->vs_best.low == 1 && s->vs_best.high == 1)
			snprintf(buf2, sizeof(buf2), "the best");
		else
			fmt_change(buf2, sizeof(buf2), &s->vs_best);
		table_add(&t, buf2, NULL);
		char *range = c ? change_range(s, c) : xstrdup("none");
		table_add(&t, range, NULL);
		free(range);
		const char *verdict = s->alert		    ? "REGRESSION"
				      : !s->segs_nr	    ? "no data"
				      : c && c->regression  ? "slower"
				      : c && c->improvement ? "faster"
							    : "steady";
		table_add(&t, verdict, s->alert ? TERM_ALERT : NULL);
	}
	table_render_text(&t, width, color, out);
	table_release(&t);

	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		if (s->segs_nr > 1) {
			strbuf_addf(out, "\nchanges of %s:\n", v->labels[i]);
			table_init(&t, change_cols,
				   sizeof(change_cols) / sizeof(*change_cols));
			for (size_t j = 0; j + 1 < s->segs_nr; j++) {
				const struct trend_change *c = &s->changes[j];
				const struct trend_segment *g = &s->segs[j + 1];
				char *range = change_range(s, c);
				table_add(&t, range, NULL);
				free(range);
				fmt_change(buf, sizeof(buf), &c->size);
				table_add(&t, buf,
					  c->regression ? TERM_ALERT : NULL);
				table_add(&t, change_kind(c), NULL);
				fmt_level(buf, sizeof(buf), g->median_ns,
					  g->ci_low_ns, g->ci_high_ns);
				table_add(&t, buf, NULL);
			}
			t.indent = 2;
			table_render_text(&t, width, color, out);
			table_release(&t);
		}
		if (!v->points)
			continue;
		strbuf_addf(out, "\nrevisions of %s:\n", v->labels[i]);
		table_init(&t, point_cols,
			   sizeof(point_cols) / sizeof(*point_cols));
		for (size_t j = 0; j < s->points_nr; j++) {
			const struct trend_point *p = &s->points[j];
			table_add(&t,
				  history_revision_label(p, buf, sizeof(buf)),
				  NULL);
			table_add(&t, p->time, NULL);
			snprintf(buf, sizeof(buf), "%zu", p->runs);
			table_add(&t, buf, NULL);
			report_fmt_ns(buf, sizeof(buf), p->median_ns);
			table_add(&t, p->runs ? buf : p->status, NULL);
			if (p->runs) {
				char a[32], b[32];
				report_fmt_ns(a, sizeof(a), p->ci_low_ns);
				report_fmt_ns(b, sizeof(b), p->ci_high_ns);
				snprintf(buf, sizeof(buf), "[%s, %s]", a, b);
			} else {
				snprintf(buf, sizeof(buf), "-");
			}
			table_add(&t, buf, NULL);
			bool starts = false;
			for (size_t k = 0; k + 1 < s->segs_nr; k++)
				starts |= s->changes[k].to == j;
			table_add(&t, starts ? "<- change" : "", NULL);
		}
		t.indent = 2;
		table_render_text(&t, width, color, out);
		table_release(&t);
	}
	if (!v->series_nr)
		strbuf_addstr(out, "no results match\n");
}

/* ---- JSON ---- */

static json_t *ratio_json(const struct trend_ratio *r)
{
	if (!isfinite(r->value))
		return json_null();
	return json_pack("{s:o,s:o,s:o}", "value", json_real_or_null(r->value),
			 "ci_low", json_real_or_null(r->low), "ci_high",
			 json_real_or_null(r->high));
}

static json_t *series_json(const struct history_view *v, size_t i)
{
	const struct trend_series *s = &v->series[i];
	json_t *o = json_object(), *a;
	json_object_set_new(o, "label", json_string(v->labels[i]));
	json_object_set_new(o, "workload", json_string(s->workload));
	json_object_set_new(o, "workload_version",
			    json_integer(s->workload_version));
	json_object_set_new(o, "params", json_string(s->params));
	json_object_set_new(o, "implementation", json_string(s->impl));
	json_object_set_new(o, "language", json_string(s->language));
	json_object_set_new(o, "baseline", json_string(s->baseline));
	json_object_set_new(o, "host", json_string_or_null(s->host));
	json_object_set_new(o, "setup", json_string(s->setup));
	a = json_array();
	for (size_t j = 0; j < s->points_nr; j++) {
		const struct trend_point *p = &s->points[j];
		json_array_append_new(
			a,
			json_pack(
				"{s:o,s:s,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
				"s:s}",
				"revision", json_string_or_null(p->revision),
				"time", p->time, "runs", (json_int_t)p->runs,
				"failed", (json_int_t)p->failed, "status",
				json_string_or_null(p->runs ? "OK" : p->status),
				"median_ns", json_real_or_null(p->median_ns),
				"ci_low_ns", json_real_or_null(p->ci_low_ns),
				"ci_high_ns", json_real_or_null(p->ci_high_ns),
				"ratio", json_real_or_null(p->ratio),
				"ratio_ci_low", json_real_or_null(p->ratio_low),
				"ratio_ci_high",
				json_real_or_null(p->ratio_high), "result",
				p->path));
	}
	json_object_set_new(o, "points", a);
	a = json_array();
	for (size_t j = 0; j < s->segs_nr; j++) {
		const struct trend_segment *g = &s->segs[j];
		json_array_append_new(
			a,
			json_pack("{s:o,s:o,s:o,s:o,s:o}", "first_revision",
				  json_string_or_null(
					  s->points[g->begin].revision),
				  "last_revision",
				  json_string_or_null(
					  s->points[g->end - 1].revision),
				  "median_ns", json_real_or_null(g->median_ns),
				  "ci_low_ns", json_real_or_null(g->ci_low_ns),
				  "ci_high_ns",
				  json_real_or_null(g->ci_high_ns)));
	}
	json_object_set_new(o, "segments", a);
	a = json_array();
	for (size_t j = 0; j + 1 < s->segs_nr; j++) {
		const struct trend_change *c = &s->changes[j];
		json_array_append_new(
			a,
			json_pack(
				"{s:o,s:o,s:s,s:s,s:o,s:s}", "last_before",
				json_string_or_null(
					s->points[c->from].revision),
				"first_after",
				json_string_or_null(s->points[c->to].revision),
				"last_before_time", s->points[c->from].time,
				"first_after_time", s->points[c->to].time,
				"ratio", ratio_json(&c->size), "kind",
				change_kind(c)));
	}
	json_object_set_new(o, "changes", a);
	json_object_set_new(o, "vs_previous", ratio_json(&s->vs_previous));
	json_object_set_new(o, "vs_best", ratio_json(&s->vs_best));
	json_object_set_new(o, "alert", json_boolean(s->alert));
	return o;
}

static char *dump(json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_REAL_PRECISION(10));
	json_decref(root);
	return text;
}

static json_t *render_json(const struct history_view *v)
{
	json_t *root = json_object(), *a = json_array();
	json_object_set_new(root, "versus_history", json_integer(1));
	json_object_set_new(root, "threshold", json_real(v->threshold));
	for (size_t i = 0; i < v->series_nr; i++)
		json_array_append_new(a, series_json(v, i));
	json_object_set_new(root, "series", a);
	return root;
}

/* ---- exports: the latest level of every series and its verdict ---- */

static json_t *render_github(const struct history_view *v)
{
	json_t *root = json_array();
	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		const struct trend_change *c = last_change(s);
		char size[96];
		fmt_change(size, sizeof(size), &s->vs_previous);
		char *range = c ? change_range(s, c) : xstrdup("none");
		char *verdict =
			xstrfmt("%s; latest change %s at %s; %zu revisions",
				s->alert ? "REGRESSION" : "no regression alert",
				c ? size : "none", range, s->points_nr);
		if (s->segs_nr) {
			const struct trend_segment *g =
				&s->segs[s->segs_nr - 1];
			char *name = xstrfmt("%s wall time", v->labels[i]);
			char *r = xstrfmt("+%.0f / -%.0f",
					  g->ci_high_ns - g->median_ns,
					  g->median_ns - g->ci_low_ns);
			json_array_append_new(
				root,
				json_pack("{s:s,s:s,s:f,s:s,s:s}", "name", name,
					  "unit", "ns", "value", g->median_ns,
					  "range", r, "extra", verdict));
			free(name);
			free(r);
		}
		/* 1 or 1000, as the status entries of a run's export: an
		 * alert at any threshold of the action */
		char *name = xstrfmt("%s regression", v->labels[i]);
		json_array_append_new(
			root, json_pack("{s:s,s:s,s:i,s:s}", "name", name,
					"unit", "alert", "value",
					s->alert ? 1000 : 1, "extra", verdict));
		free(name);
		free(range);
		free(verdict);
	}
	return root;
}

static json_t *render_bmf(const struct history_view *v)
{
	json_t *root = json_object();
	for (size_t i = 0; i < v->series_nr; i++) {
		const struct trend_series *s = &v->series[i];
		json_t *b = json_object();
		if (s->segs_nr) {
			const struct trend_segment *g =
				&s->segs[s->segs_nr - 1];
			json_object_set_new(
				b, "latency",
				json_pack("{s:f,s:f,s:f}", "value",
					  g->median_ns, "lower_value",
					  g->ci_low_ns, "upper_value",
					  g->ci_high_ns));
		}
		/* 0 or 1: a static upper boundary of 0 alerts */
		json_object_set_new(
			b, "regression",
			json_pack("{s:i}", "value", s->alert ? 1 : 0));
		json_object_set_new(root, v->labels[i], b);
	}
	return root;
}

/* ---- OpenMetrics ---- */

/* A label value: backslash, double quote and newline escaped. */
static void om_label(struct strbuf *out, const char *name, const char *value,
		     bool first)
{
	strbuf_addf(out, "%s%s=\"", first ? "" : ",", name);
	for (const char *p = value ? value : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			strbuf_addch(out, '\\');
		if (*p == '\n')
			strbuf_addstr(out, "\\n");
		else
			strbuf_addch(out, *p);
	}
	strbuf_addch(out, '"');
}

static void om_labels(struct strbuf *out, const struct trend_series *s)
{
	strbuf_addch(out, '{');
	om_label(out, "workload", s->workload, true);
	om_label(out, "implementation", s->impl, false);
	om_label(out, "language", s->language, false);
	om_label(out, "params", s->params, false);
	om_label(out, "host", s->host, false);
	/* the set-up's digest, cut as the table's labels cut it */
	char setup[SHA256_HEX_LEN + 1];
	sha256_hex(s->setup, strlen(s->setup), setup);
	setup[12] = '\0';
	om_label(out, "setup", setup, false);
}

/* One sample line; nothing for a value not known (NaN). */
static void om_sample(struct strbuf *out, const char *metric,
		      const struct trend_series *s, const char *extra,
		      const char *extra_value, double v)
{
	if (!isfinite(v))
		return;
	strbuf_addstr(out, metric);
	om_labels(out, s);
	if (extra)
		om_label(out, extra, extra_value, false);
	strbuf_addf(out, "} %.9g\n", v);
}

static const struct trend_point *latest_point(const struct trend_series *s)
{
	for (size_t k = s->points_nr; k > 0; k--)
		if (isfinite(s->points[k - 1].median_ns))
			return &s->points[k - 1];
	return NULL;
}

/*
 * Gauges of every series' latest state, for a Prometheus text-file
 * collector or an OpenMetrics scrape (docs/history.md): one metric family
 * after the other, as both formats want, ended by "# EOF".
 */
static void render_openmetrics(const struct history_view *v, struct strbuf *out)
{
	static const struct {
		const char *name, *unit, *help;
	} fam[] = {
		{"versus_level_seconds", "seconds",
		 "Median wall time of the series' latest level (the revisions "
		 "since its last change point), with its 95% CI as bound"},
		{"versus_latest_seconds", "seconds",
		 "Median wall time at the latest revision with an OK run"},
		{"versus_latest_ratio", NULL,
		 "The latest revision's ratio to the workload's baseline"},
		{"versus_change_ratio", NULL,
		 "Latest level over the one before it (1 when no change), "
		 "with its 95% CI as bound"},
		{"versus_regression", NULL,
		 "1 when the latest change is a regression above the "
		 "threshold, with confidence; else 0"},
		{"versus_revisions", NULL,
		 "Revisions in the series, with their latest as label"},
	};
	for (size_t f = 0; f < sizeof(fam) / sizeof(fam[0]); f++) {
		strbuf_addf(out, "# TYPE %s gauge\n", fam[f].name);
		if (fam[f].unit)
			strbuf_addf(out, "# UNIT %s %s\n", fam[f].name,
				    fam[f].unit);
		strbuf_addf(out, "# HELP %s %s.\n", fam[f].name, fam[f].help);
		for (size_t i = 0; i < v->series_nr; i++) {
			const struct trend_series *s = &v->series[i];
			const struct trend_point *p = latest_point(s);
			const struct trend_segment *g =
				s->segs_nr ? &s->segs[s->segs_nr - 1] : NULL;
			char buf[64];
			switch (f) {
			case 0:
				if (!g)
					break;
				om_sample(out, fam[f].name, s, "bound",
					  "median", g->median_ns / 1e9);
				om_sample(out, fam[f].name, s, "bound",
					  "ci_low", g->ci_low_ns / 1e9);
				om_sample(out, fam[f].name, s, "bound",
					  "ci_high", g->ci_high_ns / 1e9);
				break;
			case 1:
				if (p)
					om_sample(out, fam[f].name, s, NULL,
						  NULL, p->median_ns / 1e9);
				break;
			case 2:
				if (p)
					om_sample(out, fam[f].name, s, NULL,
						  NULL, p->ratio);
				break;
			case 3:
				if (s->segs_nr < 2) {
					if (g)
						om_sample(out, fam[f].name, s,
							  "bound", "value", 1);
					break;
				}
				om_sample(out, fam[f].name, s, "bound", "value",
					  s->vs_previous.value);
				om_sample(out, fam[f].name, s, "bound",
					  "ci_low", s->vs_previous.low);
				om_sample(out, fam[f].name, s, "bound",
					  "ci_high", s->vs_previous.high);
				break;
			case 4:
				om_sample(out, fam[f].name, s, NULL, NULL,
					  s->alert ? 1 : 0);
				break;
			default:
				om_sample(
					out, fam[f].name, s, "latest",
					s->points_nr
						? history_revision_label(
							  &s->points
								   [s->points_nr -
								    1],
							  buf, sizeof(buf))
						: "",
					(double)s->points_nr);
				break;
			}
		}
	}
	strbuf_addstr(out, "# EOF\n");
}

int history_render(const struct history_view *v, enum report_format fmt,
		   size_t width, bool color, struct strbuf *out)
{
	json_t *root;
	switch (fmt) {
	case REPORT_TABLE:
		render_table(v, width, color, out);
		return 0;
	case REPORT_OPENMETRICS:
		render_openmetrics(v, out);
		return 0;
	case REPORT_JSON:
		root = render_json(v);
		break;
	case REPORT_GITHUB_ACTION:
		root = render_github(v);
		break;
	case REPORT_BMF:
		root = render_bmf(v);
		break;
	default:
		return -EINVAL;
	}
	char *text = dump(root);
	if (!text)
		return -ENOMEM;
	strbuf_addf(out, "%s\n", text);
	free(text);
	return 0;
}

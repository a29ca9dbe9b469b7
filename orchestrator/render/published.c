/*
 * published.c: "did it reproduce?" under a workload's table, in text,
 * Markdown, JSON and HTML, from analysis/verdict.h. One set of texts
 * serves every format, so they cannot say different things.
 */
#include "render/published.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/verdict.h"
#include "render/format.h"
#include "render/json_value.h"
#include "render/report_int.h"
#include "render/svg.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/term.h"
#include "util/banned.h"

static const char *metric_words(const struct verdict *v)
{
	switch (v->metric) {
	case RESULT_CPU:
		return "CPU-time";
	case RESULT_MEMORY:
		return "peak-memory";
	case RESULT_WALL:
		break;
	}
	return "wall-time";
}

/* "van Kempen et al. 2024 (https://...; artefact v1.2)". */
static void source_line(const struct result_published *p, struct strbuf *sb)
{
	strbuf_addstr(sb, p->citation ? p->citation : "(no citation)");
	if (p->url || p->version) {
		strbuf_addstr(sb, " (");
		if (p->url)
			strbuf_addstr(sb, p->url);
		if (p->url && p->version)
			strbuf_addstr(sb, "; ");
		if (p->version)
			strbuf_addf(sb, "version %s", p->version);
		strbuf_addch(sb, ')');
	}
}

/* "published on M; toolchains T", "" when neither is known. */
static void machine_line(const struct result_published *p, struct strbuf *sb)
{
	if (p->machine)
		strbuf_addf(sb, "published on %s", p->machine);
	if (p->machine && p->toolchains)
		strbuf_addstr(sb, "; ");
	if (p->toolchains)
		strbuf_addf(sb, "toolchains %s", p->toolchains);
}

/* What the figures are and which size they are for. */
static void figures_line(const struct result_file *rf, const struct verdict *v,
			 struct strbuf *sb)
{
	const struct result_published *p = v->published;
	strbuf_addf(sb, "published %s ratios to '%s'%s", metric_words(v),
		    v->baseline,
		    p->kind && !strcmp(p->kind, "absolute")
			    ? " (derived from absolute values)"
			    : "");
	if (p->size)
		strbuf_addf(sb, ", for size '%s'", p->size);
	strbuf_addf(sb, "; this run: %s%s%s", rf->size ? "size '" : "",
		    rf->size ? rf->size : "the default size",
		    rf->size ? "'" : "");
	if (!p->values_nr)
		strbuf_addstr(sb, " (the manifest publishes no figures for "
				  "this size)");
}

static void fmt_tolerance(char *buf, size_t size, double t)
{
	snprintf(buf, size, "x/\xc3\xb7%.3g", t);
}

/*
 * measured/published, with more digits when three would print an edge
 * of the band (t or 1/t) for a quotient that is not on it: "1.503", not
 * a "1.50" marked NOT REPRODUCED at x/÷1.5.
 */
static void fmt_quotient(char *buf, size_t size, const struct verdict_row *r)
{
	double q = r->quotient, edges[2] = {r->tolerance, 1 / r->tolerance};
	report_fmt_ratio(buf, size, q);
	for (int digits = 3; !isnan(q) && digits <= 9; digits++) {
		char text[32];
		bool clash = false;
		snprintf(text, sizeof(text), "%.*g", digits, q);
		for (int e = 0; e < 2; e++) {
			char edge[32];
			snprintf(edge, sizeof(edge), "%.*g", digits, edges[e]);
			clash |= !strcmp(text, edge) && q != edges[e];
		}
		if (!clash) {
			if (digits > 3)
				snprintf(buf, size, "%s", text);
			break;
		}
	}
}

static void fmt_measured(char *buf, size_t size, const struct verdict_row *r)
{
	struct result_ratio rr = {true, r->measured, r->ci_low, r->ci_high};
	if (r->status == VERDICT_NOT_RUN)
		snprintf(buf, size, "-");
	else
		report_fmt_ratio_ci(buf, size, &rr);
}

static void fmt_verdict(char *buf, size_t size, const struct verdict_row *r)
{
	if (r->status == VERDICT_NOT_RUN)
		snprintf(buf, size, "NOT RUN (%s)", r->reason ? r->reason : "");
	else
		snprintf(buf, size, "%s%s", verdict_status_name(r->status),
			 r->uncertain ? " ?" : "");
}

/* "rho 0.83 over 7 implementations; swapped: rust/cpp, go/java". */
static void rank_line(const struct verdict *v, struct strbuf *sb)
{
	if (isnan(v->rho)) {
		strbuf_addf(sb,
			    "Spearman's rho not defined (%zu implementation%s "
			    "with both figures)",
			    v->rho_n, v->rho_n == 1 ? "" : "s");
		return;
	}
	strbuf_addf(sb, "Spearman's rho %.2f over %zu implementations", v->rho,
		    v->rho_n);
	if (!v->swaps_nr) {
		strbuf_addstr(sb, "; same order as published");
		return;
	}
	strbuf_addf(sb, "; %zu pair%s swapped (lower as published first): ",
		    v->swaps_nr, v->swaps_nr == 1 ? "" : "s");
	for (size_t i = 0; i < v->swaps_nr; i++)
		strbuf_addf(sb, "%s%s/%s", i ? ", " : "", v->swaps[i].a,
			    v->swaps[i].b);
}

static void aggregate_line(const struct verdict *v, struct strbuf *sb)
{
	char pub[32], mea[96], q[32];
	struct result_ratio agg = {true, v->agg_measured, v->agg_ci_low,
				   v->agg_ci_high};
	if (!v->agg_n) {
		strbuf_addf(sb, "%s: nothing to aggregate",
			    verdict_aggregate_name(v));
		return;
	}
	report_fmt_ratio(pub, sizeof(pub), v->agg_published);
	report_fmt_ratio_ci(mea, sizeof(mea), &agg);
	report_fmt_ratio(q, sizeof(q), v->agg_measured / v->agg_published);
	strbuf_addf(sb,
		    "%s of the ratios of %zu implementation%s: published %s, "
		    "measured %s (measured/published %s)",
		    verdict_aggregate_name(v), v->agg_n,
		    v->agg_n == 1 ? "" : "s", pub, mea, q);
	if (v->sum)
		strbuf_addstr(sb, "; with one baseline, the ratio of sums is "
				  "the mean of the ratios");
}

static void overall_line(const struct verdict *v, struct strbuf *sb)
{
	strbuf_addf(sb, "%s: %zu reproduced, %zu not reproduced, %zu not run",
		    verdict_overall_name(v->overall), v->reproduced,
		    v->not_reproduced, v->not_run);
}

static const struct table_column cols[] = {
	{"id", TABLE_LEFT, 0, true, 10},
	{"measured (95% CI)", TABLE_LEFT, 0, true, 12},
	{"published", TABLE_RIGHT, 0, false, 0},
	{"measured/published", TABLE_RIGHT, 0, true, 8},
	{"tolerance", TABLE_RIGHT, 1, false, 0},
	{"verdict", TABLE_LEFT, 0, true, 10},
	{"toolchain as published", TABLE_LEFT, 2, true, 10},
};

static void verdict_tab(const struct verdict *v, bool md, struct table *t)
{
	bool toolchains = false;
	for (size_t i = 0; i < v->nr; i++)
		toolchains |= v->rows[i].toolchain != NULL;
	table_init(t, cols, sizeof(cols) / sizeof(cols[0]) - !toolchains);
	for (size_t i = 0; i < v->nr; i++) {
		const struct verdict_row *r = &v->rows[i];
		char buf[160];
		table_add(t, r->id, NULL);
		fmt_measured(buf, sizeof(buf), r);
		table_add(t, buf, NULL);
		report_fmt_ratio(buf, sizeof(buf), r->published);
		table_add(t, buf, NULL);
		fmt_quotient(buf, sizeof(buf), r);
		table_add(t, buf, NULL);
		fmt_tolerance(buf, sizeof(buf), r->tolerance);
		table_add(t, buf, NULL);
		fmt_verdict(buf, sizeof(buf), r);
		table_add(t, buf,
			  r->status == VERDICT_REPRODUCED ? TERM_GREEN
			  : r->status == VERDICT_NOT_REPRODUCED
				  ? (md ? TERM_ALERT : TERM_RED)
				  : TERM_YELLOW);
		if (toolchains)
			table_add(t, r->toolchain ? r->toolchain : "-", NULL);
	}
}

void published_render_text(const struct result_file *rf, bool color,
			   size_t width, struct strbuf *sb)
{
	struct verdict v;
	struct strbuf line = STRBUF_INIT;
	struct table t;
	const char *bold = color ? term_seq(TERM_BOLD) : "",
		   *off = color ? term_seq(TERM_RESET) : "";
	verdict_compute(rf, &v);
	if (!v.present)
		return;
	char *head = xstrfmt("\n%sreproduction:%s ", bold, off);
	source_line(v.published, &line);
	table_wrap_text(sb, head, line.buf, width, 2);
	free(head);
	strbuf_reset(&line);
	machine_line(v.published, &line);
	if (line.len)
		table_wrap_text(sb, "  ", line.buf, width, 2);
	strbuf_reset(&line);
	figures_line(rf, &v, &line);
	table_wrap_text(sb, "  ", line.buf, width, 2);
	if (v.nr) {
		strbuf_addch(sb, '\n');
		verdict_tab(&v, false, &t);
		table_render_text(&t, width, color, sb);
		table_release(&t);
		strbuf_reset(&line);
		rank_line(&v, &line);
		table_wrap_text(sb, "\nrank agreement: ", line.buf, width, 2);
		strbuf_reset(&line);
		aggregate_line(&v, &line);
		table_wrap_text(sb, "aggregate: ", line.buf, width, 2);
	}
	strbuf_reset(&line);
	overall_line(&v, &line);
	head = xstrfmt("%sverdict:%s ",
		       color ? term_seq(v.overall == VERDICT_SOME_NOT
						? TERM_ALERT
					: v.overall == VERDICT_ALL_REPRODUCED
						? TERM_GREEN
						: TERM_YELLOW)
			     : "",
		       off);
	table_wrap_text(sb, head, line.buf, width, 2);
	free(head);
	table_wrap_text(sb, "rule: ", VERDICT_RULE, width, 2);
	strbuf_release(&line);
	verdict_release(&v);
}

void published_render_md(const struct result_file *rf, struct strbuf *sb)
{
	struct verdict v;
	struct strbuf line = STRBUF_INIT;
	struct table t;
	verdict_compute(rf, &v);
	if (!v.present)
		return;
	strbuf_addstr(sb, "\n**Reproduction of** ");
	source_line(v.published, &line);
	esc_md(sb, line.buf);
	strbuf_addstr(sb, "\n\n");
	strbuf_reset(&line);
	machine_line(v.published, &line);
	if (line.len) {
		strbuf_addstr(sb, "- ");
		esc_md(sb, line.buf);
		strbuf_addch(sb, '\n');
	}
	strbuf_reset(&line);
	figures_line(rf, &v, &line);
	strbuf_addstr(sb, "- ");
	esc_md(sb, line.buf);
	strbuf_addstr(sb, "\n\n");
	if (v.nr) {
		verdict_tab(&v, true, &t);
		table_render_md(&t, sb);
		table_release(&t);
		strbuf_reset(&line);
		rank_line(&v, &line);
		strbuf_addstr(sb, "\n- rank agreement: ");
		esc_md(sb, line.buf);
		strbuf_reset(&line);
		aggregate_line(&v, &line);
		strbuf_addstr(sb, "\n- aggregate: ");
		esc_md(sb, line.buf);
		strbuf_addch(sb, '\n');
	}
	strbuf_reset(&line);
	overall_line(&v, &line);
	strbuf_addstr(sb, "\n**Verdict: ");
	esc_md(sb, line.buf);
	strbuf_addstr(sb, "**\n\n*Rule: ");
	esc_md(sb, VERDICT_RULE);
	strbuf_addstr(sb, ".*\n");
	strbuf_release(&line);
	verdict_release(&v);
}

json_t *published_json(const struct result_file *rf)
{
	struct verdict v;
	verdict_compute(rf, &v);
	if (!v.present)
		return NULL;
	const struct result_published *p = v.published;
	json_t *o = json_object(), *rows = json_array(), *swaps = json_array();
	json_object_set_new(o, "citation", json_string_or_null(p->citation));
	json_object_set_new(o, "url", json_string_or_null(p->url));
	json_object_set_new(o, "version", json_string_or_null(p->version));
	json_object_set_new(o, "machine", json_string_or_null(p->machine));
	json_object_set_new(o, "toolchains",
			    json_string_or_null(p->toolchains));
	json_object_set_new(o, "metric", json_string_or_null(p->metric));
	json_object_set_new(o, "baseline", json_string(v.baseline));
	json_object_set_new(o, "kind", json_string_or_null(p->kind));
	json_object_set_new(o, "size", json_string_or_null(p->size));
	json_object_set_new(o, "rule", json_string(VERDICT_RULE));
	for (size_t i = 0; i < v.nr; i++) {
		const struct verdict_row *r = &v.rows[i];
		json_t *m = r->status == VERDICT_NOT_RUN
				    ? json_null()
				    : json_pack("{s:o,s:o,s:o}", "value",
						json_real_or_null(r->measured),
						"ci_low",
						json_real_or_null(r->ci_low),
						"ci_high",
						json_real_or_null(r->ci_high));
		json_array_append_new(
			rows,
			json_pack("{s:s,s:o,s:o,s:o,s:o,s:s,s:b,s:o,s:o}", "id",
				  r->id, "measured", m, "published",
				  json_real_or_null(r->published),
				  "measured_over_published",
				  json_real_or_null(r->quotient), "tolerance",
				  json_real_or_null(r->tolerance), "verdict",
				  verdict_status_name(r->status), "uncertain",
				  r->uncertain, "reason",
				  json_string_or_null(r->reason), "toolchain",
				  json_string_or_null(r->toolchain)));
	}
	json_object_set_new(o, "implementations", rows);
	for (size_t i = 0; i < v.swaps_nr; i++)
		json_array_append_new(
			swaps, json_pack("[s,s]", v.swaps[i].a, v.swaps[i].b));
	json_object_set_new(o, "rank_agreement",
			    json_pack("{s:o,s:I,s:o}", "spearman_rho",
				      json_real_or_null(v.rho),
				      "implementations", (json_int_t)v.rho_n,
				      "swapped", swaps));
	json_object_set_new(
		o, "aggregate",
		json_pack("{s:s,s:o,s:o,s:o,s:o,s:I}", "method",
			  v.sum ? "sum" : "geomean", "published",
			  json_real_or_null(v.agg_published), "measured",
			  json_real_or_null(v.agg_measured), "measured_ci_low",
			  json_real_or_null(v.agg_ci_low), "measured_ci_high",
			  json_real_or_null(v.agg_ci_high), "implementations",
			  (json_int_t)v.agg_n));
	json_object_set_new(o, "verdict",
			    json_string(verdict_overall_name(v.overall)));
	json_object_set_new(o, "reproduced",
			    json_integer((json_int_t)v.reproduced));
	json_object_set_new(o, "not_reproduced",
			    json_integer((json_int_t)v.not_reproduced));
	json_object_set_new(o, "not_run", json_integer((json_int_t)v.not_run));
	verdict_release(&v);
	return o;
}

static void html_text(struct strbuf *sb, const char *tag, const char *cls,
		      const char *s)
{
	strbuf_addf(sb, "<%s%s%s%s>", tag, cls ? " class=\"" : "",
		    cls ? cls : "", cls ? "\"" : "");
	esc_html(sb, s);
	strbuf_addf(sb, "</%s>\n", tag);
}

void published_render_html(const struct result_file *rf, struct strbuf *sb)
{
	struct verdict v;
	struct strbuf line = STRBUF_INIT;
	verdict_compute(rf, &v);
	if (!v.present)
		return;
	strbuf_addstr(sb, "<h3>Reproduction of published results</h3>\n");
	source_line(v.published, &line);
	if (v.published->url) {
		/* the citation as text, the URL as a link only when http(s) */
		strbuf_addstr(sb, "<p class=\"meta\">");
		esc_html(sb,
			 v.published->citation ? v.published->citation : "");
		if (!strncmp(v.published->url, "https://", 8) ||
		    !strncmp(v.published->url, "http://", 7)) {
			strbuf_addstr(sb, " (<a href=\"");
			esc_html(sb, v.published->url);
			strbuf_addstr(sb, "\">");
			esc_html(sb, v.published->url);
			strbuf_addstr(sb, "</a>)");
		} else {
			strbuf_addstr(sb, " (");
			esc_html(sb, v.published->url);
			strbuf_addstr(sb, ")");
		}
		if (v.published->version) {
			strbuf_addstr(sb, ", version ");
			esc_html(sb, v.published->version);
		}
		strbuf_addstr(sb, "</p>\n");
	} else {
		html_text(sb, "p", "meta", line.buf);
	}
	strbuf_reset(&line);
	machine_line(v.published, &line);
	if (line.len)
		html_text(sb, "p", "meta", line.buf);
	strbuf_reset(&line);
	figures_line(rf, &v, &line);
	html_text(sb, "p", "meta", line.buf);
	if (v.nr) {
		struct svg_repro_row *rows = xcalloc(v.nr + 1, sizeof(*rows));
		char **notes = xcalloc(v.nr + 1, sizeof(*notes));
		strbuf_addstr(sb, "<table><thead><tr><th>id</th><th>measured "
				  "(95% CI)</th><th>published</th><th>"
				  "measured/published</th><th>tolerance</th>"
				  "<th>verdict</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < v.nr; i++) {
			const struct verdict_row *r = &v.rows[i];
			char buf[160];
			strbuf_addstr(sb, "<tr>");
			html_text(sb, "td", NULL, r->id);
			fmt_measured(buf, sizeof(buf), r);
			html_text(sb, "td", "num", buf);
			report_fmt_ratio(buf, sizeof(buf), r->published);
			html_text(sb, "td", "num", buf);
			fmt_quotient(buf, sizeof(buf), r);
			html_text(sb, "td", "num", buf);
			fmt_tolerance(buf, sizeof(buf), r->tolerance);
			html_text(sb, "td", "num", buf);
			fmt_verdict(buf, sizeof(buf), r);
			html_text(sb, "td",
				  r->status == VERDICT_REPRODUCED	? "ok"
				  : r->status == VERDICT_NOT_REPRODUCED ? "fail"
									: NULL,
				  buf);
			strbuf_addstr(sb, "</tr>\n");
			/* short: the chart's right margin is 160 px */
			notes[i] = xstrfmt("%s%s",
					   r->status == VERDICT_REPRODUCED
						   ? "in band"
					   : r->status == VERDICT_NOT_REPRODUCED
						   ? "outside"
						   : "not run",
					   r->uncertain ? " ?" : "");
			rows[i] = (struct svg_repro_row){
				.label = r->id,
				.measured = r->measured,
				.lo = r->ci_low,
				.hi = r->ci_high,
				.published = r->published,
				.band_lo = r->published / r->tolerance,
				.band_hi = r->published * r->tolerance,
				.inside = r->status == VERDICT_REPRODUCED,
				.note = notes[i],
			};
		}
		strbuf_addstr(sb, "</tbody></table>\n");
		strbuf_addstr(sb, "<h3>Measured vs published ratio (log scale; "
				  "band: tolerance, tick: published, dot: "
				  "measured with its 95% CI)</h3>\n");
		char *caption = xstrfmt("%s: measured against published "
					"ratios to %s",
					rf->workload_id, v.baseline);
		svg_repro_chart(sb, rows, v.nr, caption);
		free(caption);
		for (size_t i = 0; i < v.nr; i++)
			free(notes[i]);
		free(notes);
		free(rows);
		strbuf_reset(&line);
		rank_line(&v, &line);
		strbuf_addstr(sb, "<p>Rank agreement: ");
		esc_html(sb, line.buf);
		strbuf_addstr(sb, "<br>Aggregate: ");
		strbuf_reset(&line);
		aggregate_line(&v, &line);
		esc_html(sb, line.buf);
		strbuf_addstr(sb, "</p>\n");
	}
	strbuf_reset(&line);
	overall_line(&v, &line);
	strbuf_addf(sb, "<p class=\"%s\"><strong>Verdict: ",
		    v.overall == VERDICT_SOME_NOT ? "warning" : "meta");
	esc_html(sb, line.buf);
	strbuf_addstr(sb, "</strong></p>\n");
	html_text(sb, "p", "note", VERDICT_RULE);
	strbuf_release(&line);
	verdict_release(&v);
}

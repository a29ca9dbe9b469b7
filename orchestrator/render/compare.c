/*
 * compare.c: a comparison (analysis/compare.h) as a table, Markdown or
 * JSON. Cells are made once (compare_tab) for the text and Markdown
 * tables.
 */
#include "render/compare.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_value.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

static void fmt_pct(char *buf, size_t size, double change)
{
	if (isnan(change))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%+.1f%%", 100 * change);
}

static void fmt_change_ci(char *buf, size_t size,
			  const struct compare_metric *m)
{
	char v[24], lo[24], hi[24];
	if (!m->tested) {
		snprintf(buf, size, "-");
		return;
	}
	fmt_pct(v, sizeof(v), m->change);
	fmt_pct(lo, sizeof(lo), m->ci_low);
	fmt_pct(hi, sizeof(hi), m->ci_high);
	snprintf(buf, size, "%s [%s, %s]", v, lo, hi);
}

static void fmt_p(char *buf, size_t size, const struct compare_metric *m)
{
	if (!m->tested)
		snprintf(buf, size, "-");
	else if (m->p_adjusted < 0.0001)
		snprintf(buf, size, "<0.0001");
	else
		snprintf(buf, size, "%.4f", m->p_adjusted);
}

static const struct table_column compare_cols[] = {
	{"workload", TABLE_LEFT, 0, true, 10},
	{"id", TABLE_LEFT, 0, true, 8},
	{"time base", TABLE_RIGHT, 4, true, 7},
	{"time new", TABLE_RIGHT, 3, true, 7},
	{"time change [95% CI]", TABLE_RIGHT, 0, true, 14},
	{"p (Holm)", TABLE_RIGHT, 5, false, 0},
	{"memory change [95% CI]", TABLE_RIGHT, 2, true, 14},
	{"p (Holm)", TABLE_RIGHT, 6, false, 0},
	{"verdict", TABLE_LEFT, 0, true, 10},
};

#define COMPARE_COLS (sizeof(compare_cols) / sizeof(compare_cols[0]))

static const char *verdict_style(const struct compare_pair *p)
{
	if (p->verdict == COMPARE_REGRESSION ||
	    p->verdict == COMPARE_NEWLY_FAILED)
		return TERM_ALERT;
	return p->verdict == COMPARE_IMPROVEMENT ? TERM_GREEN : NULL;
}

/* The table of every pair; cells raw (the table escapes them). */
static void compare_tab(const struct compare_result *res, struct table *t)
{
	table_init(t, compare_cols, COMPARE_COLS);
	for (size_t i = 0; i < res->nr; i++) {
		const struct compare_pair *p = &res->pairs[i];
		char buf[96];
		table_add(t, p->workload, NULL);
		table_add(t, p->id, NULL);
		report_fmt_ns(buf, sizeof(buf), p->time.base_median);
		table_add(t, buf, NULL);
		report_fmt_ns(buf, sizeof(buf), p->time.new_median);
		table_add(t, buf, NULL);
		fmt_change_ci(buf, sizeof(buf), &p->time);
		table_add(t, buf, NULL);
		fmt_p(buf, sizeof(buf), &p->time);
		table_add(t, buf, NULL);
		fmt_change_ci(buf, sizeof(buf), &p->memory);
		table_add(t, buf, NULL);
		fmt_p(buf, sizeof(buf), &p->memory);
		table_add(t, buf, NULL);
		if (p->verdict == COMPARE_NEWLY_FAILED ||
		    p->verdict == COMPARE_FIXED ||
		    p->verdict == COMPARE_FAILED_BOTH)
			snprintf(buf, sizeof(buf), "%s (%s -> %s)",
				 compare_verdict_name(p->verdict),
				 p->base ? p->base->status : "-",
				 p->new ? p->new->status : "-");
		else
			snprintf(buf, sizeof(buf), "%s%s",
				 compare_verdict_name(p->verdict),
				 p->caveat && p->verdict !=
							 COMPARE_NOT_COMPARABLE
					 ? " (!)"
					 : "");
		table_add(t, buf, verdict_style(p));
	}
}

static void summary_text(const struct compare_result *res, struct strbuf *sb)
{
	strbuf_addf(sb,
		    "%zu regression%s, %zu newly failed, %zu improvement%s, "
		    "%zu pair%s (threshold %g%%, alpha %g, Holm "
		    "correction over %zu tests)",
		    res->regressions, res->regressions == 1 ? "" : "s",
		    res->newly_failed, res->improvements,
		    res->improvements == 1 ? "" : "s", res->nr,
		    res->nr == 1 ? "" : "s", 100 * res->threshold, res->alpha,
		    res->tests);
}

static void render_md(const struct compare_result *res, struct strbuf *sb)
{
	strbuf_addstr(sb, "## versus compare: `");
	esc_md_code(sb, res->base_label ? res->base_label : "BASE");
	strbuf_addstr(sb, "` → `");
	esc_md_code(sb, res->new_label ? res->new_label : "NEW");
	strbuf_addstr(sb, "`\n\n");
	struct table t;
	compare_tab(res, &t);
	table_render_md(&t, sb);
	table_release(&t);
	strbuf_addch(sb, '\n');
	for (size_t i = 0; i < res->nr; i++) {
		const struct compare_pair *p = &res->pairs[i];
		if (!p->caveat)
			continue;
		strbuf_addstr(sb, p->verdict == COMPARE_NOT_COMPARABLE
					  ? "- **not comparable**: "
					  : "- **(!)** ");
		esc_md(sb, p->workload);
		strbuf_addch(sb, '/');
		esc_md(sb, p->id);
		strbuf_addstr(sb, ": ");
		esc_md(sb, p->caveat);
		strbuf_addch(sb, '\n');
	}
	summary_text(res, sb);
	strbuf_addch(sb, '\n');
	for (size_t i = 0; i < res->warnings.nr; i++) {
		strbuf_addstr(sb, "\n> warning: ");
		esc_md(sb, res->warnings.v[i]);
		strbuf_addch(sb, '\n');
	}
}

static json_t *jmetric(const struct compare_metric *m)
{
	if (!m->tested)
		return json_null();
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s}", "base_median",
			 json_real_or_null(m->base_median), "new_median",
			 json_real_or_null(m->new_median), "change",
			 json_real_or_null(m->change), "ci_low",
			 json_real_or_null(m->ci_low), "ci_high",
			 json_real_or_null(m->ci_high), "p",
			 json_real_or_null(m->p), "p_holm",
			 json_real_or_null(m->p_adjusted), "verdict",
			 compare_verdict_name(m->verdict));
}

static void render_json(const struct compare_result *res, struct strbuf *sb)
{
	json_t *root = json_object(), *pairs = json_array(), *w = json_array();
	char *text;
	json_object_set_new(root, "versus_compare", json_integer(1));
	json_object_set_new(
		root, "base",
		json_string(res->base_label ? res->base_label : ""));
	json_object_set_new(root, "new",
			    json_string(res->new_label ? res->new_label : ""));
	json_object_set_new(root, "threshold", json_real(res->threshold));
	json_object_set_new(root, "alpha", json_real(res->alpha));
	json_object_set_new(root, "tests",
			    json_integer((json_int_t)res->tests));
	json_object_set_new(root, "regressions",
			    json_integer((json_int_t)res->regressions));
	json_object_set_new(root, "newly_failed",
			    json_integer((json_int_t)res->newly_failed));
	json_object_set_new(root, "improvements",
			    json_integer((json_int_t)res->improvements));
	for (size_t i = 0; i < res->nr; i++) {
		const struct compare_pair *p = &res->pairs[i];
		json_t *o;
		json_array_append_new(
			pairs,
			o = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s}",
				      "workload", p->workload, "id", p->id,
				      "language", p->language, "base_status",
				      p->base ? json_string(p->base->status)
					      : json_null(),
				      "new_status",
				      json_string_or_null(
					      p->new ? p->new->status : NULL),
				      "time", jmetric(&p->time), "memory",
				      jmetric(&p->memory), "verdict",
				      compare_verdict_name(p->verdict)));
		json_object_set_new(o, "caveat",
				    json_string_or_null(p->caveat));
	}
	json_object_set_new(root, "pairs", pairs);
	for (size_t i = 0; i < res->warnings.nr; i++)
		json_array_append_new(w, json_string(res->warnings.v[i]));
	json_object_set_new(root, "warnings", w);
	text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	if (text) {
		strbuf_addstr(sb, text);
		strbuf_addch(sb, '\n');
		free(text);
	}
	json_decref(root);
}

int compare_render(const struct compare_result *res, enum report_format fmt,
		   bool color, size_t width, FILE *out)
{
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
	struct table t;
	int rc = 0;
	switch (fmt) {
	case REPORT_TABLE:
		strbuf_addf(&text, "%s -> %s",
			    res->base_label ? res->base_label : "BASE",
			    res->new_label ? res->new_label : "NEW");
		table_wrap_text(&sb, "compare: ", text.buf, width, 2);
		strbuf_reset(&text);
		strbuf_addch(&sb, '\n');
		compare_tab(res, &t);
		table_render_text(&t, width, color, &sb);
		table_release(&t);
		strbuf_addch(&sb, '\n');
		for (size_t i = 0; i < res->nr; i++) {
			const struct compare_pair *p = &res->pairs[i];
			if (!p->caveat)
				continue;
			char *line = xstrfmt("%s/%s: %s", p->workload, p->id,
					     p->caveat);
			table_wrap_text(&sb,
					p->verdict == COMPARE_NOT_COMPARABLE
						? "not comparable: "
						: "(!) ",
					line, width, 4);
			free(line);
		}
		summary_text(res, &text);
		table_wrap_text(&sb, "", text.buf, width, 0);
		strbuf_release(&text);
		break;
	case REPORT_MD:
		render_md(res, &sb);
		break;
	case REPORT_JSON:
		render_json(res, &sb);
		break;
	default:
		strbuf_release(&sb);
		return -EINVAL;
	}
	if (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out))
		rc = -EIO;
	strbuf_release(&sb);
	return rc;
}

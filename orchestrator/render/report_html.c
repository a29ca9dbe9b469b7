/*
 * report_html.c: the report as one self-contained HTML page. Styles are
 * inline, charts are inline SVG (svg.c), and there is no script, web font
 * or external reference of any kind, so the page renders the same offline,
 * attached to a mail or published as a CI artifact.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/iter_report.h"
#include "render/report_int.h"
#include "render/published.h"
#include "render/svg.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/term.h"
#include "util/banned.h"

static const char page_css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
	"'Helvetica Neue',Arial,sans-serif;margin:2rem auto;max-width:80rem;"
	"padding:0 1rem;color:#1d2330;line-height:1.4}"
	"h1{font-size:1.7rem;margin-bottom:.2rem}"
	"h2{border-bottom:1px solid #d8dee6;padding-bottom:.2rem;"
	"margin-top:2.2rem}"
	"h3{font-size:1rem;margin:1.2rem 0 .3rem;color:#3b4556}"
	"table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}"
	"th,td{padding:.25rem .6rem;border-bottom:1px solid #e6eaf0;"
	"text-align:left;vertical-align:top}"
	"th{background:#f4f6f9}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}"
	".wide{overflow-x:auto}"
	"table.summary td,table.summary th{padding:.2rem .35rem;"
	"font-size:.8rem}"
	"td.fail{color:#c0392b;font-weight:600}"
	"td.geo{font-weight:600}"
	".meta{color:#5a6473;font-size:.9rem;margin:.2rem 0}"
	".note{color:#5a6473;font-size:.85rem;font-style:italic}"
	".warning{color:#c0392b;font-weight:600}td.warn{color:#b9770e}"
	"code,pre{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,"
	"monospace;font-size:.82rem}"
	"pre{background:#f6f8fa;padding:.3rem .5rem;margin:0;"
	"white-space:pre-wrap;word-break:break-all}"
	"svg.chart{display:block;max-width:100%;height:auto;margin:.3rem 0}"
	"svg text{font-family:inherit;font-size:12px;fill:#1d2330}"
	"svg text.tick{font-size:11px;fill:#5a6473}"
	"svg text.failed{fill:#c0392b;font-weight:600}"
	"p.nothing{background:#f4f6f9;border-left:4px solid #9aa5b1;"
	"padding:.6rem .8rem;max-width:60rem}"
	"details{margin:.5rem 0}";

static void esc(struct strbuf *sb, const char *s)
{
	svg_escape(sb, s);
}

static void td(struct strbuf *sb, const char *cls, const char *s)
{
	if (cls)
		strbuf_addf(sb, "<td class=\"%s\">", cls);
	else
		strbuf_addstr(sb, "<td>");
	esc(sb, s);
	strbuf_addstr(sb, "</td>");
}

static void summary_table(const struct model *mo, int m, struct strbuf *sb)
{
	char buf[128];
	strbuf_addf(sb,
		    "<div class=\"wide\"><table class=\"summary\"><thead>"
		    "<tr><th>%s</th>",
		    mo->opts->rows == REPORT_ROWS_LANGUAGE ? "language"
							   : "implementation");
	for (size_t w = 0; w < mo->nr; w++) {
		strbuf_addstr(sb, "<th>");
		esc(sb, mo->files[w]->workload_id);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "<th>geometric mean</th></tr></thead><tbody>\n");
	for (size_t r = 0; r < mo->rows_nr; r++) {
		const struct model_row *row = &mo->rows[r];
		strbuf_addstr(sb, "<tr>");
		model_row_label(row, buf, sizeof(buf));
		td(sb, row->caveat ? "warn" : NULL, buf);
		for (size_t w = 0; w < mo->nr; w++) {
			const struct result_impl *im = row->impls[w];
			model_cell(mo, row, w, m, buf, sizeof(buf));
			td(sb, im && !result_impl_ok(im) ? "fail" : "num", buf);
		}
		model_geo_cell(mo, row, m, buf, sizeof(buf));
		td(sb, "num geo", buf);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table></div>\n");
}

static void impl_table(const struct result_file *rf, struct strbuf *sb)
{
	strbuf_addstr(sb, "<table class=\"impls\"><thead><tr><th>id</th>"
			  "<th>language</th><th>status</th><th>runs</th>"
			  "<th>outliers</th><th>median time (95% CI)</th>"
			  "<th>time ratio</th><th>peak memory</th>"
			  "<th>memory ratio</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		const struct result_summary *st = &im->stats[RESULT_WALL];
		const struct result_summary *sm = &im->stats[RESULT_MEMORY];
		bool ok = result_impl_ok(im);
		char buf[128], lo[32], hi[32];
		strbuf_addstr(sb, "<tr>");
		td(sb, NULL, im->id);
		td(sb, NULL, im->language);
		td(sb, ok ? NULL : "fail", im->status);
		snprintf(buf, sizeof(buf), "%zu", st->n);
		td(sb, "num", ok && st->present ? buf : "-");
		snprintf(buf, sizeof(buf), "%zu", st->outliers);
		td(sb, "num", ok && st->present ? buf : "-");
		if (st->present) {
			char v[32];
			report_fmt_ns(v, sizeof(v), st->median);
			report_fmt_ns(lo, sizeof(lo), st->ci_low);
			report_fmt_ns(hi, sizeof(hi), st->ci_high);
			snprintf(buf, sizeof(buf), "%s [%s, %s]", v, lo, hi);
		} else {
			snprintf(buf, sizeof(buf), "-");
		}
		td(sb, model_noise_pct(im) ? "num warn" : "num", buf);
		if (im->ratio[RESULT_WALL].present)
			report_fmt_ratio_ci(buf, sizeof(buf),
					    &im->ratio[RESULT_WALL]);
		else
			snprintf(buf, sizeof(buf), "-");
		td(sb, "num", buf);
		report_fmt_bytes(buf, sizeof(buf),
				 sm->present ? sm->median : NAN);
		td(sb, "num", buf);
		if (im->ratio[RESULT_MEMORY].present)
			report_fmt_ratio_ci(buf, sizeof(buf),
					    &im->ratio[RESULT_MEMORY]);
		else
			snprintf(buf, sizeof(buf), "-");
		td(sb, "num", buf);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n");
	char *noise = model_warning(rf);
	if (*noise) {
		strbuf_addstr(sb, "<p class=\"warning\">WARNING: ");
		esc(sb, noise);
		strbuf_addstr(sb, "</p>\n");
	}
	free(noise);
}

static void fail_note(const struct result_impl *im, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", im->status, im->reason ? ": " : "",
		 im->reason ? im->reason : "");
}

/* Whether an implementation besides the baseline has a time ratio. */
static bool compared(const struct result_file *rf)
{
	const struct result_impl *base = model_baseline(rf);
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		if (im != base && result_impl_ok(im) &&
		    im->ratio[RESULT_WALL].present)
			return true;
	}
	return false;
}

/* Instead of a ratio chart with no bar: why there is nothing in it. */
static void nothing_to_compare(const struct result_file *rf,
			       const struct result_impl *base,
			       struct strbuf *sb)
{
	size_t ok = 0;
	for (size_t i = 0; i < rf->impls_nr; i++)
		ok += result_impl_ok(&rf->impls[i]);
	strbuf_addstr(sb, "<p class=\"nothing\"><strong>Nothing to "
			  "compare:</strong> ");
	if (base && result_impl_ok(base) && rf->impls_nr < 2) {
		strbuf_addstr(sb, "the baseline <code>");
		esc(sb, rf->baseline);
		strbuf_addstr(sb, "</code> is the only implementation.");
	} else if (base && result_impl_ok(base)) {
		strbuf_addstr(sb, "only the baseline <code>");
		esc(sb, rf->baseline);
		strbuf_addstr(sb, "</code> passed; the others failed (see "
				  "the table), so there is no ratio.");
	} else {
		strbuf_addstr(sb, "the baseline <code>");
		esc(sb, rf->baseline);
		strbuf_addf(sb,
			    "</code> %s, so there are no ratios to it (%zu "
			    "other implementation%s passed).",
			    base ? "failed" : "is missing", ok,
			    ok == 1 ? "" : "s");
	}
	strbuf_addstr(sb, "</p>\n");
}

static void charts(const struct result_file *rf, struct strbuf *sb)
{
	const struct result_impl *base = model_baseline(rf);
	struct svg_bar *bars = xcalloc(rf->impls_nr + 1, sizeof(*bars));
	struct svg_strip_row *rows = xcalloc(rf->impls_nr + 1, sizeof(*rows));
	double **values = xcalloc(rf->impls_nr + 1, sizeof(*values));
	char **notes = xcalloc(rf->impls_nr + 1, sizeof(*notes));
	char *caption;

	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		const struct result_ratio *r = &im->ratio[RESULT_WALL];
		char buf[256];
		fail_note(im, buf, sizeof(buf));
		notes[i] = xstrdup(buf);
		bars[i] = (struct svg_bar){im->id, NAN,	       NAN,
					   NAN,	   im == base, notes[i]};
		if (result_impl_ok(im) && r->present) {
			bars[i].value = r->value;
			bars[i].lo = r->ci_low;
			bars[i].hi = r->ci_high;
			bars[i].note = im == base ? "(baseline)" : NULL;
		} else if (result_impl_ok(im)) {
			bars[i].note = "no ratio (baseline failed)";
		}
		rows[i].label = im->id;
		rows[i].n = result_impl_ok(im)
				    ? result_impl_values(im, RESULT_WALL,
							 &values[i])
				    : 0;
		rows[i].x = values[i];
		rows[i].note = notes[i];
	}
	strbuf_addstr(sb, "<h3>Time ratio to the baseline (log scale, "
			  "whiskers: 95% CI)</h3>\n");
	if (compared(rf)) {
		caption = xstrfmt(
			"%s: wall-time ratio of each implementation to %s",
			rf->workload_id, rf->baseline);
		svg_ratio_chart(sb, bars, rf->impls_nr, caption);
		free(caption);
	} else {
		nothing_to_compare(rf, base, sb);
	}

	strbuf_addstr(sb, "<h3>Wall time of every run (log scale; box: "
			  "quartiles, bar: median)</h3>\n");
	caption = xstrfmt("%s: distribution of wall times", rf->workload_id);
	svg_strip_chart(sb, rows, rf->impls_nr, caption, report_fmt_ns);
	free(caption);

	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		const struct result_summary *s = &im->stats[RESULT_MEMORY];
		bars[i].lo = bars[i].hi = NAN;
		bars[i].value = NAN;
		bars[i].note = notes[i];
		if (result_impl_ok(im) && s->present) {
			bars[i].value = s->median;
			bars[i].lo = s->min;
			bars[i].hi = s->max;
			bars[i].note = NULL;
		}
	}
	strbuf_addstr(sb, "<h3>Peak memory (median; whiskers: min to "
			  "max)</h3>\n");
	caption = xstrfmt("%s: peak memory of each implementation",
			  rf->workload_id);
	svg_value_chart(sb, bars, rf->impls_nr, caption, report_fmt_bytes,
			true);
	free(caption);

	for (size_t i = 0; i < rf->impls_nr; i++) {
		free(values[i]);
		free(notes[i]);
	}
	free(values);
	free(notes);
	free(rows);
	free(bars);
}

/* ---- iteration mode ---- */

/* A table of the one table renderer (render/table.h) as HTML. */
static void html_table(struct strbuf *sb, const struct table *t,
		       const char *cls)
{
	size_t rows = t->cols_nr ? t->cells.nr / t->cols_nr : 0;
	strbuf_addf(sb, "<div class=\"wide\"><table class=\"%s\"><thead><tr>",
		    cls);
	for (size_t k = 0; k < t->cols_nr; k++) {
		strbuf_addstr(sb, "<th>");
		esc(sb, t->cols[k].header);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr></thead><tbody>\n");
	for (size_t r = 0; r < rows; r++) {
		strbuf_addstr(sb, "<tr>");
		for (size_t k = 0; k < t->cols_nr; k++) {
			size_t i = r * t->cols_nr + k;
			const char *st = i < t->styles.nr ? t->styles.v[i] : "";
			const char *cls_td = !strcmp(st, TERM_RED)	? "fail"
					     : !strcmp(st, TERM_YELLOW) ? "warn"
					     : t->cols[k].align == TABLE_RIGHT
						     ? "num"
						     : NULL;
			td(sb, cls_td, t->cells.v[i]);
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table></div>\n");
}

/* The four ratios of every implementation, on one log axis. */
static void iter_ratio_chart(const struct iter_view *v, struct strbuf *sb)
{
	static const char *const names[4] = {"end-to-end", "first result",
					     "first iteration", "steady state"};
	struct svg_bar *bars = xcalloc(4 * v->nr + 1, sizeof(*bars));
	char **labels = xcalloc(4 * v->nr + 1, sizeof(*labels));
	size_t n = 0;
	for (size_t i = 0; i < v->nr; i++) {
		const struct iter_impl_view *iv = &v->impls[i];
		const struct stats_ratio *r[4] = {
			&iv->ratios.end_to_end, &iv->ratios.first_result,
			&iv->ratios.first_iter, &iv->ratios.steady};
		if (!iv->has_ratios)
			continue;
		for (int k = 0; k < 4; k++) {
			labels[n] = xstrfmt("%s: %s", iv->im->id, names[k]);
			bars[n] = (struct svg_bar){labels[n],	 r[k]->value,
						   r[k]->ci_low, r[k]->ci_high,
						   k == 3,	 NULL};
			if (!isfinite(r[k]->value)) {
				bars[n].value = NAN;
				bars[n].note = "not known (no start line)";
			}
			n++;
		}
	}
	char *caption = xstrfmt("%s: end-to-end, first-result, "
				"first-iteration and steady-state ratios to "
				"%s",
				v->rf->workload_id, v->rf->baseline);
	svg_ratio_chart(sb, bars, n, caption);
	free(caption);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(bars);
}

/* One chart per execution of iv: analysed ones with their segments. */
static void iter_series_charts(const struct iter_impl_view *iv,
			       struct strbuf *sb)
{
	const struct result_iterations *it = &iv->im->iterations;
	for (size_t i = 0; i < it->execs_nr; i++) {
		const struct result_iter_exec *ex = &it->execs[i];
		const struct warmup_exec *e = NULL;
		struct svg_iter_series s = {0};
		char title[320], v1[32], *caption;
		for (size_t j = 0; j < iv->n; j++)
			if (iv->recs[j] == ex)
				e = &iv->execs[j];
		double *y = xcalloc(ex->n + 1, sizeof(*y));
		unsigned char *marks = xcalloc(ex->n + 1, 1);
		struct svg_series_seg *segs = NULL;
		for (size_t k = 0; k < ex->n; k++)
			y[k] = (double)ex->iter_ns[k];
		s.y = y;
		s.n = ex->n;
		s.steady_start = ex->n;
		if (e) {
			segs = xcalloc(e->nsegments + 1, sizeof(*segs));
			for (size_t k = 0; k < ex->n && k < e->n; k++)
				marks[k] =
					(unsigned char)((e->flags[k] & WARMUP_OUTLIER
								 ? SVG_ITER_OUTLIER
								 : 0) |
							(e->flags[k] & WARMUP_EXCURSION
								 ? SVG_ITER_EXCURSION
								 : 0));
			for (size_t k = 0; k < e->nsegments; k++) {
				const struct warmup_segment *g =
					&e->segments[k];
				segs[k] = (struct svg_series_seg){
					g->start, g->end, g->mean_ns,
					e->has_steady &&
						g->start >= e->steady_start,
					g->excursion != 0};
			}
			s.marks = marks;
			s.segs = segs;
			s.nsegs = e->nsegments;
			s.steady_start =
				e->has_steady ? e->steady_start : ex->n;
			report_fmt_ns(v1, sizeof(v1), e->steady_mean_ns);
			snprintf(title, sizeof(title),
				 "execution %ld: %s%s%s; %zu outlier%s",
				 ex->round, warmup_class_name(e->cls),
				 e->has_steady ? ", steady mean " : "",
				 e->has_steady ? v1 : "", e->noutliers,
				 e->noutliers == 1 ? "" : "s");
		} else {
			snprintf(title, sizeof(title),
				 "execution %ld: %s after %zu iterations, not "
				 "analysed%s%s",
				 ex->round, ex->status, ex->n,
				 ex->violation_rule ? ": " : "",
				 ex->violation_rule ? ex->violation_rule : "");
		}
		s.title = title;
		caption = xstrfmt("%s: %s", iv->im->id, title);
		svg_series_chart(sb, &s, caption, report_fmt_ns);
		free(caption);
		free(segs);
		free(marks);
		free(y);
	}
}

static void iterations_section(const struct result_file *rf, struct strbuf *sb)
{
	struct iter_view v;
	struct table t;
	struct strbuf line = STRBUF_INIT;
	struct strvec notes = STRVEC_INIT;
	iter_view_build(rf, &v);
	if (!v.nr) {
		iter_view_release(&v);
		return;
	}
	strbuf_addstr(sb, "<h3>Iterations</h3>\n<p class=\"meta\">");
	iter_settings(&v, &line);
	esc(sb, line.buf);
	strbuf_addstr(sb, "</p>\n");
	iter_exec_table(&v, &t);
	html_table(sb, &t, "iterations");
	table_release(&t);
	if (iter_view_has_ratios(&v)) {
		strbuf_addstr(sb, "<h3>Ratios to the baseline <code>");
		esc(sb, rf->baseline);
		strbuf_addstr(sb, "</code> (95% CI)</h3>\n");
		iter_ratio_table(&v, &t);
		html_table(sb, &t, "iter-ratios");
		table_release(&t);
		strbuf_addstr(sb, "<h3>Four ratios to the baseline (log "
				  "scale, whiskers: 95% CI; steady state in "
				  "grey)</h3>\n");
		iter_ratio_chart(&v, sb);
	}
	iter_notes(&v, &notes);
	for (size_t i = 0; i < notes.nr; i++) {
		strbuf_addstr(sb, "<p class=\"note\">");
		esc(sb, notes.v[i]);
		strbuf_addstr(sb, "</p>\n");
	}
	strbuf_addstr(sb, "<p class=\"note\">");
	esc(sb, iter_legend);
	strbuf_addstr(sb, ".</p>\n");
	for (size_t i = 0; i < v.nr; i++) {
		const struct iter_impl_view *iv = &v.impls[i];
		strbuf_addstr(sb, "<details open><summary>Iteration series of "
				  "<code>");
		esc(sb, iv->im->id);
		strbuf_addf(sb,
			    "</code> (%zu executions; dots: iterations, red "
			    "crosses: outliers, orange: tolerated "
			    "excursions; lines: segment means, green in the "
			    "steady state; dashed: changepoints)</summary>\n",
			    iv->im->iterations.execs_nr);
		iter_series_charts(iv, sb);
		strbuf_addstr(sb, "</details>\n");
	}
	strvec_clear(&notes);
	strbuf_release(&line);
	iter_view_release(&v);
}

static void reproduce(const struct result_file *rf, struct strbuf *sb)
{
	strbuf_addstr(sb, "<details><summary>Toolchains, build and run "
			  "commands</summary>\n");
	if (rf->command.nr) {
		strbuf_addstr(sb, "<p class=\"meta\">versus command:</p><pre>");
		struct strbuf line = STRBUF_INIT;
		esc_sh_argv(&line, (const char *const *)rf->command.v,
			    rf->command.nr);
		esc(sb, line.buf);
		strbuf_release(&line);
		strbuf_addstr(sb, "</pre>\n");
	}
	strbuf_addstr(sb, "<table class=\"commands\"><thead><tr><th>id</th>"
			  "<th>toolchain</th><th>build</th><th>run</th>"
			  "</tr></thead><tbody>\n");
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		struct strbuf line = STRBUF_INIT;
		strbuf_addstr(sb, "<tr>");
		td(sb, NULL, im->id);
		strbuf_addstr(sb, "<td>");
		esc(sb, im->toolchain_version ? im->toolchain_version
					      : "(not available)");
		if (im->toolchain_path) {
			strbuf_addstr(sb, "<br><code>");
			esc(sb, im->toolchain_path);
			strbuf_addstr(sb, "</code>");
		}
		strbuf_addstr(sb, "</td><td><pre>");
		if (im->has_build)
			esc_sh_argv(&line,
				    (const char *const *)im->build_argv.v,
				    im->build_argv.nr);
		else
			strbuf_addstr(&line, "(no build step)");
		esc(sb, line.buf);
		if (im->build_stderr) {
			strbuf_addstr(sb, "\n");
			esc_html_block(sb, im->build_stderr);
		}
		strbuf_addstr(sb, "</pre></td><td><pre>");
		strbuf_reset(&line);
		esc_sh_argv(&line, (const char *const *)im->run_argv.v,
			    im->run_argv.nr);
		esc(sb, line.buf);
		strbuf_addstr(sb, "</pre></td></tr>\n");
		strbuf_release(&line);
	}
	strbuf_addstr(sb, "</tbody></table></details>\n");
}

/* What one row of the host table stands for. Caller owns it. */
static char *host_key(const struct result_file *rf)
{
	struct strbuf sb = STRBUF_INIT;
	model_host(rf, &sb);
	strbuf_addf(
		&sb, "|%s|%s|%s|%ld|%s", rf->fingerprint ? rf->fingerprint : "",
		rf->os ? rf->os : "", rf->governor ? rf->governor : "",
		rf->aslr,
		result_file_memory_source(rf) ? result_file_memory_source(rf)
					      : "");
	return strbuf_detach(&sb, NULL);
}

static void host_section(const struct model *mo, struct strbuf *sb)
{
	strbuf_addstr(sb, "<section id=\"host\"><h2>Host</h2>\n"
			  "<table><thead><tr><th>workloads</th><th>host</th>"
			  "<th>os</th><th>governor</th><th>ASLR</th>"
			  "<th>load at start</th><th>fingerprint</th></tr>"
			  "</thead><tbody>\n");
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		struct strbuf names = STRBUF_INIT, line = STRBUF_INIT;
		char buf[96];
		size_t k;
		/* One row per distinct host and way of measuring (the
		 * fingerprint alone would label a cgroup1 workload with the
		 * mode of another measured as none), naming its workloads. */
		char *key = host_key(rf);
		for (k = 0; k < w; k++) {
			char *other = host_key(mo->files[k]);
			bool same = !strcmp(key, other);
			free(other);
			if (same)
				break;
		}
		if (k < w) {
			free(key);
			strbuf_release(&names);
			continue;
		}
		for (k = w; k < mo->nr; k++) {
			char *other = host_key(mo->files[k]);
			if (!strcmp(key, other))
				strbuf_addf(&names, "%s%s",
					    names.len ? ", " : "",
					    mo->files[k]->workload_id);
			free(other);
		}
		free(key);
		strbuf_addstr(sb, "<tr>");
		td(sb, NULL, names.buf);
		model_host(rf, &line);
		td(sb, NULL, line.buf);
		td(sb, NULL, rf->os ? rf->os : "-");
		td(sb, NULL, rf->governor ? rf->governor : "-");
		snprintf(buf, sizeof(buf), "%ld", rf->aslr);
		td(sb, NULL, rf->aslr >= 0 ? buf : "-");
		snprintf(buf, sizeof(buf), "%.2f %.2f %.2f",
			 rf->load_average[0], rf->load_average[1],
			 rf->load_average[2]);
		td(sb, NULL, isnan(rf->load_average[0]) ? "-" : buf);
		strbuf_addstr(sb, "<td><code>");
		esc(sb, rf->fingerprint ? rf->fingerprint : "-");
		strbuf_addstr(sb, "</code></td></tr>\n");
		strbuf_release(&names);
		strbuf_release(&line);
	}
	strbuf_addstr(sb, "</tbody></table></section>\n");
}

void report_render_html(const struct model *mo, struct strbuf *sb)
{
	strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			  "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
			  "content=\"width=device-width, initial-scale=1\">\n"
			  "<title>versus report: ");
	for (size_t w = 0; w < mo->nr; w++) {
		if (w)
			strbuf_addstr(sb, ", ");
		esc(sb, mo->files[w]->workload_id);
	}
	strbuf_addf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n",
		    page_css);
	strbuf_addstr(sb, "<h1>Benchmark report</h1>\n<p class=\"meta\">");
	strbuf_addf(sb, "%zu workload%s, rendered by versus from ", mo->nr,
		    mo->nr == 1 ? "" : "s");
	for (size_t w = 0; w < mo->nr; w++) {
		if (w)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, "<code>");
		esc(sb, mo->files[w]->path);
		strbuf_addstr(sb, "</code>");
	}
	strbuf_addstr(sb, ". Ratios are to each workload's baseline; lower "
			  "is better.</p>\n");
	for (size_t i = 0; mo->notes && i < mo->notes->nr; i++) {
		strbuf_addstr(sb, "<p class=\"note\">note: ");
		esc(sb, mo->notes->v[i]);
		strbuf_addstr(sb, "</p>\n");
	}
	if (mo->nr > 1) {
		strbuf_addstr(sb, "<section id=\"summary\"><h2>Suite "
				  "summary</h2>\n");
		for (size_t i = 0; i < mo->warnings.nr; i++) {
			strbuf_addstr(sb, "<p class=\"warning\"><strong>"
					  "Warning:</strong> ");
			esc(sb, mo->warnings.v[i]);
			strbuf_addstr(sb, "</p>\n");
		}
		strbuf_addstr(sb, "<h3>Time ratio (95% CI)</h3>\n");
		summary_table(mo, 0, sb);
		strbuf_addstr(sb, "<h3>Peak memory ratio (95% CI)</h3>\n");
		summary_table(mo, 1, sb);
		strbuf_addstr(sb,
			      "<p class=\"note\">The last column is the "
			      "geometric mean of the ratios over the workloads "
			      "where the implementation ran (\"k of n\" when "
			      "not all); its 95% CI is a bootstrap that "
			      "resamples every workload's runs. A cell with a "
			      "status (WA, CE, NA, ...) is an implementation "
			      "that failed there.</p>\n</section>\n");
	}
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		struct strbuf line = STRBUF_INIT;
		strbuf_addstr(sb, "<section class=\"workload\" id=\"w-");
		esc(sb, rf->workload_id);
		strbuf_addstr(sb, "\">\n<h2>");
		esc(sb, rf->workload_id);
		strbuf_addf(sb, " v%ld", rf->workload_version);
		if (rf->title) {
			strbuf_addstr(sb, ": ");
			esc(sb, rf->title);
		}
		strbuf_addstr(sb, "</h2>\n<p class=\"meta\">params ");
		model_params(rf, &line);
		esc(sb, line.buf);
		strbuf_addstr(sb, "; baseline <code>");
		esc(sb, rf->baseline);
		strbuf_addstr(sb, "</code>; finished ");
		esc(sb, rf->finished_at);
		strbuf_addf(sb, "; seed %llu%s</p>\n",
			    (unsigned long long)rf->seed,
			    rf->complete ? ""
					 : "; <strong>incomplete</strong> "
					   "(interrupted)");
		strbuf_release(&line);
		impl_table(rf, sb);
		charts(rf, sb);
		published_render_html(rf, sb);
		sweep_render_html(rf, sb);
		iterations_section(rf, sb);
		reproduce(rf, sb);
		strbuf_addstr(sb, "</section>\n");
	}
	host_section(mo, sb);
	strbuf_addf(sb,
		    "<footer class=\"note\"><p>Results written by versus "
		    "%s. Every figure is read from the result files named "
		    "above; nothing was re-run.</p></footer>\n",
		    mo->nr && mo->files[0]->versus_version
			    ? mo->files[0]->versus_version
			    : "");
	strbuf_addstr(sb, "</body>\n</html>\n");
}

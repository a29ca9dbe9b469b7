/*
 * report.c: result files -> tables, Markdown, CSV, JSON, HTML and the two
 * export formats. Every renderer reads one model built from the files
 * (struct model): the per-workload rows come straight from the records,
 * and the suite summary adds the geometric mean of each row's ratios with
 * its CI from stats_geomean, seeded from the files' seeds so a report is
 * reproducible byte for byte.
 */
#include "render/report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/iter_report.h"
#include "render/json_value.h"
#include "render/report_int.h"
#include "analysis/stats.h"
#include "render/published.h"
#include "render/svg.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

/* "1.02 [1.01, 1.03]", or "1.00" when the interval is a point. */
void report_fmt_ratio_ci(char *buf, size_t size, const struct result_ratio *r)
{
	char v[32], lo[32], hi[32];
	report_fmt_ratio(v, sizeof(v), r->value);
	report_fmt_ratio(lo, sizeof(lo), r->ci_low);
	report_fmt_ratio(hi, sizeof(hi), r->ci_high);
	if (!isnan(r->value) && (isnan(r->ci_low) || isnan(r->ci_high)))
		snprintf(buf, size, "%s [no CI]", v);
	else if (!strcmp(lo, v) && !strcmp(hi, v))
		snprintf(buf, size, "%s", v);
	else
		snprintf(buf, size, "%s [%s, %s]", v, lo, hi);
}

/* "48.0 ms ± 0.4%": median with the CI half-width relative to it. */
void report_fmt_median_ci(char *buf, size_t size,
			  const struct result_summary *s, bool bytes,
			  enum report_time_unit unit)
{
	char v[32];
	if (!s->present) {
		snprintf(buf, size, "-");
		return;
	}
	if (bytes)
		report_fmt_bytes(v, sizeof(v), s->median);
	else
		report_fmt_time(v, sizeof(v), s->median, unit);
	if (isnan(s->ci_low) || isnan(s->ci_high))
		snprintf(buf, size, "%s ± ?", v);
	else if (s->median <= 0)
		snprintf(buf, size, "%s", v);
	else
		snprintf(buf, size, "%s ± %.1f%%", v,
			 50.0 * (s->ci_high - s->ci_low) / s->median);
}

/* ---- the model ---- */

double model_noise_pct(const struct result_impl *im)
{
	const struct result_summary *s = &im->stats[RESULT_WALL];
	double pct;
	if (!result_impl_ok(im) || !s->present || !(s->median > 0) ||
	    !isfinite(s->ci_low) || !isfinite(s->ci_high))
		return 0;
	pct = 50.0 * (s->ci_high - s->ci_low) / s->median;
	return pct > MODEL_NOISE_PCT ? pct : 0;
}

char *model_warning(const struct result_file *rf)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < rf->impls_nr; i++) {
		double pct = model_noise_pct(&rf->impls[i]);
		if (!pct)
			continue;
		strbuf_addf(&sb, "%s%s ± %.0f%%", n++ ? ", " : "",
			    rf->impls[i].id, pct);
	}
	struct strbuf line = STRBUF_INIT;
	if (n)
		strbuf_addf(&line,
			    "noisy: %s (95%% CI of the median time wider than "
			    "± %.0f%%): too noisy to trust a difference of "
			    "that size; use more runs (--min-runs, "
			    "--target-ci) or a quieter machine",
			    sb.buf, MODEL_NOISE_PCT);
	strbuf_release(&sb);
	/* validate.exit_ok any (bench --ignore-failure): the runs counted,
	   but the codes are said, as hyperfine's warning does */
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		size_t bad = 0;
		long code = 0;
		for (size_t k = 0; k < im->samples_nr; k++)
			if (im->samples[k].exit_code &&
			    !strcmp(im->samples[k].status, "OK")) {
				bad++;
				code = im->samples[k].exit_code;
			}
		if (bad)
			strbuf_addf(&line,
				    "%s%s exited with code %ld in %zu of %zu "
				    "runs (not a failure: validate.exit_ok "
				    "any, --ignore-failure)",
				    line.len ? "; " : "", im->id, code, bad,
				    im->samples_nr);
	}
	if (rf->validate_mode && !strcmp(rf->validate_mode, "none"))
		strbuf_addf(&line,
			    "%soutputs not compared (validate mode none, "
			    "e.g. versus bench --no-check): nothing shows the "
			    "programs did the same work",
			    line.len ? "; " : "");
	return strbuf_detach(&line, NULL);
}

const struct result_impl *model_baseline(const struct result_file *rf)
{
	return result_file_impl(rf, rf->baseline);
}

static const char *row_key(const struct result_impl *im, enum report_rows rows)
{
	return rows == REPORT_ROWS_LANGUAGE ? im->language : im->id;
}

/*
 * Geometric mean of the row's ratios for metric m over the workloads where
 * it has one, with its CI from stats_geomean over every workload's samples
 * of the implementation and of the baseline. When some workload lacks raw
 * samples (or its samples give no ratio), the files' own ratios are used
 * and the CI is a point.
 */
static void model_geomean(struct model *mo, struct model_row *row, int m)
{
	enum result_metric metric = m == 0 ? RESULT_WALL : RESULT_MEMORY;
	struct model_geo *g = &row->geo[m];
	struct stats_ratio_samples *ws = xcalloc(mo->nr, sizeof(*ws));
	double **owned = xcalloc(2 * mo->nr, sizeof(*owned));
	bool samples_ok = true;
	struct stats_ratio r;

	memset(g, 0, sizeof(*g));
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_impl *im = row->impls[w];
		const struct result_impl *base = model_baseline(mo->files[w]);
		const struct result_ratio *fr;
		if (!im || !result_impl_ok(im))
			continue;
		fr = &im->ratio[metric];
		if (!fr->present || !(fr->value > 0))
			continue;
		struct stats_ratio_samples *s = &ws[g->n++];
		s->fixed = fr->value;
		if (im == base || !base)
			continue;
		s->na = result_impl_values(im, metric, &owned[2 * w]);
		s->nb = result_impl_values(base, metric, &owned[2 * w + 1]);
		s->a = owned[2 * w];
		s->b = owned[2 * w + 1];
		if (!s->na || !s->nb)
			samples_ok = false;
	}
	uint64_t seed =
		mo->seed ^ (0x9e3779b97f4a7c15ULL * (row->index * 2 + m + 1));
	int rc = -EDOM;
	if (g->n && samples_ok)
		rc = stats_geomean(ws, g->n, seed, &r);
	if (g->n && rc) {
		/* e.g. a zero median: the files' ratios, without a CI */
		for (size_t i = 0; i < g->n; i++)
			ws[i].na = ws[i].nb = 0;
		rc = stats_geomean(ws, g->n, seed, &r);
	}
	if (!rc) {
		g->present = true;
		g->value = r.value;
		g->ci_low = r.ci_low;
		g->ci_high = r.ci_high;
	}
	for (size_t i = 0; i < 2 * mo->nr; i++)
		free(owned[i]);
	free(owned);
	free(ws);
}

/*
 * The suite summary puts figures of several files side by side: the
 * checks `versus compare` makes, between the first workload and each
 * other, and between the workloads of each row.
 */
static void model_check_setups(struct model *mo)
{
	strvec_init(&mo->warnings);
	if (mo->nr < 2)
		return;
	const struct result_file *first = mo->files[0];
	for (size_t w = 1; w < mo->nr; w++) {
		char *la = xstrfmt("'%s'", first->workload_id);
		char *lb = xstrfmt("'%s'", mo->files[w]->workload_id);
		char *diff = result_setup_diff(first, mo->files[w], la, lb);
		if (diff)
			strvec_push_owned(
				&mo->warnings,
				xstrfmt("the suite summary mixes workloads "
					"measured differently: %s",
					diff));
		free(diff);
		free(la);
		free(lb);
	}
	for (size_t r = 0; r < mo->rows_nr; r++) {
		struct model_row *row = &mo->rows[r];
		size_t w0;
		for (w0 = 0; w0 < mo->nr && !row->impls[w0]; w0++)
			;
		for (size_t w = w0 + 1; w < mo->nr && !row->caveat; w++) {
			if (!row->impls[w])
				continue;
			char *la = xstrfmt("'%s'", mo->files[w0]->workload_id);
			char *lb = xstrfmt("'%s'", mo->files[w]->workload_id);
			row->caveat = result_toolchain_diff(
				row->impls[w0], row->impls[w], la, lb);
			free(la);
			free(lb);
		}
		if (row->caveat)
			strvec_push_owned(&mo->warnings,
					  xstrfmt("suite summary row '%s' (!) "
						  "mixes toolchains: %s",
						  row->key, row->caveat));
	}
}

void model_init(struct model *mo, const struct result_file *const *files,
		size_t nr, const struct strvec *notes,
		const struct report_options *opts)
{
	memset(mo, 0, sizeof(*mo));
	mo->files = files;
	mo->nr = nr;
	mo->notes = notes;
	mo->opts = opts;
	for (size_t w = 0; w < nr; w++)
		mo->seed = mo->seed * 0x100000001b3ULL ^ files[w]->seed;
	for (size_t w = 0; w < nr; w++) {
		const struct result_file *rf = files[w];
		for (size_t i = 0; i < rf->impls_nr; i++) {
			const struct result_impl *im = &rf->impls[i];
			const char *key = row_key(im, opts->rows);
			size_t r;
			for (r = 0; r < mo->rows_nr; r++)
				if (!strcmp(mo->rows[r].key, key))
					break;
			if (r == mo->rows_nr) {
				ALLOC_GROW(mo->rows, mo->rows_nr + 1,
					   mo->rows_alloc);
				memset(&mo->rows[r], 0, sizeof(mo->rows[r]));
				mo->rows[r].key = key;
				mo->rows[r].language = im->language;
				mo->rows[r].index = r;
				mo->rows[r].impls =
					xcalloc(nr, sizeof(*mo->rows[r].impls));
				mo->rows_nr++;
			}
			/* By language, the first implementation wins. */
			if (!mo->rows[r].impls[w])
				mo->rows[r].impls[w] = im;
		}
	}
	/* Only the suite summary (two workloads or more) shows them. */
	for (size_t r = 0; mo->nr > 1 && r < mo->rows_nr; r++) {
		model_geomean(mo, &mo->rows[r], 0);
		model_geomean(mo, &mo->rows[r], 1);
	}
	model_check_setups(mo);
}

void model_release(struct model *mo)
{
	for (size_t r = 0; r < mo->rows_nr; r++) {
		free(mo->rows[r].impls);
		free(mo->rows[r].caveat);
	}
	free(mo->rows);
	strvec_clear(&mo->warnings);
	memset(mo, 0, sizeof(*mo));
}

void model_row_label(const struct model_row *row, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", row->key, row->caveat ? " (!)" : "");
}

/* ---- shared pieces of the text formats ---- */

void model_params(const struct result_file *rf, struct strbuf *sb)
{
	for (size_t i = 0; i < rf->params_nr; i++)
		strbuf_addf(sb, "%s%s=%s", i ? " " : "", rf->params[i].name,
			    rf->params[i].value);
	if (!rf->params_nr)
		strbuf_addstr(sb, "(none)");
	if (rf->size)
		strbuf_addf(sb, " (size %s)", rf->size);
}

void model_host(const struct result_file *rf, struct strbuf *sb)
{
	char mem[32];
	report_fmt_bytes(mem, sizeof(mem), rf->memory_bytes);
	strbuf_addf(sb,
		    "%s, %s, %ld CPUs, %s, %s, %s; measured with %s, "
		    "seccomp %s",
		    rf->hostname ? rf->hostname : "?",
		    rf->cpu_model ? rf->cpu_model : "unknown CPU",
		    rf->cpus_online, mem, rf->kernel ? rf->kernel : "?",
		    rf->arch ? rf->arch : "?",
		    rf->cgroup_mode ? rf->cgroup_mode : "?",
		    rf->seccomp == 1   ? "on"
		    : rf->seccomp == 0 ? "off"
				       : "unknown");
	if (rf->limits.cpus)
		strbuf_addf(sb, ", pinned to CPU%s %s (%s)",
			    strpbrk(rf->limits.cpus, "-,") ? "s" : "",
			    rf->limits.cpus,
			    rf->limits.pinning ? rf->limits.pinning : "?");
	if (rf->executor)
		strbuf_addf(sb, "; each run a Slurm job step (%s, %lld steps)",
			    rf->executor, rf->job_steps);
}

/*
 * The per-implementation table of one workload. At 80 columns the ratios
 * and medians wrap before their CI; outliers, language and runs are the
 * first columns left out.
 */
static const struct table_column workload_cols[] = {
	{"id", TABLE_LEFT, 0, true, 10},
	{"language", TABLE_LEFT, 4, false, 0},
	{"status", TABLE_LEFT, 0, false, 0},
	{"runs", TABLE_RIGHT, 3, false, 0},
	{"outliers", TABLE_RIGHT, 5, false, 0},
	{"median time", TABLE_RIGHT, 0, true, 7},
	{"time ratio", TABLE_LEFT, 0, true, 12},
	{"CPU time", TABLE_RIGHT, 1, true, 7},
	{"peak memory", TABLE_RIGHT, 0, true, 8},
	{"memory ratio", TABLE_LEFT, 2, true, 12},
};

static void workload_tab(const struct result_file *rf, bool md,
			 enum report_time_unit unit, struct table *t)
{
	table_init(t, workload_cols,
		   sizeof(workload_cols) / sizeof(workload_cols[0]));
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		const struct result_summary *cpu = &im->stats[RESULT_CPU];
		bool ok = result_impl_ok(im);
		char buf[96];
		table_add(t, im->id, NULL);
		table_add(t, im->language, NULL);
		table_add(t, im->status, ok ? TERM_GREEN : TERM_RED);
		snprintf(buf, sizeof(buf), "%zu",
			 im->stats[RESULT_WALL].present
				 ? im->stats[RESULT_WALL].n
				 : im->samples_nr);
		table_add(t, ok ? buf : "-", NULL);
		snprintf(buf, sizeof(buf), "%zu",
			 im->stats[RESULT_WALL].outliers);
		table_add(t, ok ? buf : "-", NULL);
		report_fmt_median_ci(buf, sizeof(buf), &im->stats[RESULT_WALL],
				     false, unit);
		table_add(t, buf, model_noise_pct(im) ? TERM_YELLOW : NULL);
		if (im->ratio[RESULT_WALL].present)
			report_fmt_ratio_ci(buf, sizeof(buf),
					    &im->ratio[RESULT_WALL]);
		else
			snprintf(buf, sizeof(buf), "%s", ok ? "n/a" : "-");
		table_add(t,
			  md && !strcmp(im->id, rf->baseline)
				  ? "1.00 (baseline)"
				  : buf,
			  NULL);
		/* Whole-tree CPU time (user + system of every process of
		 * the run), median of the OK samples. */
		report_fmt_time(buf, sizeof(buf),
				ok && cpu->present ? cpu->median : NAN, unit);
		table_add(t, buf, NULL);
		report_fmt_bytes(buf, sizeof(buf),
				 im->stats[RESULT_MEMORY].present
					 ? im->stats[RESULT_MEMORY].median
					 : NAN);
		table_add(t, buf, NULL);
		if (im->ratio[RESULT_MEMORY].present)
			report_fmt_ratio_ci(buf, sizeof(buf),
					    &im->ratio[RESULT_MEMORY]);
		else
			snprintf(buf, sizeof(buf), "%s", ok ? "n/a" : "-");
		table_add(t, buf, NULL);
	}
}

/* A suite-summary cell: the ratio with its CI, or why there is none. */
void model_cell(const struct model *mo, const struct model_row *row, size_t w,
		int m, char *buf, size_t size)
{
	const struct result_impl *im = row->impls[w];
	enum result_metric metric = m == 0 ? RESULT_WALL : RESULT_MEMORY;
	if (!im)
		snprintf(buf, size, "-");
	else if (!result_impl_ok(im))
		snprintf(buf, size, "%s", im->status);
	else if (!im->ratio[metric].present)
		snprintf(buf, size, "n/a");
	else
		report_fmt_ratio_ci(buf, size, &im->ratio[metric]);
}

void model_geo_cell(const struct model *mo, const struct model_row *row, int m,
		    char *buf, size_t size)
{
	const struct model_geo *g = &row->geo[m];
	struct result_ratio r = {true, g->value, g->ci_low, g->ci_high};
	char v[80];
	if (!g->present) {
		snprintf(buf, size, "-");
		return;
	}
	report_fmt_ratio_ci(v, sizeof(v), &r);
	if (g->n < mo->nr)
		snprintf(buf, size, "%s (%zu of %zu)", v, g->n, mo->nr);
	else
		snprintf(buf, size, "%s", v);
}

/*
 * A suite-summary table: one column per workload, the later ones left out
 * first when the width is short; the geometric mean is always shown.
 * Caller frees *cols after table_release.
 */
static void summary_tab(const struct model *mo, int m, struct table *t,
			struct table_column **cols)
{
	char buf[128];
	struct table_column *c = xcalloc(mo->nr + 2, sizeof(*c));
	c[0] = (struct table_column){mo->opts->rows == REPORT_ROWS_LANGUAGE
					     ? "language"
					     : "implementation",
				     TABLE_LEFT, 0, true, 10};
	for (size_t w = 0; w < mo->nr; w++)
		c[w + 1] = (struct table_column){mo->files[w]->workload_id,
						 TABLE_LEFT, (unsigned)(w + 1),
						 true, 12};
	c[mo->nr + 1] = (struct table_column){"geometric mean", TABLE_LEFT, 0,
					      true, 12};
	*cols = c;
	table_init(t, c, mo->nr + 2);
	for (size_t r = 0; r < mo->rows_nr; r++) {
		const struct model_row *row = &mo->rows[r];
		model_row_label(row, buf, sizeof(buf));
		table_add(t, buf, row->caveat ? TERM_YELLOW : NULL);
		for (size_t w = 0; w < mo->nr; w++) {
			const struct result_impl *im = row->impls[w];
			model_cell(mo, row, w, m, buf, sizeof(buf));
			table_add(t, buf,
				  im && !result_impl_ok(im) ? TERM_RED : NULL);
		}
		model_geo_cell(mo, row, m, buf, sizeof(buf));
		table_add(t, buf, TERM_BOLD);
	}
}

static const char geo_note[] =
	"geometric mean = the geometric mean of the ratios over the "
	"workloads where the implementation ran (\"k of n\" when not all); "
	"its 95% CI is a bootstrap that resamples every workload's runs";

static bool any_failed(const struct result_file *rf)
{
	for (size_t i = 0; i < rf->impls_nr; i++)
		if (!result_impl_ok(&rf->impls[i]))
			return true;
	return false;
}

/* ---- table ---- */

static void render_table(const struct model *mo, struct strbuf *sb)
{
	bool color = mo->opts->color;
	size_t width = mo->opts->width;
	const char *bold = color ? term_seq(TERM_BOLD) : "",
		   *alert = color ? term_seq(TERM_ALERT) : "",
		   *off = color ? term_seq(TERM_RESET) : "";
	for (size_t w = 0; !mo->opts->summary_only && w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		struct table t;
		struct strbuf raw = STRBUF_INIT, head = STRBUF_INIT;
		char *noise;
		if (w)
			strbuf_addch(sb, '\n');
		strbuf_addstr(&head, bold);
		esc_term(&head, rf->workload_id);
		strbuf_addf(&head, "%s ", off);
		strbuf_addf(&raw, "v%ld", rf->workload_version);
		if (rf->title)
			strbuf_addf(&raw, ": %s", rf->title);
		table_wrap_text(sb, head.buf, raw.buf, width, 2);
		strbuf_reset(&raw);
		model_params(rf, &raw);
		strbuf_addf(&raw, "; baseline %s; finished %s; seed %llu%s",
			    rf->baseline, rf->finished_at,
			    (unsigned long long)rf->seed,
			    rf->complete ? "" : "; INCOMPLETE (interrupted)");
		table_wrap_text(sb, "params ", raw.buf, width, 2);
		strbuf_reset(&raw);
		model_host(rf, &raw);
		table_wrap_text(sb, "host ", raw.buf, width, 2);
		strbuf_release(&raw);
		strbuf_release(&head);
		strbuf_addch(sb, '\n');
		workload_tab(rf, false, mo->opts->time_unit, &t);
		table_render_text(&t, width, color, sb);
		table_release(&t);
		sweep_render_text(rf, false, color, width, sb);
		if (any_failed(rf)) {
			strbuf_addstr(sb, "\nfailed:\n");
			for (size_t i = 0; i < rf->impls_nr; i++) {
				const struct result_impl *im = &rf->impls[i];
				char *line;
				if (result_impl_ok(im))
					continue;
				line = xstrfmt("%s: %s %s", im->id, im->status,
					       im->reason ? im->reason : "");
				table_wrap_text(sb, "  ", line, width, 4);
				free(line);
			}
		}
		noise = model_warning(rf);
		if (*noise) {
			char *prefix = xstrfmt(
				"\n%sWARNING:%s ",
				color ? term_seq(TERM_YELLOW) : "", off);
			table_wrap_text(sb, prefix, noise, width, 2);
			free(prefix);
		}
		free(noise);
		published_render_text(rf, color, width, sb);
		struct iter_view iv;
		iter_view_build(rf, &iv);
		iter_render_text(&iv, false, width, color, sb);
		iter_view_release(&iv);
	}
	if (mo->nr > 1) {
		for (size_t i = 0; i < mo->warnings.nr; i++) {
			char *prefix = xstrfmt("%s%sWARNING:%s ", i ? "" : "\n",
					       alert, off);
			table_wrap_text(sb, prefix, mo->warnings.v[i], width,
					2);
			free(prefix);
		}
		for (int m = 0; m < 2; m++) {
			struct table t;
			struct table_column *cols;
			strbuf_addf(sb,
				    "\n%ssuite summary: %s ratio to each "
				    "workload's baseline (95%% CI)%s\n\n",
				    bold, m == 0 ? "time" : "peak memory", off);
			summary_tab(mo, m, &t, &cols);
			table_render_text(&t, width, color, sb);
			table_release(&t);
			free(cols);
		}
		strbuf_addch(sb, '\n');
		table_wrap_text(sb, "", geo_note, width, 0);
	}
	for (size_t i = 0; mo->notes && i < mo->notes->nr; i++)
		table_wrap_text(sb, i ? "note: " : "\nnote: ", mo->notes->v[i],
				width, 2);
}

/* ---- Markdown ---- */

static void render_md(const struct model *mo, struct strbuf *sb)
{
	if (mo->nr > 1) {
		strbuf_addstr(sb, "# Benchmark results\n\n");
		for (size_t i = 0; i < mo->warnings.nr; i++) {
			strbuf_addstr(sb, "> **WARNING:** ");
			esc_md(sb, mo->warnings.v[i]);
			strbuf_addstr(sb, "\n\n");
		}
		for (int m = 0; m < 2; m++) {
			struct table t;
			struct table_column *cols;
			strbuf_addf(sb,
				    "## Suite summary: %s\n\nRatio to each "
				    "workload's baseline (95%% CI); lower is "
				    "better.\n\n",
				    m == 0 ? "time" : "peak memory");
			summary_tab(mo, m, &t, &cols);
			table_render_md(&t, sb);
			table_release(&t);
			free(cols);
			strbuf_addch(sb, '\n');
		}
		strbuf_addf(sb, "*%s.*\n\n", geo_note);
	}
	for (size_t w = 0; !mo->opts->summary_only && w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		struct table t;
		struct strbuf raw = STRBUF_INIT;
		char *noise;
		strbuf_addf(sb, "%s ", mo->nr > 1 ? "##" : "#");
		esc_md(sb, rf->workload_id);
		strbuf_addf(sb, " v%ld", rf->workload_version);
		if (rf->title) {
			strbuf_addstr(sb, ": ");
			esc_md(sb, rf->title);
		}
		strbuf_addstr(sb, "\n\n- params: ");
		model_params(rf, &raw);
		esc_md(sb, raw.buf);
		strbuf_reset(&raw);
		strbuf_addstr(sb, "\n- baseline: `");
		esc_md_code(sb, rf->baseline);
		strbuf_addstr(sb, "`\n- finished: ");
		esc_md(sb, rf->finished_at);
		strbuf_addf(
			sb,
			", seed %llu%s\n- host: ", (unsigned long long)rf->seed,
			rf->complete ? "" : " (**incomplete**: interrupted)");
		model_host(rf, &raw);
		esc_md(sb, raw.buf);
		strbuf_release(&raw);
		strbuf_addstr(sb, "\n\n");
		workload_tab(rf, true, mo->opts->time_unit, &t);
		table_render_md(&t, sb);
		table_release(&t);
		sweep_render_text(rf, true, false, 0, sb);
		if (any_failed(rf)) {
			strbuf_addstr(sb, "\nFailed:\n\n");
			for (size_t i = 0; i < rf->impls_nr; i++) {
				const struct result_impl *im = &rf->impls[i];
				if (result_impl_ok(im))
					continue;
				strbuf_addstr(sb, "- `");
				esc_md_code(sb, im->id);
				strbuf_addf(sb, "`: **%s** ", im->status);
				esc_md(sb, im->reason);
				strbuf_addch(sb, '\n');
			}
		}
		noise = model_warning(rf);
		if (*noise) {
			strbuf_addstr(sb, "\n> **WARNING:** ");
			esc_md(sb, noise);
			strbuf_addch(sb, '\n');
		}
		free(noise);
		published_render_md(rf, sb);
		struct iter_view iv;
		iter_view_build(rf, &iv);
		iter_render_text(&iv, true, 0, false, sb);
		iter_view_release(&iv);
		strbuf_addch(sb, '\n');
	}
	for (size_t i = 0; mo->notes && i < mo->notes->nr; i++) {
		strbuf_addstr(sb, "> note: ");
		esc_md(sb, mo->notes->v[i]);
		strbuf_addch(sb, '\n');
	}
}

/* ---- CSV (RFC 4180) ---- */

static void csv_field(struct strbuf *sb, const char *raw)
{
	if (!raw)
		return;
	/* CSV is text too, often read on a terminal: no control bytes. */
	char *clean = esc_term_dup(raw);
	const char *s = clean;
	if (!strpbrk(s, ",\"\n\r")) {
		strbuf_addstr(sb, s);
		free(clean);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
	free(clean);
}

static void csv_num(struct strbuf *sb, double v)
{
	if (!isnan(v))
		strbuf_addf(sb, "%.10g", v);
}

static void render_csv(const struct model *mo, struct strbuf *sb)
{
	strbuf_addstr(
		sb, "workload,workload_version,id,language,status,runs,"
		    "outliers,median_time_ns,time_ci_low_ns,"
		    "time_ci_high_ns,time_ratio,time_ratio_ci_low,"
		    "time_ratio_ci_high,median_cpu_ns,median_peak_memory_bytes,"
		    "memory_ratio,memory_ratio_ci_low,"
		    "memory_ratio_ci_high,reason\n");
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		for (size_t i = 0; i < rf->impls_nr; i++) {
			const struct result_impl *im = &rf->impls[i];
			const struct result_summary *st =
				&im->stats[RESULT_WALL];
			const struct result_summary *sm =
				&im->stats[RESULT_MEMORY];
			const struct result_summary *sc =
				&im->stats[RESULT_CPU];
			const struct result_ratio *rt = &im->ratio[RESULT_WALL];
			const struct result_ratio *rm =
				&im->ratio[RESULT_MEMORY];
			csv_field(sb, rf->workload_id);
			strbuf_addf(sb, ",%ld,", rf->workload_version);
			csv_field(sb, im->id);
			strbuf_addch(sb, ',');
			csv_field(sb, im->language);
			strbuf_addch(sb, ',');
			csv_field(sb, im->status);
			strbuf_addch(sb, ',');
			if (st->present)
				strbuf_addf(sb, "%zu,%zu", st->n, st->outliers);
			else
				strbuf_addch(sb, ',');
			strbuf_addch(sb, ',');
			csv_num(sb, st->present ? st->median : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, st->present ? st->ci_low : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, st->present ? st->ci_high : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rt->present ? rt->value : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rt->present ? rt->ci_low : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rt->present ? rt->ci_high : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, sc->present ? sc->median : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, sm->present ? sm->median : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rm->present ? rm->value : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rm->present ? rm->ci_low : NAN);
			strbuf_addch(sb, ',');
			csv_num(sb, rm->present ? rm->ci_high : NAN);
			strbuf_addch(sb, ',');
			csv_field(sb, im->reason);
			strbuf_addch(sb, '\n');
		}
	}
}

/* ---- JSON ---- */

static json_t *jratio(const struct result_ratio *r)
{
	if (!r->present)
		return json_null();
	return json_pack("{s:o,s:o,s:o}", "value", json_real_or_null(r->value),
			 "ci_low", json_real_or_null(r->ci_low), "ci_high",
			 json_real_or_null(r->ci_high));
}

static json_t *jsummary(const struct result_summary *s)
{
	if (!s->present)
		return json_null();
	return json_pack("{s:I,s:o,s:o,s:o,s:I}", "n", (json_int_t)s->n,
			 "median", json_real_or_null(s->median), "ci_low",
			 json_real_or_null(s->ci_low), "ci_high",
			 json_real_or_null(s->ci_high), "outliers",
			 (json_int_t)s->outliers);
}

static json_t *json_model(const struct model *mo)
{
	json_t *root = json_object(), *wls = json_array();
	json_object_set_new(root, "versus_report", json_integer(1));
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		json_t *wl = json_object(), *params = json_object();
		json_t *impls = json_array();
		json_object_set_new(wl, "workload",
				    json_string(rf->workload_id));
		json_object_set_new(wl, "version",
				    json_integer(rf->workload_version));
		json_object_set_new(wl, "title",
				    json_string_or_null(rf->title));
		json_object_set_new(wl, "file", json_string(rf->path));
		json_object_set_new(wl, "finished_at",
				    json_string(rf->finished_at));
		json_object_set_new(wl, "complete", json_boolean(rf->complete));
		json_object_set_new(wl, "baseline", json_string(rf->baseline));
		for (size_t i = 0; i < rf->params_nr; i++)
			json_object_set_new(params, rf->params[i].name,
					    json_string(rf->params[i].value));
		json_object_set_new(wl, "params", params);
		json_object_set_new(wl, "host_fingerprint",
				    json_string_or_null(rf->fingerprint));
		struct iter_view iv;
		iter_view_build(rf, &iv);
		for (size_t i = 0; i < rf->impls_nr; i++) {
			const struct result_impl *im = &rf->impls[i];
			const struct iter_impl_view *itv =
				iter_view_find(&iv, im->id);
			json_array_append_new(
				impls,
				json_pack(
					"{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}",
					"id", im->id, "language", im->language,
					"status", im->status, "reason",
					json_string_or_null(im->reason),
					"time_ns",
					jsummary(&im->stats[RESULT_WALL]),
					"time_ratio",
					jratio(&im->ratio[RESULT_WALL]),
					"cpu_ns",
					jsummary(&im->stats[RESULT_CPU]),
					"peak_memory_bytes",
					jsummary(&im->stats[RESULT_MEMORY]),
					"memory_ratio",
					jratio(&im->ratio[RESULT_MEMORY])));
			/* only in iteration mode: other reports as before */
			if (itv)
				json_object_set_new(json_array_get(impls, i),
						    "iterations",
						    iter_impl_json(itv));
		}
		iter_view_release(&iv);
		json_object_set_new(wl, "implementations", impls);
		json_t *repro = published_json(rf);
		if (repro)
			json_object_set_new(wl, "reproduction", repro);
		json_t *sweep = sweep_render_json(rf);
		if (sweep)
			json_object_set_new(wl, "sweep", sweep);
		json_array_append_new(wls, wl);
	}
	json_object_set_new(root, "workloads", wls);
	if (mo->nr > 1) {
		json_t *sum = json_object();
		for (int m = 0; m < 2; m++) {
			json_t *rows = json_array();
			for (size_t r = 0; r < mo->rows_nr; r++) {
				const struct model_row *row = &mo->rows[r];
				const struct model_geo *g = &row->geo[m];
				json_t *cells = json_object();
				enum result_metric metric =
					m == 0 ? RESULT_WALL : RESULT_MEMORY;
				for (size_t w = 0; w < mo->nr; w++) {
					const struct result_impl *im =
						row->impls[w];
					json_t *c;
					if (!im)
						continue;
					if (result_impl_ok(im))
						c = jratio(&im->ratio[metric]);
					else
						c = json_pack("{s:s}", "status",
							      im->status);
					json_object_set_new(
						cells,
						mo->files[w]->workload_id, c);
				}
				json_array_append_new(
					rows,
					json_pack(
						"{s:s,s:o,s:o}", "row",
						row->key, "ratios", cells,
						"geometric_mean",
						g->present
							? json_pack(
								  "{s:o,s:o,"
								  "s:o,s:I}",
								  "value",
								  json_real_or_null(
									  g->value),
								  "ci_low",
								  json_real_or_null(
									  g->ci_low),
								  "ci_high",
								  json_real_or_null(
									  g->ci_high),
								  "workloads",
								  (json_int_t)
									  g->n)
							: json_null()));
			}
			json_object_set_new(sum, m == 0 ? "time" : "memory",
					    rows);
		}
		json_object_set_new(
			sum, "rows",
			json_string(mo->opts->rows == REPORT_ROWS_LANGUAGE
					    ? "language"
					    : "id"));
		json_object_set_new(sum, "note", json_string(geo_note));
		if (mo->warnings.nr) {
			json_t *w = json_array();
			for (size_t i = 0; i < mo->warnings.nr; i++)
				json_array_append_new(
					w, json_string(mo->warnings.v[i]));
			json_object_set_new(sum, "warnings", w);
		}
		json_object_set_new(root, "summary", sum);
	}
	if (mo->notes && mo->notes->nr) {
		json_t *notes = json_array();
		for (size_t i = 0; i < mo->notes->nr; i++)
			json_array_append_new(notes,
					      json_string(mo->notes->v[i]));
		json_object_set_new(root, "notes", notes);
	}
	return root;
}

static void dump_json(json_t *root, struct strbuf *sb)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	if (text) {
		strbuf_addstr(sb, text);
		strbuf_addch(sb, '\n');
		free(text);
	}
	json_decref(root);
}

/* ---- exports ---- */

/*
 * {"value": v, "lower_value": lo, "upper_value": hi}: Bencher's schema
 * (https://bencher.dev/bmf.json) makes the bounds optional numbers, never
 * null, so a bound we do not have is left out, and so are both when they
 * would not hold the value between them.
 */
static json_t *bmf_metric(double v, double lo, double hi)
{
	json_t *m = json_pack("{s:f}", "value", v);
	if (isfinite(lo) && isfinite(hi) && lo <= v && v <= hi) {
		json_object_set_new(m, "lower_value", json_real(lo));
		json_object_set_new(m, "upper_value", json_real(hi));
	}
	return m;
}

/*
 * Bencher Metric Format: {"<workload>/<id>": {"latency": {...},
 * "peak-memory": {...}, "failed": {"value": 0 or 1}}}. latency is
 * Bencher's built-in nanosecond measure (median wall time, 95% CI as
 * bounds); peak-memory (bytes: median, min and max) and failed are created
 * on first upload. Every implementation has "failed", 1 when it did not
 * pass, so a Static threshold with upper boundary 0 on that measure raises
 * an alert when one breaks; a failed one has no other measure.
 */
static json_t *bmf_model(const struct model *mo)
{
	json_t *root = json_object();
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		for (size_t i = 0; i < rf->impls_nr; i++) {
			const struct result_impl *im = &rf->impls[i];
			const struct result_summary *st =
				&im->stats[RESULT_WALL];
			const struct result_summary *sm =
				&im->stats[RESULT_MEMORY];
			bool ok = result_impl_ok(im) && st->present &&
				  isfinite(st->median);
			json_t *b = json_object();
			char *name;
			if (ok)
				json_object_set_new(b, "latency",
						    bmf_metric(st->median,
							       st->ci_low,
							       st->ci_high));
			if (ok && sm->present && isfinite(sm->median))
				json_object_set_new(b, "peak-memory",
						    bmf_metric(sm->median,
							       sm->min,
							       sm->max));
			json_object_set_new(
				b, "failed",
				json_pack("{s:f}", "value", ok ? 0.0 : 1.0));
			name = xstrfmt("%s/%s", rf->workload_id, im->id);
			json_object_set_new(root, name, b);
			free(name);
		}
	}
	return root;
}

/* The "status" entry of github-action: 1 when OK, this when not. */
#define GHA_FAILED_VALUE 1000.0

/*
 * github-action-benchmark, tool customSmallerIsBetter: an array of {name,
 * unit, value, range, extra}, per implementation a wall time and a peak
 * memory entry when it passed, and always a status entry (1 when OK,
 * GHA_FAILED_VALUE when not), so a newly broken implementation is a value
 * 1000 times the previous one: an alert at any alert-threshold. The tool
 * shows range as text: "+a / -b" from the 95% CI, as lopsided as it is,
 * and no range when there is no CI.
 */
static json_t *gha_model(const struct model *mo)
{
	json_t *root = json_array();
	for (size_t w = 0; w < mo->nr; w++) {
		const struct result_file *rf = mo->files[w];
		for (size_t i = 0; i < rf->impls_nr; i++) {
			const struct result_impl *im = &rf->impls[i];
			bool ok = result_impl_ok(im);
			json_t *e;
			char *name;
			for (int m = 0; ok && m < 2; m++) {
				enum result_metric metric =
					m == 0 ? RESULT_WALL : RESULT_MEMORY;
				const struct result_summary *s =
					&im->stats[metric];
				const struct result_ratio *r =
					&im->ratio[metric];
				bool ci = isfinite(s->ci_low) &&
					  isfinite(s->ci_high) &&
					  s->ci_low <= s->median &&
					  s->median <= s->ci_high;
				char *extra, rb[80] = "n/a", cb[96];
				if (!s->present || !isfinite(s->median))
					continue;
				if (r->present)
					report_fmt_ratio_ci(rb, sizeof(rb), r);
				if (ci)
					snprintf(cb, sizeof(cb),
						 "95%% CI [%.0f, %.0f]",
						 s->ci_low, s->ci_high);
				else
					snprintf(cb, sizeof(cb), "no CI");
				name = xstrfmt(
					"%s/%s %s", rf->workload_id, im->id,
					m == 0 ? "wall time" : "peak memory");
				extra = xstrfmt("median of %zu runs, %s; "
						"ratio to %s: %s",
						s->n, cb, rf->baseline, rb);
				e = json_pack("{s:s,s:s,s:f}", "name", name,
					      "unit", m == 0 ? "ns" : "bytes",
					      "value", s->median);
				if (ci) {
					char *range =
						xstrfmt("+%.0f / -%.0f",
							s->ci_high - s->median,
							s->median - s->ci_low);
					json_object_set_new(e, "range",
							    json_string(range));
					free(range);
				}
				json_object_set_new(e, "extra",
						    json_string(extra));
				json_array_append_new(root, e);
				free(name);
				free(extra);
			}
			name = xstrfmt("%s/%s status", rf->workload_id, im->id);
			e = json_pack("{s:s,s:s,s:f}", "name", name, "unit",
				      "1 = OK, 1000 = failed", "value",
				      ok ? 1.0 : GHA_FAILED_VALUE);
			if (!ok) {
				char *extra =
					xstrfmt("%s: %s", im->status,
						im->reason ? im->reason : "");
				json_object_set_new(e, "extra",
						    json_string(extra));
				free(extra);
			}
			json_array_append_new(root, e);
			free(name);
		}
	}
	return root;
}

int report_render(const struct result_file *const *files, size_t nr,
		  const struct strvec *notes, enum report_format fmt,
		  const struct report_options *opts, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct model mo;
	int rc = 0;

	model_init(&mo, files, nr, notes, opts);
	switch (fmt) {
	case REPORT_TABLE:
		render_table(&mo, &sb);
		break;
	case REPORT_MD:
		render_md(&mo, &sb);
		break;
	case REPORT_CSV:
		render_csv(&mo, &sb);
		break;
	case REPORT_JSON:
		dump_json(json_model(&mo), &sb);
		break;
	case REPORT_HTML:
		report_render_html(&mo, &sb);
		break;
	case REPORT_BMF:
		dump_json(bmf_model(&mo), &sb);
		break;
	case REPORT_GITHUB_ACTION:
		dump_json(gha_model(&mo), &sb);
		break;
	case REPORT_OPENMETRICS: /* versus history's only */
		rc = -EINVAL;
		break;
	}
	if (rc == 0 &&
	    (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out)))
		rc = -EIO;
	strbuf_release(&sb);
	model_release(&mo);
	return rc;
}

int report_render_workload(const struct result_file *rf, enum report_format fmt,
			   bool color, size_t width,
			   enum report_time_unit time_unit, FILE *out)
{
	struct report_options opts = {
		.color = color,
		.rows = REPORT_ROWS_ID,
		.width = width,
		.time_unit = time_unit,
	};
	return report_render(&rf, 1, NULL, fmt, &opts, out);
}

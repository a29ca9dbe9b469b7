/*
 * report_int.h: what report.c shares with the HTML renderer
 * (report_html.c): the model every format renders from.
 */
#ifndef VERSUS_REPORT_INT_H
#define VERSUS_REPORT_INT_H

#include <stdint.h>

#include "render/report.h"
#include "util/strbuf.h"

/* Geometric mean of one row's ratios (metric 0 time, 1 memory). */
struct model_geo {
	bool present;
	double value, ci_low, ci_high;
	size_t n; /* workloads it is over */
};

/* A suite-summary row: one implementation (or language). */
struct model_row {
	const char *key;		  /* borrowed from a file */
	const char *language;		  /* borrowed */
	size_t index;			  /* row number, seeds its bootstrap */
	const struct result_impl **impls; /* per workload; NULL = absent */
	struct model_geo geo[2];
	/* the row's toolchain differs between workloads, or NULL; owned */
	char *caveat;
};

struct model {
	const struct result_file *const *files; /* borrowed, one a workload */
	size_t nr;
	const struct strvec *notes; /* borrowed, may be NULL */
	const struct report_options *opts;
	uint64_t seed; /* of every bootstrap, from the files' seeds */
	struct model_row *rows;
	size_t rows_nr, rows_alloc;
	/*
	 * What makes the suite summary mix figures measured differently
	 * (the checks of `versus compare`: result schema, cgroup mode,
	 * memory source, host fingerprint, a row's toolchain). Shown loudly
	 * with the summary; the rows concerned are marked "(!)".
	 */
	struct strvec warnings;
};

void model_init(struct model *mo, const struct result_file *const *files,
		size_t nr, const struct strvec *notes,
		const struct report_options *opts);
void model_release(struct model *mo);

/* The baseline implementation of rf, or NULL (borrowed). */
const struct result_impl *model_baseline(const struct result_file *rf);
/* Append "n=500000 ..." / the host line to sb. */
void model_params(const struct result_file *rf, struct strbuf *sb);
void model_host(const struct result_file *rf, struct strbuf *sb);
/* The row's label in the suite summary: its key, "(!)" when marked. */
void model_row_label(const struct model_row *row, char *buf, size_t size);
/* Suite-summary cell texts (metric 0 time, 1 memory). */
void model_cell(const struct model *mo, const struct model_row *row, size_t w,
		int m, char *buf, size_t size);
void model_geo_cell(const struct model *mo, const struct model_row *row, int m,
		    char *buf, size_t size);
/*
 * Noise: a median whose 95% CI half-width is over MODEL_NOISE_PCT percent
 * of it is not one to trust (a wider CI than that hides any change a
 * benchmark is run to find). The half-width in percent of the median of
 * im's wall time when it is over the limit, else 0.
 */
#define MODEL_NOISE_PCT 10.0
double model_noise_pct(const struct result_impl *im);
/*
 * The warning line of a workload, "" when there is none: each noisy
 * implementation with its half-width and what to do, and a word when its
 * outputs were not compared (validate mode none). Caller frees.
 */
char *model_warning(const struct result_file *rf);
/* "1.02 [1.01, 1.03]". */
void report_fmt_ratio_ci(char *buf, size_t size, const struct result_ratio *r);
/* "48.0 ms ± 0.4%" (bytes: "1.2 MiB ± 0.1%"), "-" when absent. */
void report_fmt_median_ci(char *buf, size_t size,
			  const struct result_summary *s, bool bytes,
			  enum report_time_unit unit);

/*
 * A sweep's sections (report_sweep.c), after the workload's own table;
 * nothing when rf is not a sweep. Text (md: Markdown) tables of time,
 * ratio and memory per point and the fit time = a + b n; the same as a
 * JSON object (NULL when not a sweep; caller owns it); and HTML with
 * log-log charts.
 */
void sweep_render_text(const struct result_file *rf, bool md, bool color,
		       size_t width, struct strbuf *sb);
struct json_t;
struct json_t *sweep_render_json(const struct result_file *rf);
void sweep_render_html(const struct result_file *rf, struct strbuf *sb);

/* The self-contained HTML page (report_html.c). */
void report_render_html(const struct model *mo, struct strbuf *sb);

#endif

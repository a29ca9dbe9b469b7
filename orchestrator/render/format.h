/*
 * format.h: what every renderer shares: the output formats (--format) and
 * the human forms of figures in them.
 */
#ifndef VERSUS_FORMAT_H
#define VERSUS_FORMAT_H

#include <stddef.h>

enum report_format {
	REPORT_TABLE,	      /* aligned text for a terminal */
	REPORT_MD,	      /* GitHub-flavoured Markdown */
	REPORT_CSV,	      /* one row per workload x implementation */
	REPORT_JSON,	      /* the report's figures, versus_report: 1 */
	REPORT_HTML,	      /* one self-contained page with inline SVG */
	REPORT_BMF,	      /* Bencher Metric Format */
	REPORT_GITHUB_ACTION, /* github-action-benchmark customSmallerIsBetter
			       */
	REPORT_OPENMETRICS,   /* OpenMetrics / Prometheus text exposition */
};

/* Parse a --format name; returns 0 or -EINVAL. */
int report_parse_format(const char *name, enum report_format *out);
/* The --format name of fmt. */
const char *report_format_name(enum report_format fmt);

/* The unit of times in tables (--time-unit); auto picks one per figure. */
enum report_time_unit {
	REPORT_TIME_AUTO,
	REPORT_TIME_S,
	REPORT_TIME_MS,
	REPORT_TIME_US,
};

/* Figures as shown: "48.0 ms", "1.6 MiB", "1.02"; "-" for NaN. */
void report_fmt_ns(char *buf, size_t size, double ns);
/* A time in the given unit ("0.0480 s", "48.0 ms"); auto: report_fmt_ns. */
void report_fmt_time(char *buf, size_t size, double ns,
		     enum report_time_unit unit);
void report_fmt_bytes(char *buf, size_t size, double bytes);
void report_fmt_ratio(char *buf, size_t size, double ratio);

#endif

/*
 * format.c: --format names and the human forms of figures (format.h).
 */
#include "render/format.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

static const struct {
	const char *name;
	enum report_format fmt;
} formats[] = {
	{"table", REPORT_TABLE},
	{"md", REPORT_MD},
	{"csv", REPORT_CSV},
	{"json", REPORT_JSON},
	{"html", REPORT_HTML},
	{"bmf", REPORT_BMF},
	{"github-action", REPORT_GITHUB_ACTION},
	{"openmetrics", REPORT_OPENMETRICS},
};

int report_parse_format(const char *name, enum report_format *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name)) {
			*out = formats[i].fmt;
			return 0;
		}
	if (!strcmp(name, "markdown")) {
		*out = REPORT_MD;
		return 0;
	}
	return -EINVAL;
}

const char *report_format_name(enum report_format fmt)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].fmt == fmt)
			return formats[i].name;
	return "?";
}

/* ---- number formats ---- */

/* Three significant digits, the precision a benchmark figure deserves. */
static void fmt_sig3(char *buf, size_t size, double v, const char *unit)
{
	double a = fabs(v);
	int prec = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2;
	snprintf(buf, size, "%.*f%s%s", prec, v, *unit ? " " : "", unit);
}

void report_fmt_ns(char *buf, size_t size, double ns)
{
	if (isnan(ns))
		snprintf(buf, size, "-");
	else if (ns >= 999.5e6)
		fmt_sig3(buf, size, ns / 1e9, "s");
	else if (ns >= 999.5e3)
		fmt_sig3(buf, size, ns / 1e6, "ms");
	else if (ns >= 999.5)
		fmt_sig3(buf, size, ns / 1e3, "us");
	else
		fmt_sig3(buf, size, ns, "ns");
}

void report_fmt_time(char *buf, size_t size, double ns,
		     enum report_time_unit unit)
{
	static const struct {
		double ns;
		const char *name;
	} units[] = {
		[REPORT_TIME_S] = {1e9, "s"},
		[REPORT_TIME_MS] = {1e6, "ms"},
		[REPORT_TIME_US] = {1e3, "us"},
	};
	if (unit == REPORT_TIME_AUTO || isnan(ns)) {
		report_fmt_ns(buf, size, ns);
		return;
	}
	double v = ns / units[unit].ns;
	/* three significant digits, however small in that unit */
	if (fabs(v) >= 0.9995 || v == 0)
		fmt_sig3(buf, size, v, units[unit].name);
	else
		snprintf(buf, size, "%.3g %s", v, units[unit].name);
}

void report_fmt_bytes(char *buf, size_t size, double bytes)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	size_t u = 0;
	if (isnan(bytes)) {
		snprintf(buf, size, "-");
		return;
	}
	while (bytes >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		bytes /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0f B", bytes);
	else
		fmt_sig3(buf, size, bytes, units[u]);
}

void report_fmt_ratio(char *buf, size_t size, double ratio)
{
	if (isnan(ratio))
		snprintf(buf, size, "-");
	else
		fmt_sig3(buf, size, ratio, "");
}

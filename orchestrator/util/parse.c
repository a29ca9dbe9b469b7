#include "util/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

int parse_u64(const char *s, uint64_t *out)
{
	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = (uint64_t)v;
	return 0;
}

int parse_int(const char *s, long long min, long long max, long long *out)
{
	if (!s || !*s || isspace((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || end == s)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int parse_number_prefix(const char *s, double *out, const char **rest)
{
	if (!s || !*s || isspace((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s)
		return -EINVAL;
	/* strtod accepts "inf", "nan" and hex floats; we do not. */
	for (const char *p = s; p < end; p++)
		if (isalpha((unsigned char)*p) && *p != 'e' && *p != 'E')
			return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	*rest = end;
	return 0;
}

int parse_double(const char *s, double *out)
{
	double v;
	const char *rest;
	int rc = parse_number_prefix(s, &v, &rest);
	if (rc)
		return rc;
	if (*rest)
		return -EINVAL;
	*out = v;
	return 0;
}

struct unit {
	const char *name;
	double factor;
};

static int apply_unit(const char *s, const struct unit *units, double *out)
{
	double v;
	const char *rest;
	int rc = parse_number_prefix(s, &v, &rest);
	if (rc)
		return rc;
	if (v < 0 || s[0] == '-')
		return -EINVAL;
	if (*rest == ' ')
		rest++;
	if (!*rest) {
		*out = v;
		return 0;
	}
	for (const struct unit *u = units; u->name; u++) {
		if (!strcasecmp(rest, u->name)) {
			*out = v * u->factor;
			return 0;
		}
	}
	return -EINVAL;
}

int parse_size_bytes(const char *s, uint64_t *out)
{
	static const struct unit units[] = {
		{"B", 1.0},
		{"K", 1024.0},
		{"KiB", 1024.0},
		{"KB", 1e3},
		{"M", 1048576.0},
		{"MiB", 1048576.0},
		{"MB", 1e6},
		{"G", 1073741824.0},
		{"GiB", 1073741824.0},
		{"GB", 1e9},
		{"T", 1099511627776.0},
		{"TiB", 1099511627776.0},
		{"TB", 1e12},
		{NULL, 0},
	};
	double v;
	int rc = apply_unit(s, units, &v);
	if (rc)
		return rc;
	if (v >= 18446744073709551615.0)
		return -ERANGE;
	/* A byte count with no unit must be whole. */
	if (v != floor(v) && !strpbrk(s, "KkMmGgTt"))
		return -EINVAL;
	*out = (uint64_t)llround(v);
	return 0;
}

int parse_duration_s(const char *s, double *out)
{
	static const struct unit units[] = {
		{"s", 1.0},    {"ms", 1e-3},  {"us", 1e-6}, {"m", 60.0},
		{"min", 60.0}, {"h", 3600.0}, {NULL, 0},
	};
	return apply_unit(s, units, out);
}

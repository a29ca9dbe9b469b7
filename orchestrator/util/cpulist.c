/*
 * cpulist.c: CPU lists (cpulist.h).
 */
#include "util/cpulist.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

/* A CPU number at *p: digits, below CPU_SETSIZE. Advances *p. */
static int cpu_number(const char **p, int *out)
{
	if (**p < '0' || **p > '9')
		return -EINVAL;
	long v = 0;
	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		if (v >= CPU_SETSIZE)
			return -ERANGE;
		(*p)++;
	}
	*out = (int)v;
	return 0;
}

int cpulist_parse(const char *s, cpu_set_t *set, struct strbuf *why)
{
	CPU_ZERO(set);
	const char *p = s;
	int last = -1;
	if (!*s) {
		if (why)
			strbuf_addf(why, "an empty CPU list");
		return -EINVAL;
	}
	while (*p) {
		int lo, hi, rc = cpu_number(&p, &lo);
		hi = lo;
		if (!rc && *p == '-') {
			p++;
			rc = cpu_number(&p, &hi);
		}
		if (rc == -ERANGE) {
			if (why)
				strbuf_addf(why,
					    "CPU numbers must be below %d in "
					    "'%s'",
					    CPU_SETSIZE, s);
			return -EINVAL;
		}
		if (rc || (*p && *p != ',') || (*p == ',' && !p[1])) {
			if (why)
				strbuf_addf(why,
					    "expected a CPU list such as '1', "
					    "'2-3' or '0,2,4-7', not '%s'",
					    s);
			return -EINVAL;
		}
		if (hi < lo || lo <= last) {
			if (why)
				strbuf_addf(why,
					    "CPUs in '%s' must be in ascending "
					    "order, each once",
					    s);
			return -EINVAL;
		}
		for (int c = lo; c <= hi; c++)
			CPU_SET(c, set);
		last = hi;
		if (*p == ',')
			p++;
	}
	return 0;
}

void cpulist_format(const cpu_set_t *set, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int end = c;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, set))
			end++;
		int n = end == c ? snprintf(buf + len, size - len, "%s%d",
					    len ? "," : "", c)
				 : snprintf(buf + len, size - len, "%s%d-%d",
					    len ? "," : "", c, end);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0'; /* cut at the last whole item */
			return;
		}
		len += (size_t)n;
		c = end;
	}
}

int cpulist_allowed(cpu_set_t *set)
{
	CPU_ZERO(set);
	return sched_getaffinity(0, sizeof(*set), set) ? -errno : 0;
}

int cpulist_choose(const cpu_set_t *allowed, int n, cpu_set_t *out)
{
	CPU_ZERO(out);
	if (n <= 0 || CPU_COUNT(allowed) < n)
		return -ERANGE;
	int got = 0;
	for (int c = 1; c < CPU_SETSIZE && got < n; c++)
		if (CPU_ISSET(c, allowed)) {
			CPU_SET(c, out);
			got++;
		}
	if (got < n)
		CPU_SET(0, out); /* allowed holds 0: the count said so */
	return 0;
}

int cpulist_parse_request(const char *s, int *count, cpu_set_t *set,
			  struct strbuf *why)
{
	*count = 0;
	CPU_ZERO(set);
	if (s[0] && strspn(s, "0123456789") == strlen(s)) {
		const char *p = s;
		int n;
		if (cpu_number(&p, &n) || n == 0) {
			if (why)
				strbuf_addf(why,
					    "expected a number of CPUs from 1 "
					    "to %d, not '%s'",
					    CPU_SETSIZE - 1, s);
			return -EINVAL;
		}
		*count = n;
		return 0;
	}
	return cpulist_parse(s, set, why);
}

int cpulist_resolve(int count, const cpu_set_t *set, cpu_set_t *out,
		    struct strbuf *why)
{
	cpu_set_t allowed;
	char have[CPULIST_MAX];
	int rc = cpulist_allowed(&allowed);
	if (rc) {
		if (why)
			strbuf_addf(why, "sched_getaffinity: %s",
				    strerror(-rc));
		return rc;
	}
	cpulist_format(&allowed, have, sizeof(have));
	if (count) {
		if (!cpulist_choose(&allowed, count, out))
			return 0;
		if (why)
			strbuf_addf(why,
				    "%d CPUs asked, but versus may use only "
				    "%d (%s)",
				    count, CPU_COUNT(&allowed), have);
		return -ERANGE;
	}
	cpu_set_t outside;
	CPU_XOR(&outside, set, &allowed);
	CPU_AND(&outside, &outside, set);
	if (CPU_COUNT(&outside)) {
		char list[CPULIST_MAX];
		cpulist_format(&outside, list, sizeof(list));
		if (why)
			strbuf_addf(why,
				    "CPU %s is not among those versus may use "
				    "(%s)",
				    list, have);
		return -EINVAL;
	}
	*out = *set;
	return 0;
}

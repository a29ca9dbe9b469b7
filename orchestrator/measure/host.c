#include "measure/host.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* First line of a small file, trimmed; NULL when unreadable or empty. */
static char *read_line(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	if (strbuf_read_file(&sb, path, 65536) < 0 || !sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	size_t n = strcspn(sb.buf, "\n");
	while (n && isspace((unsigned char)sb.buf[n - 1]))
		n--;
	char *s = xstrndup(sb.buf, n);
	strbuf_release(&sb);
	return s;
}

/* Value of the first "key<sep>value" line of a file, unquoted. */
static char *read_keyed(const char *path, const char *key, char sep)
{
	struct strbuf sb = STRBUF_INIT;
	char *value = NULL;
	if (strbuf_read_file(&sb, path, 1 << 20) < 0)
		goto out;
	size_t klen = strlen(key);
	for (char *line = sb.buf; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, key, klen)) {
			char *p = line + klen;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == sep) {
				p++;
				while (*p == ' ' || *p == '"')
					p++;
				size_t n = strlen(p);
				while (n &&
				       (p[n - 1] == '"' || p[n - 1] == ' '))
					n--;
				value = xstrndup(p, n);
				break;
			}
		}
		line = next;
	}
out:
	strbuf_release(&sb);
	return value;
}

/* A file holding "0" or "1": that digit, -1 when unreadable or else. */
static int read_flag(const char *path)
{
	char *s = read_line(path);
	int v = s && (!strcmp(s, "0") || !strcmp(s, "1")) ? s[0] - '0' : -1;
	free(s);
	return v;
}

static void probe_boost(struct host_info *host)
{
	int no_turbo =
		read_flag("/sys/devices/system/cpu/intel_pstate/no_turbo");
	if (no_turbo >= 0) {
		host->boost = !no_turbo;
		host->boost_knob = "turbo";
		return;
	}
	host->boost = read_flag("/sys/devices/system/cpu/cpufreq/boost");
	host->boost_knob = host->boost >= 0 ? "boost" : NULL;
}

static void probe_swap(struct host_info *host)
{
	char *s = read_keyed("/proc/meminfo", "SwapTotal", ':');
	char *end;
	host->swap_bytes = -1;
	if (!s)
		return;
	errno = 0;
	uintmax_t kib = strtoumax(s, &end, 10);
	if (!errno && end != s && kib <= INT64_MAX / 1024)
		host->swap_bytes = (int64_t)kib * 1024;
	free(s);
}

static void probe_perf(struct host_info *host)
{
	struct perf_event_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	host->perf_counters = fd >= 0;
	host->perf_errno = fd >= 0 ? 0 : errno;
	if (fd >= 0)
		close((int)fd);
}

void host_probe(struct host_info *host)
{
	memset(host, 0, sizeof(*host));
	struct utsname un;
	if (uname(&un) == 0) {
		host->hostname = xstrdup(un.nodename);
		host->kernel = xstrfmt("%s %s", un.sysname, un.release);
		host->arch = xstrdup(un.machine);
	} else {
		host->hostname = xstrdup("unknown");
		host->kernel = xstrdup("unknown");
		host->arch = xstrdup("unknown");
	}
	host->os = read_keyed("/etc/os-release", "PRETTY_NAME", '=');
	host->cpu_model = read_keyed("/proc/cpuinfo", "model name", ':');
	host->cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
	long pages = sysconf(_SC_PHYS_PAGES);
	long page_size = sysconf(_SC_PAGESIZE);
	if (pages > 0 && page_size > 0)
		host->memory_bytes = (uint64_t)pages * (uint64_t)page_size;
	char *aslr = read_line("/proc/sys/kernel/randomize_va_space");
	host->aslr =
		aslr && isdigit((unsigned char)aslr[0]) ? aslr[0] - '0' : -1;
	free(aslr);
	host->governor = read_line(
		"/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
	if (getloadavg(host->load_average, 3) != 3)
		memset(host->load_average, 0, sizeof(host->load_average));
	host->smt = read_flag("/sys/devices/system/cpu/smt/active");
	probe_boost(host);
	probe_swap(host);
	probe_perf(host);

	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%s\n%s\n%s\n%ld\n%llu\n", host->hostname,
		    host->kernel, host->arch,
		    host->cpu_model ? host->cpu_model : "", host->cpus_online,
		    (unsigned long long)host->memory_bytes);
	sha256_hex(sb.buf, sb.len, host->fingerprint);
	strbuf_release(&sb);
}

void host_release(struct host_info *host)
{
	if (!host)
		return;
	free(host->hostname);
	free(host->kernel);
	free(host->arch);
	free(host->os);
	free(host->cpu_model);
	free(host->governor);
	memset(host, 0, sizeof(*host));
}

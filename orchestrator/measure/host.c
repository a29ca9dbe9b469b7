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

#include "sandbox.h"
#include "util/alloc.h"
#include "util/commit.h"
#include "util/cpulist.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/version.h"
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

/* A file holding one integer (may be negative); 0 or -1 when not. */
static int read_long(const char *path, long *out)
{
	char *s = read_line(path), *end;
	int rc = -1;
	if (s) {
		errno = 0;
		*out = strtol(s, &end, 10);
		rc = !errno && end != s && !*end ? 0 : -1;
	}
	free(s);
	return rc;
}

/* One physical core seen among the online CPUs, and its threads. */
struct core_seen {
	long package, core;
	long threads;
};

/*
 * Sockets, physical cores and threads per core of the online CPUs, from
 * /sys/devices/system/cpu/cpuN/topology (x86 and arm alike). All stay -1
 * when a CPU's topology is unreadable: a partial count would differ
 * between identical machines.
 */
static void probe_topology(struct host_info *host)
{
	host->sockets = host->cores = host->threads_per_core = -1;
	char *online = read_line("/sys/devices/system/cpu/online");
	cpu_set_t set;
	int bad = !online || cpulist_parse(online, &set, NULL) < 0;
	free(online);
	if (bad)
		return;
	struct core_seen *seen =
		xcalloc((size_t)CPU_COUNT(&set) + 1, sizeof(*seen));
	size_t nr = 0;
	long sockets = 0, threads = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &set))
			continue;
		char path[96];
		long package, core;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/topology/"
			 "physical_package_id",
			 cpu);
		if (read_long(path, &package) < 0)
			goto out;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/topology/core_id", cpu);
		if (read_long(path, &core) < 0)
			goto out;
		size_t i;
		bool new_package = true;
		for (i = 0; i < nr; i++) {
			if (seen[i].package == package)
				new_package = false;
			if (seen[i].package == package && seen[i].core == core)
				break;
		}
		if (i == nr)
			seen[nr++] = (struct core_seen){package, core, 0};
		sockets += new_package;
		if (++seen[i].threads > threads)
			threads = seen[i].threads;
	}
	if (nr) {
		host->sockets = sockets;
		host->cores = (long)nr;
		host->threads_per_core = threads;
	}
out:
	free(seen);
}

static void probe_visible_cpus(struct host_info *host)
{
	cpu_set_t set;
	char list[CPULIST_MAX];
	if (cpulist_allowed(&set) < 0)
		return;
	cpulist_format(&set, list, sizeof(list));
	host->visible_cpus = xstrdup(list);
}

/* "key=value\n"; NULL is empty, a newline in value a space. */
static void add_fact(struct strbuf *out, const char *key, const char *value)
{
	strbuf_addstr(out, key);
	strbuf_addch(out, '=');
	for (const char *p = value ? value : ""; *p; p++)
		strbuf_addch(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addch(out, '\n');
}

/* A count, -1 (unknown) as empty. */
static void add_count(struct strbuf *out, const char *key, long n)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", n);
	add_fact(out, key, n < 0 ? NULL : buf);
}

void host_hardware_text(const struct host_info *host, struct strbuf *out)
{
	strbuf_addstr(out, "versus hardware 1\n");
	add_fact(out, "cpu_model", host->cpu_model);
	add_fact(out, "microcode", host->microcode);
	add_count(out, "sockets", host->sockets);
	add_count(out, "cores", host->cores);
	add_count(out, "threads_per_core", host->threads_per_core);
	add_fact(out, "smt", host->smt < 0 ? NULL : host->smt ? "on" : "off");
	add_count(out, "memory_gib",
		  host->memory_bytes ? (long)(host->memory_bytes >> 30) : -1);
	add_fact(out, "visible_cpus", host->visible_cpus);
}

void host_environment_text(const struct host_info *host, struct strbuf *out)
{
	strbuf_addstr(out, "versus environment 1\n");
	add_fact(out, "kernel", host->kernel);
	add_fact(out, "os", host->os);
	add_fact(out, "arch", host->arch);
	add_fact(out, "versus_version", host->versus_version);
	add_fact(out, "cgroup_mode", host->cgroup_mode);
	add_fact(out, "box", host->box);
	/* only when not direct, so that direct runs keep their digest */
	if (host->executor)
		add_fact(out, "executor", host->executor);
}

void host_fingerprints(struct host_info *host)
{
	struct strbuf sb = STRBUF_INIT;
	host_hardware_text(host, &sb);
	sha256_hex(sb.buf, sb.len, host->hardware_fingerprint);
	strbuf_reset(&sb);
	host_environment_text(host, &sb);
	sha256_hex(sb.buf, sb.len, host->environment_fingerprint);
	strbuf_release(&sb);
}

void host_probe(struct host_info *host, const struct sandbox *sb)
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
	host->microcode = read_keyed("/proc/cpuinfo", "microcode", ':');
	probe_topology(host);
	probe_visible_cpus(host);
	host->versus_version =
		xstrfmt("%s (commit %s)", VERSUS_VERSION, VERSUS_COMMIT);
	if (sb) {
		host->cgroup_mode = sandbox_mode_name(sandbox_mode(sb));
		host->box = sandbox_box_name(sandbox_box(sb));
	}

	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text, "%s\n%s\n%s\n%s\n%ld\n%llu\n", host->hostname,
		    host->kernel, host->arch,
		    host->cpu_model ? host->cpu_model : "", host->cpus_online,
		    (unsigned long long)host->memory_bytes);
	sha256_hex(text.buf, text.len, host->fingerprint);
	strbuf_release(&text);
	host_fingerprints(host);
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
	free(host->microcode);
	free(host->visible_cpus);
	free(host->versus_version);
	memset(host, 0, sizeof(*host));
}

/*
 * check_host.c: host_probe(), the one prober of the machine, against the
 * files it reads, parsed here another way: SMT, boost, swap, ASLR, the
 * counts, the topology, microcode and visible CPUs; the fingerprint is
 * stable between two probes; and the canonical texts of the hardware and
 * environment fingerprints (host_hardware_text(), host_environment_text())
 * change with every fact they cover and never with the hostname.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/host.h"
#include "util/sha256.h"
#include "util/strbuf.h"

/* The first byte of a sysfs flag file as 0/1, or -1. */
static int flag_file(const char *path)
{
	FILE *f = fopen(path, "re");
	int c = f ? fgetc(f) : EOF;
	if (f)
		fclose(f);
	return c == '0' || c == '1' ? c - '0' : -1;
}

START_TEST(test_probe_matches_the_files)
{
	struct host_info h;
	host_probe(&h, NULL);

	ck_assert_int_eq(h.smt,
			 flag_file("/sys/devices/system/cpu/smt/active"));

	int no_turbo =
		flag_file("/sys/devices/system/cpu/intel_pstate/no_turbo");
	int boost = flag_file("/sys/devices/system/cpu/cpufreq/boost");
	if (no_turbo >= 0) {
		ck_assert_str_eq(h.boost_knob, "turbo");
		ck_assert_int_eq(h.boost, !no_turbo);
	} else if (boost >= 0) {
		ck_assert_str_eq(h.boost_knob, "boost");
		ck_assert_int_eq(h.boost, boost);
	} else {
		ck_assert_ptr_null(h.boost_knob);
		ck_assert_int_eq(h.boost, -1);
	}

	long long swap_kib = -1;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "SwapTotal: %lld kB", &swap_kib) == 1)
			break;
	if (f)
		fclose(f);
	ck_assert_int_eq(h.swap_bytes, swap_kib < 0 ? -1 : swap_kib * 1024);

	f = fopen("/proc/sys/kernel/randomize_va_space", "re");
	int c = f ? fgetc(f) : EOF;
	if (f)
		fclose(f);
	ck_assert_int_eq(h.aslr, isdigit(c) ? c - '0' : -1);

	ck_assert_int_eq(h.cpus_online, sysconf(_SC_NPROCESSORS_ONLN));
	ck_assert(h.memory_bytes > 0);
	ck_assert(h.perf_counters || h.perf_errno != 0);
	ck_assert_uint_eq(strlen(h.fingerprint), 64);
	ck_assert_uint_eq(strlen(h.hardware_fingerprint), 64);
	ck_assert_uint_eq(strlen(h.environment_fingerprint), 64);
	ck_assert_ptr_null(h.cgroup_mode); /* no sandbox given */
	ck_assert_ptr_null(h.box);
	ck_assert_ptr_nonnull(strstr(h.versus_version, "(commit "));
	host_release(&h);
}
END_TEST

/* The value of "key<spaces>: value" in a /proc/cpuinfo line, or NULL. */
static const char *cpuinfo_value(const char *line, const char *key)
{
	size_t n = strlen(key);
	if (strncmp(line, key, n))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != ':')
		return NULL;
	line++;
	while (*line == ' ')
		line++;
	return line;
}

/*
 * Topology and microcode against /proc/cpuinfo ("physical id", "core id",
 * "microcode" per processor; x86 only), when every CPU is online; visible
 * CPUs against Cpus_allowed_list of /proc/self/status.
 */
START_TEST(test_topology_matches_cpuinfo)
{
	struct host_info h;
	host_probe(&h, NULL);
	long package[1024], core[1024], nr = 0, pkg = -1, cur = -1;
	char line[4096], microcode[64] = "";
	FILE *f = fopen("/proc/cpuinfo", "re");
	while (f && fgets(line, sizeof(line), f)) {
		const char *v;
		line[strcspn(line, "\n")] = '\0';
		if ((v = cpuinfo_value(line, "physical id")))
			pkg = strtol(v, NULL, 10);
		else if ((v = cpuinfo_value(line, "core id")))
			cur = strtol(v, NULL, 10);
		else if ((v = cpuinfo_value(line, "microcode")) && !*microcode)
			snprintf(microcode, sizeof(microcode), "%s", v);
		else if (!*line && pkg >= 0 && cur >= 0 && nr < 1024) {
			package[nr] = pkg;
			core[nr++] = cur;
			pkg = cur = -1;
		}
	}
	if (f)
		fclose(f);
	if (*microcode)
		ck_assert_str_eq(h.microcode, microcode);
	else
		ck_assert_ptr_null(h.microcode);
	if (nr && nr == sysconf(_SC_NPROCESSORS_CONF)) {
		long sockets = 0, cores = 0, threads = 0;
		for (long i = 0; i < nr; i++) {
			long same_pkg = 0, same_core = 0;
			for (long j = 0; j < i; j++) {
				same_pkg += package[j] == package[i];
				same_core += package[j] == package[i] &&
					     core[j] == core[i];
			}
			sockets += !same_pkg;
			cores += !same_core;
			if (same_core + 1 > threads)
				threads = same_core + 1;
		}
		ck_assert_int_eq(h.sockets, sockets);
		ck_assert_int_eq(h.cores, cores);
		ck_assert_int_eq(h.threads_per_core, threads);
	}
	if (h.cores > 0)
		ck_assert_int_eq(h.cores * h.threads_per_core >= h.cpus_online,
				 1);
	char allowed[4096] = "";
	f = fopen("/proc/self/status", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Cpus_allowed_list: %4095s", allowed) == 1)
			break;
	if (f)
		fclose(f);
	ck_assert_str_eq(h.visible_cpus, allowed);
	host_release(&h);
}
END_TEST

/* A writable copy of s that lives as long as the test (a small ring). */
static char *lit(const char *s)
{
	static char pool[64][128];
	static unsigned next;
	char *p = pool[next++ % 64];
	snprintf(p, sizeof(pool[0]), "%s", s);
	return p;
}

/* Two machines' facts, alike but for what a test changes. */
static void facts(struct host_info *h)
{
	memset(h, 0, sizeof(*h));
	h->hostname = lit("node01");
	h->kernel = lit("Linux 6.1.0-18-amd64");
	h->arch = lit("x86_64");
	h->os = lit("Debian GNU/Linux 12 (bookworm)");
	h->cpu_model = lit("AMD EPYC 7763 64-Core Processor");
	h->microcode = lit("0xa0011d1");
	h->sockets = 2;
	h->cores = 128;
	h->threads_per_core = 2;
	h->smt = 1;
	h->memory_bytes = (512ULL << 30) - (3ULL << 20);
	h->visible_cpus = lit("0-255");
	h->versus_version = lit("0.1.0 (commit 1a2b3c4)");
	h->cgroup_mode = "cgroup2";
	h->box = "userns";
	h->cpus_online = 256;
	host_fingerprints(h);
}

START_TEST(test_canonical_texts)
{
	struct host_info h;
	struct strbuf sb = STRBUF_INIT;
	facts(&h);
	host_hardware_text(&h, &sb);
	ck_assert_str_eq(sb.buf, "versus hardware 1\n"
				 "cpu_model=AMD EPYC 7763 64-Core Processor\n"
				 "microcode=0xa0011d1\n"
				 "sockets=2\n"
				 "cores=128\n"
				 "threads_per_core=2\n"
				 "smt=on\n"
				 "memory_gib=511\n"
				 "visible_cpus=0-255\n");
	strbuf_reset(&sb);
	host_environment_text(&h, &sb);
	ck_assert_str_eq(sb.buf, "versus environment 1\n"
				 "kernel=Linux 6.1.0-18-amd64\n"
				 "os=Debian GNU/Linux 12 (bookworm)\n"
				 "arch=x86_64\n"
				 "versus_version=0.1.0 (commit 1a2b3c4)\n"
				 "cgroup_mode=cgroup2\n"
				 "box=userns\n");
	/* unknown facts are empty, a newline cannot add a line */
	h.microcode = NULL;
	h.sockets = h.cores = h.threads_per_core = -1;
	h.smt = -1;
	h.memory_bytes = 0;
	h.visible_cpus = NULL;
	h.cpu_model = lit("two\nlines");
	strbuf_reset(&sb);
	host_hardware_text(&h, &sb);
	ck_assert_str_eq(sb.buf, "versus hardware 1\n"
				 "cpu_model=two lines\n"
				 "microcode=\n"
				 "sockets=\n"
				 "cores=\n"
				 "threads_per_core=\n"
				 "smt=\n"
				 "memory_gib=\n"
				 "visible_cpus=\n");
	h.os = NULL;
	h.cgroup_mode = h.box = NULL;
	strbuf_reset(&sb);
	host_environment_text(&h, &sb);
	ck_assert_str_eq(sb.buf, "versus environment 1\n"
				 "kernel=Linux 6.1.0-18-amd64\n"
				 "os=\n"
				 "arch=x86_64\n"
				 "versus_version=0.1.0 (commit 1a2b3c4)\n"
				 "cgroup_mode=\n"
				 "box=\n");
	strbuf_release(&sb);
}
END_TEST

/* One change to the facts; which fingerprints it must change. */
struct fact_change {
	const char *what;
	void (*change)(struct host_info *h);
	bool hardware, environment;
};

static void change_nothing(struct host_info *h)
{
	(void)h;
}
static void change_hostname(struct host_info *h)
{
	h->hostname = lit("node02");
}
static void change_load(struct host_info *h)
{
	h->load_average[0] = 3.5;
	h->cpus_online = 255; /* in the old fingerprint, not these */
	h->governor = lit("powersave");
}
static void change_memory_within_gib(struct host_info *h)
{
	h->memory_bytes -= 200ULL << 20;
}
static void change_memory_gib(struct host_info *h)
{
	h->memory_bytes -= 1ULL << 30;
}
static void change_cpu_model(struct host_info *h)
{
	h->cpu_model = lit("AMD EPYC 7713 64-Core Processor");
}
static void change_microcode(struct host_info *h)
{
	h->microcode = lit("0xa0011d3");
}
static void change_no_microcode(struct host_info *h)
{
	h->microcode = NULL;
}
static void change_sockets(struct host_info *h)
{
	h->sockets = 1;
}
static void change_cores(struct host_info *h)
{
	h->cores = 64;
}
static void change_threads(struct host_info *h)
{
	h->threads_per_core = 1;
}
static void change_smt(struct host_info *h)
{
	h->smt = 0;
}
static void change_visible_cpus(struct host_info *h)
{
	h->visible_cpus = lit("0-127");
}
static void change_kernel(struct host_info *h)
{
	h->kernel = lit("Linux 6.1.0-21-amd64");
}
static void change_os(struct host_info *h)
{
	h->os = lit("Debian GNU/Linux 13 (trixie)");
}
static void change_arch(struct host_info *h)
{
	h->arch = lit("aarch64");
}
static void change_version(struct host_info *h)
{
	h->versus_version = lit("0.1.0 (commit 1a2b3c4-dirty)");
}
static void change_cgroup_mode(struct host_info *h)
{
	h->cgroup_mode = "cgroup1";
}
static void change_box(struct host_info *h)
{
	h->box = "root";
}
static void change_executor(struct host_info *h)
{
	h->executor = "srun-step";
}
/* a value moved across the line between two facts */
static void change_boundary(struct host_info *h)
{
	h->cpu_model = lit("AMD EPYC 7763 64-Core Processor\nmicrocode=");
	h->microcode = NULL;
}

static const struct fact_change changes[] = {
	{"nothing", change_nothing, false, false},
	{"hostname", change_hostname, false, false},
	{"load, governor, cpus_online", change_load, false, false},
	{"memory within the GiB", change_memory_within_gib, false, false},
	{"memory by a GiB", change_memory_gib, true, false},
	{"cpu_model", change_cpu_model, true, false},
	{"microcode", change_microcode, true, false},
	{"microcode unknown", change_no_microcode, true, false},
	{"sockets", change_sockets, true, false},
	{"cores", change_cores, true, false},
	{"threads_per_core", change_threads, true, false},
	{"smt", change_smt, true, false},
	{"visible_cpus", change_visible_cpus, true, false},
	{"a newline into the next fact", change_boundary, true, false},
	{"kernel", change_kernel, false, true},
	{"os", change_os, false, true},
	{"arch", change_arch, false, true},
	{"versus_version", change_version, false, true},
	{"cgroup_mode", change_cgroup_mode, false, true},
	{"box", change_box, false, true},
	{"executor", change_executor, false, true},
};

START_TEST(test_fingerprints_follow_their_facts)
{
	const struct fact_change *c = &changes[_i];
	struct host_info a, b;
	facts(&a);
	facts(&b);
	c->change(&b);
	host_fingerprints(&b);
	ck_assert_msg((strcmp(a.hardware_fingerprint, b.hardware_fingerprint) !=
		       0) == c->hardware,
		      "%s: hardware fingerprint %s", c->what,
		      c->hardware ? "unchanged" : "changed");
	ck_assert_msg(
		(strcmp(a.environment_fingerprint, b.environment_fingerprint) !=
		 0) == c->environment,
		"%s: environment fingerprint %s", c->what,
		c->environment ? "unchanged" : "changed");
	/* the digest is sha256 of the text, as results/README.md says */
	struct strbuf sb = STRBUF_INIT;
	char hex[65];
	host_hardware_text(&b, &sb);
	sha256_hex(sb.buf, sb.len, hex);
	ck_assert_str_eq(hex, b.hardware_fingerprint);
	strbuf_reset(&sb);
	host_environment_text(&b, &sb);
	sha256_hex(sb.buf, sb.len, hex);
	ck_assert_str_eq(hex, b.environment_fingerprint);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_fingerprint_is_stable)
{
	struct host_info a, b;
	host_probe(&a, NULL);
	host_probe(&b, NULL);
	ck_assert_str_eq(a.fingerprint, b.fingerprint);
	ck_assert_str_eq(a.hardware_fingerprint, b.hardware_fingerprint);
	ck_assert_str_eq(a.environment_fingerprint, b.environment_fingerprint);
	host_release(&a);
	host_release(&b);
	host_release(NULL);
}
END_TEST

static Suite *host_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("host");
	tcase_add_test(tc, test_probe_matches_the_files);
	tcase_add_test(tc, test_fingerprint_is_stable);
	tcase_add_test(tc, test_topology_matches_cpuinfo);
	tcase_add_test(tc, test_canonical_texts);
	tcase_add_loop_test(tc, test_fingerprints_follow_their_facts, 0,
			    (int)(sizeof(changes) / sizeof(changes[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(host_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

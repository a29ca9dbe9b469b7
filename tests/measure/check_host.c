/*
 * check_host.c: host_probe(), the one prober of the machine, against the
 * files it reads, parsed here another way: SMT, boost, swap, ASLR, the
 * counts; and the fingerprint is stable between two probes.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/host.h"

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
	host_probe(&h);

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
	host_release(&h);
}
END_TEST

START_TEST(test_fingerprint_is_stable)
{
	struct host_info a, b;
	host_probe(&a);
	host_probe(&b);
	ck_assert_str_eq(a.fingerprint, b.fingerprint);
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

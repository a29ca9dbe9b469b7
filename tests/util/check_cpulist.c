/* check_cpulist.c: CPU lists and the rule that picks a workload's CPUs. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/cpulist.h"
#include "util/strbuf.h"

START_TEST(test_parse_format)
{
	static const struct {
		const char *in;
		int rc;
		const char *canonical; /* cpulist_format of the set */
		const char *why;       /* a piece of the message */
	} cases[] = {
		{"0", 0, "0", NULL},
		{"1", 0, "1", NULL},
		{"2-3", 0, "2-3", NULL},
		{"0,2,4-7", 0, "0,2,4-7", NULL},
		{"1,2,3", 0, "1-3", NULL},
		{"1023", 0, "1023", NULL},
		{"1024", -EINVAL, NULL, "below 1024"},
		{"", -EINVAL, NULL, "empty"},
		{"3-2", -EINVAL, NULL, "ascending"},
		{"2,1", -EINVAL, NULL, "ascending"},
		{"1,1", -EINVAL, NULL, "each once"},
		{"1-", -EINVAL, NULL, "CPU list such as"},
		{"1,", -EINVAL, NULL, "CPU list such as"},
		{" 1", -EINVAL, NULL, "CPU list such as"},
		{"-1", -EINVAL, NULL, "CPU list such as"},
		{"a", -EINVAL, NULL, "CPU list such as"},
		{"1 2", -EINVAL, NULL, "CPU list such as"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpu_set_t set;
		struct strbuf why = STRBUF_INIT;
		int rc = cpulist_parse(cases[i].in, &set, &why);
		ck_assert_msg(rc == cases[i].rc, "'%s': %d", cases[i].in, rc);
		if (!rc) {
			char buf[CPULIST_MAX];
			cpulist_format(&set, buf, sizeof(buf));
			ck_assert_str_eq(buf, cases[i].canonical);
		} else {
			ck_assert_msg(strstr(why.buf, cases[i].why),
				      "'%s': '%s'", cases[i].in, why.buf);
		}
		strbuf_release(&why);
	}
}
END_TEST

START_TEST(test_format_cut)
{
	cpu_set_t set;
	ck_assert_int_eq(cpulist_parse("0,2,4,6", &set, NULL), 0);
	char buf[6];
	cpulist_format(&set, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0,2,4"); /* whole items only */
}
END_TEST

START_TEST(test_choose)
{
	static const struct {
		const char *allowed;
		int n, rc;
		const char *chosen;
	} cases[] = {
		{"0-1", 1, 0, "1"},	  {"0-1", 2, 0, "0-1"},
		{"0-7", 3, 0, "1-3"},	  {"0,4-5", 2, 0, "4-5"},
		{"0,4-5", 3, 0, "0,4-5"}, {"2-3", 1, 0, "2"},
		{"0", 1, 0, "0"},	  {"0-1", 3, -ERANGE, ""},
		{"0-1", 0, -ERANGE, ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpu_set_t allowed, out;
		ck_assert_int_eq(
			cpulist_parse(cases[i].allowed, &allowed, NULL), 0);
		ck_assert_int_eq(cpulist_choose(&allowed, cases[i].n, &out),
				 cases[i].rc);
		char buf[CPULIST_MAX];
		cpulist_format(&out, buf, sizeof(buf));
		ck_assert_msg(!strcmp(buf, cases[i].chosen), "%s of %s: %s",
			      cases[i].allowed, buf, cases[i].chosen);
	}
}
END_TEST

START_TEST(test_allowed)
{
	cpu_set_t set;
	ck_assert_int_eq(cpulist_allowed(&set), 0);
	ck_assert_int_gt(CPU_COUNT(&set), 0);
}
END_TEST

START_TEST(test_request)
{
	static const struct {
		const char *in;
		int rc, count;
		const char *list, *why;
	} cases[] = {
		{"1", 0, 1, "", NULL},
		{"12", 0, 12, "", NULL},
		{"2-3", 0, 0, "2-3", NULL},
		{"3-3", 0, 0, "3", NULL},
		{"0,2", 0, 0, "0,2", NULL},
		{"0", -EINVAL, 0, "", "from 1"},
		{"1024", -EINVAL, 0, "", "from 1"},
		{"x", -EINVAL, 0, "", "CPU list such as"},
		{"", -EINVAL, 0, "", "empty"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpu_set_t set;
		int count = -1;
		struct strbuf why = STRBUF_INIT;
		int rc = cpulist_parse_request(cases[i].in, &count, &set, &why);
		ck_assert_msg(rc == cases[i].rc, "'%s': %d", cases[i].in, rc);
		if (!rc) {
			char buf[CPULIST_MAX];
			cpulist_format(&set, buf, sizeof(buf));
			ck_assert_int_eq(count, cases[i].count);
			ck_assert_str_eq(buf, cases[i].list);
		} else {
			ck_assert_msg(strstr(why.buf, cases[i].why), "'%s': %s",
				      cases[i].in, why.buf);
		}
		strbuf_release(&why);
	}
}
END_TEST

/* Against this process's own CPUs: what fits, what does not. */
START_TEST(test_resolve)
{
	cpu_set_t allowed, out, set;
	ck_assert_int_eq(cpulist_allowed(&allowed), 0);
	int n = CPU_COUNT(&allowed);
	struct strbuf why = STRBUF_INIT;
	ck_assert_int_eq(cpulist_resolve(1, NULL, &out, &why), 0);
	ck_assert_int_eq(CPU_COUNT(&out), 1);
	ck_assert_int_eq(cpulist_resolve(n, NULL, &out, &why), 0);
	ck_assert(CPU_EQUAL(&out, &allowed));
	ck_assert_int_eq(cpulist_resolve(n + 1, NULL, &out, &why), -ERANGE);
	ck_assert_ptr_nonnull(strstr(why.buf, "CPUs asked, but versus may"));
	strbuf_reset(&why);
	ck_assert_int_eq(cpulist_resolve(0, &allowed, &out, &why), 0);
	ck_assert(CPU_EQUAL(&out, &allowed));
	CPU_ZERO(&set);
	CPU_SET(CPU_SETSIZE - 1, &set);
	ck_assert_int_eq(cpulist_resolve(0, &set, &out, &why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why.buf, "CPU 1023 is not among"));
	strbuf_release(&why);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpulist");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_parse_format);
	tcase_add_test(tc, test_format_cut);
	tcase_add_test(tc, test_choose);
	tcase_add_test(tc, test_allowed);
	tcase_add_test(tc, test_request);
	tcase_add_test(tc, test_resolve);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

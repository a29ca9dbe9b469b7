/*
 * check_canary.c: the calibration canary (measure/canary.h) does the same
 * work on every machine and times it. Its speed is not tested here (a
 * benchmark's business); only that it is a positive, finite time.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "measure/canary.h"

START_TEST(test_work_is_a_function_of_steps)
{
	uint64_t a = canary_work(1000), b = canary_work(1000);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_ne(canary_work(1000), canary_work(1001));
	ck_assert_uint_ne(canary_work(0), canary_work(1));
}
END_TEST

START_TEST(test_measure_gives_a_time)
{
	double ns = canary_measure();
	ck_assert(isfinite(ns));
	ck_assert(ns > 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("canary");
	TCase *tc = tcase_create("canary");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_work_is_a_function_of_steps);
	tcase_add_test(tc, test_measure_gives_a_time);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

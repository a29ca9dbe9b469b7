/* check_partition.c: the LPT partition of units into shards. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/partition.h"

/* A fixed pseudo-random sequence (tests must not depend on rand()'s). */
static uint64_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

START_TEST(test_ties_by_id)
{
	/* Equal costs: placed in id order, each to the least-loaded shard,
	 * ties to the lowest index. */
	struct partition_unit u[] = {{"b", 1}, {"a", 1}, {"d", 1}, {"c", 1}};
	size_t assign[4], order[4];
	double loads[2];
	ck_assert_int_eq(partition_lpt(u, 4, 2, assign, order, loads), 0);
	ck_assert_uint_eq(order[0], 1); /* a */
	ck_assert_uint_eq(order[1], 0); /* b */
	ck_assert_uint_eq(order[2], 3); /* c */
	ck_assert_uint_eq(order[3], 2); /* d */
	ck_assert_uint_eq(assign[1], 0);
	ck_assert_uint_eq(assign[0], 1);
	ck_assert_uint_eq(assign[3], 0);
	ck_assert_uint_eq(assign[2], 1);
	ck_assert(loads[0] == 2 && loads[1] == 2);
	/* Bytewise: "B" (0x42) sorts before "a" (0x61). */
	struct partition_unit v[] = {{"a", 5}, {"B", 5}, {"x", 7}};
	ck_assert_int_eq(partition_lpt(v, 3, 3, assign, order, NULL), 0);
	ck_assert_uint_eq(order[0], 2);
	ck_assert_uint_eq(order[1], 1);
	ck_assert_uint_eq(order[2], 0);
	ck_assert_uint_eq(assign[2], 0);
	ck_assert_uint_eq(assign[1], 1);
	ck_assert_uint_eq(assign[0], 2);
}
END_TEST

START_TEST(test_longest_first)
{
	/* 7 5 4 3 1 into 2: 7->0, 5->1, 4->1 (9), 3->0 (10), 1->1 (10). */
	struct partition_unit u[] = {
		{"e", 1}, {"c", 4}, {"a", 7}, {"d", 3}, {"b", 5},
	};
	size_t assign[5];
	double loads[2];
	ck_assert_int_eq(partition_lpt(u, 5, 2, assign, NULL, loads), 0);
	ck_assert_uint_eq(assign[2], 0);
	ck_assert_uint_eq(assign[4], 1);
	ck_assert_uint_eq(assign[1], 1);
	ck_assert_uint_eq(assign[3], 0);
	ck_assert_uint_eq(assign[0], 1);
	ck_assert(loads[0] == 10 && loads[1] == 10);
}
END_TEST

START_TEST(test_empty_shards)
{
	struct partition_unit u[] = {{"x", 2}, {"y", 3}};
	size_t assign[2];
	double loads[5];
	ck_assert_int_eq(partition_lpt(u, 2, 5, assign, NULL, loads), 0);
	ck_assert_uint_eq(assign[1], 0);
	ck_assert_uint_eq(assign[0], 1);
	ck_assert(loads[0] == 3 && loads[1] == 2);
	for (int k = 2; k < 5; k++)
		ck_assert(loads[k] == 0);
	/* No units at all: every shard empty. */
	ck_assert_int_eq(partition_lpt(u, 0, 3, assign, NULL, loads), 0);
	ck_assert(loads[0] == 0 && loads[1] == 0 && loads[2] == 0);
}
END_TEST

START_TEST(test_invalid)
{
	size_t assign[3];
	struct partition_unit ok[] = {{"a", 1}};
	ck_assert_int_eq(partition_lpt(ok, 1, 0, assign, NULL, NULL), -EINVAL);
	struct partition_unit neg[] = {{"a", 1}, {"b", -1}};
	ck_assert_int_eq(partition_lpt(neg, 2, 2, assign, NULL, NULL), -EINVAL);
	struct partition_unit nan[] = {{"a", NAN}};
	ck_assert_int_eq(partition_lpt(nan, 1, 2, assign, NULL, NULL), -EINVAL);
	struct partition_unit inf[] = {{"a", INFINITY}};
	ck_assert_int_eq(partition_lpt(inf, 1, 2, assign, NULL, NULL), -EINVAL);
	struct partition_unit dup[] = {{"a", 1}, {"b", 2}, {"a", 3}};
	ck_assert_int_eq(partition_lpt(dup, 3, 2, assign, NULL, NULL), -EINVAL);
	struct partition_unit null_id[] = {{NULL, 1}};
	ck_assert_int_eq(partition_lpt(null_id, 1, 2, assign, NULL, NULL),
			 -EINVAL);
}
END_TEST

/* The same units in another order give each id the same shard. */
START_TEST(test_permutation)
{
	uint64_t seed = 42;
	enum { N = 40 };
	char names[N][8];
	struct partition_unit u[N];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "u%02d", i);
		u[i].id = names[i];
		/* few distinct costs, so that ties are common */
		u[i].cost = (double)(next(&seed) % 5);
	}
	size_t first[N], assign[N];
	ck_assert_int_eq(partition_lpt(u, N, 3, first, NULL, NULL), 0);
	for (int round = 0; round < 50; round++) {
		struct partition_unit p[N];
		memcpy(p, u, sizeof(p));
		for (int i = N - 1; i > 0; i--) {
			int j = (int)(next(&seed) % (uint64_t)(i + 1));
			struct partition_unit t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		ck_assert_int_eq(partition_lpt(p, N, 3, assign, NULL, NULL), 0);
		for (int i = 0; i < N; i++) {
			int orig = (int)strtol(p[i].id + 1, NULL, 10);
			ck_assert_uint_eq(assign[i], first[orig]);
		}
	}
}
END_TEST

/* The best makespan of costs[0..n) on m shards, by trying every
 * assignment. */
static double brute_opt(const double *costs, int n, int m)
{
	long total = 1;
	for (int i = 0; i < n; i++)
		total *= m;
	double best = INFINITY;
	for (long code = 0; code < total; code++) {
		double load[4] = {0, 0, 0, 0};
		long c = code;
		for (int i = 0; i < n; i++, c /= m)
			load[c % m] += costs[i];
		double mx = 0;
		for (int k = 0; k < m; k++)
			mx = load[k] > mx ? load[k] : mx;
		best = mx < best ? mx : best;
	}
	return best;
}

/* Graham's bound against the optimum, and the simple bound, on many
 * small random inputs. */
START_TEST(test_bounds)
{
	uint64_t seed = 7;
	char names[9][4];
	for (int i = 0; i < 9; i++)
		snprintf(names[i], sizeof(names[i]), "w%d", i);
	int worst_seen = 0;
	for (int round = 0; round < 400; round++) {
		int m = 2 + (int)(next(&seed) % 3); /* 2..4 shards */
		int n = 1 + (int)(next(&seed) % 8); /* 1..8 units */
		struct partition_unit u[9];
		double costs[9], sum = 0, largest = 0;
		for (int i = 0; i < n; i++) {
			costs[i] = (double)(1 + next(&seed) % 20);
			u[i].id = names[i];
			u[i].cost = costs[i];
			sum += costs[i];
			largest = costs[i] > largest ? costs[i] : largest;
		}
		size_t assign[9];
		double loads[4];
		ck_assert_int_eq(partition_lpt(u, (size_t)n, (size_t)m, assign,
					       NULL, loads),
				 0);
		double mx = 0, check = 0;
		for (int k = 0; k < m; k++) {
			mx = loads[k] > mx ? loads[k] : mx;
			check += loads[k];
		}
		ck_assert(fabs(check - sum) < 1e-9);
		for (int i = 0; i < n; i++)
			ck_assert_uint_lt(assign[i], (size_t)m);
		ck_assert(mx <= sum / m + largest + 1e-9);
		double opt = brute_opt(costs, n, m);
		ck_assert_msg(mx <= (4.0 / 3 - 1.0 / (3 * m)) * opt + 1e-9,
			      "LPT %g against OPT %g on %d shards", mx, opt, m);
		worst_seen |= mx > opt;
	}
	/* The inputs were varied enough to catch LPT off the optimum at
	 * least once: the bound was tested, not only equality. */
	ck_assert(worst_seen);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("partition");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_ties_by_id);
	tcase_add_test(tc, test_longest_first);
	tcase_add_test(tc, test_empty_shards);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_permutation);
	tcase_add_test(tc, test_bounds);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

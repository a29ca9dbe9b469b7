/* check_suggest.c: "did you mean", the one edit-distance suggester. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/suggest.h"

START_TEST(test_suggest)
{
	static const char *const keys[] = {"language", "source", "expect",
					   "baseline", "limits", "args"};
	static const struct {
		const char *word, *want; /* want NULL: no suggestion */
	} cases[] = {
		{"langauge", "language"}, /* two edits (a swap) */
		{"sorce", "source"},	  /* one deletion */
		{"basline", "baseline"},
		{"arg", "args"},
		{"limit", "limits"},
		{"expected", "expect"}, /* two insertions */
		{"xyz", NULL},		/* as many edits as letters */
		{"a", NULL},
		{"", NULL},
		{"completely-different", NULL},
		{"language", "language"}, /* zero edits */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = suggest_closest(cases[i].word, keys, 6);
		if (cases[i].want)
			ck_assert_msg(got && !strcmp(got, cases[i].want),
				      "'%s': got '%s', want '%s'",
				      cases[i].word, got ? got : "(none)",
				      cases[i].want);
		else
			ck_assert_msg(!got, "'%s': got '%s', want none",
				      cases[i].word, got);
	}
	/* The limit grows with the word: max(2, len / 3) edits, so 5 for
	 * these 15 letters. */
	static const char *const longer[] = {"implementations"};
	ck_assert_ptr_nonnull(suggest_closest("ixplxmxnxatixns", longer, 1));
	ck_assert_ptr_null(suggest_closest("xmplxmxnxatixnx", longer, 1));
	/* Ties: the first candidate wins. */
	static const char *const tie[] = {"cat", "bat"};
	ck_assert_str_eq(suggest_closest("at", tie, 2), "cat");
	/* No candidates; a word over 64 bytes is never matched. */
	ck_assert_ptr_null(suggest_closest("x", NULL, 0));
	char big[80];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	const char *bigs[] = {big};
	ck_assert_ptr_null(suggest_closest(big, bigs, 1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("suggest");
	TCase *tc = tcase_create("suggest");
	tcase_add_test(tc, test_suggest);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

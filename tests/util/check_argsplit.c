/*
 * check_argsplit.c: util/argsplit.c, the shell-like splitter of `versus
 * bench`'s commands: quoting as sh, and nothing else of a shell.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/argsplit.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* Split s and compare with the NULL-terminated expected words. */
static void expect_words(const char *s, ...)
{
	struct strvec out = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	ck_assert_msg(argsplit(s, &out, &why) == 0, "%s: %s", s, why.buf);
	va_list ap;
	va_start(ap, s);
	size_t i = 0;
	const char *w;
	while ((w = va_arg(ap, const char *))) {
		ck_assert_msg(i < out.nr, "%s: only %zu words", s, out.nr);
		ck_assert_str_eq(out.v[i], w);
		i++;
	}
	va_end(ap);
	ck_assert_uint_eq(out.nr, i);
	strvec_clear(&out);
	strbuf_release(&why);
}

static void expect_error(const char *s, const char *msg)
{
	struct strvec out = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	strvec_push(&out, "kept");
	ck_assert_int_lt(argsplit(s, &out, &why), 0);
	ck_assert_msg(strstr(why.buf, msg), "%s: '%s'", s, why.buf);
	ck_assert_uint_eq(out.nr, 1);
	ck_assert_str_eq(out.v[0], "kept");
	strvec_clear(&out);
	strbuf_release(&why);
}

START_TEST(test_words)
{
	expect_words("grep -c x f", "grep", "-c", "x", "f", NULL);
	expect_words("  a \t b\n c  ", "a", "b", "c", NULL);
	expect_words("awk '/x/ {n++} END {print n+0}' f", "awk",
		     "/x/ {n++} END {print n+0}", "f", NULL);
	expect_words("echo \"a b\" 'c\"d' \"e'f\"", "echo", "a b", "c\"d",
		     "e'f", NULL);
	/* Backslashes: literal in single quotes, sh's few in double. */
	expect_words("x 'a\\b' \"c\\\"d\\\\e\\nf\"", "x", "a\\b", "c\"d\\e\\nf",
		     NULL);
	expect_words("x a\\ b \\'q\\\"", "x", "a b", "'q\"", NULL);
	expect_words("x a\\\nb", "x", "ab", NULL);
	/* Parts join; '' and "" are empty words. */
	expect_words("x a'b c'd \"e\"f", "x", "ab cd", "ef", NULL);
	expect_words("x '' \"\"", "x", "", "", NULL);
	/* Shell syntax is ordinary text. */
	expect_words("x $HOME * | > ; &&", "x", "$HOME", "*", "|", ">", ";",
		     "&&", NULL);
}
END_TEST

START_TEST(test_errors)
{
	expect_error("x 'abc", "unterminated single quote at column 3");
	expect_error("x \"abc", "unterminated double quote at column 3");
	expect_error("x abc\\", "trailing backslash");
	expect_error("", "empty command");
	expect_error("  \t", "empty command");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("argsplit");
	TCase *tc = tcase_create("argsplit");
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

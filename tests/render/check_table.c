/*
 * check_table.c: the table renderer (render/table.h): widths, alignment,
 * wrapping, dropping by priority, UTF-8 widths, terminal escapes, colour,
 * Markdown, and that no line is wider than asked whatever the contents.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/table.h"
#include "util/alloc.h"
#include "util/term.h"
#include "util/utf8.h"

static char *render(const struct table *t, size_t width, bool color)
{
	struct strbuf sb = STRBUF_INIT;
	table_render_text(t, width, color, &sb);
	return strbuf_detach(&sb, NULL);
}

/* The widest line of text, in display columns. */
static size_t widest(const char *text)
{
	size_t best = 0;
	while (*text) {
		size_t len = strcspn(text, "\n");
		size_t w = utf8_width_n(text, len);
		best = w > best ? w : best;
		text += len;
		text += *text == '\n';
	}
	return best;
}

static const struct table_column three[] = {
	{"name", TABLE_LEFT, 0, false, 0},
	{"n", TABLE_RIGHT, 0, false, 0},
	{"note", TABLE_LEFT, 0, false, 0},
};

START_TEST(test_natural_widths)
{
	struct table t;
	table_init(&t, three, 3);
	table_add(&t, "alpha", NULL);
	table_add(&t, "7", NULL);
	table_add(&t, "x", NULL);
	table_add(&t, "b", NULL);
	table_add(&t, "1234", NULL);
	table_add(&t, "", NULL);
	char *text = render(&t, 0, false);
	/* Columns 2 apart, right alignment, no trailing spaces. */
	ck_assert_str_eq(text, "name      n  note\n"
			       "alpha     7  x\n"
			       "b      1234\n");
	free(text);
	/* Wide enough: the same. */
	text = render(&t, 80, false);
	ck_assert_str_eq(text, "name      n  note\n"
			       "alpha     7  x\n"
			       "b      1234\n");
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_wrap)
{
	static const struct table_column cols[] = {
		{"id", TABLE_LEFT, 0, false, 0},
		{"ratio", TABLE_LEFT, 0, true, 4},
		{"reason", TABLE_LEFT, 0, true, 0},
	};
	struct table t;
	table_init(&t, cols, 3);
	table_add(&t, "c", NULL);
	table_add(&t, "1.02 [1.01, 1.03]", NULL);
	table_add(&t, "output differs from the baseline at line 2", NULL);
	char *text = render(&t, 40, false);
	/* The bracketed CI stays on one line; the reason fills the rest. */
	ck_assert_str_eq(text, "id  ratio         reason\n"
			       "c   1.02          output differs from\n"
			       "    [1.01, 1.03]  the baseline at line 2\n");
	ck_assert_uint_le(widest(text), 40);
	free(text);
	/* Narrower than the group: broken at its space. */
	text = render(&t, 24, false);
	ck_assert_uint_le(widest(text), 24);
	ck_assert_ptr_nonnull(strstr(text, "[1.01,"));
	free(text);
	table_release(&t);

	/* A word longer than the column is cut, never overflows. */
	table_init(&t, cols, 3);
	table_add(&t, "c", NULL);
	table_add(&t, "1", NULL);
	table_add(&t, "/a/very/long/path/without/any/space/in/it", NULL);
	text = render(&t, 30, false);
	ck_assert_uint_le(widest(text), 30);
	ck_assert_ptr_nonnull(strstr(text, "/a/very/long/path/"));
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_sign_stays_with_number)
{
	static const struct table_column cols[] = {
		{"median", TABLE_RIGHT, 0, true, 6},
	};
	struct table t;
	table_init(&t, cols, 1);
	table_add(&t, "94.5 ms ± 0.8%", NULL);
	char *text = render(&t, 7, false);
	ck_assert_str_eq(text, " median\n"
			       "94.5 ms\n"
			       " ± 0.8%\n");
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_drop_by_priority)
{
	static const struct table_column cols[] = {
		{"id", TABLE_LEFT, 0, false, 0},
		{"language", TABLE_LEFT, 2, false, 0},
		{"outliers", TABLE_RIGHT, 3, false, 0},
		{"time", TABLE_RIGHT, 0, false, 0},
		{"memory", TABLE_RIGHT, 1, false, 0},
	};
	struct table t;
	table_init(&t, cols, 5);
	const char *row[] = {"python", "python", "0", "6.12 s", "10.2 MiB"};
	for (size_t i = 0; i < 5; i++)
		table_add(&t, row[i], NULL);
	/* Natural: 6+2+8+2+8+2+6+2+8 = 44 columns. */
	char *text = render(&t, 44, false);
	ck_assert_ptr_null(strstr(text, "left out"));
	free(text);
	/* One short: the highest number (outliers) goes first. */
	text = render(&t, 43, false);
	ck_assert_str_eq(text, "id      language    time    memory\n"
			       "python  python    6.12 s  10.2 MiB\n"
			       "(left out to fit 43 columns: outliers)\n");
	free(text);
	/* Then language, then memory; priority 0 never. */
	text = render(&t, 20, false);
	ck_assert_str_eq(text, "id        time\n"
			       "python  6.12 s\n"
			       "(left out to fit 20\n"
			       "columns: outliers,\n"
			       "language, memory)\n");
	free(text);
	/* Past that it overflows rather than hiding a kept column. */
	text = render(&t, 10, false);
	ck_assert_ptr_nonnull(strstr(text, "python  6.12 s"));
	free(text);
	table_release(&t);
}
END_TEST

/* A short word is not cut while a column can still be left out; once
 * none can, it is. */
START_TEST(test_drop_before_cutting)
{
	static const struct table_column cols[] = {
		{"workload", TABLE_LEFT, 0, true, 6},
		{"p", TABLE_RIGHT, 1, false, 0},
	};
	struct table t;
	table_init(&t, cols, 2);
	table_add(&t, "spectralnorm", NULL);
	table_add(&t, "0.0001", NULL);
	char *text = render(&t, 16, false);
	ck_assert_str_eq(text, "workload\n"
			       "spectralnorm\n"
			       "(left out to fit\n"
			       "16 columns: p)\n");
	free(text);
	table_release(&t);
	table_init(&t, cols, 1);
	table_add(&t, "spectralnorm", NULL);
	text = render(&t, 10, false);
	ck_assert_str_eq(text, "workload\n"
			       "spectralno\n"
			       "rm\n");
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_utf8_widths)
{
	struct table t;
	table_init(&t, three, 3);
	/* 2 wide characters (4 columns), e + combining acute (1 column),
	 * and plain ASCII: all three rows align on display columns. */
	table_add(&t, "日本", NULL);
	table_add(&t, "1", NULL);
	table_add(&t, "a", NULL);
	table_add(&t, "e\xcc\x81", NULL);
	table_add(&t, "2", NULL);
	table_add(&t, "b", NULL);
	table_add(&t, "abcd", NULL);
	table_add(&t, "3", NULL);
	table_add(&t, "c", NULL);
	char *text = render(&t, 0, false);
	ck_assert_str_eq(text, "name  n  note\n"
			       "日本  1  a\n"
			       "e\xcc\x81     2  b\n"
			       "abcd  3  c\n");
	free(text);
	table_release(&t);
	ck_assert_uint_eq(utf8_width("日本"), 4);
	ck_assert_uint_eq(utf8_width("e\xcc\x81"), 1);
	ck_assert_uint_eq(utf8_width("±"), 1);
	ck_assert_uint_eq(utf8_width("\xff"), 1);
}
END_TEST

START_TEST(test_escapes)
{
	struct table t;
	table_init(&t, three, 3);
	/* An OSC 52 clipboard write from a result file: shown, not run. */
	table_add(&t, "x\033]52;c;aGk=\a", NULL);
	table_add(&t, "1", NULL);
	table_add(&t, "bidi \xe2\x80\xae", NULL);
	char *text = render(&t, 0, false);
	ck_assert_ptr_null(strchr(text, '\033'));
	ck_assert_ptr_null(strchr(text, '\a'));
	ck_assert_ptr_null(strstr(text, "\xe2\x80\xae"));
	ck_assert_ptr_nonnull(strstr(text, "x\\x1b]52;c;aGk=\\x07  1"));
	/* The header is padded to the escaped width. */
	ck_assert_ptr_nonnull(strstr(text, "name                 n"));
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_colour)
{
	struct table t;
	table_init(&t, three, 3);
	table_add(&t, "c", NULL);
	table_add(&t, "1", TERM_RED);
	table_add(&t, "ok", TERM_GREEN);
	char *text = render(&t, 0, false);
	ck_assert_ptr_null(strchr(text, '\033'));
	free(text);
	text = render(&t, 0, true);
	ck_assert_ptr_nonnull(strstr(text, "\033[1mname\033[0m"));
	ck_assert_ptr_nonnull(strstr(text, "\033[31m1\033[0m"));
	ck_assert_ptr_nonnull(strstr(text, "\033[32mok\033[0m"));
	/* Colour does not count in the width: same layout without it. */
	ck_assert_ptr_nonnull(strstr(text, "c     \033[31m1"));
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_notes_and_indent)
{
	static const struct table_column cols[] = {
		{"LANGUAGE", TABLE_LEFT, 0, false, 0},
		{"VERSION", TABLE_LEFT, 0, true, 0},
	};
	struct table t;
	table_init(&t, cols, 2);
	t.indent = 2;
	table_add(&t, "sh", NULL);
	table_add(&t, "1.0", NULL);
	table_add_note(&t, "POSIX shell, a title long enough to be wrapped");
	table_add_note(&t, "second note");
	char *text = render(&t, 30, false);
	ck_assert_str_eq(text, "  LANGUAGE  VERSION\n"
			       "  sh        1.0\n"
			       "            POSIX shell, a\n"
			       "            title long enough\n"
			       "            to be wrapped\n"
			       "            second note\n");
	free(text);
	table_release(&t);
}
END_TEST

START_TEST(test_markdown)
{
	struct table t;
	table_init(&t, three, 3);
	table_add(&t, "a|b", NULL);
	table_add(&t, "1", NULL);
	table_add(&t, "REGRESSION", TERM_ALERT);
	struct strbuf sb = STRBUF_INIT;
	table_render_md(&t, &sb);
	ck_assert_str_eq(sb.buf, "| name | n | note |\n"
				 "|---|---:|---|\n"
				 "| a\\|b | 1 | **REGRESSION** |\n");
	strbuf_release(&sb);
	table_release(&t);
}
END_TEST

START_TEST(test_wrap_text)
{
	struct strbuf sb = STRBUF_INIT;
	table_wrap_text(&sb, "host ",
			"bench-01, Intel(R) Xeon(R) CPU @ 2.20GHz, 2 CPUs", 30,
			2);
	ck_assert_str_eq(sb.buf, "host bench-01, Intel(R)\n"
				 "  Xeon(R) CPU @ 2.20GHz, 2\n"
				 "  CPUs\n");
	strbuf_reset(&sb);
	/* A quoted argument stays whole; an apostrophe quotes nothing. */
	table_wrap_text(&sb, "", "run --x 'two words' --y=a", 14, 0);
	ck_assert_str_eq(sb.buf, "run --x\n"
				 "'two words'\n"
				 "--y=a\n");
	strbuf_reset(&sb);
	table_wrap_text(&sb, "", "aaaaaa bb's cc dd", 12, 0);
	ck_assert_str_eq(sb.buf, "aaaaaa bb's\n"
				 "cc dd\n");
	strbuf_reset(&sb);
	/* No limit: one line; a control byte escaped. */
	table_wrap_text(&sb, "note: ", "a\033b", 0, 2);
	ck_assert_str_eq(sb.buf, "note: a\\x1bb\n");
	strbuf_release(&sb);
}
END_TEST

/* Whatever the contents, no line is wider than asked once the droppable
 * columns are gone and the rest wraps. */
START_TEST(test_never_wider)
{
	static const struct table_column cols[] = {
		{"id", TABLE_LEFT, 0, true, 6},
		{"language", TABLE_LEFT, 3, false, 0},
		{"median time", TABLE_RIGHT, 0, true, 7},
		{"time ratio", TABLE_LEFT, 0, true, 8},
		{"memory", TABLE_RIGHT, 2, true, 0},
		{"reason", TABLE_LEFT, 1, true, 0},
	};
	static const char *const words[] = {
		"c",
		"日本語の識別子",
		"1.02 [1.01, 1.03]",
		"94.5 ms ± 0.8%",
		"a-very-long-implementation-identifier-without-spaces",
		"é",
		"\033[2J",
		"10.2 MiB",
		"output differs at line 2",
	};
	struct table t;
	table_init(&t, cols, 6);
	for (size_t i = 0; i < 7 * 6; i++)
		table_add(&t, words[(i * 7 + i / 6) % 9], NULL);
	for (size_t w = 36; w <= 140; w += 4) {
		char *text = render(&t, w, false);
		ck_assert_msg(widest(text) <= w, "width %zu:\n%s", w, text);
		free(text);
	}
	table_release(&t);
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_natural_widths);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_sign_stays_with_number);
	tcase_add_test(tc, test_drop_by_priority);
	tcase_add_test(tc, test_drop_before_cutting);
	tcase_add_test(tc, test_utf8_widths);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_colour);
	tcase_add_test(tc, test_notes_and_indent);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_wrap_text);
	tcase_add_test(tc, test_never_wider);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(table_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

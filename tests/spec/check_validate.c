/* check_validate.c: the output comparison modes and their diff messages. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/validate.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* sha256("abc"), FIPS 180-2 appendix B.1 */
#define ABC_DIGEST                                                             \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABC_DIGEST_UPPER                                                       \
	"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
/* sha256("") */
#define EMPTY_DIGEST                                                           \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct compare_case {
	enum validate_mode mode;
	double abs_tol, rel_tol;
	const char *expected;
	const char *actual;
	int ok;
	size_t line, token;  /* checked when !ok */
	const char *message; /* checked when !ok and not NULL */
	int is_digest;
};

static const struct compare_case cases[] = {
	/* exact */
	{VALIDATE_EXACT, 0, 0, "a\nb\n", "a\nb\n", 1, 0, 0, NULL, 0},
	{VALIDATE_EXACT, 0, 0, "", "", 1, 0, 0, NULL, 0},
	{VALIDATE_EXACT, 0, 0, "a\nb\nc\n", "a\nx\nc\n", 0, 2, 0,
	 "line 2: expected \"b\", got \"x\"", 0},
	{VALIDATE_EXACT, 0, 0, "abc\n", "abc", 0, 1, 0,
	 "output is 3 bytes, expected 4", 0},
	{VALIDATE_EXACT, 0, 0, "abc", "", 0, 1, 0,
	 "output is 0 bytes, expected 3", 0},
	{VALIDATE_EXACT, 0, 0, "a\n", "a\nb\n", 0, 2, 0,
	 "output is 4 bytes, expected 2", 0},
	{VALIDATE_EXACT, 0, 0, "a\r\n", "a\n", 0, 1, 0,
	 "line 1: expected \"a\\r\", got \"a\"", 0},
	{VALIDATE_EXACT, 0, 0, "x\ta\x01\"\\", "x\ta\x02\"\\", 0, 1, 0,
	 "line 1: expected \"x\\ta\\x01\\\"\\\\\", got "
	 "\"x\\ta\\x02\\\"\\\\\"",
	 0},
	/* valid UTF-8 stays, invalid bytes are escaped */
	{VALIDATE_EXACT, 0, 0, "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xff", 0, 1, 0,
	 "line 1: expected \"\xc3\xa9t\xc3\xa9\", got \"\xc3\xa9t\\xff\"", 0},
	{VALIDATE_EXACT, 0, 0, "1 2", "1  2", 0, 1, 0, NULL, 0},

	/* lines */
	{VALIDATE_LINES, 0, 0, "a\r\nb\r\n", "a\nb\n", 1, 0, 0, NULL, 0},
	{VALIDATE_LINES, 0, 0, "a\nb\n", "a\r\nb\r\n", 1, 0, 0, NULL, 0},
	{VALIDATE_LINES, 0, 0, "a  \nb\t\n\n\n", "a\nb", 1, 0, 0, NULL, 0},
	{VALIDATE_LINES, 0, 0, "a\nb", "a \t\r\nb\n\n \n\r\n", 1, 0, 0, NULL,
	 0},
	{VALIDATE_LINES, 0, 0, "  \n \n", "", 1, 0, 0, NULL, 0},
	{VALIDATE_LINES, 0, 0, " a", "a", 0, 1, 0,
	 "line 1: expected \" a\", got \"a\"", 0},
	{VALIDATE_LINES, 0, 0, "a\n\nb\n", "a\nb\n", 0, 2, 0,
	 "line 2: expected \"\", got \"b\"", 0},
	{VALIDATE_LINES, 0, 0, "a\nb\n", "a\nb\nc\n", 0, 3, 0,
	 "line 3: expected end of output, got \"c\"", 0},
	{VALIDATE_LINES, 0, 0, "a\nb\nc  \n", "a\r\nb\r\n", 0, 3, 0,
	 "line 3: expected \"c\", got end of output", 0},
	{VALIDATE_LINES, 0, 0, "a\n", "a\n \nb\n", 0, 3, 0,
	 "line 3: expected end of output, got \"b\"", 0},
	{VALIDATE_LINES, 0, 0, "a b\n", "a  b\n", 0, 1, 0,
	 "line 1: expected \"a b\", got \"a  b\"", 0},

	/* numeric: equal numbers need no tolerance */
	{VALIDATE_NUMERIC, 0, 0, "1e-9", "0.000000001", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "-0", "0", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "0.0", "-0.000", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "1.50", "1.5", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "0x10", "16", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "nan", "nan", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "nan", "NaN", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 1e9, 1, "nan", "1", 0, 1, 1,
	 "line 1, token 1: expected \"nan\", got \"1\"", 0},
	{VALIDATE_NUMERIC, 0, 0, "inf", "inf", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "-inf", "-Infinity", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 1e300, 1, "-inf", "inf", 0, 1, 1, NULL, 0},
	{VALIDATE_NUMERIC, 1e300, 1, "inf", "1e308", 0, 1, 1, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "inf", "nan", 0, 1, 1, NULL, 0},
	/* tolerances */
	{VALIDATE_NUMERIC, 0, 0, "1.274219991", "1.274219992", 0, 1, 1,
	 "line 1, token 1: expected \"1.274219991\", got \"1.274219992\"", 0},
	{VALIDATE_NUMERIC, 1e-8, 0, "1.274219991", "1.274219992", 1, 0, 0, NULL,
	 0},
	{VALIDATE_NUMERIC, 1e-10, 0, "1.274219991", "1.274219992", 0, 1, 1,
	 NULL, 0},
	{VALIDATE_NUMERIC, 0, 1e-9, "1.274219991", "1.274219992", 1, 0, 0, NULL,
	 0},
	{VALIDATE_NUMERIC, 0, 1e-10, "1.274219991", "1.274219992", 0, 1, 1,
	 NULL, 0},
	{VALIDATE_NUMERIC, 0.5, 0, "1.0", "1.5", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0.25, 0, "1.0", "1.5", 0, 1, 1, NULL, 0},
	/* relative to the larger magnitude: |100 - 110| <= 0.1 * 110 */
	{VALIDATE_NUMERIC, 0, 0.1, "100", "110", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0.09, "100", "110", 0, 1, 1, NULL, 0},
	{VALIDATE_NUMERIC, 1e-6, 0, "1e-9", "-1e-9", 1, 0, 0, NULL, 0},
	/* token counts and positions */
	{VALIDATE_NUMERIC, 0, 0, "1 2 3", "1 2", 0, 1, 3,
	 "line 1, token 3: expected \"3\", got end of line", 0},
	{VALIDATE_NUMERIC, 0, 0, "1 2", "1 2 3", 0, 1, 3,
	 "line 1, token 3: expected end of line, got \"3\"", 0},
	{VALIDATE_NUMERIC, 0, 0, "a 1\nb 2\nc 3\n", "a 1\nb 2.5\nc 3\n", 0, 2,
	 2, "line 2, token 2: expected \"2\", got \"2.5\"", 0},
	{VALIDATE_NUMERIC, 0, 0, "1 2\n3", "1\n2 3", 0, 1, 2,
	 "line 1, token 2: expected \"2\", got end of line", 0},
	{VALIDATE_NUMERIC, 0, 0, "1\n2\n", "1\n", 0, 2, 0,
	 "line 2: expected \"2\", got end of output", 0},
	{VALIDATE_NUMERIC, 0, 0, "1\n", "1\n\n7 8\n", 0, 3, 0,
	 "line 3: expected end of output, got \"7 8\"", 0},
	/* whitespace and blank lines do not matter, line breaks do */
	{VALIDATE_NUMERIC, 0, 0, "1  2\t3\r\n", " 1 2 3\n", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "1 2\n\n\n", "1 2", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "1\n\n2", "1\n2", 0, 2, 1,
	 "line 2, token 1: expected end of line, got \"2\"", 0},
	/* non-numeric tokens must be equal */
	{VALIDATE_NUMERIC, 1e-6, 0, "x = 1.0", "x = 1.0000001", 1, 0, 0, NULL,
	 0},
	{VALIDATE_NUMERIC, 1e-6, 0, "x = 1", "y = 1", 0, 1, 1,
	 "line 1, token 1: expected \"x\", got \"y\"", 0},
	{VALIDATE_NUMERIC, 1, 1, "1.0x", "1.0", 0, 1, 1,
	 "line 1, token 1: expected \"1.0x\", got \"1.0\"", 0},
	{VALIDATE_NUMERIC, 1, 1, "1,5", "1,6", 0, 1, 1, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "", "", 1, 0, 0, NULL, 0},
	{VALIDATE_NUMERIC, 0, 0, "\n\n", " ", 1, 0, 0, NULL, 0},

	/* sha256 against a digest */
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST, "abc", 1, 0, 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST_UPPER "\n", "abc", 1, 0, 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, "  " ABC_DIGEST "  output.txt\n", "abc", 1, 0,
	 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST " *out put.bin", "abc", 1, 0, 0,
	 NULL, 1},
	{VALIDATE_SHA256, 0, 0, EMPTY_DIGEST, "", 1, 0, 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST "  expected.txt\n", "abd", 0, 0, 0,
	 "expected digest " ABC_DIGEST ", got "
	 "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9",
	 1},
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST_UPPER, "", 0, 0, 0,
	 "expected digest " ABC_DIGEST ", got " EMPTY_DIGEST, 1},
	{VALIDATE_SHA256, 0, 0, "abc", "abc", 0, 0, 0,
	 "expected digest is not 64 hex digits: \"abc\"", 1},
	/* 63 and 65 digits */
	{VALIDATE_SHA256, 0, 0,
	 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
	 "abc", 0, 0, 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, ABC_DIGEST "0", "abc", 0, 0, 0, NULL, 1},
	{VALIDATE_SHA256, 0, 0, "", "", 0, 0, 0, NULL, 1},
	/*
	 * Against an expected file (is_digest 1 in every mode): only the
	 * differing token is quoted, never the rest of the file's line, so
	 * a WA message cannot carry a file the caller did not mean to show.
	 */
	{VALIDATE_EXACT, 0, 0, "user secret-token-123 more\n",
	 "user secret-token-124 more\n", 0, 1, 0,
	 "line 1, column 21: expected \"secret-token-123\", got "
	 "\"secret-token-124\"",
	 1},
	{VALIDATE_LINES, 0, 0, "a\nroot:x:0:0:root:/root:/bin/bash tail\n",
	 "a\n", 0, 2, 0,
	 "line 2: expected \"root:x:0:0:root:/root:/bin/bash\", got end of "
	 "output",
	 1},
	{VALIDATE_EXACT, 0, 0,
	 "012345678901234567890123456789012345678901234567890123456789012345678"
	 "9"
	 "\n",
	 "01234567890123456789012345678901234567890123456789X\n", 0, 1, 0,
	 "line 1, column 51: expected \"012345678901234567890123456789\", got "
	 "\"0123456789X\"",
	 1},
	{VALIDATE_NUMERIC, 0, 0, "1\nSECRET LINE HERE\n", "1\n", 0, 2, 0,
	 "line 2: expected \"SECRET\", got end of output", 1},
	{VALIDATE_SHA256, 0, 0, "not-a-digest and more secret text", "x", 0, 0,
	 0, "expected digest is not 64 hex digits: \"not-a-digest\"", 1},
	/* sha256 between two outputs is exact */
	{VALIDATE_SHA256, 0, 0, "abc", "abc", 1, 0, 0, NULL, 0},
	{VALIDATE_SHA256, 0, 0, "abc\n", "abd\n", 0, 1, 0,
	 "line 1: expected \"abc\", got \"abd\"",
	 0}, /* none (versus bench --no-check): anything is equivalent */
	{VALIDATE_NONE, 0, 0, "abc\n", "xyz", 1, 0, 0, NULL, 0},
	{VALIDATE_NONE, 0, 0, "abc\n", "", 1, 0, 0, NULL, 1},
};

START_TEST(test_compare_table)
{
	const struct compare_case *c = &cases[_i];
	struct validate_spec spec = {c->mode, c->abs_tol, c->rel_tol};
	struct validate_diff diff;

	memset(&diff, 0x5a, sizeof(diff));
	bool ok = validate_compare(&spec, c->expected, strlen(c->expected),
				   c->is_digest, c->actual, strlen(c->actual),
				   &diff);
	ck_assert_msg(ok == (bool)c->ok, "case %d (%s, \"%s\" vs \"%s\"): %s",
		      _i, validate_mode_name(c->mode), c->expected, c->actual,
		      ok ? "equal" : diff.message);
	/* without a diff the answer is the same */
	ck_assert(validate_compare(&spec, c->expected, strlen(c->expected),
				   c->is_digest, c->actual, strlen(c->actual),
				   NULL) == ok);
	if (ok)
		return;
	ck_assert_msg(
		memchr(diff.message, '\0', sizeof(diff.message)) &&
			memchr(diff.expected, '\0', sizeof(diff.expected)) &&
			memchr(diff.actual, '\0', sizeof(diff.actual)),
		"case %d: diff strings not terminated", _i);
	ck_assert_msg(!strchr(diff.message, '\n'), "case %d: two lines", _i);
	if (c->message)
		ck_assert_msg(!strcmp(diff.message, c->message),
			      "case %d: message '%s', want '%s'", _i,
			      diff.message, c->message);
	if (c->mode != VALIDATE_SHA256 || !c->is_digest) {
		ck_assert_msg(diff.line == c->line, "case %d: line %zu", _i,
			      diff.line);
		ck_assert_msg(diff.token == c->token, "case %d: token %zu", _i,
			      diff.token);
	}
}
END_TEST

START_TEST(test_diff_fields)
{
	struct validate_spec spec = {VALIDATE_NUMERIC, 0, 0};
	struct validate_diff diff;

	ck_assert(!validate_compare(&spec, "1 2.0\n", 6, false, "1 2.5\n", 6,
				    &diff));
	ck_assert_str_eq(diff.expected, "2.0");
	ck_assert_str_eq(diff.actual, "2.5");

	/* NUL bytes are data */
	spec.mode = VALIDATE_EXACT;
	ck_assert(!validate_compare(&spec, "a\0b", 3, false, "a\0c", 3, &diff));
	ck_assert_str_eq(diff.message,
			 "line 1: expected \"a\\x00b\", got \"a\\x00c\"");
	ck_assert(validate_compare(&spec, "a\0b", 3, false, "a\0b", 3, &diff));
	ck_assert(validate_compare(&spec, NULL, 0, false, NULL, 0, &diff));
	spec.mode = VALIDATE_LINES;
	ck_assert(validate_compare(&spec, NULL, 0, false, "\n", 1, &diff));
	spec.mode = VALIDATE_NUMERIC;
	ck_assert(validate_compare(&spec, " \n", 2, false, NULL, 0, &diff));
}
END_TEST

START_TEST(test_long_lines)
{
	struct validate_spec spec = {VALIDATE_EXACT, 0, 0};
	struct validate_diff diff;
	char exp[402], act[402];

	/* A difference far into a long line is shown with context. */
	memset(exp, 'x', 400);
	memset(act, 'x', 400);
	exp[300] = 'a';
	act[300] = 'b';
	ck_assert(!validate_compare(&spec, exp, 400, false, act, 400, &diff));
	ck_assert_uint_eq(diff.line, 1);
	static const char head[] = "line 1, column 261: expected \"...xxx";
	ck_assert_msg(!strncmp(diff.message, head, strlen(head)),
		      "message '%s'", diff.message);
	ck_assert_ptr_nonnull(strstr(diff.expected, "xxxa"));
	ck_assert_ptr_nonnull(strstr(diff.actual, "xxxb"));
	ck_assert_uint_lt(strlen(diff.message), sizeof(diff.message));

	/* A difference at the start is shown truncated with "...". */
	exp[300] = act[300] = 'x';
	exp[0] = 'a';
	act[0] = 'b';
	ck_assert(!validate_compare(&spec, exp, 400, false, act, 400, &diff));
	size_t n = strlen(diff.expected);
	ck_assert_uint_lt(n, sizeof(diff.expected));
	ck_assert_uint_gt(n, 100);
	ck_assert_str_eq(diff.expected + n - 3, "...");
	ck_assert_int_eq(diff.expected[0], 'a');
	ck_assert_ptr_nonnull(strstr(diff.message, "xx...\", got \"bxx"));

	/* Escapes near the truncation point never overflow. */
	memset(exp, '\x01', 400);
	memset(act, '\x01', 400);
	act[0] = '\x02';
	ck_assert(!validate_compare(&spec, exp, 400, false, act, 400, &diff));
	n = strlen(diff.actual);
	ck_assert_str_eq(diff.actual + n - 3, "...");
	ck_assert(!strncmp(diff.actual, "\\x02\\x01", 8));

	/*
	 * Long tokens in numeric mode: "1.000...0" and "1.000...1" are the
	 * same double, so they match while they are parsed (up to 400
	 * bytes); longer tokens are beyond any double's precision and are
	 * compared as bytes.
	 */
	spec.mode = VALIDATE_NUMERIC;
	memset(exp, '0', sizeof(exp));
	exp[1] = '.';
	exp[0] = '1';
	memcpy(act, exp, sizeof(exp));
	act[399] = '1';
	ck_assert(validate_compare(&spec, exp, 400, false, act, 400, &diff));
	act[399] = '0';
	act[400] = '1';
	ck_assert(!validate_compare(&spec, exp, 401, false, act, 401, &diff));
	ck_assert_uint_eq(diff.token, 1);
	ck_assert_str_eq(diff.actual + strlen(diff.actual) - 3, "...");

	/* Overflowing numbers are not infinities: they compare as bytes. */
	ck_assert(
		!validate_compare(&spec, "1e400", 5, false, "2e400", 5, &diff));
	ck_assert(!validate_compare(&spec, "1e400", 5, false, "inf", 3, &diff));
	ck_assert(
		validate_compare(&spec, "1e400", 5, false, "1e400", 5, &diff));
	/* Underflow is a tiny number, though. */
	spec.abs_tol = 1e-300;
	ck_assert(validate_compare(&spec, "1e-400", 6, false, "0", 1, &diff));
}
END_TEST

/* 32 MiB of numbers, the size the design allows for an output. */
START_TEST(test_large_outputs)
{
	size_t cap = 32u << 20, len = 0, lines = 0;
	char *a = malloc(cap), *b;
	ck_assert_ptr_nonnull(a);
	while (len + 32 < cap) {
		int n = snprintf(a + len, cap - len, "%zu %.9f\n", lines,
				 (double)lines / 7.0);
		len += (size_t)n;
		lines++;
	}
	b = malloc(len);
	ck_assert_ptr_nonnull(b);
	memcpy(b, a, len);

	static const enum validate_mode modes[] = {
		VALIDATE_EXACT, VALIDATE_LINES, VALIDATE_NUMERIC,
		VALIDATE_SHA256};
	for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
		struct validate_spec spec = {modes[m], 0, 0};
		struct validate_diff diff;
		ck_assert(
			validate_compare(&spec, a, len, false, b, len, &diff));
	}

	/* Change one digit on the next-to-last line. */
	char *last = memrchr(b, '\n', len - 1);
	ck_assert_ptr_nonnull(last);
	last[-1] = last[-1] == '9' ? '8' : '9';
	for (size_t m = 0; m < 3; m++) {
		struct validate_spec spec = {modes[m], 0, 0};
		struct validate_diff diff;
		ck_assert(
			!validate_compare(&spec, a, len, false, b, len, &diff));
		ck_assert_uint_eq(diff.line, lines - 1);
		ck_assert_uint_eq(diff.token,
				  modes[m] == VALIDATE_NUMERIC ? 2 : 0);
	}
	struct validate_spec loose = {VALIDATE_NUMERIC, 1e-8, 0};
	ck_assert(validate_compare(&loose, a, len, false, b, len, NULL));
	free(a);
	free(b);
}
END_TEST

START_TEST(test_mode_names)
{
	static const char *const names[] = {"exact", "lines", "numeric",
					    "sha256", "none"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		enum validate_mode mode = VALIDATE_NUMERIC;
		ck_assert_int_eq(validate_mode_parse(names[i], &mode), 0);
		ck_assert_int_eq(mode, (int)i);
		ck_assert_str_eq(validate_mode_name(mode), names[i]);
	}
	enum validate_mode mode = VALIDATE_LINES;
	ck_assert_int_eq(validate_mode_parse("Exact", &mode), -EINVAL);
	ck_assert_int_eq(validate_mode_parse("", &mode), -EINVAL);
	ck_assert_int_eq(validate_mode_parse("md5", &mode), -EINVAL);
	ck_assert_int_eq(mode, VALIDATE_LINES);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_compare_table, 0, (int)ARRAY_SIZE(cases));
	tcase_add_test(tc, test_diff_fields);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_large_outputs);
	tcase_add_test(tc, test_mode_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

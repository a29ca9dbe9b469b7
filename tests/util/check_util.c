/* check_util.c: the small helpers every module leans on. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/parse.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/utf8.h"

START_TEST(test_size_suffixes)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t bytes;
	} cases[] = {
		{"0", 0, 0},
		{"1024", 0, 1024},
		{"2GB", 0, 2000000000ULL},
		{"2GiB", 0, 2147483648ULL},
		{"2G", 0, 2147483648ULL},
		{"64MiB", 0, 67108864ULL},
		{"1.5K", 0, 1536},
		{"512 MiB", 0, 536870912ULL},
		{"10kb", 0, 10000},
		{"2 gigs", -EINVAL, 0},
		{"", -EINVAL, 0},
		{"-1", -EINVAL, 0},
		{"1.5", -EINVAL, 0},
		{"12XB", -EINVAL, 0},
		{"inf", -EINVAL, 0},
		{"99999999999999999999TB", -ERANGE, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 7;
		int rc = parse_size_bytes(cases[i].in, &v);
		ck_assert_msg(rc == cases[i].rc, "'%s': rc %d, want %d",
			      cases[i].in, rc, cases[i].rc);
		if (rc == 0)
			ck_assert_uint_eq(v, cases[i].bytes);
	}
}
END_TEST

START_TEST(test_durations_and_numbers)
{
	double d;
	ck_assert_int_eq(parse_duration_s("1.5", &d), 0);
	ck_assert_double_eq(d, 1.5);
	ck_assert_int_eq(parse_duration_s("250ms", &d), 0);
	ck_assert_double_eq_tol(d, 0.25, 1e-12);
	ck_assert_int_eq(parse_duration_s("2m", &d), 0);
	ck_assert_double_eq(d, 120.0);
	ck_assert_int_eq(parse_duration_s("soon", &d), -EINVAL);
	ck_assert_int_eq(parse_double("nan", &d), -EINVAL);
	ck_assert_int_eq(parse_double("1e-9", &d), 0);
	long long n;
	ck_assert_int_eq(parse_int("42", 0, 100, &n), 0);
	ck_assert_int_eq(n, 42);
	ck_assert_int_eq(parse_int("420", 0, 100, &n), -ERANGE);
	ck_assert_int_eq(parse_int("4x", 0, 100, &n), -EINVAL);
	uint64_t u;
	ck_assert_int_eq(parse_u64("+5", &u), -EINVAL);
}
END_TEST

START_TEST(test_sha256_vectors)
{
	char hex[65];
	sha256_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
			      "27ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
			      "b00361a396177a9cb410ff61f20015ad");
	/* 1,000,000 'a' fed in uneven pieces exercises the block carry. */
	struct sha256 ctx;
	sha256_init(&ctx);
	char chunk[997];
	memset(chunk, 'a', sizeof(chunk));
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
		sha256_update(&ctx, chunk, n);
		left -= n;
	}
	sha256_final_hex(&ctx, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
			      "f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_strbuf_strvec_err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s-%d", "x", 7);
	strbuf_add(&sb, "\0y", 2);
	ck_assert_uint_eq(sb.len, 5);
	ck_assert_int_eq(sb.buf[3], '\0');
	strbuf_release(&sb);
	strbuf_release(NULL);

	struct strvec sv = STRVEC_INIT;
	ck_assert_ptr_null(sv.v[0]);
	strvec_push(&sv, "a");
	strvec_pushf(&sv, "b%d", 2);
	ck_assert_str_eq(sv.v[1], "b2");
	ck_assert_ptr_null(sv.v[2]);
	strvec_clear(&sv);
	strvec_clear(NULL);

	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(versus_errs_add(&errs, -EINVAL, "m.yaml", 3, 9,
					 "bad '%s'", "x"),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message, "bad 'x'");
	versus_errs_release(&errs);
	ck_assert_int_eq(versus_err_set(NULL, -ENOENT, NULL, 0, 0, "x"),
			 -ENOENT);
}
END_TEST

/* The one read loop: what a descriptor gives, capped, all or nothing. */
START_TEST(test_strbuf_read_fd)
{
	static const size_t caps[] = {0, 10, 9};
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		int fds[2];
		struct strbuf sb = STRBUF_INIT;
		ck_assert_int_eq(pipe(fds), 0);
		ck_assert_int_eq(write(fds[1], "0123456789", 10), 10);
		close(fds[1]);
		strbuf_addstr(&sb, "pre:");
		int rc = strbuf_read_fd(&sb, fds[0], caps[i]);
		close(fds[0]);
		if (caps[i] == 9) {
			ck_assert_int_eq(rc, -EFBIG);
			ck_assert_str_eq(sb.buf, "pre:");
		} else {
			ck_assert_int_eq(rc, 0);
			ck_assert_str_eq(sb.buf, "pre:0123456789");
		}
		strbuf_release(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	ck_assert_int_eq(strbuf_read_fd(&sb, -1, 0), -EBADF);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_int_eq(strbuf_read_file(&sb, "/", 0), -EISDIR);
	ck_assert_int_eq(strbuf_read_file(&sb, "/nonexistent-versus", 0),
			 -ENOENT);
	ck_assert_int_eq(strbuf_read_file(&sb, "/proc/self/stat", 0), 0);
	ck_assert_uint_gt(sb.len, 0); /* st_size 0, yet read to the end */
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_utf8)
{
	static const struct {
		const char *in;
		bool valid;
		const char *clean;
	} cases[] = {
		{"plain ascii", true, "plain ascii"},
		{"caf\xc3\xa9 \xe2\x80\x99", true, "caf\xc3\xa9 \xe2\x80\x99"},
		{"donn\xe9"
		 "es",
		 false,
		 "donn\xef\xbf\xbd"
		 "es"}, /* Latin-1 */
		{"cut \xe2\x80", false,
		 "cut \xef\xbf\xbd\xef\xbf\xbd"}, /* truncated */
		{"\xc0\xaf", false,
		 "\xef\xbf\xbd\xef\xbf\xbd"}, /* overlong '/' */
		{"\xed\xa0\x80", false,
		 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
		{"\xf4\x90\x80\x80", false,
		 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xf0\x9f\x99\x82", true, "\xf0\x9f\x99\x82"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(utf8_valid(cases[i].in, strlen(cases[i].in)) ==
				      cases[i].valid,
			      "case %zu", i);
		char *clean = utf8_sanitize(cases[i].in);
		ck_assert_str_eq(clean, cases[i].clean);
		ck_assert(utf8_valid(clean, strlen(clean)));
		free(clean);
	}
}
END_TEST

/* One sanitiser per medium: each case is input, terminal, HTML, Markdown. */
START_TEST(test_escape_media)
{
	static const struct {
		const char *in, *term, *html, *md;
	} cases[] = {
		{"plain id_1.2", "plain id_1.2", "plain id_1.2",
		 "plain id_1.2"},
		{"\033]52;c;eA==\007", "\\x1b]52;c;eA==\\x07",
		 "\\x1b]52;c;eA==\\x07", "\\x1b]52;c;eA==\\x07"},
		{"a\nb\tc\r", "a\\nb\\tc\\r", "a\\nb\\tc\\r", "a\\nb\\tc\\r"},
		{"\xc2\x9b"
		 "2J \x7f",
		 "\\x9b2J \\x7f", "\\x9b2J \\x7f", "\\x9b2J \\x7f"},
		{"\xff\xc3(", "\\xff\\xc3(", "\\xff\\xc3(", "\\xff\\xc3("},
		{"x\xe2\x80\xaey", "x\\u202ey", "x\\u202ey", "x\\u202ey"},
		{"caf\xc3\xa9 \xe2\x86\x92", "caf\xc3\xa9 \xe2\x86\x92",
		 "caf\xc3\xa9 \xe2\x86\x92", "caf\xc3\xa9 \xe2\x86\x92"},
		{"<b a='1'>&", "<b a='1'>&", "&lt;b a=&#39;1&#39;&gt;&amp;",
		 "&lt;b a='1'&gt;&amp;"},
		{"[x](y) `c` *e* |", "[x](y) `c` *e* |", "[x](y) `c` *e* |",
		 "[x]\\(y) \\`c\\` \\*e\\* \\|"},
		{"[0.98, 1.02]", "[0.98, 1.02]", "[0.98, 1.02]",
		 "[0.98, 1.02]"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf t = STRBUF_INIT, h = STRBUF_INIT, m = STRBUF_INIT;
		esc_term(&t, cases[i].in);
		esc_html(&h, cases[i].in);
		esc_md(&m, cases[i].in);
		ck_assert_str_eq(t.buf, cases[i].term);
		ck_assert_str_eq(h.buf, cases[i].html);
		ck_assert_str_eq(m.buf, cases[i].md);
		ck_assert(esc_term_clean(cases[i].in) ==
			  !strcmp(cases[i].in, cases[i].term));
		strbuf_release(&t);
		strbuf_release(&h);
		strbuf_release(&m);
	}
	/* Blocks keep their lines; code spans lose backticks and pipes. */
	struct strbuf sb = STRBUF_INIT;
	esc_term_block(&sb, "a\n\tb\033[2J\n");
	ck_assert_str_eq(sb.buf, "a\n\tb\\x1b[2J\n");
	strbuf_reset(&sb);
	esc_html_block(&sb, "<a>\n");
	ck_assert_str_eq(sb.buf, "&lt;a&gt;\n");
	strbuf_reset(&sb);
	esc_md_code(&sb, "a`b|c\033");
	ck_assert_str_eq(sb.buf, "a'b\\|c\\x1b");
	strbuf_release(&sb);
	char *d = esc_term_dup(NULL);
	ck_assert_str_eq(d, "");
	free(d);
}
END_TEST

/* What /bin/sh makes of "printf %s WORD": the word as the shell reads it. */
static char *sh_reads(const char *word)
{
	struct strbuf script = STRBUF_INIT, out = STRBUF_INIT;
	int fds[2];
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char buf[256];
	ssize_t n;
	int st;

	strbuf_addf(&script, "printf %%s %s", word);
	char sh[] = "sh", c[] = "-c", path[] = "PATH=/usr/bin:/bin";
	char *argv[] = {sh, c, script.buf, NULL};
	char *envp[] = {path, NULL};
	ck_assert_int_eq(pipe(fds), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	ck_assert_int_eq(posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, envp),
			 0);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		strbuf_add(&out, buf, (size_t)n);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && !WEXITSTATUS(st), "sh failed on %s",
		      script.buf);
	strbuf_release(&script);
	return strbuf_detach(&out, NULL);
}

/* Shell words: the allow-list rule, and the shell reads each back. */
START_TEST(test_escape_shell)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"plain", "plain"},
		{"-O2", "-O2"},
		{"/usr/bin/cc", "/usr/bin/cc"},
		{"x=1,y@z%:+_.", "x=1,y@z%:+_."},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", "'it'\\''s'"},
		{"$HOME", "'$HOME'"},
		{"`id`", "'`id`'"},
		{"a\\b", "'a\\b'"},
		{"*.c", "'*.c'"},
		{"~", "'~'"},
		{"a^b", "'a^b'"},
		{"#x", "'#x'"},
		{"a;b|c&d", "'a;b|c&d'"},
		{"{a,b}", "'{a,b}'"},
		{"caf\xc3\xa9", "'caf\xc3\xa9'"},
		{"line\nbreak", "'line\nbreak'"},
		{"'", "''\\'''"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		esc_sh(&sb, cases[i].in);
		ck_assert_str_eq(sb.buf, cases[i].want);
		char *back = sh_reads(sb.buf);
		ck_assert_msg(!strcmp(back, cases[i].in),
			      "sh reads %s as \"%s\"", sb.buf, back);
		free(back);
		strbuf_release(&sb);
	}
	static const char *const argv[] = {"cc", "-o", "a b", ""};
	struct strbuf sb = STRBUF_INIT;
	esc_sh_argv(&sb, argv, 4);
	ck_assert_str_eq(sb.buf, "cc -o 'a b' ''");
	strbuf_reset(&sb);
	esc_sh_argv(&sb, argv, 0);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);
}
END_TEST

/* Only regular files are opened, without blocking, within the cap. */
START_TEST(test_file_open_regular)
{
	char dir[] = "/tmp/versus-check-util-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *fifo = xstrfmt("%s/fifo", dir), *reg = xstrfmt("%s/reg", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	FILE *f = fopen(reg, "w");
	fputs("0123456789", f);
	fclose(f);
	struct strbuf sb = STRBUF_INIT;
	alarm(20);
	ck_assert_int_eq(file_read_regular(fifo, 0, &sb), -EINVAL);
	alarm(0);
	ck_assert_int_eq(file_open_regular("/dev/null", 0, NULL), -EINVAL);
	ck_assert_int_eq(file_open_regular(dir, 0, NULL), -EISDIR);
	ck_assert_int_eq(file_read_regular(reg, 9, &sb), -EFBIG);
	ck_assert_uint_eq(sb.len, 0);
	strbuf_addstr(&sb, ">");
	ck_assert_int_eq(file_read_regular(reg, 10, &sb), 0);
	ck_assert_str_eq(sb.buf, ">0123456789");
	size_t size = 0;
	int fd = file_open_regular(reg, 0, &size);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(size, 10);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	ck_assert_str_eq(file_strerror(-EINVAL),
			 "not a regular file (a FIFO, socket or device)");
	strbuf_release(&sb);
	unlink(fifo);
	unlink(reg);
	rmdir(dir);
	free(fifo);
	free(reg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_size_suffixes);
	tcase_add_test(tc, test_durations_and_numbers);
	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_strbuf_strvec_err);
	tcase_add_test(tc, test_strbuf_read_fd);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_escape_media);
	tcase_add_test(tc, test_escape_shell);
	tcase_add_test(tc, test_file_open_regular);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

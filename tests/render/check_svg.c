/*
 * check_svg.c: the SVG charts. Every chart, for ordinary and awkward
 * inputs (no bars, failed rows, NaN whiskers, values <= 0 on a log axis,
 * one sample, equal samples, a huge range), must be well-formed XML (a
 * strict checker of the subset the charts write: one root, balanced tags,
 * quoted attributes, no duplicate attribute, only the predefined entities
 * and character references), every coordinate a finite number inside the
 * viewBox, text escaped, and the same input the same bytes.
 */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/svg.h"
#include "util/strbuf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct xml_state {
	const char *p;
	char msg[256];
	double width, height; /* of the root's viewBox */
	size_t elements, numbers;
};

static bool xml_fail(struct xml_state *st, const char *what)
{
	if (!st->msg[0])
		snprintf(st->msg, sizeof(st->msg), "%s at \"%.40s\"", what,
			 st->p);
	return false;
}

static size_t name_len(const char *p)
{
	size_t n = 0;
	if (!isalpha((unsigned char)p[0]) && p[0] != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || strchr("_-:.", p[n]))
		n++;
	return n;
}

/* An entity or character reference at p ('&'); its length, or 0. */
static size_t entity_len(const char *p)
{
	static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;",
					    "&apos;"};
	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (!strncmp(p, named[i], strlen(named[i])))
			return strlen(named[i]);
	if (p[1] != '#')
		return 0;
	bool hex = p[2] == 'x';
	size_t n = hex ? 3 : 2, digits = 0;
	while (hex ? isxdigit((unsigned char)p[n])
		   : isdigit((unsigned char)p[n]))
		n++, digits++;
	return digits && p[n] == ';' ? n + 1 : 0;
}

/* A number attribute: finite, and inside [0, limit] (limit < 0: any). */
static bool check_number(struct xml_state *st, const char *name, const char *v,
			 size_t len, double limit)
{
	char buf[64], *end;
	if (len == 0 || len >= sizeof(buf))
		return xml_fail(st, "bad number");
	memcpy(buf, v, len);
	buf[len] = '\0';
	double x = strtod(buf, &end);
	if (*end || !isfinite(x))
		return xml_fail(st, "not a finite number");
	if (limit >= 0 && (x < -0.05 || x > limit + 0.05)) {
		snprintf(st->msg, sizeof(st->msg), "%s=\"%s\" outside [0, %g]",
			 name, buf, limit);
		return false;
	}
	st->numbers++;
	return true;
}

/* Every number of a path's d: finite, in the viewBox. */
static bool check_path(struct xml_state *st, const char *v, size_t len)
{
	size_t i = 0;
	int coord = 0; /* M x y; H x; V y */
	char cmd = 0;
	while (i < len) {
		if (isalpha((unsigned char)v[i])) {
			cmd = v[i++];
			if (!strchr("MHV", cmd))
				return xml_fail(st, "unexpected path command");
			coord = cmd == 'V';
			continue;
		}
		if (v[i] == ' ') {
			i++;
			continue;
		}
		size_t n = strspn(v + i, "0123456789.-e+");
		if (!n)
			return xml_fail(st, "bad path");
		double limit = coord ? st->height : st->width;
		if (!check_number(st, "d", v + i, n, limit))
			return false;
		i += n;
		if (cmd == 'M')
			coord ^= 1;
	}
	return true;
}

static bool check_attr(struct xml_state *st, const char *name, size_t nlen,
		       const char *v, size_t vlen)
{
	static const char *const xs[] = {"x", "x1", "x2", "cx", "width"};
	static const char *const ys[] = {"y", "y1", "y2", "cy", "height"};
	for (size_t i = 0; i < vlen; i++) {
		if (v[i] == '<')
			return xml_fail(st, "'<' in an attribute");
		if (v[i] == '&' && !entity_len(v + i))
			return xml_fail(st, "bad entity in an attribute");
	}
	if (nlen == 7 && !strncmp(name, "viewBox", 7)) {
		if (sscanf(v, "0 0 %lf %lf", &st->width, &st->height) != 2 ||
		    !(st->width > 0) || !(st->height > 0))
			return xml_fail(st, "bad viewBox");
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(xs); i++) {
		if (strlen(xs[i]) == nlen && !strncmp(name, xs[i], nlen))
			return check_number(st, xs[i], v, vlen, st->width);
		if (strlen(ys[i]) == nlen && !strncmp(name, ys[i], nlen))
			return check_number(st, ys[i], v, vlen, st->height);
	}
	if (nlen == 1 && name[0] == 'r')
		return check_number(st, "r", v, vlen, -1);
	if (nlen == 1 && name[0] == 'd')
		return check_path(st, v, vlen);
	return true;
}

/* Check s; on failure st->msg says why. */
static bool xml_check(const char *s, struct xml_state *st)
{
	const char *stack[64];
	size_t depth = 0;
	bool root_done = false;

	memset(st, 0, sizeof(*st));
	st->width = st->height = -1;
	st->p = s;
	while (*st->p) {
		const char *p = st->p;
		if (*p != '<') {
			if (depth == 0 && !isspace((unsigned char)*p))
				return xml_fail(st, "text outside the root");
			if (*p == '&' && !entity_len(p))
				return xml_fail(st, "bad entity in text");
			st->p++;
			continue;
		}
		if (p[1] == '/') {
			size_t n = name_len(p + 2);
			if (!n || !depth)
				return xml_fail(st, "bad end tag");
			const char *open = stack[--depth];
			if (strncmp(open, p + 2, n) || name_len(open) != n)
				return xml_fail(st, "end tag does not match");
			if (p[2 + n] != '>')
				return xml_fail(st, "bad end tag");
			st->p = p + 3 + n;
			root_done = depth == 0;
			continue;
		}
		if (root_done)
			return xml_fail(st, "a second root");
		size_t n = name_len(p + 1);
		if (!n)
			return xml_fail(st, "bad tag name");
		const char *names[32];
		size_t lens[32], nattr = 0;
		st->elements++;
		st->p = p + 1 + n;
		for (;;) {
			bool space = isspace((unsigned char)*st->p);
			while (isspace((unsigned char)*st->p))
				st->p++;
			if (!strncmp(st->p, "/>", 2)) {
				st->p += 2;
				root_done = depth == 0;
				break;
			}
			if (*st->p == '>') {
				if (depth == ARRAY_SIZE(stack))
					return xml_fail(st, "too deep");
				stack[depth++] = p + 1;
				st->p++;
				break;
			}
			size_t an = name_len(st->p);
			if (!an || !space)
				return xml_fail(st, "bad attribute");
			for (size_t i = 0; i < nattr; i++)
				if (lens[i] == an &&
				    !strncmp(names[i], st->p, an))
					return xml_fail(st,
							"duplicate attribute");
			if (nattr == ARRAY_SIZE(names))
				return xml_fail(st, "too many attributes");
			names[nattr] = st->p;
			lens[nattr++] = an;
			const char *name = st->p;
			st->p += an;
			if (st->p[0] != '=' || st->p[1] != '"')
				return xml_fail(st, "unquoted attribute");
			const char *v = st->p + 2, *end = strchr(v, '"');
			if (!end)
				return xml_fail(st, "unterminated attribute");
			if (!check_attr(st, name, an, v, (size_t)(end - v)))
				return false;
			st->p = end + 1;
		}
	}
	if (depth || !root_done)
		return xml_fail(st, "unclosed element");
	return true;
}

/* The checker itself must refuse what is not well-formed. */
START_TEST(test_checker_refuses)
{
	static const char *const bad[] = {
		"",
		"<svg viewBox=\"0 0 10 10\">",
		"<svg viewBox=\"0 0 10 10\"></g>",
		"<svg viewBox=\"0 0 10 10\"><g></svg></g>",
		"<svg viewBox=\"0 0 10 10\" a=\"1\" a=\"2\"/>",
		"<svg viewBox=\"0 0 10 10\" a=1/>",
		"<svg viewBox=\"0 0 10 10\">a < b</svg>",
		"<svg viewBox=\"0 0 10 10\">AT&T</svg>",
		"<svg viewBox=\"0 0 10 10\" a=\"&bogus;\"/>",
		"<svg viewBox=\"0 0 10 10\"><rect x=\"nan\"/></svg>",
		"<svg viewBox=\"0 0 10 10\"><rect x=\"-inf\"/></svg>",
		"<svg viewBox=\"0 0 10 10\"><rect x=\"11\"/></svg>",
		"<svg viewBox=\"0 0 10 10\"><path d=\"M1 nan\"/></svg>",
		"<svg viewBox=\"0 0 10 10\"/><svg viewBox=\"0 0 1 1\"/>",
		"text<svg viewBox=\"0 0 10 10\"/>",
	};
	struct xml_state st;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!xml_check(bad[i], &st), "accepted: %s", bad[i]);
	ck_assert_msg(xml_check("<svg viewBox=\"0 0 10 10\"><g a=\"&amp;&#39;"
				"&#x3c;\">x &lt; y</g><path d=\"M1 2H3"
				"M4 5V6\"/></svg>\n",
				&st),
		      "%s", st.msg);
	ck_assert_uint_eq(st.elements, 3);
	ck_assert_uint_eq(st.numbers, 6);
}
END_TEST

static void fmt_plain(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.3g u", v);
}

static void assert_chart(const char *what, const struct strbuf *sb,
			 size_t min_elements)
{
	struct xml_state st;
	ck_assert_msg(xml_check(sb->buf, &st), "%s: %s", what, st.msg);
	ck_assert_msg(st.elements >= min_elements, "%s: %zu elements", what,
		      st.elements);
	ck_assert_msg(st.width > 0, "%s: no viewBox", what);
	ck_assert_msg(!strstr(sb->buf, "nan") && !strstr(sb->buf, "inf"),
		      "%s: a non-finite number", what);
}

static const char hostile[] = "<b>\"Tom\" & 'Jerry'</b>";
static const char hostile_esc[] =
	"&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;";

START_TEST(test_ratio_chart)
{
	const struct svg_bar cases[][4] = {
		{{"c", 1.0, NAN, NAN, true, NULL},
		 {"rust", 0.97, 0.95, 0.99, false, NULL},
		 {"python", 48.5, 47.0, 50.1, false, "(!)"},
		 {hostile, NAN, NAN, NAN, false, hostile}},
		/* a huge range, a zero and a negative ratio, a reversed CI */
		{{"a", 1e-6, 1e-7, 1e-5, false, NULL},
		 {"b", 1e6, 5e5, 2e6, false, NULL},
		 {"c", 0, NAN, NAN, false, NULL},
		 {"d", -3, 2, 1, false, NULL}},
	};
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;
		svg_ratio_chart(&sb, cases[c], 4, hostile);
		assert_chart("ratio", &sb, 8);
		svg_ratio_chart(&again, cases[c], 4, hostile);
		ck_assert_str_eq(sb.buf, again.buf);
		/* the caption in the title and the aria-label, escaped */
		ck_assert_ptr_nonnull(strstr(sb.buf, hostile_esc));
		ck_assert_ptr_null(strstr(sb.buf, hostile));
		strbuf_release(&sb);
		strbuf_release(&again);
	}
	/* no bars at all; only failed ones */
	struct strbuf sb = STRBUF_INIT;
	svg_ratio_chart(&sb, NULL, 0, "empty");
	assert_chart("no bars", &sb, 2);
	strbuf_reset(&sb);
	const struct svg_bar failed[] = {{"x", NAN, NAN, NAN, false, "WA"}};
	svg_ratio_chart(&sb, failed, 1, "failed");
	assert_chart("failed bars", &sb, 3);
	ck_assert_ptr_nonnull(strstr(sb.buf, ">WA</text>"));
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_value_chart)
{
	const struct svg_bar bars[] = {
		{"small", 300.0, NAN, NAN, false, NULL},
		{"big", 3.0 * 1024 * 1024 * 1024, NAN, NAN, true, NULL},
		{hostile, NAN, NAN, NAN, false, NULL},
	};
	struct strbuf sb = STRBUF_INIT;
	svg_value_chart(&sb, bars, 3, "memory", fmt_plain, true);
	assert_chart("values, binary", &sb, 6);
	ck_assert_ptr_nonnull(strstr(sb.buf, hostile_esc));
	ck_assert_ptr_nonnull(strstr(sb.buf, ">no data</text>"));
	strbuf_reset(&sb);
	svg_value_chart(&sb, bars, 2, "memory", fmt_plain, false);
	assert_chart("values, decimal", &sb, 5);
	strbuf_reset(&sb);
	svg_value_chart(&sb, bars + 2, 1, "nothing", fmt_plain, true);
	assert_chart("values, none", &sb, 3);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strip_chart)
{
	static const double spread[] = {4.9e6, 5.0e6, 5.3e6, 5.1e6, 9.0e6};
	static const double one[] = {1e9};
	static const double same[] = {2e3, 2e3, 2e3};
	static const double with_zero[] = {0, 1e3, -5};
	const struct svg_strip_row rows[] = {
		{"spread", spread, 5, NULL}, {"one", one, 1, NULL},
		{"same", same, 3, NULL},     {"zero", with_zero, 3, NULL},
		{hostile, NULL, 0, hostile},
	};
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;
	svg_strip_chart(&sb, rows, ARRAY_SIZE(rows), "runs", fmt_plain);
	assert_chart("strip", &sb, 20);
	svg_strip_chart(&again, rows, ARRAY_SIZE(rows), "runs", fmt_plain);
	ck_assert_str_eq(sb.buf, again.buf);
	ck_assert_ptr_nonnull(strstr(sb.buf, hostile_esc));
	/* one dot per sample, one median line per row with samples */
	size_t dots = 0, medians = 0;
	for (const char *p = sb.buf; (p = strstr(p, "class=\"sample\"")); p++)
		dots++;
	for (const char *p = sb.buf; (p = strstr(p, "class=\"median\"")); p++)
		medians++;
	ck_assert_uint_eq(dots, 5 + 1 + 3 + 3);
	ck_assert_uint_eq(medians, 4);
	/* the median label of "spread" (5.1e6) */
	ck_assert_ptr_nonnull(strstr(sb.buf, ">5.1e+06 u</text>"));
	strbuf_reset(&sb);
	svg_strip_chart(&sb, rows + 4, 1, "none", fmt_plain);
	assert_chart("strip, none", &sb, 3);
	strbuf_release(&sb);
	strbuf_release(&again);
}
END_TEST

START_TEST(test_xy_chart)
{
	static const double x[] = {1000, 2000, 4000, 8000};
	static const double y[] = {5e6, 9e6, 17e6, 33e6};
	static const double lo[] = {4.9e6, 8.8e6, NAN, 32e6};
	static const double hi[] = {5.1e6, 9.3e6, NAN, 35e6};
	static const double y2[] = {0, -1, NAN, 2e6}; /* one drawable */
	static const double same[] = {1, 1, 1, 1};
	const struct svg_series series[] = {
		{"c", x, y, lo, hi, 4, true},
		{hostile, x, y2, lo, hi, 4, false},
		{"flat", x, same, same, same, 4, false},
	};
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;
	svg_xy_chart(&sb, series, 3, hostile, "n", fmt_plain, fmt_plain, false);
	assert_chart("xy", &sb, 10);
	svg_xy_chart(&again, series, 3, hostile, "n", fmt_plain, fmt_plain,
		     false);
	ck_assert_str_eq(sb.buf, again.buf);
	ck_assert_ptr_nonnull(strstr(sb.buf, hostile_esc));
	ck_assert_ptr_null(strstr(sb.buf, hostile));
	/* a dot per drawable point; whiskers where both ends are > 0 */
	size_t dots = 0, whiskers = 0, lines = 0;
	for (const char *p = sb.buf; (p = strstr(p, "<circle")); p++)
		dots++;
	for (const char *p = sb.buf; (p = strstr(p, "class=\"ci\"")); p++)
		whiskers++;
	for (const char *p = sb.buf; (p = strstr(p, "<polyline")); p++)
		lines++;
	ck_assert_uint_eq(dots, 4 + 1 + 4);
	ck_assert_uint_eq(whiskers, 3 + 1 + 4);
	ck_assert_uint_eq(lines, 3);
	/* the baseline is dashed */
	ck_assert_ptr_nonnull(strstr(sb.buf, "stroke-dasharray=\"6 3\""));
	/* nothing to draw; a reference line at 1 for ratios */
	strbuf_reset(&sb);
	svg_xy_chart(&sb, NULL, 0, "empty", "n", fmt_plain, fmt_plain, true);
	assert_chart("xy, empty", &sb, 2);
	strbuf_reset(&sb);
	svg_xy_chart(&sb, series + 2, 1, "ratio", "n", fmt_plain, fmt_plain,
		     true);
	assert_chart("xy, ratio", &sb, 4);
	ck_assert_ptr_nonnull(strstr(sb.buf, "stroke-dasharray=\"4 3\""));
	strbuf_release(&sb);
	strbuf_release(&again);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("svg");
	TCase *tc = tcase_create("svg");
	tcase_add_test(tc, test_checker_refuses);
	tcase_add_test(tc, test_ratio_chart);
	tcase_add_test(tc, test_value_chart);
	tcase_add_test(tc, test_strip_chart);
	tcase_add_test(tc, test_xy_chart);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

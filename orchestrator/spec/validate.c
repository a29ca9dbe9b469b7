/*
 * validate.c: output comparison. Outputs can be tens of megabytes, so every
 * mode first tries a plain memcmp and only walks lines and tokens when the
 * bytes differ; the walk never copies more than one token at a time.
 */
#include "spec/validate.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"
#include "util/banned.h"

/* Characters of a line or token quoted in diff->message, per side. */
#define MESSAGE_QUOTE_WIDTH 100
/* How much of a line to show before its first differing byte. */
#define CONTEXT_BEFORE 40
/* The most of an expected file's token a message quotes. */
#define TOKEN_QUOTE_MAX 40
/* Longer tokens are never numbers worth parsing; they compare as bytes. */
#define NUMBER_TOKEN_MAX 400

static const char *const mode_names[] = {
	[VALIDATE_EXACT] = "exact",	[VALIDATE_LINES] = "lines",
	[VALIDATE_NUMERIC] = "numeric", [VALIDATE_SHA256] = "sha256",
	[VALIDATE_NONE] = "none",
};

const char *validate_mode_name(enum validate_mode mode)
{
	assert((size_t)mode < sizeof(mode_names) / sizeof(mode_names[0]));
	return mode_names[mode];
}

int validate_mode_parse(const char *name, enum validate_mode *out)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]);
	     i++) {
		if (!strcmp(name, mode_names[i])) {
			*out = (enum validate_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Length of the valid UTF-8 sequence at s[0..len), or 0 if invalid. */
static size_t utf8_sequence_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* beyond U+10FFFF */
	} else {
		return 0;
	}
	if (len < need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return need;
}

/*
 * Write s[0..len) into out[0..size) as printable, valid UTF-8: control
 * bytes, quotes, backslashes and invalid UTF-8 are escaped, so the text is
 * safe on a terminal and in a JSON string. When it does not fit, it ends in
 * "...". prefix_dots marks text that starts inside a longer line.
 */
static void printable(char *out, size_t size, const char *s, size_t len,
		      int prefix_dots)
{
	static const char dots[] = "...";
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;

	assert(size > sizeof(dots) + 4);
	if (prefix_dots) {
		memcpy(out, dots, 3);
		o = 3;
	}
	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t esc_len, step = 1;
		const char *piece = esc;

		switch (u[i]) {
		case '\n':
			memcpy(esc, "\\n", 2);
			esc_len = 2;
			break;
		case '\t':
			memcpy(esc, "\\t", 2);
			esc_len = 2;
			break;
		case '\r':
			memcpy(esc, "\\r", 2);
			esc_len = 2;
			break;
		case '"':
		case '\\':
			esc[0] = '\\';
			esc[1] = (char)u[i];
			esc_len = 2;
			break;
		default:
			if (u[i] >= 0x20 && u[i] < 0x7f) {
				piece = s + i;
				esc_len = 1;
			} else if (u[i] >= 0x80 &&
				   (step = utf8_sequence_len(u + i, len - i))) {
				piece = s + i;
				esc_len = step;
			} else {
				step = 1;
				snprintf(esc, sizeof(esc), "\\x%02x", u[i]);
				esc_len = 4;
			}
			break;
		}
		/* Keep room for "..." unless this is the last piece. */
		size_t reserve = i + step < len ? sizeof(dots) - 1 : 0;
		if (o + esc_len + reserve + 1 > size) {
			memcpy(out + o, dots, 3);
			o += 3;
			break;
		}
		memcpy(out + o, piece, esc_len);
		o += esc_len;
		i += step;
	}
	out[o] = '\0';
}

static void diff_clear(struct validate_diff *diff)
{
	memset(diff, 0, sizeof(*diff));
}

/* Length of the common prefix of a[0..na) and b[0..nb). */
static size_t common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t n = na < nb ? na : nb, i = 0;

	/* Whole blocks by memcmp: it is much faster than a byte loop. */
	while (n - i >= 4096 && !memcmp(a + i, b + i, 4096))
		i += 4096;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* 1-based number of the line holding offset off of s. */
static size_t line_number_at(const char *s, size_t off)
{
	size_t line = 1;
	const char *p = s, *end = s + off;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		line++;
		p++;
	}
	return line;
}

/* Start of the line holding offset off of s. */
static size_t line_start_at(const char *s, size_t off)
{
	while (off > 0 && s[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end_from(const char *s, size_t len, size_t off)
{
	const char *nl = memchr(s + off, '\n', len - off);
	return nl ? (size_t)(nl - s) : len;
}

static bool is_space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * The whitespace-delimited token of s[0..len) holding offset off (empty
 * at a space or the end), at most TOKEN_QUOTE_MAX bytes of it, starting a
 * little before off when it is longer.
 */
static void token_bounds(const char *s, size_t len, size_t off, size_t *b,
			 size_t *e)
{
	size_t x = off, y = off;
	while (x > 0 && !is_space_byte(s[x - 1]))
		x--;
	while (y < len && !is_space_byte(s[y]))
		y++;
	if (y - x > TOKEN_QUOTE_MAX) {
		if (off - x > TOKEN_QUOTE_MAX / 4)
			x = off - TOKEN_QUOTE_MAX / 4;
		if (y - x > TOKEN_QUOTE_MAX)
			y = x + TOKEN_QUOTE_MAX;
	}
	*b = x;
	*e = y;
}

/*
 * Two differing lines, one from an expected file: only the token at the
 * first differing column is quoted from each side, so that a WA message
 * (on the terminal and in the result file) never carries more of a file
 * than the difference.
 */
static void diff_token_at(struct validate_diff *diff, size_t line, size_t col,
			  const char *exp, size_t exp_len, const char *act,
			  size_t act_len)
{
	char e_shown[MESSAGE_QUOTE_WIDTH], a_shown[MESSAGE_QUOTE_WIDTH];
	size_t eb, ee, ab, ae;
	token_bounds(exp, exp_len, col, &eb, &ee);
	token_bounds(act, act_len, col, &ab, &ae);
	diff->line = line;
	diff->token = 0;
	printable(diff->expected, sizeof(diff->expected), exp + eb, ee - eb, 0);
	printable(diff->actual, sizeof(diff->actual), act + ab, ae - ab, 0);
	printable(e_shown, sizeof(e_shown), exp + eb, ee - eb, 0);
	printable(a_shown, sizeof(a_shown), act + ab, ae - ab, 0);
	snprintf(diff->message, sizeof(diff->message),
		 "line %zu, column %zu: expected \"%s\", got \"%s\"", line,
		 col + 1, e_shown, a_shown);
}

/*
 * Fill diff for two differing lines, showing each from a little before
 * their first differing column so that long lines stay readable.
 */
static void diff_lines(struct validate_diff *diff, size_t line, const char *exp,
		       size_t exp_len, const char *act, size_t act_len,
		       bool token_only)
{
	char exp_short[MESSAGE_QUOTE_WIDTH], act_short[MESSAGE_QUOTE_WIDTH];
	size_t col = common_prefix(exp, exp_len, act, act_len);
	size_t from = col > CONTEXT_BEFORE ? col - CONTEXT_BEFORE : 0;

	if (token_only) {
		diff_token_at(diff, line, col, exp, exp_len, act, act_len);
		return;
	}

	/* Never start inside a UTF-8 sequence (same bytes on both sides). */
	while (from > 0 && ((unsigned char)act[from] & 0xc0) == 0x80)
		from--;
	diff->line = line;
	diff->token = 0;
	printable(diff->expected, sizeof(diff->expected), exp + from,
		  exp_len - from, from > 0);
	printable(diff->actual, sizeof(diff->actual), act + from,
		  act_len - from, from > 0);
	printable(exp_short, sizeof(exp_short), exp + from, exp_len - from,
		  from > 0);
	printable(act_short, sizeof(act_short), act + from, act_len - from,
		  from > 0);
	if (from > 0)
		snprintf(diff->message, sizeof(diff->message),
			 "line %zu, column %zu: expected \"%s\", got \"%s\"",
			 line, from + 1, exp_short, act_short);
	else
		snprintf(diff->message, sizeof(diff->message),
			 "line %zu: expected \"%s\", got \"%s\"", line,
			 exp_short, act_short);
}

/* One side ran out of lines (or tokens) before the other. token_only:
 * the present side is an expected file, of which only the first token
 * is quoted. */
static void diff_missing(struct validate_diff *diff, size_t line, size_t token,
			 const char *what, const char *present,
			 size_t present_len, int present_is_expected,
			 bool token_only)
{
	char shown[MESSAGE_QUOTE_WIDTH];
	char where[64];

	if (token_only && present_is_expected) {
		size_t b = 0, e;
		while (b < present_len && is_space_byte(present[b]))
			b++;
		token_bounds(present, present_len, b, &b, &e);
		present += b;
		present_len = e - b;
	}

	diff->line = line;
	diff->token = token;
	if (present_is_expected)
		printable(diff->expected, sizeof(diff->expected), present,
			  present_len, 0);
	else
		printable(diff->actual, sizeof(diff->actual), present,
			  present_len, 0);
	printable(shown, sizeof(shown), present, present_len, 0);
	if (token)
		snprintf(where, sizeof(where), "line %zu, token %zu", line,
			 token);
	else
		snprintf(where, sizeof(where), "line %zu", line);
	if (present_is_expected)
		snprintf(diff->message, sizeof(diff->message),
			 "%s: expected \"%s\", got end of %s", where, shown,
			 what);
	else
		snprintf(diff->message, sizeof(diff->message),
			 "%s: expected end of %s, got \"%s\"", where, what,
			 shown);
}

static bool compare_exact(const char *exp, size_t exp_len, const char *act,
			  size_t act_len, struct validate_diff *diff,
			  bool token_only)
{
	if (exp_len == act_len && !memcmp(exp, act, exp_len))
		return true;
	if (!diff)
		return false;

	size_t off = common_prefix(exp, exp_len, act, act_len);
	size_t line = line_number_at(act, off);
	size_t start = line_start_at(act, off);

	if (off == exp_len || off == act_len) {
		/* One output is a prefix of the other: the length says it. */
		diff->line = line;
		diff->token = 0;
		if (token_only)
			diff->expected[0] = '\0';
		else
			printable(diff->expected, sizeof(diff->expected),
				  exp + start,
				  line_end_from(exp, exp_len, start) - start,
				  0);
		printable(diff->actual, sizeof(diff->actual), act + start,
			  line_end_from(act, act_len, start) - start, 0);
		snprintf(diff->message, sizeof(diff->message),
			 "output is %zu bytes, expected %zu", act_len, exp_len);
		return false;
	}
	diff_lines(diff, line, exp + start,
		   line_end_from(exp, exp_len, start) - start, act + start,
		   line_end_from(act, act_len, start) - start, token_only);
	return false;
}

static bool is_line_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_token_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Length of s without trailing blank lines and trailing whitespace. */
static size_t trim_trailing_blank(const char *s, size_t len)
{
	while (len > 0 && (is_line_space(s[len - 1]) || s[len - 1] == '\n'))
		len--;
	return len;
}

/* A cursor over the lines of a text. */
struct line_cursor {
	const char *s;
	size_t len, pos;
};

/* Next line, without its newline; false at the end. */
static bool next_line(struct line_cursor *c, const char **line,
		      size_t *line_len)
{
	if (c->pos >= c->len)
		return false;
	size_t end = line_end_from(c->s, c->len, c->pos);
	*line = c->s + c->pos;
	*line_len = end - c->pos;
	c->pos = end + 1;
	return true;
}

/*
 * Two outputs walked line by line in step, trailing blank lines ignored.
 * Past the end of one, its line is "" (have_* false): a missing line
 * counts as an empty one, so that a diff names the first line with text
 * rather than a blank one.
 */
struct line_pair {
	struct line_cursor e, a;
	size_t line; /* 1-based number of the current lines */
	const char *le, *la;
	size_t ne, na;
	bool have_e, have_a;
};

static void line_pair_init(struct line_pair *p, const char *exp, size_t exp_len,
			   const char *act, size_t act_len)
{
	*p = (struct line_pair){
		.e = {exp, trim_trailing_blank(exp, exp_len), 0},
		.a = {act, trim_trailing_blank(act, act_len), 0},
	};
}

/* The next pair of lines; false when both outputs have ended. */
static bool line_pair_next(struct line_pair *p)
{
	p->have_e = next_line(&p->e, &p->le, &p->ne);
	p->have_a = next_line(&p->a, &p->la, &p->na);
	if (!p->have_e) {
		p->le = "";
		p->ne = 0;
	}
	if (!p->have_a) {
		p->la = "";
		p->na = 0;
	}
	p->line++;
	return p->have_e || p->have_a;
}

static bool compare_lines(const char *exp, size_t exp_len, const char *act,
			  size_t act_len, struct validate_diff *diff,
			  bool token_only)
{
	if (exp_len == act_len && !memcmp(exp, act, exp_len))
		return true;

	struct line_pair p;
	line_pair_init(&p, exp, exp_len, act, act_len);
	while (line_pair_next(&p)) {
		const char *le = p.le, *la = p.la;
		size_t ne = p.ne, na = p.na, line = p.line;
		bool have_e = p.have_e, have_a = p.have_a;

		while (ne > 0 && is_line_space(le[ne - 1]))
			ne--;
		while (na > 0 && is_line_space(la[na - 1]))
			na--;
		if (ne == na && !memcmp(le, la, ne))
			continue;
		if (!diff)
			return false;
		if (!have_a)
			diff_missing(diff, line, 0, "output", le, ne, 1,
				     token_only);
		else if (!have_e)
			diff_missing(diff, line, 0, "output", la, na, 0,
				     token_only);
		else
			diff_lines(diff, line, le, ne, la, na, token_only);
		return false;
	}
	return true;
}

/* Parse a whole token with strtod; false unless every byte is used. */
static bool token_number(const char *tok, size_t len, double *out)
{
	char buf[NUMBER_TOKEN_MAX + 1];
	char *end;

	if (len == 0 || len > NUMBER_TOKEN_MAX)
		return false;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (end != buf + len)
		return false;
	/* An overflow is no infinity: 1e400 and 2e400 must not match. */
	return !(errno == ERANGE && isinf(*out));
}

static bool numbers_match(double a, double b, const struct validate_spec *spec)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (a == b) /* also -0 == 0 and equal infinities */
		return true;
	if (isinf(a) || isinf(b))
		return false;

	double d = fabs(a - b);
	return d <= spec->abs_tol ||
	       d <= spec->rel_tol * fmax(fabs(a), fabs(b));
}

static bool tokens_match(const char *a, size_t na, const char *b, size_t nb,
			 const struct validate_spec *spec)
{
	double x, y;

	if (na == nb && !memcmp(a, b, na))
		return true;
	return token_number(a, na, &x) && token_number(b, nb, &y) &&
	       numbers_match(x, y, spec);
}

/* Next whitespace-separated token of line[*pos..len); false at the end. */
static bool next_token(const char *line, size_t len, size_t *pos,
		       const char **tok, size_t *tok_len)
{
	size_t i = *pos;

	while (i < len && is_token_space(line[i]))
		i++;
	if (i == len) {
		*pos = i;
		return false;
	}
	size_t start = i;
	while (i < len && !is_token_space(line[i]))
		i++;
	*tok = line + start;
	*tok_len = i - start;
	*pos = i;
	return true;
}

static void diff_tokens(struct validate_diff *diff, size_t line, size_t token,
			const char *te, size_t ne, const char *ta, size_t na)
{
	char exp_short[MESSAGE_QUOTE_WIDTH], act_short[MESSAGE_QUOTE_WIDTH];

	diff->line = line;
	diff->token = token;
	printable(diff->expected, sizeof(diff->expected), te, ne, 0);
	printable(diff->actual, sizeof(diff->actual), ta, na, 0);
	printable(exp_short, sizeof(exp_short), te, ne, 0);
	printable(act_short, sizeof(act_short), ta, na, 0);
	snprintf(diff->message, sizeof(diff->message),
		 "line %zu, token %zu: expected \"%s\", got \"%s\"", line,
		 token, exp_short, act_short);
}

/* Compare the tokens of one line; true when they all match. */
static bool compare_line_tokens(const struct validate_spec *spec, size_t line,
				const char *le, size_t ne, const char *la,
				size_t na, struct validate_diff *diff)
{
	size_t pe = 0, pa = 0;
	const char *te = NULL, *ta = NULL;
	size_t te_len = 0, ta_len = 0;

	for (size_t token = 1;; token++) {
		bool have_e = next_token(le, ne, &pe, &te, &te_len);
		bool have_a = next_token(la, na, &pa, &ta, &ta_len);

		if (!have_e && !have_a)
			return true;
		if (have_e && have_a &&
		    tokens_match(te, te_len, ta, ta_len, spec))
			continue;
		if (!diff)
			return false;
		if (!have_a)
			diff_missing(diff, line, token, "line", te, te_len, 1,
				     true);
		else if (!have_e)
			diff_missing(diff, line, token, "line", ta, ta_len, 0,
				     false);
		else
			diff_tokens(diff, line, token, te, te_len, ta, ta_len);
		return false;
	}
}

static bool compare_numeric(const struct validate_spec *spec, const char *exp,
			    size_t exp_len, const char *act, size_t act_len,
			    struct validate_diff *diff, bool token_only)
{
	if (exp_len == act_len && !memcmp(exp, act, exp_len))
		return true;

	struct line_pair p;
	line_pair_init(&p, exp, exp_len, act, act_len);
	while (line_pair_next(&p)) {
		const char *le = p.le, *la = p.la;
		size_t ne = p.ne, na = p.na, line = p.line;
		bool have_e = p.have_e, have_a = p.have_a;

		if (have_e && have_a) {
			if (ne == na && !memcmp(le, la, ne))
				continue;
			if (compare_line_tokens(spec, line, le, ne, la, na,
						diff))
				continue;
			return false;
		}
		/* A missing line matches a line without tokens. */
		size_t pos = 0;
		const char *tok;
		size_t tok_len;
		if (have_e ? !next_token(le, ne, &pos, &tok, &tok_len)
			   : !next_token(la, na, &pos, &tok, &tok_len))
			continue;
		if (!diff)
			return false;
		if (have_e)
			diff_missing(diff, line, 0, "output", le, ne, 1,
				     token_only);
		else
			diff_missing(diff, line, 0, "output", la, na, 0, false);
		return false;
	}
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Read the digest of an expected file: optional whitespace, 64 hex digits,
 * then nothing but whitespace or whitespace and a file name (sha256sum's
 * "digest  name" and "digest *name"). Writes lower-case hex into hex[65].
 */
static bool parse_digest(const char *s, size_t len,
			 char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	size_t i = 0;

	while (i < len && (is_token_space(s[i]) || s[i] == '\n'))
		i++;
	if (len - i < SHA256_HEX_LEN)
		return false;
	for (size_t k = 0; k < SHA256_HEX_LEN; k++) {
		int v = hex_value(s[i + k]);
		if (v < 0)
			return false;
		hex[k] = digits[v];
	}
	hex[SHA256_HEX_LEN] = '\0';
	i += SHA256_HEX_LEN;
	return i == len || is_token_space(s[i]) || s[i] == '\n';
}

static bool compare_digest(const char *exp, size_t exp_len, const char *act,
			   size_t act_len, struct validate_diff *diff)
{
	char want[SHA256_HEX_LEN + 1], got[SHA256_HEX_LEN + 1];

	if (!parse_digest(exp, exp_len, want)) {
		if (diff) {
			char shown[MESSAGE_QUOTE_WIDTH];
			size_t b = 0, e;
			/* An expected file: its first token, no more. */
			while (b < exp_len && is_space_byte(exp[b]))
				b++;
			token_bounds(exp, exp_len, b, &b, &e);
			printable(diff->expected, sizeof(diff->expected),
				  exp + b, e - b, 0);
			printable(shown, sizeof(shown), exp + b, e - b, 0);
			snprintf(diff->message, sizeof(diff->message),
				 "expected digest is not 64 hex digits: \"%s\"",
				 shown);
		}
		return false;
	}
	sha256_hex(act, act_len, got);
	if (!memcmp(want, got, SHA256_HEX_LEN))
		return true;
	if (diff) {
		memcpy(diff->expected, want, sizeof(want));
		memcpy(diff->actual, got, sizeof(got));
		snprintf(diff->message, sizeof(diff->message),
			 "expected digest %s, got %s", want, got);
	}
	return false;
}

bool validate_compare(const struct validate_spec *spec, const char *expected,
		      size_t expected_len, bool expected_is_digest,
		      const char *actual, size_t actual_len,
		      struct validate_diff *diff)
{
	assert(spec);
	assert(expected || expected_len == 0);
	assert(actual || actual_len == 0);
	assert(!(spec->abs_tol < 0) && !(spec->rel_tol < 0));

	/* memcmp and memchr must not see NULL, even for length 0. */
	if (!expected)
		expected = "";
	if (!actual)
		actual = "";
	if (diff)
		diff_clear(diff);

	switch (spec->mode) {
	case VALIDATE_EXACT:
		return compare_exact(expected, expected_len, actual, actual_len,
				     diff, expected_is_digest);
	case VALIDATE_LINES:
		return compare_lines(expected, expected_len, actual, actual_len,
				     diff, expected_is_digest);
	case VALIDATE_NUMERIC:
		return compare_numeric(spec, expected, expected_len, actual,
				       actual_len, diff, expected_is_digest);
	case VALIDATE_SHA256:
		if (expected_is_digest)
			return compare_digest(expected, expected_len, actual,
					      actual_len, diff);
		return compare_exact(expected, expected_len, actual, actual_len,
				     diff, false);
	case VALIDATE_NONE:
		return true;
	}
	assert(!"unknown validate mode");
	return false;
}

#include "util/utf8.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/banned.h"

/* Length of the valid sequence at s (at most left bytes), or 0. */
static size_t seq_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	unsigned int min, cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0) {
		n = 2, min = 0x80, cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, min = 0x800, cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, min = 0x10000, cp = c & 0x07;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(p + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

char *utf8_sanitize(const char *s)
{
	size_t len = strlen(s);
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	strbuf_grow(&sb, len);
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(p + i, len - i);
		if (n) {
			strbuf_add(&sb, s + i, n);
			i += n;
		} else {
			strbuf_addstr(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	return strbuf_detach(&sb, NULL);
}

static unsigned int decode(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned int cp = s[0] & lead_mask[n];
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

static bool in_ranges(unsigned int cp, const unsigned int (*r)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return true;
	return false;
}

/* Combining marks and zero-width characters (the common blocks). */
static const unsigned int zero_width[][2] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
	{0x064b, 0x065f}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f},
	{0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
};

/* East Asian Wide and Fullwidth (Unicode's EastAsianWidth.txt, merged). */
static const unsigned int wide[][2] = {
	{0x1100, 0x115f},   {0x231a, 0x231b},	{0x2329, 0x232a},
	{0x23e9, 0x23ec},   {0x2614, 0x2615},	{0x2e80, 0x303e},
	{0x3041, 0x33ff},   {0x3400, 0x4dbf},	{0x4e00, 0x9fff},
	{0xa000, 0xa4cf},   {0xa960, 0xa97f},	{0xac00, 0xd7a3},
	{0xf900, 0xfaff},   {0xfe10, 0xfe19},	{0xfe30, 0xfe6f},
	{0xff00, 0xff60},   {0xffe0, 0xffe6},	{0x1f300, 0x1f64f},
	{0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

size_t utf8_char_width(const char *s, size_t left, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = seq_len(p, left);
	unsigned int cp;
	if (!n) {
		*len = 1;
		return 1;
	}
	*len = n;
	if (n == 1)
		return 1;
	cp = decode(p, n);
	if (in_ranges(cp, zero_width,
		      sizeof(zero_width) / sizeof(zero_width[0])))
		return 0;
	if (in_ranges(cp, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

size_t utf8_width_n(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0, n; i < len; i += n)
		w += utf8_char_width(s + i, len - i, &n);
	return w;
}

size_t utf8_width(const char *s)
{
	return utf8_width_n(s, strlen(s));
}

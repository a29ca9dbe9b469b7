/*
 * escape.c: the sanitisers of escape.h. Every medium starts from the same
 * walk over the text (walk()), which decides per character whether it is
 * safe to show as is; the media differ only in what they do with the safe
 * characters.
 */
#include "util/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* Length of the valid UTF-8 sequence at s (NUL-terminated), or 0. */
static size_t seq_len(const unsigned char *s, unsigned int *cp)
{
	unsigned char c = s[0];
	size_t n;
	unsigned int min, v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, min = 0x80, v = c & 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 3, min = 0x800, v = c & 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 4, min = 0x10000, v = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* Code points a terminal (or a reader) would act on instead of show. */
static bool is_control(unsigned int cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	       cp == 0x061c;
}

enum medium { TERM, TERM_BLOCK, HTML, HTML_BLOCK, MD, MD_CODE };

static void add_safe(struct strbuf *sb, enum medium m, const char *p, size_t n)
{
	if (n == 1) {
		char c = *p;
		if (m == HTML || m == HTML_BLOCK || m == MD) {
			switch (c) {
			case '&':
				strbuf_addstr(sb, "&amp;");
				return;
			case '<':
				strbuf_addstr(sb, "&lt;");
				return;
			case '>':
				strbuf_addstr(sb, "&gt;");
				return;
			}
		}
		if ((m == HTML || m == HTML_BLOCK) && (c == '"' || c == '\'')) {
			strbuf_addstr(sb, c == '"' ? "&quot;" : "&#39;");
			return;
		}
		/* A link needs "](" or "]["; breaking those keeps our own
		 * "[0.98, 1.02]" intervals readable. */
		if (m == MD &&
		    (strchr("\\`*|", c) || ((c == '(' || c == '[') && sb->len &&
					    sb->buf[sb->len - 1] == ']'))) {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
			return;
		}
		if (m == MD_CODE && (c == '`' || c == '|')) {
			strbuf_addstr(sb, c == '`' ? "'" : "\\|");
			return;
		}
	}
	strbuf_add(sb, p, n);
}

static void walk(struct strbuf *sb, const char *s, enum medium m)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!s)
		return;
	while (*u) {
		unsigned int cp = 0;
		size_t n = seq_len(u, &cp);
		char esc[16];
		if (!n) { /* an invalid byte */
			snprintf(esc, sizeof(esc), "\\x%02x", *u);
			strbuf_addstr(sb, esc);
			u++;
			continue;
		}
		if (is_control(cp)) {
			if ((m == TERM_BLOCK || m == HTML_BLOCK) &&
			    (cp == '\n' || cp == '\t'))
				strbuf_addch(sb, (int)cp);
			else if (cp == '\n')
				strbuf_addstr(sb, "\\n");
			else if (cp == '\t')
				strbuf_addstr(sb, "\\t");
			else if (cp == '\r')
				strbuf_addstr(sb, "\\r");
			else if (cp < 0x100)
				snprintf(esc, sizeof(esc), "\\x%02x", cp),
					strbuf_addstr(sb, esc);
			else
				snprintf(esc, sizeof(esc), "\\u%04x", cp),
					strbuf_addstr(sb, esc);
		} else {
			add_safe(sb, m, (const char *)u, n);
		}
		u += n;
	}
}

void esc_term(struct strbuf *sb, const char *s)
{
	walk(sb, s, TERM);
}

void esc_term_block(struct strbuf *sb, const char *s)
{
	walk(sb, s, TERM_BLOCK);
}

char *esc_term_dup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	walk(&sb, s, TERM);
	return strbuf_detach(&sb, NULL);
}

void esc_html(struct strbuf *sb, const char *s)
{
	walk(sb, s, HTML);
}

void esc_html_block(struct strbuf *sb, const char *s)
{
	walk(sb, s, HTML_BLOCK);
}

void esc_md(struct strbuf *sb, const char *s)
{
	walk(sb, s, MD);
}

void esc_md_code(struct strbuf *sb, const char *s)
{
	walk(sb, s, MD_CODE);
}

bool esc_term_clean(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (u && *u) {
		unsigned int cp = 0;
		size_t n = seq_len(u, &cp);
		if (!n || is_control(cp))
			return false;
		u += n;
	}
	return true;
}

void esc_sh(struct strbuf *sb, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_-./=:,+@%";
	if (*s && strspn(s, safe) == strlen(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

void esc_sh_argv(struct strbuf *sb, const char *const *argv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ' ');
		esc_sh(sb, argv[i]);
	}
}

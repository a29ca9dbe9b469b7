#include "util/argsplit.h"

#include <errno.h>
#include <stdbool.h>

#include "util/banned.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int argsplit(const char *s, struct strvec *out, struct strbuf *why)
{
	struct strvec words = STRVEC_INIT;
	struct strbuf w = STRBUF_INIT;
	bool in_word = false;
	const char *p = s;
	int rc = 0;

	while (*p) {
		char c = *p;
		if (is_blank(c)) {
			if (in_word)
				strvec_push_owned(&words,
						  strbuf_detach(&w, NULL));
			in_word = false;
			p++;
		} else if (c == '\'') {
			const char *end = p + 1;
			while (*end && *end != '\'')
				end++;
			if (!*end) {
				strbuf_addf(why,
					    "unterminated single quote at "
					    "column %zu",
					    (size_t)(p - s) + 1);
				rc = -EINVAL;
				break;
			}
			strbuf_add(&w, p + 1, (size_t)(end - p - 1));
			in_word = true;
			p = end + 1;
		} else if (c == '"') {
			const char *q = p + 1;
			while (*q && *q != '"') {
				if (*q == '\\' && q[1] &&
				    (q[1] == '"' || q[1] == '\\' ||
				     q[1] == '$' || q[1] == '`')) {
					strbuf_addch(&w, q[1]);
					q += 2;
				} else if (*q == '\\' && q[1] == '\n') {
					q += 2;
				} else {
					strbuf_addch(&w, *q++);
				}
			}
			if (!*q) {
				strbuf_addf(why,
					    "unterminated double quote at "
					    "column %zu",
					    (size_t)(p - s) + 1);
				rc = -EINVAL;
				break;
			}
			in_word = true;
			p = q + 1;
		} else if (c == '\\') {
			if (!p[1]) {
				strbuf_addstr(why, "trailing backslash");
				rc = -EINVAL;
				break;
			}
			if (p[1] != '\n') {
				strbuf_addch(&w, p[1]);
				in_word = true;
			}
			p += 2;
		} else {
			strbuf_addch(&w, c);
			in_word = true;
			p++;
		}
	}
	if (!rc && in_word)
		strvec_push_owned(&words, strbuf_detach(&w, NULL));
	if (!rc && !words.nr) {
		strbuf_addstr(why, "empty command");
		rc = -EINVAL;
	}
	if (!rc)
		for (size_t i = 0; i < words.nr; i++)
			strvec_push(out, words.v[i]);
	strvec_clear(&words);
	strbuf_release(&w);
	return rc;
}

#include "spec/placeholder.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define NAME_MAX_LEN 64

int placeholder_expand(const char *tmpl, placeholder_fn *fn, void *ctx,
		       struct strbuf *out, char *bad, size_t bad_size)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] == '{') {
			if (out)
				strbuf_addch(out, '{');
			p++;
			continue;
		}
		if (p[0] == '}' && p[1] == '}') {
			if (out)
				strbuf_addch(out, '}');
			p++;
			continue;
		}
		if (*p == '}') {
			snprintf(bad, bad_size,
				 "lone '}' (write '}}' for a brace)");
			return -EINVAL;
		}
		if (*p != '{') {
			if (out)
				strbuf_addch(out, *p);
			continue;
		}
		const char *end = strchr(p + 1, '}');
		if (!end) {
			snprintf(bad, bad_size,
				 "unterminated '{' (write '{{' for a brace)");
			return -EINVAL;
		}
		size_t len = (size_t)(end - p - 1);
		char name[NAME_MAX_LEN + 1];
		bool ok = len > 0 && len <= NAME_MAX_LEN;
		for (size_t i = 0; ok && i < len; i++)
			ok = isalnum((unsigned char)p[1 + i]) ||
			     p[1 + i] == '_';
		if (!ok) {
			snprintf(
				bad, bad_size, "bad placeholder '%.*s'",
				(int)(len > NAME_MAX_LEN ? NAME_MAX_LEN : len) +
					2,
				p);
			return -EINVAL;
		}
		memcpy(name, p + 1, len);
		name[len] = '\0';
		int rc = fn(ctx, name, out);
		if (rc) {
			snprintf(bad, bad_size, "%s", name);
			return rc;
		}
		p = end;
	}
	return 0;
}

int placeholder_whole(const char *s, char *name, size_t size)
{
	size_t len = strlen(s);
	if (len < 3 || s[0] != '{' || s[len - 1] != '}' || len - 2 >= size)
		return 0;
	for (size_t i = 1; i + 1 < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	memcpy(name, s + 1, len - 2);
	name[len - 2] = '\0';
	return 1;
}

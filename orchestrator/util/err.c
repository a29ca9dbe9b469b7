#include "util/err.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/banned.h"

static void err_fill(struct versus_err *err, int code, const char *file,
		     int line, int column, const char *fmt, va_list ap)
{
	err->code = code;
	err->line = line;
	err->column = column;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

int versus_err_set(struct versus_err *err, int code, const char *file, int line,
		   int column, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	err_fill(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void versus_err_print(const struct versus_err *err, FILE *out)
{
	/* File names and messages quote manifests, result files and
	 * programs: escaped, so no byte of theirs drives the terminal. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "versus: ");
	if (err->file[0]) {
		esc_term(&sb, err->file);
		if (err->line > 0) {
			strbuf_addf(&sb, ":%d", err->line);
			if (err->column > 0)
				strbuf_addf(&sb, ":%d", err->column);
		}
		strbuf_addstr(&sb, ": ");
	}
	esc_term(&sb, err->message);
	strbuf_addch(&sb, '\n');
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

int versus_errs_add(struct versus_errs *errs, int code, const char *file,
		    int line, int column, const char *fmt, ...)
{
	ALLOC_GROW(errs->items, errs->nr + 1, errs->alloc);
	va_list ap;
	va_start(ap, fmt);
	err_fill(&errs->items[errs->nr++], code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void versus_errs_push(struct versus_errs *errs, const struct versus_err *err)
{
	ALLOC_GROW(errs->items, errs->nr + 1, errs->alloc);
	errs->items[errs->nr++] = *err;
}

void versus_errs_print(const struct versus_errs *errs, FILE *out)
{
	for (size_t i = 0; i < errs->nr; i++)
		versus_err_print(&errs->items[i], out);
}

void versus_errs_release(struct versus_errs *errs)
{
	if (!errs)
		return;
	free(errs->items);
	errs->items = NULL;
	errs->nr = errs->alloc = 0;
}

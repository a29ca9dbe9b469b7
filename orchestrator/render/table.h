/*
 * table.h: the one table renderer of every text output (`versus run`,
 * `report`, `compare`, `check`, `toolchains`, `doctor`), and its Markdown
 * form.
 *
 * The caller describes the columns (header, alignment, whether cells may
 * wrap, which to drop first), adds cells row by row, and renders for a
 * given width. Cells are UTF-8 from result files, manifests and programs:
 * the renderer escapes them for the terminal (util/escape.h) and measures
 * them in display columns (util/utf8.h), so wide characters and escapes
 * align. To fit the width it first wraps the cells of wrap-able columns
 * (at spaces, keeping a bracketed "[1.01, 1.03]", a quoted 'two words'
 * and a sign with the word after it, "± 0.4%", on one line when it can,
 * else anywhere), down to
 * each column's minimum; when that is not enough it leaves out the column with
 * the highest priority number and tries again, and says under the table which
 * columns it left out. A table that cannot fit even with every droppable column
 * gone is printed as narrow as it gets.
 */
#ifndef VERSUS_TABLE_H
#define VERSUS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"
#include "util/strvec.h"

enum table_align { TABLE_LEFT, TABLE_RIGHT };

struct table_column {
	const char *header; /* borrowed; shown bold when coloured */
	enum table_align align;
	/* 0: always shown; else, when the table is too wide, the columns
	 * with the highest number are left out first */
	unsigned priority;
	bool wrap; /* cells (and the header) may take several lines */
	/* a wrapping column is never narrower than this (0: 8), than the
	 * longest word of its header, nor than the longest word of its
	 * cells up to twice this, unless its widest cell is; one that does
	 * not wrap is at least this wide */
	size_t min_width;
};

struct table {
	const struct table_column *cols; /* borrowed */
	size_t cols_nr;
	struct strvec cells;  /* row-major, raw (escaped when rendered) */
	struct strvec styles; /* a TERM_* code per cell, "" for none */
	struct strvec notes;  /* per row: a line under it, "" for none */
	bool no_header;	      /* a list of fields: no header row */
	size_t indent;	      /* spaces before every line */
};

/* Empty table of the given columns (borrowed until table_release). */
void table_init(struct table *t, const struct table_column *cols, size_t nr);
void table_release(struct table *t);
/*
 * Append the next cell (rows fill left to right; text is copied, NULL
 * shows as ""). sgr is a TERM_* code of util/term.h or NULL.
 */
void table_add(struct table *t, const char *text, const char *sgr);
/*
 * A line of text under the last complete row, starting at the second
 * column and wrapped to the table's width (a title, a reason). Several
 * notes to a row are shown one per line. NULL adds nothing.
 */
void table_add_note(struct table *t, const char *text);

/*
 * Append t as aligned text at most width display columns wide (0: no
 * limit), ANSI colour when color, and the footnote naming the columns left
 * out. Lines carry no trailing spaces.
 */
void table_render_text(const struct table *t, size_t width, bool color,
		       struct strbuf *sb);
/* Append t as a GitHub-flavoured Markdown table: every column, cells
 * styled TERM_ALERT in bold, notes not shown. */
void table_render_md(const struct table *t, struct strbuf *sb);

/*
 * Append text (escaped for the terminal) wrapped at spaces to width
 * display columns (0: no limit): the first line after first_prefix (the
 * caller's own text, not escaped: it may hold newlines and SGR sequences),
 * the next ones indented by hang spaces. Ends with a newline. A width too
 * short for 20 columns of text does not wrap.
 */
void table_wrap_text(struct strbuf *sb, const char *first_prefix,
		     const char *text, size_t width, size_t hang);

#endif

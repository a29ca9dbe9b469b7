/*
 * table.c: column widths, wrapping and dropping (table.h). Cells are
 * escaped once, when rendering, and measured in display columns; the
 * layout is chosen before a line is written, so every row of a table has
 * the same columns.
 */
#include "render/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/term.h"
#include "util/utf8.h"
#include "util/banned.h"

#define TABLE_GAP	2 /* spaces between columns */
#define TABLE_MIN_WRAP	8 /* default narrowest wrapping column */
#define TABLE_NOTE_HANG 2 /* a note's indent when there is no 2nd column */

void table_init(struct table *t, const struct table_column *cols, size_t nr)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->cols_nr = nr;
	strvec_init(&t->cells);
	strvec_init(&t->styles);
	strvec_init(&t->notes);
}

void table_release(struct table *t)
{
	if (!t)
		return;
	strvec_clear(&t->cells);
	strvec_clear(&t->styles);
	strvec_clear(&t->notes);
}

void table_add(struct table *t, const char *text, const char *sgr)
{
	strvec_push(&t->cells, text ? text : "");
	strvec_push(&t->styles, sgr ? sgr : "");
}

void table_add_note(struct table *t, const char *text)
{
	size_t rows = t->cells.nr / t->cols_nr;
	char *old;
	if (!rows || !text)
		return;
	while (t->notes.nr < rows)
		strvec_push(&t->notes, "");
	old = t->notes.v[rows - 1];
	t->notes.v[rows - 1] =
		*old ? xstrfmt("%s\n%s", old, text) : xstrdup(text);
	free(old);
}

/* ---- wrapping ---- */

struct wrap {
	struct strvec *out;
	struct strbuf line;
	size_t line_w;
	size_t w_first, w_rest; /* 0: no limit */
};

static size_t wrap_limit(const struct wrap *wr)
{
	return wr->out->nr ? wr->w_rest : wr->w_first;
}

static void wrap_flush(struct wrap *wr)
{
	strvec_push(wr->out, wr->line.buf);
	strbuf_reset(&wr->line);
	wr->line_w = 0;
}

static void wrap_place(struct wrap *wr, const char *s, size_t len, size_t w)
{
	size_t lim = wrap_limit(wr);
	if (wr->line.len && lim && wr->line_w + 1 + w > lim)
		wrap_flush(wr);
	if (wr->line.len) {
		strbuf_addch(&wr->line, ' ');
		wr->line_w++;
	}
	strbuf_add(&wr->line, s, len);
	wr->line_w += w;
}

/* A word wider than a line: cut between characters. */
static void wrap_cut(struct wrap *wr, const char *s, size_t len)
{
	if (wr->line.len)
		wrap_flush(wr);
	for (size_t i = 0, n; i < len; i += n) {
		size_t cw = utf8_char_width(s + i, len - i, &n);
		size_t lim = wrap_limit(wr);
		if (wr->line.len && lim && wr->line_w + cw > lim)
			wrap_flush(wr);
		strbuf_add(&wr->line, s + i, n);
		wr->line_w += cw;
	}
}

/* Bracket depth change of s[0..len): "[1.01," +1, "1.03]" -1. */
static int depth_of(const char *s, size_t len)
{
	int d = 0;
	for (size_t i = 0; i < len; i++)
		d += (s[i] == '[' || s[i] == '(') -
		     (s[i] == ']' || s[i] == ')');
	return d;
}

/* A lone sign ("±", "->", "~"): kept with the word after it. */
static bool is_symbol(const char *s, size_t len)
{
	size_t n;
	if (!len || utf8_width_n(s, len) > 2)
		return false;
	for (size_t i = 0; i < len; i += n) {
		utf8_char_width(s + i, len - i, &n);
		if (n == 1 && ((s[i] >= '0' && s[i] <= '9') ||
			       ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
			return false;
	}
	return true;
}

/*
 * The end of the unit that starts at p (not a space): words up to where
 * the brackets close again, a shell-quoted 'two words', a lone sign with
 * the word after it.
 */
static const char *unit_end(const char *p)
{
	const char *end = p;
	int depth = 0;
	bool glue, quoted = false;
	do {
		const char *word;
		while (*end == ' ')
			end++;
		word = end;
		end += strcspn(end, " ");
		depth += depth_of(word, (size_t)(end - word));
		/* A quote opens or closes at a word's edge or after '=',
		 * never inside one (an apostrophe). */
		for (const char *q = word; q < end; q++)
			quoted ^= *q == '\'' &&
				  (q == word || q[-1] == '=' || q + 1 == end);
		glue = is_symbol(word, (size_t)(end - word));
	} while ((depth > 0 || quoted || glue) && *end);
	return end;
}

/* Each unit of s, as its own string. */
static void wrap_units(const char *s, struct strvec *out)
{
	s += strspn(s, " ");
	while (*s) {
		const char *end = unit_end(s);
		strvec_push_owned(out, xstrndup(s, (size_t)(end - s)));
		s = end + strspn(end, " ");
	}
}

/*
 * Lines of s at most w_first display columns wide for the first, w_rest
 * for the next (0: no limit), appended to out. Breaks at spaces between
 * bracketed groups first, then at any space, then anywhere.
 */
static void wrap_lines(const char *s, size_t w_first, size_t w_rest,
		       struct strvec *out)
{
	struct wrap wr = {out, STRBUF_INIT, 0, w_first, w_rest};
	const char *p = s;
	while (*p == ' ')
		p++;
	while (*p) {
		const char *end = unit_end(p);
		size_t uw = utf8_width_n(p, (size_t)(end - p));
		size_t lim = wrap_limit(&wr);
		size_t room = !lim ? uw : wr.line.len ? lim - wr.line_w : lim;
		if (!lim || uw <= lim || (wr.line.len && uw + 1 <= room)) {
			wrap_place(&wr, p, (size_t)(end - p), uw);
		} else {
			/* Too wide for a line: word by word. */
			const char *q = p;
			while (q < end) {
				size_t len = strcspn(q, " ");
				size_t ww = utf8_width_n(q, len);
				if (ww <= wrap_limit(&wr))
					wrap_place(&wr, q, len, ww);
				else
					wrap_cut(&wr, q, len);
				q += len;
				while (q < end && *q == ' ')
					q++;
			}
		}
		p = end;
		while (*p == ' ')
			p++;
	}
	if (wr.line.len || !out->nr)
		wrap_flush(&wr);
	strbuf_release(&wr.line);
}

/* Width of the last line of a prefix, without its SGR sequences. */
static size_t prefix_width(const char *s)
{
	const char *nl = strrchr(s, '\n');
	size_t w = 0;
	for (s = nl ? nl + 1 : s; *s;) {
		size_t n;
		if (*s == '\033') {
			s += strcspn(s, "m");
			s += *s != '\0';
			continue;
		}
		w += utf8_char_width(s, strlen(s), &n);
		s += n;
	}
	return w;
}

void table_wrap_text(struct strbuf *sb, const char *first_prefix,
		     const char *text, size_t width, size_t hang)
{
	struct strvec lines = STRVEC_INIT;
	char *shown = esc_term_dup(text);
	size_t pw = prefix_width(first_prefix);
	/* Never narrower than 10 columns of text: past that, overflow. */
	size_t w_first = width && width >= pw + 10 ? width - pw : 0;
	size_t w_rest = width && width >= hang + 10 ? width - hang : 0;
	wrap_lines(shown, w_first, w_rest, &lines);
	for (size_t i = 0; i < lines.nr; i++) {
		if (i)
			strbuf_addf(sb, "%*s", (int)hang, "");
		else
			strbuf_addstr(sb, first_prefix);
		strbuf_addstr(sb, lines.v[i]);
		strbuf_addch(sb, '\n');
	}
	strvec_clear(&lines);
	free(shown);
}

/* ---- layout ---- */

struct layout {
	size_t *width; /* per column */
	bool *shown;
	struct strvec dropped; /* headers, in the order left out */
};

static size_t rows_of(const struct table *t)
{
	return t->cells.nr / t->cols_nr;
}

/* Width of a row of the shown columns at their widths. */
static size_t total_width(const struct table *t, const struct layout *lo)
{
	size_t sum = t->indent, n = 0;
	for (size_t c = 0; c < t->cols_nr; c++)
		if (lo->shown[c]) {
			sum += lo->width[c];
			n++;
		}
	return n ? sum + TABLE_GAP * (n - 1) : sum;
}

/* The widest unit of s that wrap_lines keeps on one line when it can. */
static size_t widest_unit(const char *s)
{
	struct strvec lines = STRVEC_INIT;
	size_t best = 0;
	wrap_units(s, &lines);
	for (size_t i = 0; i < lines.nr; i++) {
		size_t w = utf8_width(lines.v[i]);
		best = w > best ? w : best;
	}
	strvec_clear(&lines);
	return best;
}

/* The widest space-separated word of s: a header is not cut inside one. */
static size_t longest_word(const char *s)
{
	size_t best = 0;
	while (*s) {
		size_t len = strcspn(s, " ");
		size_t w = utf8_width_n(s, len);
		best = w > best ? w : best;
		s += len;
		s += strspn(s, " ");
	}
	return best;
}

/*
 * Widen shown columns to want[c] where spare allows, the columns that
 * need least first. Returns what is left of spare.
 */
static size_t widen(const struct table *t, struct layout *lo,
		    const size_t *want, size_t spare)
{
	for (;;) {
		size_t best = t->cols_nr, need = 0;
		for (size_t c = 0; c < t->cols_nr; c++) {
			size_t n = want[c] > lo->width[c]
					   ? want[c] - lo->width[c]
					   : 0;
			if (lo->shown[c] && n && n <= spare &&
			    (!need || n < need)) {
				need = n;
				best = c;
			}
		}
		if (best == t->cols_nr)
			return spare;
		lo->width[best] += need;
		spare -= need;
	}
}

static void layout_make(const struct table *t, const struct strvec *shown,
			size_t width, struct layout *lo)
{
	size_t *natural = xcalloc(t->cols_nr, sizeof(*natural));
	size_t *least = xcalloc(t->cols_nr, sizeof(*least));
	size_t *word = xcalloc(t->cols_nr, sizeof(*word));
	lo->width = xcalloc(t->cols_nr, sizeof(*lo->width));
	lo->shown = xcalloc(t->cols_nr, sizeof(*lo->shown));
	strvec_init(&lo->dropped);
	for (size_t c = 0; c < t->cols_nr; c++) {
		lo->shown[c] = true;
		if (!t->no_header)
			natural[c] = utf8_width(t->cols[c].header);
	}
	for (size_t i = 0; i < shown->nr; i++) {
		size_t w = utf8_width(shown->v[i]);
		size_t c = i % t->cols_nr;
		natural[c] = w > natural[c] ? w : natural[c];
		if (t->cols[c].wrap) {
			w = longest_word(shown->v[i]);
			word[c] = w > word[c] ? w : word[c];
		}
	}
	for (size_t c = 0; c < t->cols_nr; c++) {
		size_t m = t->cols[c].min_width ? t->cols[c].min_width
						: TABLE_MIN_WRAP;
		size_t hw = t->no_header ? 0 : longest_word(t->cols[c].header);
		m = hw > m ? hw : m;
		if (!t->cols[c].wrap && t->cols[c].min_width > natural[c])
			natural[c] = t->cols[c].min_width;
		least[c] = t->cols[c].wrap && m < natural[c] ? m : natural[c];
		/* Rather leave out a column than cut a short word ("spectr /
		 * alnorm"); a long one (a path) is cut. */
		if (word[c] > m)
			m = word[c] < 2 * m ? word[c] : 2 * m;
		lo->width[c] = !width				   ? natural[c]
			       : t->cols[c].wrap && m < natural[c] ? m
								   : natural[c];
	}
	/* Leave out columns, highest priority number first, until the
	 * narrowest layout fits. */
	while (width && total_width(t, lo) > width) {
		size_t drop = t->cols_nr;
		for (size_t c = 0; c < t->cols_nr; c++)
			if (lo->shown[c] && t->cols[c].priority &&
			    (drop == t->cols_nr ||
			     t->cols[c].priority > t->cols[drop].priority))
				drop = c;
		if (drop == t->cols_nr) {
			/* Nothing left to leave out: cut words. */
			for (size_t c = 0; c < t->cols_nr; c++)
				lo->width[c] = least[c];
			break;
		}
		lo->shown[drop] = false;
		/* Named once ("p (Holm)" heads two columns of compare). */
		bool named = false;
		for (size_t i = 0; i < lo->dropped.nr; i++)
			named |=
				!strcmp(lo->dropped.v[i], t->cols[drop].header);
		if (!named)
			strvec_push(&lo->dropped, t->cols[drop].header);
	}
	/*
	 * Give the room left to the wrapped columns: first enough not to
	 * cut a word, then to keep every unit whole ("[1.01, 1.03]"), the
	 * columns that need least first; then one column at a time to the
	 * most wanting.
	 */
	if (width) {
		size_t used = total_width(t, lo);
		size_t spare = used < width ? width - used : 0;
		/* [0]: widest word, [1]: widest unit, per column */
		size_t *want[2] = {xcalloc(t->cols_nr, sizeof(size_t)),
				   xcalloc(t->cols_nr, sizeof(size_t))};
		for (size_t i = 0; i < shown->nr; i++) {
			size_t c = i % t->cols_nr, u;
			if (!t->cols[c].wrap)
				continue;
			u = longest_word(shown->v[i]);
			want[0][c] = u > want[0][c] ? u : want[0][c];
			u = widest_unit(shown->v[i]);
			want[1][c] = u > want[1][c] ? u : want[1][c];
		}
		for (int k = 0; k < 2; k++)
			spare = widen(t, lo, want[k], spare);
		free(want[0]);
		free(want[1]);
		while (spare) {
			size_t best = t->cols_nr, need = 0;
			for (size_t c = 0; c < t->cols_nr; c++)
				if (lo->shown[c] &&
				    natural[c] - lo->width[c] > need) {
					need = natural[c] - lo->width[c];
					best = c;
				}
			if (best == t->cols_nr)
				break;
			lo->width[best]++;
			spare--;
		}
	}
	free(natural);
	free(least);
	free(word);
}

static void layout_release(struct layout *lo)
{
	free(lo->width);
	free(lo->shown);
	strvec_clear(&lo->dropped);
}

/* ---- text ---- */

static void pad(struct strbuf *sb, size_t n)
{
	while (n--)
		strbuf_addch(sb, ' ');
}

static void trim_line(struct strbuf *sb, size_t start)
{
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_addch(sb, '\n');
}

/* One row (texts[c] escaped, per column) as one or more lines. */
static void render_row(const struct table *t, const struct layout *lo,
		       const char *const *texts, const char *const *styles,
		       bool color, struct strbuf *sb)
{
	struct strvec *lines = xcalloc(t->cols_nr, sizeof(*lines));
	size_t height = 1, last = 0;
	for (size_t c = 0; c < t->cols_nr; c++) {
		strvec_init(&lines[c]);
		if (!lo->shown[c])
			continue;
		last = c;
		if (t->cols[c].wrap && utf8_width(texts[c]) > lo->width[c])
			wrap_lines(texts[c], lo->width[c], lo->width[c],
				   &lines[c]);
		else
			strvec_push(&lines[c], texts[c]);
		height = lines[c].nr > height ? lines[c].nr : height;
	}
	for (size_t k = 0; k < height; k++) {
		size_t start = sb->len;
		bool first = true;
		pad(sb, t->indent);
		for (size_t c = 0; c < t->cols_nr; c++) {
			if (!lo->shown[c])
				continue;
			const char *text = k < lines[c].nr ? lines[c].v[k] : "";
			size_t w = utf8_width(text);
			size_t gap = lo->width[c] > w ? lo->width[c] - w : 0;
			bool sgr = color && *styles[c] && *text;
			if (!first)
				pad(sb, TABLE_GAP);
			first = false;
			if (t->cols[c].align == TABLE_RIGHT)
				pad(sb, gap);
			if (sgr)
				strbuf_addstr(sb, term_seq(styles[c]));
			strbuf_addstr(sb, text);
			if (sgr)
				strbuf_addstr(sb, term_seq(TERM_RESET));
			if (t->cols[c].align == TABLE_LEFT && c != last)
				pad(sb, gap);
		}
		trim_line(sb, start);
	}
	for (size_t c = 0; c < t->cols_nr; c++)
		strvec_clear(&lines[c]);
	free(lines);
}

/* Where the second shown column starts: notes line up with it. */
static size_t note_indent(const struct table *t, const struct layout *lo)
{
	for (size_t c = 0; c < t->cols_nr; c++)
		if (lo->shown[c])
			return t->indent + lo->width[c] + TABLE_GAP;
	return t->indent + TABLE_NOTE_HANG;
}

static void render_notes(const char *notes, size_t indent, size_t width,
			 struct strbuf *sb)
{
	char *copy = xstrdup(notes), *line = copy;
	char *prefix = xstrfmt("%*s", (int)indent, "");
	while (line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		table_wrap_text(sb, prefix, line, width, indent);
		line = nl ? nl + 1 : NULL;
	}
	free(prefix);
	free(copy);
}

void table_render_text(const struct table *t, size_t width, bool color,
		       struct strbuf *sb)
{
	struct strvec shown = STRVEC_INIT;
	struct layout lo;
	const char **texts = xcalloc(t->cols_nr, sizeof(*texts));
	const char **styles = xcalloc(t->cols_nr, sizeof(*styles));
	size_t rows = rows_of(t);

	/* Cells hold ids, statuses and reasons from result files: shown
	 * with their control characters escaped, and measured so. */
	for (size_t i = 0; i < rows * t->cols_nr; i++)
		strvec_push_owned(&shown, esc_term_dup(t->cells.v[i]));
	layout_make(t, &shown, width, &lo);
	if (!t->no_header) {
		for (size_t c = 0; c < t->cols_nr; c++) {
			texts[c] = t->cols[c].header;
			styles[c] = TERM_BOLD;
		}
		render_row(t, &lo, texts, styles, color, sb);
	}
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->cols_nr; c++) {
			texts[c] = shown.v[r * t->cols_nr + c];
			styles[c] = t->styles.v[r * t->cols_nr + c];
		}
		render_row(t, &lo, texts, styles, color, sb);
		if (r < t->notes.nr && *t->notes.v[r])
			render_notes(t->notes.v[r], note_indent(t, &lo), width,
				     sb);
	}
	if (lo.dropped.nr) {
		struct strbuf note = STRBUF_INIT;
		char *prefix = xstrfmt("%*s", (int)t->indent, "");
		strbuf_addf(&note, "(left out to fit %zu columns:", width);
		for (size_t i = 0; i < lo.dropped.nr; i++)
			strbuf_addf(&note, "%s %s", i ? "," : "",
				    lo.dropped.v[i]);
		strbuf_addch(&note, ')');
		table_wrap_text(sb, prefix, note.buf, width, t->indent);
		strbuf_release(&note);
		free(prefix);
	}
	layout_release(&lo);
	strvec_clear(&shown);
	free(texts);
	free(styles);
}

/* ---- Markdown ---- */

void table_render_md(const struct table *t, struct strbuf *sb)
{
	size_t rows = rows_of(t);
	if (!t->no_header) {
		strbuf_addch(sb, '|');
		for (size_t c = 0; c < t->cols_nr; c++) {
			strbuf_addch(sb, ' ');
			esc_md(sb, t->cols[c].header);
			strbuf_addstr(sb, " |");
		}
		strbuf_addstr(sb, "\n|");
		for (size_t c = 0; c < t->cols_nr; c++)
			strbuf_addstr(sb, t->cols[c].align == TABLE_RIGHT
						  ? "---:|"
						  : "---|");
		strbuf_addch(sb, '\n');
	}
	for (size_t r = 0; r < rows; r++) {
		strbuf_addch(sb, '|');
		for (size_t c = 0; c < t->cols_nr; c++) {
			size_t i = r * t->cols_nr + c;
			bool strong = !strcmp(t->styles.v[i], TERM_ALERT);
			strbuf_addstr(sb, strong ? " **" : " ");
			esc_md(sb, t->cells.v[i]);
			strbuf_addstr(sb, strong ? "** |" : " |");
		}
		strbuf_addch(sb, '\n');
	}
}

/*
 * escape.h: one sanitiser per output medium, for every string that comes
 * from a manifest, a result file or a program (titles, ids, reasons,
 * compiler diagnostics, program output quoted in WA reasons). Such text is
 * untrusted: raw ESC, BEL or C1 bytes would drive the terminal (an OSC 52
 * clipboard write, a screen clear), and '<' would become HTML in a
 * Markdown or HTML report.
 *
 * Terminal: C0 controls, DEL, C1 controls (raw or UTF-8 encoded), invalid
 * UTF-8 and the bidirectional overrides are shown as visible escapes
 * ("\x1b", "\u202e"); everything else passes unchanged.
 * HTML: the terminal escapes, then & < > " ' as entities.
 * Markdown: the terminal escapes, < > & as entities, and what would make
 * code, emphasis, a table cell or a link (\ ` * | and the "(" or "[" after
 * a "]") backslash-escaped.
 * Shell: a word a user may paste into a POSIX shell (versus itself never
 * runs one); the result then goes through the medium's own escape.
 */
#ifndef VERSUS_ESCAPE_H
#define VERSUS_ESCAPE_H

#include <stdbool.h>

#include "util/strbuf.h"

/* Append s (NULL: nothing) for a terminal, on one line ('\n' -> "\n"). */
void esc_term(struct strbuf *sb, const char *s);
/* Same, keeping line breaks and tabs (compiler diagnostics). */
void esc_term_block(struct strbuf *sb, const char *s);
/* A new string: esc_term of s. Caller owns it (free()). */
char *esc_term_dup(const char *s);
/* Append s as HTML text or attribute value. */
void esc_html(struct strbuf *sb, const char *s);
/* Same, keeping line breaks and tabs (inside <pre>). */
void esc_html_block(struct strbuf *sb, const char *s);
/* Append s as inline Markdown text (also fit for a table cell). */
void esc_md(struct strbuf *sb, const char *s);
/* Append s for inside a Markdown code span (`...`): no backtick, no '|'. */
void esc_md_code(struct strbuf *sb, const char *s);
/*
 * Append s as one POSIX shell word. The rule is an allow-list: a non-empty
 * s made only of ASCII letters, digits and _ - . / = : , + @ % is left as
 * is; anything else (a space, a quote, $ ` \ * ? [ ~ # & ; | < > ( ) { }
 * ! ^, a control or non-ASCII byte, the empty string) is put in single
 * quotes, each ' written '\''. So every output reads back as s.
 */
void esc_sh(struct strbuf *sb, const char *s);
/* Append argv[0..n) as esc_sh words separated by single spaces. */
void esc_sh_argv(struct strbuf *sb, const char *const *argv, size_t n);
/* Whether s holds nothing esc_term would change. */
bool esc_term_clean(const char *s);

#endif

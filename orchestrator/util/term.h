/*
 * term.h: the two pieces of global state STYLE.md allows: log verbosity and
 * whether stderr/stdout get colour. Set once by main.c from --quiet,
 * --verbose, --color and NO_COLOR; read everywhere.
 */
#ifndef VERSUS_TERM_H
#define VERSUS_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum term_color_mode { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };

/* -1 quiet, 0 normal, 1 verbose, 2 very verbose. */
extern int term_verbosity;

/* Decide colour for stdout and stderr (NO_COLOR wins over auto). */
void term_setup(enum term_color_mode mode);
/* Whether the given stream (stdout or stderr) gets ANSI colour. */
bool term_color(FILE *stream);
/* An ANSI sequence, or "" when the stream is not coloured. */
const char *term_sgr(FILE *stream, const char *sgr);
/*
 * How many columns text for stdout may use: the terminal's width
 * (TIOCGWINSZ) when stdout is a terminal, else $COLUMNS when it holds a
 * number from 20 to 10000 (so COLUMNS=80 versus ... | less fits), else 0,
 * no limit: a file or a pipe gets every column of every table.
 */
size_t term_width(void);
/*
 * The ANSI sequence of sgr (one of the TERM_* codes below; "" for another),
 * whatever the streams: for text rendered into a buffer whose caller
 * decided colour (render/table.c).
 */
const char *term_seq(const char *sgr);
#define TERM_RED    "31"
#define TERM_GREEN  "32"
#define TERM_YELLOW "33"
#define TERM_BOLD   "1"
#define TERM_DIM    "2"
#define TERM_RESET  "0"
#define TERM_ALERT  "31;1" /* bold red: a regression */

/* "versus: warning: ..." on stderr unless quiet. */
void term_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "versus: ..." on stderr when verbose (level >= 1). */
void term_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

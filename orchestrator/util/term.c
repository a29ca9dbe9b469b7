#include "util/term.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/escape.h"
#include "util/strbuf.h"
#include "util/banned.h"

int term_verbosity;
static bool color_stdout;
static bool color_stderr;

void term_setup(enum term_color_mode mode)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	bool allowed = !(no_color && *no_color) &&
		       !(term && !__builtin_strcmp(term, "dumb"));
	switch (mode) {
	case TERM_COLOR_ALWAYS:
		color_stdout = color_stderr = true;
		break;
	case TERM_COLOR_NEVER:
		color_stdout = color_stderr = false;
		break;
	case TERM_COLOR_AUTO:
		color_stdout = allowed && isatty(STDOUT_FILENO);
		color_stderr = allowed && isatty(STDERR_FILENO);
		break;
	}
}

bool term_color(FILE *stream)
{
	return stream == stderr ? color_stderr : color_stdout;
}

size_t term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end;
	long n;
	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (!env || !*env)
		return 0;
	n = strtol(env, &end, 10);
	return !*end && n >= 20 && n <= 10000 ? (size_t)n : 0;
}

const char *term_seq(const char *sgr)
{
	static const struct {
		const char *code;
		const char *seq;
	} seqs[] = {
		{TERM_RED, "\033[31m"},	    {TERM_GREEN, "\033[32m"},
		{TERM_YELLOW, "\033[33m"},  {TERM_BOLD, "\033[1m"},
		{TERM_DIM, "\033[2m"},	    {TERM_RESET, "\033[0m"},
		{TERM_ALERT, "\033[31;1m"},
	};
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++)
		if (!__builtin_strcmp(seqs[i].code, sgr))
			return seqs[i].seq;
	return "";
}

const char *term_sgr(FILE *stream, const char *sgr)
{
	return term_color(stream) ? term_seq(sgr) : "";
}

/* The formatted text, escaped for a terminal (util/escape.h): warnings
 * quote ids, paths and reasons from manifests and result files. */
static char *term_vsanitize(const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_vaddf(&raw, fmt, ap);
	esc_term(&out, raw.buf);
	strbuf_release(&raw);
	return strbuf_detach(&out, NULL);
}

void term_warn(const char *fmt, ...)
{
	if (term_verbosity < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *text = term_vsanitize(fmt, ap);
	va_end(ap);
	fprintf(stderr, "versus: %swarning:%s %s\n",
		term_sgr(stderr, TERM_YELLOW), term_sgr(stderr, TERM_RESET),
		text);
	free(text);
}

void term_info(const char *fmt, ...)
{
	if (term_verbosity < 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *text = term_vsanitize(fmt, ap);
	va_end(ap);
	fprintf(stderr, "versus: %s\n", text);
	free(text);
}

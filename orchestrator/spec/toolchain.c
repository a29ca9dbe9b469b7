/*
 * toolchain.c: toolchain detection and the set of a run. Detection runs a
 * handful of short commands (resolve, detect) directly with posix_spawn,
 * not in the sandbox: they are the user's own tools, run once, with a
 * timeout and capped output.
 */
#include "spec/toolchain.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/fs.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define DETECT_TIMEOUT_MS 10000

/* ---- detection ---- */

/* First non-empty line of s, trimmed; caller owns. */
static char *first_line(const char *s)
{
	while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
		s++;
	size_t len = strcspn(s, "\r\n");
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len > 200)
		len = 200;
	return xstrndup(s, len);
}

/* Real absolute path of an executable file, or NULL. Caller owns. */
static char *real_executable(const char *path)
{
	char *real = realpath(path, NULL);
	struct stat st;
	if (!real || stat(real, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(real, X_OK) < 0) {
		free(real);
		return NULL;
	}
	return real;
}

/* Real path of name looked up on $PATH (or taken as a path if it has a
 * '/'), or NULL. Caller owns. */
static char *search_path(const char *name)
{
	if (strchr(name, '/'))
		return real_executable(name);
	char *found = fs_path_search(name);
	char *real = found ? real_executable(found) : NULL;
	free(found);
	return real;
}

/* Through the recipe's resolve command, when it has one that works. */
static char *resolve_tool(const struct recipe *r, const char *name)
{
	for (size_t i = 0; i < r->resolve_nr; i++) {
		if (strcmp(r->resolve_tools[i], name))
			continue;
		struct strvec argv = STRVEC_INIT;
		strvec_copy(&argv, &r->resolve_argv[i]);
		char *prog = search_path(argv.v[0]);
		char *found = NULL;
		if (prog) {
			free(argv.v[0]);
			argv.v[0] = prog;
			struct strbuf out = STRBUF_INIT;
			int st = run_capture(argv.v, DETECT_TIMEOUT_MS, &out,
					     NULL);
			if (st >= 0 && WIFEXITED(st) && !WEXITSTATUS(st)) {
				char *line = first_line(out.buf);
				if (line[0] == '/')
					found = real_executable(line);
				free(line);
			}
			strbuf_release(&out);
		}
		strvec_clear(&argv);
		if (found)
			return found;
		break; /* e.g. no rustup: fall back to PATH */
	}
	return search_path(name);
}

static void add_tool_name(struct strvec *names, const struct strvec *argv)
{
	if (!argv->nr || argv->v[0][0] == '{')
		return;
	for (size_t i = 0; i < names->nr; i++)
		if (!strcmp(names->v[i], argv->v[0]))
			return;
	strvec_push(names, argv->v[0]);
}

static void describe_status(struct strbuf *sb, int st)
{
	if (st == -ETIMEDOUT)
		strbuf_addf(sb, "timed out after %d s",
			    DETECT_TIMEOUT_MS / 1000);
	else if (st < 0)
		strbuf_addf(sb, "cannot start: %s", strerror(-st));
	else if (WIFEXITED(st))
		strbuf_addf(sb, "exit status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		strbuf_addf(sb, "killed by signal %d", WTERMSIG(st));
}

void toolchain_detect(const struct recipe *r, struct toolchain *tc)
{
	memset(tc, 0, sizeof(*tc));
	struct strvec names = STRVEC_INIT;
	add_tool_name(&names, &r->detect);
	add_tool_name(&names, &r->build);
	add_tool_name(&names, &r->run);
	tc->tool_names = xcalloc(names.nr + 1, sizeof(char *));
	tc->tool_paths = xcalloc(names.nr + 1, sizeof(char *));
	struct strbuf why = STRBUF_INIT;
	for (size_t i = 0; i < names.nr; i++) {
		char *path = resolve_tool(r, names.v[i]);
		if (!path && !why.len)
			strbuf_addf(&why, "'%s' not found on PATH", names.v[i]);
		tc->tool_names[tc->tools_nr] = xstrdup(names.v[i]);
		tc->tool_paths[tc->tools_nr++] = path;
	}
	strvec_clear(&names);
	const char *detect_path =
		r->detect.nr ? toolchain_tool_path(tc, r->detect.v[0]) : NULL;
	if (detect_path)
		tc->path = xstrdup(detect_path);
	if (!why.len && detect_path) {
		struct strvec argv = STRVEC_INIT;
		strvec_copy(&argv, &r->detect);
		free(argv.v[0]);
		argv.v[0] = xstrdup(detect_path);
		struct strbuf out = STRBUF_INIT;
		int st = run_capture(argv.v, DETECT_TIMEOUT_MS, &out, NULL);
		char *line = first_line(out.buf);
		if (st >= 0 && WIFEXITED(st) && !WEXITSTATUS(st) && line[0]) {
			tc->version = line;
			line = NULL;
		} else {
			strbuf_addf(&why, "'");
			for (size_t i = 0; i < r->detect.nr; i++)
				strbuf_addf(&why, "%s%s", i ? " " : "",
					    r->detect.v[i]);
			strbuf_addf(&why, "' failed: ");
			if (st >= 0 && WIFEXITED(st) && !WEXITSTATUS(st))
				strbuf_addstr(&why, "printed no version");
			else
				describe_status(&why, st);
			if (line && line[0])
				strbuf_addf(&why, ": %s", line);
		}
		free(line);
		strbuf_release(&out);
		strvec_clear(&argv);
	}
	if (why.len) {
		tc->available = false;
		tc->reason = strbuf_detach(&why, NULL);
	} else {
		tc->available = true;
	}
	strbuf_release(&why);
}

void toolchain_release(struct toolchain *tc)
{
	if (!tc)
		return;
	free(tc->path);
	free(tc->version);
	free(tc->reason);
	for (size_t i = 0; i < tc->tools_nr; i++) {
		free(tc->tool_names[i]);
		free(tc->tool_paths[i]);
	}
	free(tc->tool_names);
	free(tc->tool_paths);
	memset(tc, 0, sizeof(*tc));
}

const char *toolchain_tool_path(const struct toolchain *tc, const char *tool)
{
	for (size_t i = 0; i < tc->tools_nr; i++)
		if (!strcmp(tc->tool_names[i], tool))
			return tc->tool_paths[i];
	return NULL;
}

/* ---- the set of a run: each recipe detected once ---- */

void toolchain_set_init(struct toolchain_set *ts,
			const struct recipe_set *recipes)
{
	ts->recipes = recipes;
	ts->nr = recipes->nr;
	ts->items = xcalloc(ts->nr + 1, sizeof(*ts->items));
	ts->detected = xcalloc(ts->nr + 1, sizeof(*ts->detected));
}

struct detect_job {
	const struct recipe *recipe;
	struct toolchain *tc;
	pthread_t thread;
	bool started;
};

static void *detect_thread(void *arg)
{
	struct detect_job *job = arg;
	toolchain_detect(job->recipe, job->tc);
	return NULL;
}

static bool wanted(const char *language, const char *const *languages,
		   size_t nr)
{
	if (!languages)
		return true;
	for (size_t i = 0; i < nr; i++)
		if (languages[i] && !strcmp(languages[i], language))
			return true;
	return false;
}

void toolchain_set_detect(struct toolchain_set *ts,
			  const char *const *languages, size_t nr)
{
	struct detect_job *jobs = xcalloc(ts->nr + 1, sizeof(*jobs));
	/* Detection is mostly waiting on processes: overlap them all. */
	for (size_t i = 0; i < ts->nr; i++) {
		if (ts->detected[i] ||
		    !wanted(ts->recipes->items[i].language, languages, nr))
			continue;
		jobs[i].recipe = &ts->recipes->items[i];
		jobs[i].tc = &ts->items[i];
		jobs[i].started = pthread_create(&jobs[i].thread, NULL,
						 detect_thread, &jobs[i]) == 0;
		if (!jobs[i].started)
			toolchain_detect(jobs[i].recipe, jobs[i].tc);
		ts->detected[i] = true;
	}
	for (size_t i = 0; i < ts->nr; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
	free(jobs);
}

const struct toolchain *toolchain_set_get(struct toolchain_set *ts,
					  const struct recipe *r)
{
	size_t i = (size_t)(r - ts->recipes->items);
	if (i >= ts->nr)
		return NULL;
	if (!ts->detected[i]) {
		toolchain_detect(r, &ts->items[i]);
		ts->detected[i] = true;
	}
	return &ts->items[i];
}

void toolchain_set_release(struct toolchain_set *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->nr; i++)
		if (ts->detected[i])
			toolchain_release(&ts->items[i]);
	free(ts->items);
	free(ts->detected);
	ts->items = NULL;
	ts->detected = NULL;
	ts->nr = 0;
}

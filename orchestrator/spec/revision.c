/*
 * revision.c: the commit of a folder, by `git -C DIR log -1
 * --format=%H %ct` (no shell; see revision.h).
 */
#include "spec/revision.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "util/alloc.h"
#include "util/fs.h"
#include "util/parse.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/banned.h"

#define GIT_TIMEOUT_MS 10000

void revision_release(struct revision *out)
{
	if (!out)
		return;
	free(out->id);
	free(out->time);
	out->id = out->time = NULL;
}

/* "<40 or 64 hex> <unix seconds>\n" into out; false when it is not. */
static bool parse_log(const char *s, struct revision *out)
{
	size_t hex = strspn(s, "0123456789abcdef");
	if ((hex != 40 && hex != 64) || s[hex] != ' ')
		return false;
	const char *num = s + hex + 1;
	size_t digits = strspn(num, "0123456789");
	if (digits == 0 || digits > 12 || (num[digits] && num[digits] != '\n'))
		return false;
	char buf[16];
	memcpy(buf, num, digits);
	buf[digits] = '\0';
	uint64_t secs;
	if (parse_u64(buf, &secs) < 0)
		return false;
	time_t t = (time_t)secs;
	struct tm tm;
	char when[32];
	if (!gmtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return false;
	out->id = xstrndup(s, hex);
	out->time = xstrdup(when);
	return true;
}

int revision_detect(const char *dir, struct revision *out)
{
	out->id = out->time = NULL;
	char *git = fs_path_search("git");
	if (!git)
		return -ENOENT;
	/* Only plumbing that reads: no index refresh, no fsmonitor hook, no
	 * pager, no prompt. */
	static const char *const args[] = {"-C",
					   NULL,
					   "-c",
					   "core.fsmonitor=false",
					   "--no-pager",
					   "log",
					   "-1",
					   "--no-show-signature",
					   "--format=%H %ct",
					   "HEAD",
					   "--"};
	struct strvec argv = STRVEC_INIT;
	strvec_push(&argv, git);
	for (size_t i = 0; i < sizeof(args) / sizeof(*args); i++)
		strvec_push(&argv, args[i] ? args[i] : dir);
	struct strbuf sb = STRBUF_INIT;
	int st = run_capture(argv.v, GIT_TIMEOUT_MS, &sb, NULL);
	int rc = -ENOENT;
	if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && sb.buf &&
	    parse_log(sb.buf, out))
		rc = 0;
	strbuf_release(&sb);
	strvec_clear(&argv);
	free(git);
	return rc;
}

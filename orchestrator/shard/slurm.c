/*
 * slurm.c: the job scripts of `versus slurm` and the Slurm commands it
 * runs (slurm.h). The scripts are POSIX sh; every word that comes from the
 * user (paths, run arguments) is quoted with esc_sh, and what goes on an
 * #SBATCH line is checked to need no quoting at all.
 */
#include "shard/slurm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/banned.h"

#define SBATCH_TIMEOUT_MS   60000
#define SCONTROL_TIMEOUT_MS 60000

/* Whether s can be an #SBATCH value as is. */
static bool sbatch_word(const char *s)
{
	if (!s || !*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\'' ||
		    *p == '\\')
			return false;
	return true;
}

int slurm_options_check(const struct slurm_options *o,
			const struct slurm_job_files *f, struct versus_err *err)
{
	const struct {
		const char *name, *value;
	} v[] = {
		{"--partition", o->partition},
		{"--time", o->time},
		{"--mem", o->mem},
		{"--constraint", o->constraint},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i].value && !sbatch_word(v[i].value))
			return versus_err_set(
				err, -EINVAL, NULL, 0, 0,
				"%s: '%s' cannot go on an #SBATCH line (empty, "
				"or a blank, quote, backslash or control "
				"character)",
				v[i].name, v[i].value);
	if (!sbatch_word(f->dir))
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "the output folder '%s' cannot go on an "
				      "#SBATCH line (a blank, quote, "
				      "backslash or control character); "
				      "choose another with -o",
				      f->dir);
	if (strchr(f->dir, '%'))
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "the output folder '%s' has a '%%', "
				      "which Slurm expands in #SBATCH "
				      "--output paths (%%j, %%a...); choose "
				      "another with -o",
				      f->dir);
	return 0;
}

/* The #SBATCH lines both jobs share. */
static void common_lines(struct strbuf *sb, const struct slurm_options *o)
{
	if (o->partition)
		strbuf_addf(sb, "#SBATCH --partition=%s\n", o->partition);
	if (o->time)
		strbuf_addf(sb, "#SBATCH --time=%s\n", o->time);
}

static void add_word(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, ' ');
	esc_sh(sb, s);
}

char *slurm_array_script(const struct slurm_options *o,
			 const struct slurm_job_files *f)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
		    "#!/bin/sh\n"
		    "# Written by versus slurm: array task K runs shard K of "
		    "the %zu of plan %.12s.\n"
		    "# Submit with: sbatch array.sbatch (then merge.sbatch "
		    "with --dependency=afterany:<job id>)\n"
		    "#SBATCH --job-name=versus-%.12s\n"
		    "#SBATCH --array=0-%zu",
		    o->shards, f->plan_id, f->plan_id, o->shards - 1);
	if (o->max_parallel)
		strbuf_addf(&sb, "%%%zu", o->max_parallel);
	strbuf_addf(&sb, "\n#SBATCH --output=%s/logs/shard-%%a.out\n", f->dir);
	if (o->exclusive)
		strbuf_addstr(&sb, "#SBATCH --exclusive\n");
	common_lines(&sb, o);
	if (o->mem)
		strbuf_addf(&sb, "#SBATCH --mem=%s\n", o->mem);
	if (o->constraint)
		strbuf_addf(&sb, "#SBATCH --constraint=%s\n", o->constraint);
	strbuf_addstr(&sb, "\n: \"${SLURM_ARRAY_TASK_ID:?not an array task: "
			   "submit this with sbatch}\"\n"
			   "exec");
	add_word(&sb, f->versus);
	strbuf_addf(&sb,
		    " run --no-progress --shard \"$SLURM_ARRAY_TASK_ID/%zu\"",
		    o->shards);
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/plan.json", f->dir);
	strbuf_addstr(&sb, " --plan");
	add_word(&sb, path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/shards/", f->dir);
	strbuf_addstr(&sb, " -o");
	add_word(&sb, path.buf);
	strbuf_addstr(&sb, "\"$SLURM_ARRAY_TASK_ID\"");
	strbuf_release(&path);
	for (size_t i = 0; i < f->run_args_nr; i++)
		add_word(&sb, f->run_args[i]);
	if (f->paths_nr)
		strbuf_addstr(&sb, " --");
	for (size_t i = 0; i < f->paths_nr; i++)
		add_word(&sb, f->paths[i]);
	strbuf_addch(&sb, '\n');
	return strbuf_detach(&sb, NULL);
}

char *slurm_merge_script(const struct slurm_options *o,
			 const struct slurm_job_files *f)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(
		&sb,
		"#!/bin/sh\n"
		"# Written by versus slurm: merges the shards of plan "
		"%.12s once every array\n"
		"# task has ended, however (afterany): a failed task leaves "
		"a partial merge\n"
		"# that names what is missing (then exit status 1), and "
		"renders it as report.md.\n"
		"#SBATCH --job-name=versus-merge-%.12s\n"
		"#SBATCH --output=%s/logs/merge.out\n",
		f->plan_id, f->plan_id, f->dir);
	common_lines(&sb, o);
	struct strbuf path = STRBUF_INIT;
	strbuf_addch(&sb, '\n');
	esc_sh(&sb, f->versus);
	strbuf_addstr(&sb, " merge --plan");
	strbuf_addf(&path, "%s/plan.json", f->dir);
	add_word(&sb, path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/shards", f->dir);
	add_word(&sb, path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/merged.json", f->dir);
	strbuf_addstr(&sb, " -o");
	add_word(&sb, path.buf);
	strbuf_addstr(&sb, "\nstatus=$?\n"
			   "# 0 merged, 1 merged with units missing (named "
			   "above); else nothing written\n"
			   "[ \"$status\" -le 1 ] || exit \"$status\"\n");
	esc_sh(&sb, f->versus);
	strbuf_addstr(&sb, " report --format md");
	add_word(&sb, path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/report.md", f->dir);
	strbuf_addstr(&sb, " -o");
	add_word(&sb, path.buf);
	strbuf_release(&path);
	strbuf_addstr(&sb, " || exit\nexit \"$status\"\n");
	return strbuf_detach(&sb, NULL);
}

/* s without its trailing blank lines and spaces, on one line. */
static void one_line(struct strbuf *dst, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < n && dst->len < 300; i++)
		strbuf_addch(dst, s[i] == '\n' ? ';' : s[i]);
}

/* "exited with status 1", "killed by signal 9", "timed out", errno. */
static void status_text(struct strbuf *sb, int status)
{
	if (status == -ETIMEDOUT)
		strbuf_addstr(sb, "timed out");
	else if (status < 0)
		strbuf_addf(sb, "could not start: %s", strerror(-status));
	else if (WIFEXITED(status))
		strbuf_addf(sb, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		strbuf_addf(sb, "killed by signal %d", WTERMSIG(status));
	else
		strbuf_addf(sb, "ended with wait status %d", status);
}

int slurm_submit(const char *sbatch, const char *dependency, const char *script,
		 char **job_id, struct versus_err *err)
{
	struct strbuf out = STRBUF_INIT, eout = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	strvec_push(&argv, sbatch);
	strvec_push(&argv, "--parsable");
	if (dependency)
		strvec_pushf(&argv, "--dependency=%s", dependency);
	strvec_push(&argv, script);
	int status = run_capture(argv.v, SBATCH_TIMEOUT_MS, &out, &eout);
	int rc = 0;
	/* --parsable: "<id>" or "<id>;<cluster>" alone on its line */
	size_t idlen = strcspn(out.buf, ";\n");
	bool digits = idlen > 0;
	for (size_t i = 0; i < idlen; i++)
		digits = digits && out.buf[i] >= '0' && out.buf[i] <= '9';
	if (status != 0 || !digits) {
		struct strbuf why = STRBUF_INIT;
		status_text(&why, status);
		if (status == 0)
			strbuf_addstr(&why, " but printed no job id");
		if (eout.len) {
			strbuf_addstr(&why, ": ");
			one_line(&why, eout.buf);
		} else if (out.len) {
			strbuf_addstr(&why, ": ");
			one_line(&why, out.buf);
		}
		rc = versus_err_set(err,
				    status == -ETIMEDOUT ? -ETIMEDOUT
				    : status < 0	 ? status
							 : -EIO,
				    script, 0, 0, "sbatch %s", why.buf);
		strbuf_release(&why);
	} else {
		*job_id = xstrndup(out.buf, idlen);
	}
	strvec_clear(&argv);
	strbuf_release(&out);
	strbuf_release(&eout);
	return rc;
}

/* The value of " KEY=" in line (up to a blank), or NULL; caller frees. */
static char *field(const char *line, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = line; (p = strstr(p, key)); p += klen) {
		if (p != line && p[-1] != ' ')
			continue;
		if (p[klen] != '=')
			continue;
		const char *v = p + klen + 1;
		return xstrndup(v, strcspn(v, " \n"));
	}
	return NULL;
}

/* Slurm's final job states (slurm.h's JOB_COMPLETE and beyond). */
static bool final_state(const char *s)
{
	static const char *const done[] = {
		"COMPLETED", "FAILED",	      "CANCELLED",    "TIMEOUT",
		"NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED",    "BOOT_FAIL",
		"DEADLINE",  "REVOKED",	      "SPECIAL_EXIT",
	};
	for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (!strcmp(s, done[i]))
			return true;
	return false;
}

int slurm_job_query(const char *scontrol, const char *id,
		    struct slurm_job_state *st, struct versus_err *err)
{
	struct strbuf out = STRBUF_INIT, eout = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	const char *const words[] = {scontrol, "show", "job", "-o", id, NULL};
	strvec_pushv(&argv, words);
	memset(st, 0, sizeof(*st));
	int status = run_capture(argv.v, SCONTROL_TIMEOUT_MS, &out, &eout);
	strvec_clear(&argv);
	int rc = 0;
	if (status != 0) {
		if (strstr(eout.buf, "Invalid job id")) {
			rc = versus_err_set(err, -ENOENT, NULL, 0, 0,
					    "slurm no longer knows job %s", id);
		} else {
			struct strbuf why = STRBUF_INIT;
			status_text(&why, status);
			if (eout.len) {
				strbuf_addstr(&why, ": ");
				one_line(&why, eout.buf);
			}
			rc = versus_err_set(err, -EIO, NULL, 0, 0,
					    "scontrol show job %s %s", id,
					    why.buf);
			strbuf_release(&why);
		}
		goto out;
	}
	bool all_done = true;
	for (char *line = out.buf; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *state = field(line, "JobState");
		if (state) {
			char *code = field(line, "ExitCode");
			int ec = 0, sig = 0;
			if (code && sscanf(code, "%d:%d", &ec, &sig) != 2)
				ec = sig = 0;
			bool done = final_state(state);
			st->tasks++;
			all_done = all_done && done;
			if (done) {
				st->tasks_done++;
				if (!strcmp(state, "COMPLETED"))
					st->tasks_completed++;
				if (ec > st->exit_code)
					st->exit_code = ec;
				if (sig > st->signal)
					st->signal = sig;
			}
			/* the first task still running names the state */
			if (!st->state[0] || (!done && final_state(st->state)))
				snprintf(st->state, sizeof(st->state), "%s",
					 state);
			free(code);
			free(state);
		}
		if (!end)
			break;
		line = end + 1;
	}
	if (!st->tasks)
		rc = versus_err_set(err, -EIO, NULL, 0, 0,
				    "scontrol show job %s: no JobState in its "
				    "output",
				    id);
	st->done = st->tasks && all_done;
out:
	strbuf_release(&out);
	strbuf_release(&eout);
	return rc;
}

/*
 * jobstep.c: each run a Slurm job step of its own (jobstep.h).
 */
#include "measure/jobstep.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/fs.h"
#include "util/run.h"
#include "util/strvec.h"
#include "util/banned.h"

/* srun's own start and end, on top of the run's wall limit */
#define STEP_SLACK_MS (120 * 1000LL)
/* after SIGTERM to srun (it ends the step): until srun is killed; well
   under Slurm's KillWait (30 s by default), so that versus still writes
   its results after a scancel */
#define STEP_GRACE_MS (5 * 1000LL)

struct jobstep {
	char *srun;	       /* absolute */
	char *versus;	       /* this very binary, absolute */
	char *dir;	       /* private folder of the steps' output files */
	char *node;	       /* SLURMD_NODENAME: where steps run; or NULL */
	const char *cgroups;   /* --cgroups of every step's sandbox */
	struct strvec sources; /* memory_source strings seen (interned) */
	uint64_t steps;
};

static const char *cgroups_name(enum sandbox_cgroups c)
{
	switch (c) {
	case SANDBOX_CGROUPS_REQUIRED:
		return "required";
	case SANDBOX_CGROUPS_OFF:
		return "off";
	default:
		return "auto";
	}
}

/*
 * jobstep_decide(), keeping what a yes needs: srun's and versus's paths
 * (*srun, *self; owned by the caller, NULL unless 1 is returned).
 */
static int decide(enum jobstep_when when, const struct sandbox *sb,
		  enum sandbox_cgroups cgroups, struct strbuf *why, char **srun,
		  char **self)
{
	*srun = *self = NULL;
	if (when == JOBSTEP_NEVER)
		return 0;
	const char *job = getenv("SLURM_JOB_ID");
	bool in_job = job && *job;
	if (when == JOBSTEP_AUTO &&
	    (!in_job || sandbox_mode(sb) != SANDBOX_MODE_NONE ||
	     cgroups == SANDBOX_CGROUPS_OFF))
		return 0;
	if (!in_job) {
		strbuf_addstr(why, "--job-steps always: not inside a Slurm job "
				   "(SLURM_JOB_ID is not set)");
		return -EINVAL;
	}
	*srun = fs_path_search("srun");
	*self = realpath("/proc/self/exe", NULL);
	/*
	 * Without a box the program shares the caller's uid with srun,
	 * which (unlike versus) is dumpable: it could write a record of its
	 * own into srun's stdout. Direct runs give it no such door.
	 */
	const char *cannot =
		!*srun	 ? "no srun on PATH"
		: !*self ? "versus cannot find its own binary"
		: sandbox_box(sb) == SANDBOX_BOX_NONE
			? "there is no box (a program with the caller's uid "
			  "could forge the step's result through srun)"
			: NULL;
	if (cannot) {
		if (when == JOBSTEP_AUTO)
			strbuf_addf(why,
				    "no cgroup of this job is writable, and "
				    "runs cannot be job steps (%s): runs "
				    "measure without cgroups",
				    cannot);
		else
			strbuf_addf(why, "--job-steps always: %s", cannot);
		free(*srun);
		free(*self);
		*srun = *self = NULL;
		return when == JOBSTEP_AUTO ? 0 : -EINVAL;
	}
	strbuf_addstr(why,
		      when == JOBSTEP_AUTO
			      ? "no cgroup of this job is writable: each run "
				"is a job step of its own (srun), which Slurm "
				"contains and limits; versus's box and seccomp "
				"still confine the program"
			      : "each run is a job step of its own "
				"(--job-steps always)");
	return 1;
}

int jobstep_decide(enum jobstep_when when, const struct sandbox *sb,
		   enum sandbox_cgroups cgroups, struct strbuf *why)
{
	char *srun, *self;
	int rc = decide(when, sb, cgroups, why, &srun, &self);
	free(srun);
	free(self);
	return rc;
}

int jobstep_open(enum jobstep_when when, const struct sandbox *sb,
		 enum sandbox_cgroups cgroups, struct jobstep **out,
		 struct strbuf *why)
{
	*out = NULL;
	char *srun, *self;
	int rc = decide(when, sb, cgroups, why, &srun, &self);
	if (rc <= 0)
		return rc;
	const char *tmp = getenv("TMPDIR");
	char *dir = xstrfmt("%s/versus-steps-XXXXXX",
			    tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		int e = errno;
		strbuf_reset(why);
		strbuf_addf(why,
			    "%sruns cannot be job steps: no folder for their "
			    "output can be made in %s: %s",
			    when == JOBSTEP_AUTO ? "" : "--job-steps always: ",
			    dir, strerror(e));
		free(dir);
		free(srun);
		free(self);
		return when == JOBSTEP_AUTO ? 0 : -e;
	}
	struct jobstep *js = xcalloc(1, sizeof(*js));
	js->srun = srun;
	js->versus = self;
	js->dir = dir;
	js->cgroups = cgroups_name(cgroups);
	/* a step of a multi-node allocation stays on this node */
	const char *node = getenv("SLURMD_NODENAME");
	js->node = node && *node ? xstrdup(node) : NULL;
	strvec_init(&js->sources);
	*out = js;
	return 0;
}

void jobstep_free(struct jobstep *js)
{
	if (!js)
		return;
	rmdir(js->dir);
	free(js->dir);
	free(js->srun);
	free(js->versus);
	free(js->node);
	strvec_clear(&js->sources);
	free(js);
}

uint64_t jobstep_count(const struct jobstep *js)
{
	return js ? js->steps : 0;
}

/* A folder the run names that exists here: a direct run skips the others
   (the box binds what it finds), `versus sandbox` would refuse them. */
static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The step's command line: srun, then `versus sandbox` with spec. */
static void step_argv(const struct jobstep *js, const struct sandbox_spec *s,
		      const char *files, struct strvec *v)
{
	strvec_push(v, js->srun);
	/* one task on this node, all the job's CPUs (no binding of
	   Slurm's own: the sandbox pins when asked), beside versus's own
	   step when versus itself runs in one */
	strvec_push(v, "--ntasks=1");
	strvec_push(v, "--nodes=1");
	if (js->node)
		strvec_pushf(v, "--nodelist=%s", js->node);
	strvec_push(v, "--overlap");
	strvec_push(v, "--cpu-bind=none");
	strvec_push(v, "--job-name=versus-run");
	strvec_push(v, "--quiet");
	strvec_push(v, "--");
	strvec_push(v, js->versus);
	strvec_push(v, "sandbox");
	strvec_pushf(v, "--wall-limit=%.9f", s->wall_limit_s);
	strvec_pushf(v, "--cpu-limit=%.9f", s->cpu_limit_s);
	strvec_pushf(v, "--memory-limit=%llu",
		     (unsigned long long)s->memory_limit_bytes);
	strvec_pushf(v, "--pids-limit=%llu", (unsigned long long)s->pids_limit);
	strvec_pushf(v, "--output-limit=%llu",
		     (unsigned long long)s->output_limit_bytes);
	if (s->file_size_limit_bytes)
		strvec_pushf(v, "--file-size-limit=%llu",
			     (unsigned long long)s->file_size_limit_bytes);
	if (s->disk_limit_bytes)
		strvec_pushf(v, "--disk-limit=%llu",
			     (unsigned long long)s->disk_limit_bytes);
	/* what the caller keeps of each stream, not the output limit */
	size_t keep = s->capture_stdout_bytes > s->capture_stderr_bytes
			      ? s->capture_stdout_bytes
			      : s->capture_stderr_bytes;
	strvec_pushf(v, "--keep=%llu", (unsigned long long)keep);
	strvec_pushf(v, "--policy=%s", sandbox_policy_name(s->policy));
	strvec_pushf(v, "--cgroups=%s", js->cgroups);
	if (s->stdin_path)
		strvec_pushf(v, "--stdin=%s", s->stdin_path);
	if (s->workdir)
		strvec_pushf(v, "--workdir=%s", s->workdir);
	if (s->workdir_read_only)
		strvec_push(v, "--workdir-read-only");
	if (s->home_is_workdir)
		strvec_push(v, "--home");
	for (size_t i = 0; s->writable && s->writable[i]; i++)
		if (is_folder(s->writable[i]))
			strvec_pushf(v, "--writable=%s", s->writable[i]);
	for (size_t i = 0; s->readable && s->readable[i]; i++)
		if (is_folder(s->readable[i]))
			strvec_pushf(v, "--readable=%s", s->readable[i]);
	for (size_t i = 0; s->envp && s->envp[i]; i++)
		strvec_pushf(v, "--env=%s", s->envp[i]);
	if (s->cpus && *s->cpus) {
		/* a list; one CPU "N" would read as a count */
		if (strpbrk(s->cpus, "-,"))
			strvec_pushf(v, "--cpus=%s", s->cpus);
		else
			strvec_pushf(v, "--cpus=%s-%s", s->cpus, s->cpus);
	}
	strvec_pushf(v, "--stdout=%s/stdout", files);
	strvec_pushf(v, "--stderr=%s/stderr", files);
	if (s->pipe_sink) {
		strvec_pushf(v, "--pipe=%s/pipe", files);
		if (s->pipe_limit_bytes)
			strvec_pushf(v, "--pipe-limit=%llu",
				     (unsigned long long)s->pipe_limit_bytes);
	}
	strvec_push(v, "--");
	for (size_t i = 0; s->argv[i]; i++)
		strvec_push(v, s->argv[i]);
}

/* The first cap bytes of a file, NUL-terminated; *size its whole size. */
static char *read_head(const char *path, size_t cap, size_t *len,
		       uint64_t *size)
{
	*len = 0;
	*size = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) == 0)
		*size = (uint64_t)st.st_size;
	if (*size < cap)
		cap = (size_t)*size;
	char *buf = xmalloc(cap + 1);
	while (*len < cap) {
		ssize_t got = read(fd, buf + *len, cap - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		*len += (size_t)got;
	}
	buf[*len] = '\0';
	close(fd);
	return buf;
}

/* Hand the side pipe's file to the sink, in chunks as a live run would. */
static void replay_pipe(const struct sandbox_spec *s, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	char buf[65536];
	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		s->pipe_sink(s->pipe_data, buf, (size_t)got, NULL);
	}
	close(fd);
}

static uint64_t get_u64(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;
	return n > 0 ? (uint64_t)n : 0;
}

static const char *get_text(json_t *o, const char *key)
{
	const char *t = json_string_value(json_object_get(o, key));
	return t ? t : "";
}

/* The memory_source named in the step's record, as a string that lives
   as long as js (results keep the pointer). */
static const char *intern(struct jobstep *js, const char *name)
{
	for (size_t i = 0; i < js->sources.nr; i++)
		if (!strcmp(js->sources.v[i], name))
			return js->sources.v[i];
	strvec_push(&js->sources, name);
	return js->sources.v[js->sources.nr - 1];
}

/*
 * The step's record (the JSON `versus sandbox` prints) into res, and
 * whether its sandbox was stopped by a signal. Returns 0, or -EPROTO when
 * it is not one (res untouched).
 */
static int parse_record(struct jobstep *js, const char *text,
			struct sandbox_result *res, bool *interrupted)
{
	/* the record starts a line and ends the output (a site's task
	   prolog may print lines before it) */
	const char *brace = text[0] == '{' ? text : strstr(text, "\n{");
	if (brace && *brace == '\n')
		brace++;
	json_error_t jerr;
	json_t *o = brace ? json_loads(brace, 0, &jerr) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		return -EPROTO;
	}
	const char *status = get_text(o, "status");
	int found = -1;
	for (int st = SANDBOX_OK; st <= SANDBOX_XX; st++)
		if (!strcmp(status, sandbox_status_name(st)))
			found = st;
	if (found < 0) {
		json_decref(o);
		return -EPROTO;
	}
	res->status = (enum sandbox_status)found;
	const char *mode = get_text(o, "mode");
	for (int m = SANDBOX_MODE_NONE; m <= SANDBOX_MODE_CGROUP2; m++)
		if (!strcmp(mode, sandbox_mode_name(m)))
			res->mode = (enum sandbox_mode)m;
	const char *pin = get_text(o, "pinning");
	for (int p = SANDBOX_PIN_CPUSET1; p <= SANDBOX_PIN_AFFINITY; p++)
		if (!strcmp(pin, sandbox_pin_name(p)))
			res->pin = (enum sandbox_pin)p;
	json_t *code = json_object_get(o, "exit_code");
	res->exit_code =
		json_is_integer(code) ? (int)json_integer_value(code) : -1;
	res->signal = (int)get_u64(o, "signal");
	res->wall_ns = get_u64(o, "wall_ns");
	res->exec_monotonic_ns = get_u64(o, "exec_monotonic_ns");
	res->user_ns = get_u64(o, "user_ns");
	res->sys_ns = get_u64(o, "sys_ns");
	res->cpu_ns = get_u64(o, "cpu_ns");
	res->peak_memory_bytes = get_u64(o, "peak_memory_bytes");
	res->memory_source = intern(js, get_text(o, "memory_source"));
	res->max_rss_bytes = get_u64(o, "max_rss_bytes");
	res->oom_kills = get_u64(o, "oom_kills");
	res->orphans_killed = get_u64(o, "orphans_killed");
	res->stdout_bytes = get_u64(o, "stdout_bytes");
	res->stderr_bytes = get_u64(o, "stderr_bytes");
	res->output_truncated =
		json_is_true(json_object_get(o, "output_truncated"));
	res->pipe_bytes = get_u64(o, "pipe_bytes");
	res->pipe_overflow = json_is_true(json_object_get(o, "pipe_overflow"));
	*interrupted = json_is_true(json_object_get(o, "interrupted"));
	snprintf(res->stdout_digest, sizeof(res->stdout_digest), "%s",
		 get_text(o, "stdout_digest"));
	snprintf(res->message, sizeof(res->message), "%s",
		 get_text(o, "message"));
	json_decref(o);
	return 0;
}

/* The last non-empty line of srun's stderr, for a message. */
static void last_line(const struct strbuf *text, char *out, size_t size)
{
	size_t end = text->len;
	while (end > 0 &&
	       (text->buf[end - 1] == '\n' || text->buf[end - 1] == ' '))
		end--;
	size_t start = end;
	while (start > 0 && text->buf[start - 1] != '\n')
		start--;
	snprintf(out, size, "%.*s", (int)(end - start), text->buf + start);
}

/* Slurm's words for an out-of-memory kill in a step (task/cgroup). */
static bool slurm_saw_oom(const struct strbuf *text)
{
	return strstr(text->buf, "oom-kill") || strstr(text->buf, "oom_kill") ||
	       strstr(text->buf, "OOM Killed") ||
	       strstr(text->buf, "OOM killed");
}

int jobstep_run(struct jobstep *js, const struct sandbox_spec *spec,
		struct sandbox_result *res, struct versus_err *err)
{
	memset(res, 0, sizeof(*res));
	res->exit_code = -1;
	res->memory_source = "none";
	char *files =
		xstrfmt("%s/step-%llu", js->dir, (unsigned long long)js->steps);
	if (mkdir(files, 0700) < 0) {
		int e = errno;
		versus_err_set(err, -e, files, 0, 0,
			       "cannot make the job step's folder: %s",
			       strerror(e));
		free(files);
		return -e;
	}
	struct strvec argv = STRVEC_INIT;
	step_argv(js, spec, files, &argv);
	struct strbuf out = STRBUF_INIT, serr = STRBUF_INIT;
	struct run_opts opts = {
		.timeout_ms = spec->wall_limit_s > 0
				      ? (long long)(spec->wall_limit_s * 1000) +
						STEP_SLACK_MS
				      : 0,
		.stop = sandbox_interrupt_pending,
		.stop_signal = SIGTERM,
		.grace_ms = STEP_GRACE_MS,
	};
	bool stopped = false, step_stopped = false, external = false;
	js->steps++;
	int st = run_capture_with(argv.v, &opts, &out, &serr, &stopped);
	strvec_clear(&argv);
	/* stopped by our own timeout, not by a request to stop */
	bool timed_out = stopped && !sandbox_interrupt_pending();
	int rc = 0;
	if (st < 0 && st != -ETIMEDOUT) {
		rc = versus_err_set(err, st, js->srun, 0, 0,
				    "cannot start the job step: %s",
				    strerror(-st));
	} else if (parse_record(js, out.buf, res, &step_stopped) == 0) {
		if (step_stopped && timed_out) {
			res->status = SANDBOX_XX;
			snprintf(res->message, sizeof(res->message),
				 "the job step did not end in time (the wall "
				 "limit and %lld s)",
				 STEP_SLACK_MS / 1000);
		} else if (step_stopped) {
			/* scancel, a time limit, srun signalled: the run
			   was cut short, not the program's fate; versus
			   stops as on its own SIGTERM */
			external = true;
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 3) {
			char line[256];
			last_line(&serr, line, sizeof(line));
			res->status = SANDBOX_XX;
			snprintf(res->message, sizeof(res->message),
				 "the job step's sandbox failed: %s", line);
		} else if (res->status != SANDBOX_ML && slurm_saw_oom(&serr)) {
			/* Slurm's cgroup killed a process of the step for
			   memory, as ML does for anything in the tree */
			res->status = SANDBOX_ML;
			snprintf(res->message, sizeof(res->message),
				 "Slurm killed the job step for memory (a "
				 "process of it, at its cgroup's limit; the "
				 "run's own peak %llu bytes)",
				 (unsigned long long)res->peak_memory_bytes);
		}
		char *path = xstrfmt("%s/stdout", files);
		uint64_t size;
		res->stdout_data = read_head(path, spec->capture_stdout_bytes,
					     &res->stdout_len, &size);
		res->output_truncated |= size > res->stdout_len;
		unlink(path);
		free(path);
		path = xstrfmt("%s/stderr", files);
		res->stderr_data = read_head(path, spec->capture_stderr_bytes,
					     &res->stderr_len, &size);
		res->output_truncated |= size > res->stderr_len;
		unlink(path);
		free(path);
		if (spec->pipe_sink) {
			path = xstrfmt("%s/pipe", files);
			replay_pipe(spec, path);
			unlink(path);
			free(path);
		}
	} else {
		/* no record: the step itself failed (srun could not make
		   it, or its `versus sandbox` was killed) */
		char line[256];
		last_line(&serr, line, sizeof(line));
		bool oom = slurm_saw_oom(&serr);
		/* srun, or the step's task, ended by a stop signal */
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
		int sig = st >= 0 && WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		external = !oom && !timed_out &&
			   (sig == SIGTERM || sig == SIGINT ||
			    code == 128 + SIGTERM || code == 128 + SIGINT);
		res->status = oom ? SANDBOX_ML : SANDBOX_XX;
		snprintf(res->message, sizeof(res->message), "%s%s%s",
			 oom ? "Slurm killed the job step for memory"
			 : st == -ETIMEDOUT ? "the job step did not end in time"
			 : external ? "the job step was stopped before its "
				      "sandbox wrote a record"
				    : "the job step gave no result",
			 *line ? ": " : "", line);
		const char *names[] = {"stdout", "stderr", "pipe"};
		for (size_t i = 0; i < 3; i++) {
			char *path = xstrfmt("%s/%s", files, names[i]);
			unlink(path);
			free(path);
		}
	}
	if (!res->stdout_data)
		res->stdout_data = xstrdup("");
	if (!res->stderr_data)
		res->stderr_data = xstrdup("");
	rmdir(files);
	free(files);
	strbuf_release(&out);
	strbuf_release(&serr);
	if (!rc && external)
		sandbox_interrupt();
	if (!rc && (external || sandbox_interrupt_pending()))
		rc = -EINTR;
	return rc;
}

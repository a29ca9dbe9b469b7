#include "measure/bench.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

#include "measure/build.h"
#include "measure/jobstep.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/file.h"
#include "util/strbuf.h"
#include "util/banned.h"

extern char **environ;

/* Timed runs keep only this much output: their stdout is hashed whole. */
#define TIMED_CAPTURE_BYTES  4096
#define STDERR_CAPTURE_BYTES (64U << 10)

static volatile sig_atomic_t stop_requested;

void bench_request_stop(void)
{
	stop_requested = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void utc_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *impl_id(const struct bench_impl *bi)
{
	return bi->plan->impl->id;
}

/* The argv of bi's timed case: its sweep point's, or the plan's. */
static const struct strvec *run_argv_of(const struct bench_impl *bi)
{
	return bi->point_argv.nr ? &bi->point_argv : &bi->plan->run_argv;
}

/*
 * In a sweep, a failure of bi at its own point (its validation, warm-up
 * or timed runs) says which point: "n=10: timed run 3: ...".
 */
static void note_point(const struct bench *b, struct bench_impl *bi,
		       bool was_ok)
{
	const struct plan_workload *pw = b->plan;
	if (!was_ok || bi->status == STATUS_OK || !pw->sweep_param ||
	    !bi->reason)
		return;
	char *r = xstrfmt("%s=%s: %s", pw->sweep_param,
			  pw->sweep_values->v[bi->point], bi->reason);
	free(bi->reason);
	bi->reason = r;
}

/* The baseline at bi's sweep point. */
static const struct bench_impl *baseline_of(const struct bench *b,
					    const struct bench_impl *bi)
{
	return &b->impls[bi->point * b->per_point + b->plan->baseline];
}

/* Set a failure status with a printf reason; the first failure wins. */
static void impl_fail(struct bench_impl *bi, enum impl_status status,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void impl_fail(struct bench_impl *bi, enum impl_status status,
		      const char *fmt, ...)
{
	if (bi->status != STATUS_OK)
		return;
	bi->status = status;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	bi->reason = strbuf_detach(&sb, NULL);
	bi->stopped = true;
}

/* First line of text, printable and short, for one-line reasons. */
static char *first_line(const char *text, size_t len)
{
	size_t n = 0;
	while (n < len && n < 200 && text[n] != '\n')
		n++;
	char *s = xstrndup(text, n);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return s;
}

/* The reason for a run that did not end OK, e.g. "exit code 1: ...". */
static char *run_failure_reason(const struct sandbox_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	switch (res->status) {
	case SANDBOX_RE:
		strbuf_addf(&sb, "exit code %d", res->exit_code);
		break;
	case SANDBOX_SG:
		strbuf_addf(&sb, "killed by signal %d (%s)", res->signal,
			    strsignal(res->signal));
		break;
	default:
		strbuf_addstr(&sb, res->message[0]
					   ? res->message
					   : sandbox_status_name(res->status));
		break;
	}
	if (res->stderr_len && res->status != SANDBOX_TO &&
	    res->status != SANDBOX_TW && res->status != SANDBOX_ML) {
		/* The last non-empty line of stderr usually says why. */
		const char *end = res->stderr_data + res->stderr_len;
		while (end > res->stderr_data &&
		       (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
			end--;
		const char *start = end;
		while (start > res->stderr_data && start[-1] != '\n')
			start--;
		if (end > start) {
			char *line = first_line(start, (size_t)(end - start));
			strbuf_addf(&sb, ": %s", line);
			free(line);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* The folder of path (a new string). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash != path ? xstrndup(path, (size_t)(slash - path))
				      : xstrdup("/");
}

/* Copy src to the new file dst, read-only (0444). Returns 0 or -errno. */
static int copy_read_only(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (out < 0) {
		int rc = -errno;
		close(in);
		return rc;
	}
	char buf[65536];
	int rc = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : 0;
			break;
		}
		for (ssize_t off = 0; off < n && !rc;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno != EINTR)
				rc = -errno;
			else if (w > 0)
				off += w;
		}
		if (rc)
			break;
	}
	/* the mode, whatever the umask */
	if (!rc && fchmod(out, 0444) < 0)
		rc = -errno;
	if (close(out) < 0 && !rc)
		rc = -errno;
	close(in);
	return rc;
}

/*
 * Make bi's run folder afresh with the manifest's files, read-only, under
 * their base names (workloads/README.md, "Where programs run"): what one
 * run wrote or changed there never reaches the next. Nothing to do
 * without files (the sandbox's fresh empty folder).
 */
static int prepare_rundir(const struct bench *b, const struct bench_impl *bi,
			  struct versus_err *err)
{
	const struct manifest *m = b->plan->manifest;
	const char *dir = bi->plan->rundir;
	/* a manifest's workdir is used as it is, never emptied */
	if (!dir || !m->files.nr)
		return 0;
	int rc = fs_mkdir_p(dir);
	if (!rc)
		rc = fs_empty_dir(dir);
	if (!rc && chmod(dir, 0755) < 0)
		rc = -errno;
	if (rc)
		return versus_err_set(err, rc, dir, 0, 0,
				      "cannot prepare the run's folder: %s",
				      strerror(-rc));
	for (size_t i = 0; i < m->files.nr; i++) {
		char *dst = xstrfmt("%s/%s", dir, m->file_names.v[i]);
		rc = copy_read_only(m->files.v[i], dst);
		free(dst);
		if (rc)
			return versus_err_set(err, rc, m->files.v[i], 0, 0,
					      "cannot place '%s' in the run's "
					      "folder %s: %s",
					      m->file_names.v[i], dir,
					      strerror(-rc));
	}
	return 0;
}

/*
 * What a run must see where the box has folders of its own (a workload in
 * /tmp): its build outputs, cache, source and workload folder, read-only.
 * readable must be initialised; the caller clears it after the run.
 */
static void fill_spec(const struct bench *b, const struct bench_impl *bi,
		      const struct strvec *argv, size_t capture,
		      struct sandbox_spec *spec, struct strvec *readable)
{
	const struct manifest *m = b->plan->manifest;
	memset(spec, 0, sizeof(*spec));
	strvec_push(readable, bi->plan->builddir);
	strvec_push(readable, bi->plan->cachedir);
	strvec_push_owned(readable, dir_of(bi->plan->impl->source));
	char *wdir = dir_of(m->path), *real = realpath(wdir, NULL);
	if (real)
		strvec_push_owned(readable, real);
	free(wdir);
	spec->readable = (const char *const *)readable->v;
	spec->argv = (const char *const *)argv->v;
	spec->envp = (const char *const *)bi->plan->env.v;
	spec->stdin_path = m->stdin_path;
	spec->policy = SANDBOX_POLICY_RUN;
	spec->wall_limit_s = m->limits.wall_s;
	spec->cpu_limit_s = m->limits.cpu_s;
	spec->memory_limit_bytes = m->limits.memory_bytes;
	spec->pids_limit = m->limits.pids;
	spec->output_limit_bytes = m->limits.output_bytes;
	spec->disk_limit_bytes = m->limits.disk_bytes;
	spec->cpus = b->plan->cpus; /* chosen once for the workload */
	/* a fresh work folder and HOME per run: no state survives; empty,
	   or holding the manifest's files (prepare_rundir) */
	spec->workdir = bi->plan->rundir;
	/* the files' folder: read-only in the box, never the box uid's */
	spec->workdir_read_only = bi->plan->rundir != NULL;
	spec->home_is_workdir = true;
	spec->capture_stdout_bytes = capture;
	spec->capture_stderr_bytes = STDERR_CAPTURE_BYTES;
}

/*
 * Timed runs bi will likely make in all: --runs when fixed; else, from
 * min_runs on, the runs at which the CI of the median would reach
 * target_ci, since its width shrinks as 1/sqrt(n) (half-width taken as
 * 1.96 * 1.4826 * MAD * 1.2533 / sqrt(n), the normal approximation);
 * within [min_runs, max_runs].
 */
static double runs_expected(const struct bench *b, const struct bench_impl *bi)
{
	const struct schedule_rules *r = &b->rules;
	double n = (double)bi->samples_nr, want = r->min_runs;
	if (r->fixed_runs > 0)
		return r->fixed_runs;
	if (bi->samples_nr >= 3 && r->target_ci > 0) {
		double *x = xmalloc(bi->samples_nr * sizeof(*x));
		for (size_t i = 0; i < bi->samples_nr; i++)
			x[i] = (double)bi->samples[i].wall_ns;
		double med = stats_median(x, bi->samples_nr);
		for (size_t i = 0; i < bi->samples_nr; i++)
			x[i] = fabs(x[i] - med);
		double mad = stats_median(x, bi->samples_nr);
		free(x);
		if (med > 0) {
			double hw = 1.96 * 1.4826 * 1.2533 * mad / med;
			double need = hw * hw / (r->target_ci * r->target_ci);
			want = need > want ? ceil(need) : want;
		}
	}
	if (want < n)
		want = n;
	if (r->max_runs > 0 && want > r->max_runs)
		want = r->max_runs;
	return want;
}

/*
 * The time left of the workload, from the remaining plan: per
 * implementation not stopped, its expected runs not yet made at its mean
 * run time so far (implementations not started yet: the mean of those
 * that were), at most what is left of its time budget.
 */
static double time_left(const struct bench *b)
{
	double left = 0, per_run_sum = 0;
	size_t known = 0, unknown = 0;
	for (size_t i = 0; i < b->impls_nr; i++) {
		const struct bench_impl *o = &b->impls[i];
		size_t runs = o->samples_nr + (size_t)o->warmup_runs;
		if (o->status != STATUS_OK || o->stopped)
			continue;
		if (!runs || !(o->spent_s > 0)) {
			unknown++;
			continue;
		}
		double per_run = o->spent_s / (double)runs;
		double est =
			per_run * (runs_expected(b, o) - (double)o->samples_nr);
		if (b->rules.time_budget_s > 0 &&
		    est > b->rules.time_budget_s - o->spent_s)
			est = b->rules.time_budget_s - o->spent_s;
		left += est > 0 ? est : 0;
		per_run_sum += per_run;
		known++;
	}
	if (known && unknown) {
		double est = per_run_sum / (double)known *
			     (b->rules.fixed_runs > 0 ? b->rules.fixed_runs
						      : b->rules.min_runs);
		if (b->rules.time_budget_s > 0 && est > b->rules.time_budget_s)
			est = b->rules.time_budget_s;
		left += est * (double)unknown;
	}
	return left;
}

static void progress(const struct bench *b, const char *what,
		     const struct bench_impl *bi, double started)
{
	const struct bench_observer *ob = b->options->observer;
	if (!ob || !ob->progress)
		return;
	/* a sweep's point goes with the id: "slow n=10" */
	char label[512];
	const char *id = bi ? impl_id(bi) : NULL;
	if (bi && b->plan->sweep_param) {
		snprintf(label, sizeof(label), "%s %s=%s", id,
			 b->plan->sweep_param,
			 b->plan->sweep_values->v[bi->point]);
		id = label;
	}
	struct bench_progress p = {
		.workload = b->plan->manifest->workload,
		.phase = what,
		.impl_id = id,
		.run = bi ? bi->samples_nr + 1 : 0,
		.elapsed_s = now_s() - started,
		.left_s = time_left(b),
	};
	ob->progress(ob->ctx, &p);
}

static void progress_clear(const struct bench *b)
{
	const struct bench_observer *ob = b->options->observer;
	if (ob && ob->progress)
		ob->progress(ob->ctx, NULL);
}

static void tell(const struct bench *b, enum bench_event ev,
		 const struct bench_impl *bi)
{
	const struct bench_observer *ob = b->options->observer;
	if (ob && ob->event)
		ob->event(ob->ctx, ev, b, bi);
}

/* Read an expect file once; the caller owns the result. */
static int read_expect(const char *path, struct strbuf *sb,
		       struct versus_err *err)
{
	/* Regular files only, never blocking (the loader checked the path;
	 * this checks the file actually opened). */
	int rc = file_read_regular(path, 0, sb);
	if (rc)
		return versus_err_set(err, rc, path, 0, 0,
				      "cannot read expected output: %s",
				      file_strerror(rc));
	return 0;
}

/*
 * validate.exit_ok: any (versus bench --ignore-failure): a program that
 * exited with a non-zero code ran as it should; its code is still
 * recorded with each sample.
 */
static void accept_exit(const struct bench *b, struct sandbox_result *res)
{
	if (b->plan->manifest->exit_ok_any && res->status == SANDBOX_RE)
		res->status = SANDBOX_OK;
}

/*
 * Run hook argv (what: "--prepare"...) for bi on the host, output to
 * /dev/null. Returns 0, or -1 after failing bi (RE).
 */
static int run_hook(struct bench_impl *bi, const char *const *argv,
		    const char *what)
{
	if (!argv || !argv[0])
		return 0;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	char *const *av; /* posix_spawnp's type; it does not write argv */
	memcpy(&av, &argv, sizeof(av));
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, av, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		impl_fail(bi, STATUS_RE, "%s '%s': %s", what, argv[0],
			  strerror(rc));
		return -1;
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		impl_fail(bi, STATUS_RE, "%s '%s' exited with %d", what,
			  argv[0], WEXITSTATUS(st));
	else
		impl_fail(bi, STATUS_RE, "%s '%s' ended by signal %d", what,
			  argv[0], WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return -1;
}

static const struct bench_hooks no_hooks;

/* A run of a program (never a build): directly, or as a job step. */
static int run_program(struct bench *b, struct sandbox *sb,
		       const struct sandbox_spec *spec,
		       struct sandbox_result *res, struct versus_err *err)
{
	struct jobstep *js = b->options->steps;
	if (!js)
		return sandbox_run(sb, spec, res, err);
	uint64_t before = jobstep_count(js);
	int rc = jobstep_run(js, spec, res, err);
	b->job_steps += jobstep_count(js) - before;
	return rc;
}

static const struct bench_hooks *hooks_of(const struct bench *b)
{
	return b->options->hooks ? b->options->hooks : &no_hooks;
}

/*
 * Run one untimed case of bi with the given argv and full capture.
 * Returns 0 with *res filled (caller releases), < 0 when the sandbox
 * failed or was interrupted. ex non-NULL: as an execution in iteration
 * mode (round 0); ex is then set up (caller releases it) and, when the
 * run happened, ended.
 */
static int run_untimed(struct bench *b, struct bench_impl *bi,
		       const struct strvec *argv, struct sandbox *sb,
		       struct sandbox_result *res, struct iter_exec *ex,
		       struct versus_err *err)
{
	struct sandbox_spec spec;
	struct strvec readable = STRVEC_INIT, env = STRVEC_INIT;
	int rc = prepare_rundir(b, bi, err);
	if (rc < 0) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	fill_spec(b, bi, argv, b->plan->manifest->limits.output_bytes, &spec,
		  &readable);
	if (ex)
		iter_exec_begin(ex, b->plan->manifest->iterations.count,
				b->plan->manifest->iterations.inner, 0,
				spec.envp, &env, &spec);
	rc = run_program(b, sb, &spec, res, err);
	strvec_clear(&readable);
	strvec_clear(&env);
	if (rc == 0)
		accept_exit(b, res);
	if (rc == 0 && ex)
		iter_exec_end(ex, res, status_from_sandbox(res->status));
	return rc;
}

/* Shared state of the build workers (one sandbox each). */
struct build_pool {
	struct bench *b;
	pthread_mutex_t lock;
	size_t next;		    /* next implementation to consider */
	struct build_outcome *outs; /* per implementation */
	int *rcs; /* per implementation: build_impl()'s, 1 if not built */
	struct versus_err *errs; /* per implementation */
};

struct build_worker {
	struct build_pool *pool;
	struct sandbox *sb;
};

/* Builds are made once, at sweep point 0, for every point. */
static bool needs_build(const struct bench_impl *bi)
{
	return bi->status == STATUS_OK && bi->plan->build_argv.nr &&
	       bi->point == 0;
}

static void *build_worker_main(void *arg)
{
	struct build_worker *w = arg;
	struct build_pool *pool = w->pool;
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		size_t i = pool->next;
		while (i < pool->b->impls_nr &&
		       !needs_build(&pool->b->impls[i]))
			i++;
		pool->next = i + 1;
		pthread_mutex_unlock(&pool->lock);
		if (i >= pool->b->impls_nr || stop_requested)
			break;
		pool->rcs[i] = build_impl(w->sb, pool->b->impls[i].plan,
					  &pool->outs[i], &pool->errs[i]);
		if (pool->rcs[i] < 0)
			break;
	}
	return NULL;
}

/* Record one build's outcome in bi, saying so when it failed. */
static void apply_build(struct bench *b, struct bench_impl *bi,
			struct build_outcome *out)
{
	bi->has_build = true;
	bi->build_cached = out->cached;
	bi->build_wall_ns = out->wall_ns;
	bi->build_output_bytes = out->output_bytes;
	if (out->status == STATUS_OK)
		return;
	impl_fail(bi, out->status, "%s", out->message);
	bi->build_stderr = out->stderr_head;
	out->stderr_head = NULL;
	tell(b, BENCH_BUILD_FAILED, bi);
}

/*
 * Build every implementation that needs it, on as many sandboxes as
 * options->builders gives (one thread each; sb alone when none).
 */
static int do_builds(struct bench *b, struct sandbox *sb,
		     struct versus_err *err)
{
	size_t n = b->impls_nr, workers_nr = b->options->builders_nr;
	struct build_pool pool = {.b = b};
	pool.outs = xcalloc(n ? n : 1, sizeof(*pool.outs));
	pool.rcs = xcalloc(n ? n : 1, sizeof(*pool.rcs));
	for (size_t i = 0; i < n; i++)
		pool.rcs[i] = 1; /* not built (yet) */
	pool.errs = xcalloc(n ? n : 1, sizeof(*pool.errs));
	pthread_mutex_init(&pool.lock, NULL);
	const struct bench_observer *ob = b->options->observer;
	if (ob && ob->progress) {
		struct bench_progress p = {
			.workload = b->plan->manifest->workload,
			.phase = "building",
		};
		for (size_t i = 0; i < n; i++)
			p.builds += needs_build(&b->impls[i]);
		ob->progress(ob->ctx, &p);
	}
	if (workers_nr <= 1) {
		struct build_worker w = {&pool, sb};
		build_worker_main(&w);
	} else {
		struct build_worker *ws = xcalloc(workers_nr, sizeof(*ws));
		pthread_t *tids = xcalloc(workers_nr, sizeof(*tids));
		size_t started = 0;
		for (size_t k = 0; k < workers_nr; k++) {
			ws[k] = (struct build_worker){&pool,
						      b->options->builders[k]};
			if (pthread_create(&tids[k], NULL, build_worker_main,
					   &ws[k]) == 0)
				started++;
			else
				break;
		}
		if (!started)
			build_worker_main(&ws[0]);
		for (size_t k = 0; k < started; k++)
			pthread_join(tids[k], NULL);
		free(ws);
		free(tids);
	}
	pthread_mutex_destroy(&pool.lock);

	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (pool.rcs[i] < 0 && !rc) {
			rc = pool.rcs[i];
			if (err)
				*err = pool.errs[i];
		} else if (pool.rcs[i] == 0) {
			apply_build(b, &b->impls[i], &pool.outs[i]);
		}
		build_outcome_release(&pool.outs[i]);
	}
	for (size_t i = b->per_point; i < n; i++) {
		struct bench_impl *bi = &b->impls[i];
		const struct bench_impl *b0 = &b->impls[i % b->per_point];
		bi->has_build = b0->has_build;
		bi->build_cached = b0->build_cached;
		bi->build_wall_ns = b0->build_wall_ns;
		bi->build_output_bytes = b0->build_output_bytes;
		if (b0->status != STATUS_OK)
			impl_fail(bi, b0->status, "%s", b0->reason);
	}
	if (!rc && stop_requested)
		rc = -EINTR;
	free(pool.outs);
	free(pool.rcs);
	free(pool.errs);
	return rc;
}

static void describe_params(const struct kvlist *params, struct strbuf *sb)
{
	for (size_t i = 0; i < params->nr; i++)
		strbuf_addf(sb, "%s%s=%s", i ? " " : "", params->keys[i],
			    params->values[i]);
}

/*
 * Checks of one implementation, compared with the expected files and with
 * ref's outputs (the reference: the baseline, or the first implementation
 * that passed when the baseline could not). ref NULL: bi is becoming the
 * reference, so its outputs are kept.
 */
static int do_checks_one(struct bench *b, struct bench_impl *bi,
			 const struct bench_impl *ref, struct strbuf *expects,
			 struct sandbox *sb, struct versus_err *err)
{
	const struct manifest *m = b->plan->manifest;
	for (size_t c = 0; c < bi->checks_nr && bi->status == STATUS_OK; c++) {
		struct bench_check *ck = &bi->checks[c];
		if (stop_requested)
			return -EINTR;
		struct strvec argv = STRVEC_INIT;
		int rc = plan_run_argv(b->plan, bi->plan, &ck->params, &argv,
				       err);
		if (rc < 0) {
			strvec_clear(&argv);
			return rc;
		}
		struct sandbox_result res;
		rc = run_untimed(b, bi, &argv, sb, &res, NULL, err);
		strvec_clear(&argv);
		if (rc < 0) {
			sandbox_result_release(&res);
			return rc;
		}
		bi->spent_s += (double)res.wall_ns / 1e9;
		ck->ran = true;
		struct strbuf what = STRBUF_INIT;
		strbuf_addf(&what, "check %zu (", c + 1);
		describe_params(&m->checks[c].params, &what);
		strbuf_addch(&what, ')');
		if (res.status != SANDBOX_OK) {
			char *why = run_failure_reason(&res);
			ck->status = status_from_sandbox(res.status);
			ck->message = xstrdup(why);
			impl_fail(bi, ck->status, "%s: %s", what.buf, why);
			free(why);
		} else {
			struct validate_diff diff;
			if (ck->expect &&
			    !validate_compare(&m->validate, expects[c].buf,
					      expects[c].len, true,
					      res.stdout_data, res.stdout_len,
					      &diff)) {
				ck->status = STATUS_WA;
				ck->message = xstrfmt("expected output "
						      "differs: %s",
						      diff.message);
			} else if (ref &&
				   !validate_compare(
					   &m->validate,
					   ref->checks[c].output
						   ? ref->checks[c].output
						   : "",
					   ref->checks[c].output_len, false,
					   res.stdout_data, res.stdout_len,
					   &diff)) {
				ck->status = STATUS_WA;
				ck->message = xstrfmt(
					"differs from %s '%s': %s",
					ref == baseline_of(b, bi) ? "baseline"
								  : "reference",
					impl_id(ref), diff.message);
			}
			if (ck->status != STATUS_OK)
				impl_fail(bi, STATUS_WA, "%s: %s", what.buf,
					  ck->message);
			if (!ref) {
				ck->output = res.stdout_data;
				ck->output_len = res.stdout_len;
				res.stdout_data = NULL;
			}
		}
		strbuf_release(&what);
		sandbox_result_release(&res);
	}
	return 0;
}

/*
 * The validation run of the timed case: it counts as the first warm-up,
 * captures the whole output, compares it with the reference's (ref NULL:
 * bi is the reference and keeps its output) and records the digest every
 * timed run must reproduce.
 */
static int do_validation_run(struct bench *b, struct bench_impl *bi,
			     const struct bench_impl *ref,
			     const struct strbuf *expect, struct sandbox *sb,
			     struct versus_err *err)
{
	const struct manifest *m = b->plan->manifest;
	struct sandbox_result res;
	bool was_ok = bi->status == STATUS_OK;
	struct iter_exec ex;
	bool iterating = m->iterations.count > 0;
	memset(&ex, 0, sizeof(ex));
	int rc = run_untimed(b, bi, run_argv_of(bi), sb, &res,
			     iterating ? &ex : NULL, err);
	if (rc < 0) {
		sandbox_result_release(&res);
		iter_exec_release(&ex);
		return rc;
	}
	bi->warmup_runs++;
	bi->spent_s += (double)res.wall_ns / 1e9;
	char *violation = iterating ? iter_exec_violation(&ex) : NULL;
	iter_exec_release(&ex);
	if (violation) {
		impl_fail(bi, STATUS_PV, "timed case: %s", violation);
		free(violation);
	} else if (res.status != SANDBOX_OK) {
		char *why = run_failure_reason(&res);
		impl_fail(bi, status_from_sandbox(res.status), "timed case: %s",
			  why);
		free(why);
	} else if (res.output_truncated) {
		impl_fail(bi, STATUS_OL, "timed case: output truncated");
	} else {
		memcpy(bi->output_digest, res.stdout_digest,
		       sizeof(bi->output_digest));
		bi->have_output = true;
		struct validate_diff diff;
		if (expect &&
		    !validate_compare(&m->validate, expect->buf, expect->len,
				      true, res.stdout_data, res.stdout_len,
				      &diff))
			impl_fail(bi, STATUS_WA,
				  "timed case: expected output differs: %s",
				  diff.message);
		else if (ref &&
			 !validate_compare(
				 &m->validate, ref->output ? ref->output : "",
				 ref->output_len, false, res.stdout_data,
				 res.stdout_len, &diff))
			impl_fail(bi, STATUS_WA,
				  "timed case differs from %s '%s': %s",
				  ref == baseline_of(b, bi) ? "baseline"
							    : "reference",
				  impl_id(ref), diff.message);
		if (!ref || b->options->keep_outputs) {
			bi->output = res.stdout_data;
			bi->output_len = res.stdout_len;
			res.stdout_data = NULL;
		}
		if (b->options->keep_outputs) {
			bi->output_stderr = res.stderr_data;
			bi->output_stderr_len = res.stderr_len;
			res.stderr_data = NULL;
		}
	}
	sandbox_result_release(&res);
	note_point(b, bi, was_ok);
	return 0;
}

static void add_sample(struct bench_impl *bi, int round,
		       const struct sandbox_result *res)
{
	ALLOC_GROW(bi->samples, bi->samples_nr + 1, bi->samples_alloc);
	struct bench_sample *s = &bi->samples[bi->samples_nr++];
	s->round = round;
	s->status = status_from_sandbox(res->status);
	s->exit_code = res->exit_code;
	s->signal = res->signal;
	s->wall_ns = res->wall_ns;
	s->user_ns = res->user_ns;
	s->sys_ns = res->sys_ns;
	s->cpu_ns = res->cpu_ns;
	s->peak_memory_bytes = res->peak_memory_bytes;
	s->max_rss_bytes = res->max_rss_bytes;
	s->memory_source = res->memory_source;
}

/* One timed (or extra warm-up) run of bi. */
static int timed_run(struct bench *b, struct bench_impl *bi, int round,
		     struct sandbox *sb, struct versus_err *err)
{
	if (run_hook(bi, hooks_of(b)->prepare, "--prepare") < 0) {
		bi->stop_reason = "failed";
		return 0;
	}
	struct sandbox_spec spec;
	struct strvec readable = STRVEC_INIT;
	int rc = prepare_rundir(b, bi, err);
	if (rc < 0)
		return rc;
	fill_spec(b, bi, run_argv_of(bi), TIMED_CAPTURE_BYTES, &spec,
		  &readable);
	bool was_ok = bi->status == STATUS_OK;
	const struct manifest *m = b->plan->manifest;
	struct iter_exec ex;
	struct strvec env = STRVEC_INIT;
	memset(&ex, 0, sizeof(ex));
	if (m->iterations.count)
		iter_exec_begin(&ex, m->iterations.count, m->iterations.inner,
				round, spec.envp, &env, &spec);
	struct sandbox_result res;
	double t0 = now_s();
	rc = run_program(b, sb, &spec, &res, err);
	strvec_clear(&readable);
	strvec_clear(&env);
	b->sandbox_s += now_s() - t0;
	if (rc == 0)
		accept_exit(b, &res);
	if (rc < 0) {
		sandbox_result_release(&res);
		iter_exec_release(&ex);
		return rc;
	}
	bi->spent_s += (double)res.wall_ns / 1e9;
	if (round > 0)
		add_sample(bi, round, &res);
	else
		bi->warmup_runs++;
	char *violation = NULL;
	if (m->iterations.count) {
		iter_exec_end(&ex, &res, status_from_sandbox(res.status));
		violation = iter_exec_violation(&ex);
		if (round > 0) {
			/* every timed execution is kept, whatever its fate */
			bi->samples[bi->samples_nr - 1].status = ex.status;
			ALLOC_GROW(bi->iters, bi->iters_nr + 1,
				   bi->iters_alloc);
			bi->iters[bi->iters_nr++] = ex;
		} else {
			iter_exec_release(&ex);
		}
	}
	if (violation) {
		impl_fail(bi, STATUS_PV, "%s %d: %s",
			  round > 0 ? "timed run" : "warm-up run",
			  round > 0 ? (int)bi->samples_nr : bi->warmup_runs,
			  violation);
		free(violation);
		bi->stop_reason = "failed";
	} else if (res.status != SANDBOX_OK) {
		char *why = run_failure_reason(&res);
		impl_fail(bi, status_from_sandbox(res.status), "%s %d: %s",
			  round > 0 ? "timed run" : "warm-up run",
			  round > 0 ? (int)bi->samples_nr : bi->warmup_runs,
			  why);
		free(why);
		bi->stop_reason = "failed";
	} else if (strcmp(res.stdout_digest, bi->output_digest) != 0) {
		impl_fail(bi, STATUS_ND,
			  "output changed between runs (%s run "
			  "%d: " SANDBOX_DIGEST_ALGORITHM
			  " %.12s..., first run "
			  "%.12s...)",
			  round > 0 ? "timed" : "warm-up",
			  round > 0 ? (int)bi->samples_nr : bi->warmup_runs,
			  res.stdout_digest, bi->output_digest);
		bi->stop_reason = "failed";
		/* A run whose output changed is a failure, not a sample. */
		if (round > 0)
			bi->samples[bi->samples_nr - 1].status = STATUS_ND;
		if (round > 0 && m->iterations.count)
			bi->iters[bi->iters_nr - 1].status = STATUS_ND;
	}
	sandbox_result_release(&res);
	note_point(b, bi, was_ok);
	return 0;
}

static void sample_values(const struct bench_impl *bi, int which, double *out)
{
	for (size_t i = 0; i < bi->samples_nr; i++) {
		const struct bench_sample *s = &bi->samples[i];
		out[i] = which == 0   ? (double)s->wall_ns
			 : which == 1 ? (double)s->cpu_ns
				      : (double)s->peak_memory_bytes;
	}
}

static void compute_stats(struct bench *b)
{
	size_t max_n = 1;
	for (size_t i = 0; i < b->impls_nr; i++)
		if (b->impls[i].samples_nr > max_n)
			max_n = b->impls[i].samples_nr;
	double *x = xcalloc(max_n, sizeof(double));
	double *y = xcalloc(max_n, sizeof(double));
	for (size_t i = 0; i < b->impls_nr; i++) {
		struct bench_impl *bi = &b->impls[i];
		const struct bench_impl *bl = baseline_of(b, bi);
		if (bi->status != STATUS_OK || !bi->samples_nr)
			continue;
		uint64_t seed = b->options->seed + 0x9e3779b97f4a7c15ULL * i;
		struct stats_summary *sum[3] = {&bi->wall, &bi->cpu,
						&bi->memory};
		struct stats_ratio *ratio[3] = {&bi->ratio_time, &bi->ratio_cpu,
						&bi->ratio_memory};
		bi->have_stats = true;
		bool ratios = bl->status == STATUS_OK && bl->samples_nr;
		bi->have_ratio = ratios;
		for (int w = 0; w < 3; w++) {
			sample_values(bi, w, x);
			stats_summarize(x, bi->samples_nr, seed + (uint64_t)w,
					sum[w]);
			if (bi->samples_nr < 2)
				sum[w]->ci_low = sum[w]->ci_high = NAN;
			if (!ratios)
				continue;
			if (bi == bl) {
				*ratio[w] = (struct stats_ratio){1.0, 1.0, 1.0};
			} else {
				sample_values(bl, w, y);
				/* A metric whose baseline median is 0 has no
				 * ratio; the other metrics still do. */
				if (stats_ratio_of_medians(x, bi->samples_nr, y,
							   bl->samples_nr,
							   seed + 3 +
								   (uint64_t)w,
							   ratio[w]) < 0)
					*ratio[w] = (struct stats_ratio){
						NAN, NAN, NAN};
			}
			/* One run on either side says nothing of the spread:
			 * no interval rather than a falsely narrow one. */
			if (bi->samples_nr < 2 || bl->samples_nr < 2)
				ratio[w]->ci_low = ratio[w]->ci_high = NAN;
		}
	}
	free(x);
	free(y);
}

static void bench_init(struct bench *b, const struct plan_workload *pw,
		       const struct bench_options *o, struct sandbox *sb,
		       const char *const *command)
{
	const struct manifest *m = pw->manifest;
	memset(b, 0, sizeof(*b));
	b->plan = pw;
	b->options = o;
	b->command = command;
	host_probe(&b->host, sb);
	if (o->steps) {
		/* measured in job steps: another environment */
		b->host.executor = "srun-step";
		host_fingerprints(&b->host);
	}
	b->mode_name = sandbox_mode_name(sandbox_mode(sb));
	b->box_name = sandbox_box_name(sandbox_box(sb));
	/* every run of a handle is pinned the same way (sandbox.h) */
	b->pin_name = pw->cpus ? sandbox_pin_name(sandbox_pin(sb)) : NULL;
	b->seccomp = true;
	b->warmup = o->warmup >= 0 ? o->warmup : m->measure.warmup;
	b->rules.min_runs =
		o->min_runs >= 0 ? o->min_runs : m->measure.min_runs;
	b->rules.max_runs =
		o->max_runs >= 0 ? o->max_runs : m->measure.max_runs;
	b->rules.target_ci =
		o->target_ci >= 0 ? o->target_ci : m->measure.target_ci;
	b->rules.time_budget_s = o->time_budget_s >= 0
					 ? o->time_budget_s
					 : m->measure.time_budget_s;
	b->rules.fixed_runs = o->fixed_runs;
	if (m->iterations.count) {
		/* iteration mode: the validation execution, then exactly
		   `executions` (or --runs) timed ones (workloads/README.md) */
		b->warmup = 1;
		if (!b->rules.fixed_runs)
			b->rules.fixed_runs = m->iterations.executions;
	}
	/* The limit the user gave on the command line wins. */
	if (b->rules.max_runs < b->rules.min_runs) {
		if (o->max_runs >= 0 && o->min_runs < 0)
			b->rules.min_runs = b->rules.max_runs;
		else
			b->rules.max_runs = b->rules.min_runs;
	}
	utc_now(b->started_at);
	b->points_nr = pw->sweep_param ? pw->sweep_values->nr : 1;
	b->per_point = pw->impls_nr;
	b->impls_nr = pw->impls_nr * b->points_nr;
	b->baseline = (b->points_nr - 1) * b->per_point + pw->baseline;
	b->reference = SIZE_MAX;
	b->point_reference = xcalloc(b->points_nr, sizeof(size_t));
	for (size_t p = 0; p < b->points_nr; p++)
		b->point_reference[p] = SIZE_MAX;
	b->impls = xcalloc(b->impls_nr ? b->impls_nr : 1, sizeof(*b->impls));
	for (size_t i = 0; i < b->impls_nr; i++) {
		struct bench_impl *bi = &b->impls[i];
		const struct plan_impl *pi = &pw->impls[i % b->per_point];
		bi->plan = pi;
		bi->point = i / b->per_point;
		bi->status = STATUS_OK;
		strvec_init(&bi->point_argv);
		struct strbuf src = STRBUF_INIT;
		if (file_read_regular(pi->impl->source, 0, &src) == 0)
			sha256_hex(src.buf, src.len, bi->source_sha256);
		strbuf_release(&src);
		/* HOME of every child; builds also fill it. */
		if (!pi->skipped) {
			fs_mkdir_p(pi->builddir);
			fs_mkdir_p(pi->cachedir);
		}
		if (pi->skipped) {
			bi->status = STATUS_NA;
			bi->reason = xstrdup(
				pi->skip_reason ? pi->skip_reason
						: "toolchain not available");
			bi->stopped = true;
		}
		if (pw->sweep_param) {
			struct kvlist params;
			struct versus_err err = {0};
			kvlist_init(&params);
			plan_point_params(pw, bi->point, &params);
			if (plan_run_argv(pw, pi, &params, &bi->point_argv,
					  &err) < 0)
				impl_fail(bi, STATUS_XX, "%s", err.message);
			kvlist_release(&params);
		}
		/* checks run once, at point 0 */
		if (bi->point)
			continue;
		bi->checks_nr = m->checks_nr;
		bi->checks = xcalloc(m->checks_nr ? m->checks_nr : 1,
				     sizeof(*bi->checks));
		for (size_t c = 0; c < m->checks_nr; c++) {
			kvlist_init(&bi->checks[c].params);
			plan_check_params(pw, c, &bi->checks[c].params);
			bi->checks[c].expect = m->checks[c].expect_path;
		}
	}
}

/*
 * Order in which implementations are checked: point by point, the
 * baseline first in each.
 */
static size_t nth_in_order(const struct bench *b, size_t k)
{
	size_t p = k / b->per_point, i = k % b->per_point;
	size_t base = b->plan->baseline;
	if (i == 0)
		i = base;
	else
		i = i <= base ? i - 1 : i;
	return p * b->per_point + i;
}

/* A failed check fails bi at every sweep point. */
static void fail_other_points(struct bench *b, const struct bench_impl *bi)
{
	for (size_t p = 1; p < b->points_nr; p++)
		impl_fail(&b->impls[p * b->per_point + (size_t)(bi - b->impls)],
			  bi->status, "%s", bi->reason);
}

/* The expected output of sweep point p into sb (reset); NULL: none. */
static const struct strbuf *point_expect(const struct bench *b, size_t p,
					 struct strbuf *sb, int *rc,
					 struct versus_err *err)
{
	const char *path =
		b->plan->sweep_expect ? b->plan->sweep_expect[p] : NULL;
	strbuf_reset(sb);
	if (!path)
		return NULL;
	*rc = read_expect(path, sb, err);
	return *rc < 0 ? NULL : sb;
}

/*
 * The time budget counts warm-ups (as --help says): no warm-up starts that,
 * as long as the last run, would take bi past it. Timing still makes at
 * least one run (schedule_decide()), so the table always has a number.
 */
static bool warmup_over_budget(const struct bench *b,
			       const struct bench_impl *bi, double next_s)
{
	return b->rules.time_budget_s > 0 &&
	       bi->spent_s + next_s > b->rules.time_budget_s;
}

static int run_phases(struct bench *b, struct sandbox *sb,
		      struct versus_err *err)
{
	const struct manifest *m = b->plan->manifest;
	struct strbuf point_exp = STRBUF_INIT;
	double started = now_s();
	int rc = do_builds(b, sb, err);
	if (rc < 0)
		return rc;

	struct strbuf *expects =
		xcalloc(m->checks_nr ? m->checks_nr : 1, sizeof(*expects));
	for (size_t c = 0; c < m->checks_nr; c++) {
		strbuf_init(&expects[c]);
		if (m->checks[c].expect_path &&
		    (rc = read_expect(m->checks[c].expect_path, &expects[c],
				      err)) < 0)
			goto out;
	}
	/*
	 * Outputs are compared with the baseline's; when the baseline cannot
	 * give them (NA, CE, a failed check), with the first implementation
	 * that passed, so that no output goes unchecked.
	 */
	struct bench_impl *ref = NULL;
	const struct strbuf *expect = NULL;
	for (size_t k = 0; k < b->impls_nr; k++) {
		struct bench_impl *bi = &b->impls[nth_in_order(b, k)];
		if (k % b->per_point == 0) {
			/* a new sweep point: its own reference and expect */
			ref = NULL;
			expect = point_expect(b, bi->point, &point_exp, &rc,
					      err);
			if (rc < 0)
				goto out;
		}
		if (bi->status != STATUS_OK)
			continue;
		if (!bi->point) {
			if (run_hook(bi, hooks_of(b)->setup, "--setup") < 0) {
				tell(b, BENCH_IMPL_FAILED, bi);
				fail_other_points(b, bi);
				continue;
			}
			bi->set_up = true;
			progress(b, "checking", bi, started);
			rc = do_checks_one(b, bi,
					   ref && !ref->point ? ref : NULL,
					   expects, sb, err);
			if (rc < 0)
				goto out;
			if (bi->status != STATUS_OK)
				fail_other_points(b, bi);
		}
		double last_s = 0; /* the last run's wall time */
		if (bi->status == STATUS_OK) {
			double before = bi->spent_s;
			rc = do_validation_run(b, bi, ref, expect, sb, err);
			last_s = bi->spent_s - before;
		}
		if (rc < 0)
			goto out;
		for (int w = 1; w < b->warmup && bi->status == STATUS_OK; w++) {
			if (stop_requested) {
				rc = -EINTR;
				goto out;
			}
			if (warmup_over_budget(b, bi, last_s))
				break;
			progress(b, "warm-up", bi, started);
			double before = bi->spent_s;
			rc = timed_run(b, bi, 0, sb, err);
			if (rc < 0)
				goto out;
			last_s = bi->spent_s - before;
		}
		if (!ref && bi->status == STATUS_OK) {
			ref = bi;
			b->point_reference[bi->point] = (size_t)(bi - b->impls);
			if (bi->point == b->points_nr - 1)
				b->reference = (size_t)(bi - b->impls);
		}
		if (bi->status != STATUS_OK)
			tell(b, BENCH_IMPL_FAILED, bi);
	}

	size_t *order = xcalloc(b->impls_nr, sizeof(*order));
	struct stats_rng rng;
	stats_rng_seed(&rng, b->options->seed);
	double *walls = NULL;
	size_t walls_alloc = 0;
	double timing_started = now_s();
	b->sandbox_s = 0;
	for (int round = 1;; round++) {
		size_t n = 0;
		for (size_t i = 0; i < b->impls_nr; i++)
			if (b->impls[i].status == STATUS_OK &&
			    !b->impls[i].stopped)
				order[n++] = i;
		if (!n)
			break;
		schedule_shuffle(order, n, &rng);
		for (size_t k = 0; k < n; k++) {
			struct bench_impl *bi = &b->impls[order[k]];
			if (stop_requested) {
				rc = -EINTR;
				break;
			}
			progress(b, "timing", bi, started);
			rc = timed_run(b, bi, round, sb, err);
			b->timed_runs++;
			if (rc < 0)
				break;
			if (bi->status != STATUS_OK) {
				tell(b, BENCH_IMPL_FAILED, bi);
				continue;
			}
			ALLOC_GROW(walls, bi->samples_nr, walls_alloc);
			for (size_t s = 0; s < bi->samples_nr; s++)
				walls[s] = (double)bi->samples[s].wall_ns;
			enum schedule_stop stop = schedule_decide(
				&b->rules, walls, bi->samples_nr, bi->spent_s,
				b->options->seed + (uint64_t)order[k]);
			if (stop != SCHEDULE_CONTINUE) {
				bi->stopped = true;
				bi->stop = stop;
				bi->stop_reason = schedule_stop_name(stop);
			}
		}
		if (rc < 0)
			break;
	}
	b->timing_s = now_s() - timing_started;
	for (size_t i = 0; i < b->impls_nr; i++)
		if (b->impls[i].set_up)
			run_hook(&b->impls[i], hooks_of(b)->cleanup,
				 "--cleanup");
	free(walls);
	free(order);
	if (b->timed_runs)
		tell(b, BENCH_TIMING_DONE, NULL);
out:
	strbuf_release(&point_exp);
	for (size_t c = 0; c < m->checks_nr; c++)
		strbuf_release(&expects[c]);
	free(expects);
	progress_clear(b);
	return rc;
}

int bench_run(struct bench *b, const struct plan_workload *pw,
	      const struct bench_options *options, struct sandbox *sb,
	      const char *const *command, struct versus_err *err)
{
	bench_init(b, pw, options, sb, command);
	int rc = run_phases(b, sb, err);
	b->complete = rc == 0;
	for (size_t i = 0; rc < 0 && i < b->impls_nr; i++) {
		struct bench_impl *bi = &b->impls[i];
		if (bi->status != STATUS_OK || bi->stop_reason)
			continue;
		/* Samples taken before versus failed are kept and used. */
		if (rc == -EINTR || bi->samples_nr)
			bi->stop_reason = "interrupted";
		else
			impl_fail(bi, STATUS_XX, "not measured: %s",
				  err ? err->message : strerror(-rc));
	}
	compute_stats(b);
	utc_now(b->finished_at);
	return rc;
}

void bench_release(struct bench *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->impls_nr; i++) {
		struct bench_impl *bi = &b->impls[i];
		free(bi->reason);
		free(bi->build_stderr);
		free(bi->output);
		free(bi->output_stderr);
		free(bi->samples);
		for (size_t k = 0; k < bi->iters_nr; k++)
			iter_exec_release(&bi->iters[k]);
		free(bi->iters);
		for (size_t c = 0; c < bi->checks_nr; c++) {
			kvlist_release(&bi->checks[c].params);
			free(bi->checks[c].message);
			free(bi->checks[c].output);
		}
		free(bi->checks);
		strvec_clear(&bi->point_argv);
	}
	free(b->impls);
	free(b->point_reference);
	host_release(&b->host);
	memset(b, 0, sizeof(*b));
}

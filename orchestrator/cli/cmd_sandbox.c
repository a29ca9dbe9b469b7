/*
 * cmd_sandbox.c: 'versus sandbox [OPTIONS] -- CMD [ARG...]': run one
 * command confined and measured, and print its result record as one JSON
 * object on stdout. The JSON fields are documented in sandbox/README.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "sandbox.h"
#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/fs.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/banned.h"

#define DEFAULT_PATH FS_DEFAULT_PATH

static const struct cmd_info info = {
	.name = "sandbox",
	.usage = "[OPTIONS] -- CMD [ARG...]",
	.about = "Run CMD once inside the sandbox (cgroups, rlimits, seccomp) "
		 "and print its\n"
		 "result as one JSON object on stdout. CMD is looked up on "
		 "your PATH first.\n"
		 "Options come before CMD; what follows CMD is its own.\n",
	.epilogue = "statuses: OK, RE (exit code != 0), SG (signal), TO (CPU "
		    "limit), TW (wall\n"
		    "limit), ML (memory limit), OL (output limit), SV "
		    "(forbidden system call),\n"
		    "XX (could not start: reason in 'message').\n"
		    "\n"
		    "exit codes: 0 CMD ran (whatever its status); 2 usage "
		    "error; 3 the sandbox\n"
		    "itself failed. Details: sandbox/README.md.\n",
	.no_args = "no command given after '--'",
};

static const struct opt_choice box_choices[] = {
	OPT_VALUE("auto", SANDBOX_BOX_AUTO),
	OPT_VALUE("off", SANDBOX_BOX_OFF),
	{0},
};

/* Value parsers of the limits; each stores into o->ptr. */
static int opt_duration(const struct opt *o, const char *v, struct strbuf *why)
{
	return parse_duration_s(v, o->ptr);
}

static int opt_size(const struct opt *o, const char *v, struct strbuf *why)
{
	return parse_size_bytes(v, o->ptr);
}

static int opt_u64(const struct opt *o, const char *v, struct strbuf *why)
{
	return parse_u64(v, o->ptr);
}

static int opt_policy(const struct opt *o, const char *v, struct strbuf *why)
{
	return sandbox_policy_parse(v, o->ptr);
}

struct sandbox_opts {
	struct sandbox_spec spec;
	struct sandbox_config config;
	const char *stdout_path, *stderr_path, *pipe_path;
	struct strbuf pipe; /* the side pipe's bytes, with --pipe */
	struct strvec env;
	struct strvec argv;
	struct strvec writable, readable;
	char *workdir; /* absolute; owned */
	int box, cgroups;
	uint64_t keep;		    /* --keep; 0: the output limit */
	const char *cpus;	    /* --cpus as given */
	char cpu_list[CPULIST_MAX]; /* what it stands for here */
};

/* A folder the box binds at its own path: made absolute. */
static int opt_folder(const struct opt *o, const char *v, struct strbuf *why)
{
	char *abs = realpath(v, NULL);
	if (!abs) {
		strbuf_addf(why, "cannot resolve '%s': %s", v, strerror(errno));
		return -errno;
	}
	struct sandbox_opts *so = o->ptr;
	if (!strcmp(o->name, "workdir")) {
		free(so->workdir);
		so->workdir = abs;
		so->spec.workdir = abs;
	} else {
		strvec_push_owned(!strcmp(o->name, "writable") ? &so->writable
							       : &so->readable,
				  abs);
	}
	return 0;
}

static int opt_env(const struct opt *o, const char *v, struct strbuf *why)
{
	if (!strchr(v, '=') || v[0] == '=') {
		strbuf_addf(why, "expected NAME=VALUE, not '%s'", v);
		return -EINVAL;
	}
	strvec_push(o->ptr, v);
	return 0;
}

/* Resolve cmd on PATH (or against the current folder) to an absolute path;
 * NULL when not found. Caller owns the result. */
static char *resolve_command(const char *cmd)
{
	if (strchr(cmd, '/')) {
		if (cmd[0] == '/')
			return xstrdup(cmd);
		char *cwd = getcwd(NULL, 0);
		if (!cwd)
			return NULL;
		char *abs = xstrfmt("%s/%s", cwd, cmd);
		free(cwd);
		return abs;
	}
	return fs_path_search(cmd);
}

static int parse_opts(int argc, char **argv, struct sandbox_opts *o)
{
	struct sandbox_spec *s = &o->spec;
	s->policy = SANDBOX_POLICY_RUN;
	s->wall_limit_s = 60;
	s->pids_limit = 1024;
	s->output_limit_bytes = 64ULL << 20;
	o->box = SANDBOX_BOX_AUTO;
	o->cgroups = SANDBOX_CGROUPS_AUTO;
	const struct opt opts[] = {
		{OPT_CALLBACK(0, "wall-limit", &s->wall_limit_s, "S",
			      opt_duration),
		 .help = "kill after S seconds of wall time: TW (0 = none; "
			 "units s, ms, m, h accepted)",
		 .def = "60"},
		{OPT_CALLBACK(0, "cpu-limit", &s->cpu_limit_s, "S",
			      opt_duration),
		 .help = "kill when the whole tree used S seconds of CPU: TO",
		 .def = "none"},
		{OPT_CALLBACK(0, "memory-limit", &s->memory_limit_bytes,
			      "BYTES", opt_size),
		 .help = "memory of the whole tree, swap off: ML (K/M/G, "
			 "KiB/MiB/GiB suffixes)",
		 .def = "none"},
		{OPT_CALLBACK(0, "pids-limit", &s->pids_limit, "N", opt_u64),
		 .help = "processes and threads of the tree", .def = "1024"},
		{OPT_CALLBACK(0, "output-limit", &s->output_limit_bytes,
			      "BYTES", opt_size),
		 .help = "stdout+stderr; past it: OL", .def = "64MiB"},
		{OPT_CALLBACK(0, "file-size-limit", &s->file_size_limit_bytes,
			      "BYTES", opt_size),
		 .help = "largest file it may write", .def = "1GiB"},
		{OPT_CALLBACK(0, "disk-limit", &s->disk_limit_bytes, "BYTES",
			      opt_size),
		 .help = "what the run may write to its fresh work folder, "
			 "/tmp, /var/tmp and /dev/shm together",
		 .def = "1GiB"},
		{OPT_CALLBACK(0, "policy", &s->policy, "P", opt_policy),
		 .help = "seccomp policy: run, build or none", .def = "run"},
		{OPT_STRING(0, "stdin", &s->stdin_path, "FILE"),
		 .help = "stdin of CMD", .def = "/dev/null"},
		{OPT_CALLBACK(0, "workdir", o, "DIR", opt_folder),
		 .help = "working folder, writable in the box",
		 .def = "a fresh empty one, gone after the run"},
		{OPT_FLAG(0, "workdir-read-only", &s->workdir_read_only),
		 .help = "with --workdir: the box sees it read-only (input "
			 "files); CMD writes in /tmp"},
		{OPT_FLAG(0, "home", &s->home_is_workdir),
		 .help = "set HOME to the work folder"},
		{OPT_CALLBACK(0, "writable", o, "DIR", opt_folder),
		 .help = "another folder the box may write (repeatable)"},
		{OPT_CALLBACK(0, "readable", o, "DIR", opt_folder),
		 .help = "a folder in /tmp, /var/tmp, /dev or /run the box "
			 "must see (read-only; repeatable; CMD's own is "
			 "added)"},
		{OPT_CHOICE(0, "box", &o->box, "WHEN", box_choices),
		 .help = "auto: a box of its own, else a warning; off",
		 .def = "auto"},
		{OPT_CALLBACK(0, "env", &o->env, "NAME=VALUE", opt_env),
		 .help = "add to CMD's environment (repeatable); it gets only "
			 "PATH=" DEFAULT_PATH " and these, never yours"},
		{OPT_STRING(0, "stdout", &o->stdout_path, "FILE"),
		 .help = "save CMD's stdout (up to the output limit)"},
		{OPT_STRING(0, "stderr", &o->stderr_path, "FILE"),
		 .help = "save CMD's stderr (up to the output limit)"},
		{OPT_STRING(0, "pipe", &o->pipe_path, "FILE"),
		 .help = "give CMD a pipe at fd 3 (as iteration mode does) "
			 "and save what it writes there (up to --pipe-limit, "
			 "past it: OL)"},
		{OPT_CALLBACK(0, "keep", &o->keep, "BYTES", opt_size),
		 .help = "keep (and save with --stdout, --stderr) only the "
			 "first BYTES of each stream; the digest and the byte "
			 "counts still cover all of it",
		 .def = "the output limit"},
		{OPT_CALLBACK(0, "pipe-limit", &s->pipe_limit_bytes, "BYTES",
			      opt_size),
		 .help = "with --pipe: past this many bytes on fd 3: OL",
		 .def = "16MiB"},
		{CMD_OPT_CGROUPS(&o->cgroups)},
		{CMD_OPT_CPUS(&o->cpus, "not pinned")},
		{0},
	};
	int code =
		cmd_parse(&info, opts, argc, argv, OPT_STOP_AT_ARG, &o->argv);
	o->config.box = (enum sandbox_box_want)o->box;
	o->config.cgroups = (enum sandbox_cgroups)o->cgroups;
	if (code != CMD_GO_ON)
		return code;
	if (s->workdir_read_only && !o->workdir)
		return cmd_usage_error(
			"sandbox", "--workdir-read-only goes with --workdir");
	if (s->pipe_limit_bytes && !o->pipe_path)
		return cmd_usage_error("sandbox",
				       "--pipe-limit goes with --pipe");
	if (o->cpus) {
		cpu_set_t want, set;
		int count;
		struct strbuf why = STRBUF_INIT;
		cpulist_parse_request(o->cpus, &count, &want, NULL);
		int rc = cpulist_resolve(count, &want, &set, &why);
		if (rc) {
			code = cmd_usage_error("sandbox", "--cpus %s: %s",
					       o->cpus, why.buf);
			strbuf_release(&why);
			return code;
		}
		strbuf_release(&why);
		cpulist_format(&set, o->cpu_list, sizeof(o->cpu_list));
		s->cpus = o->cpu_list;
	}
	char *cmd = resolve_command(o->argv.v[0]);
	if (!cmd)
		return cmd_usage_error("sandbox", "command '%s' not found",
				       o->argv.v[0]);
	free(o->argv.v[0]);
	o->argv.v[0] = cmd;
	bool has_path = false;
	for (size_t k = 0; k < o->env.nr; k++)
		has_path |= !strncmp(o->env.v[k], "PATH=", 5);
	if (o->writable.nr)
		s->writable = (const char *const *)o->writable.v;
	if (o->readable.nr)
		s->readable = (const char *const *)o->readable.v;
	if (!has_path)
		strvec_push(&o->env, "PATH=" DEFAULT_PATH);
	s->argv = (const char *const *)o->argv.v;
	s->envp = (const char *const *)o->env.v;
	size_t cap = (size_t)s->output_limit_bytes;
	if (!cap)
		cap = (size_t)1 << 30;
	if (o->keep && o->keep < cap)
		cap = (size_t)o->keep;
	/* kept in full up to the output limit (or --keep), so without
	 * --keep output_truncated means the limit cut it */
	s->capture_stdout_bytes = cap;
	s->capture_stderr_bytes = cap;
	return CMD_GO_ON;
}

static void keep_pipe(void *data, const void *buf, size_t len,
		      const struct sandbox_live *live)
{
	strbuf_add(data, buf, len);
}

static int save(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wbe");
	if (!f) {
		fprintf(stderr, "versus: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t n = fwrite(data, 1, len, f);
	int bad = fclose(f) != 0 || n != len;
	if (bad)
		fprintf(stderr, "versus: %s: write failed\n", path);
	return bad ? -1 : 0;
}

static void print_json(const struct sandbox_result *r,
		       const struct sandbox_spec *spec, const char *box,
		       bool interrupted)
{
	json_t *o = json_object();
	json_object_set_new(o, "status",
			    json_string(sandbox_status_name(r->status)));
	json_object_set_new(o, "exit_code", json_integer(r->exit_code));
	json_object_set_new(o, "signal", json_integer(r->signal));
	json_object_set_new(o, "wall_ns", json_integer((json_int_t)r->wall_ns));
	json_object_set_new(o, "exec_monotonic_ns",
			    json_integer((json_int_t)r->exec_monotonic_ns));
	json_object_set_new(o, "user_ns", json_integer((json_int_t)r->user_ns));
	json_object_set_new(o, "sys_ns", json_integer((json_int_t)r->sys_ns));
	json_object_set_new(o, "cpu_ns", json_integer((json_int_t)r->cpu_ns));
	json_object_set_new(o, "peak_memory_bytes",
			    json_integer((json_int_t)r->peak_memory_bytes));
	json_object_set_new(
		o, "memory_source",
		json_string(r->memory_source ? r->memory_source : "none"));
	json_object_set_new(o, "max_rss_bytes",
			    json_integer((json_int_t)r->max_rss_bytes));
	json_object_set_new(o, "oom_kills",
			    json_integer((json_int_t)r->oom_kills));
	json_object_set_new(o, "orphans_killed",
			    json_integer((json_int_t)r->orphans_killed));
	json_object_set_new(o, "stdout_bytes",
			    json_integer((json_int_t)r->stdout_bytes));
	json_object_set_new(o, "stderr_bytes",
			    json_integer((json_int_t)r->stderr_bytes));
	if (spec->pipe_sink) {
		json_object_set_new(o, "pipe_bytes",
				    json_integer((json_int_t)r->pipe_bytes));
		json_object_set_new(o, "pipe_overflow",
				    json_boolean(r->pipe_overflow));
	}
	json_object_set_new(o, "output_truncated",
			    json_boolean(r->output_truncated));
	json_object_set_new(o, "stdout_digest", json_string(r->stdout_digest));
	json_object_set_new(o, "stdout_digest_algorithm",
			    json_string(SANDBOX_DIGEST_ALGORITHM));
	json_object_set_new(o, "mode", json_string(sandbox_mode_name(r->mode)));
	json_object_set_new(o, "policy",
			    json_string(sandbox_policy_name(spec->policy)));
	json_object_set_new(o, "box", json_string(box));
	if (r->pin != SANDBOX_PIN_NONE) {
		json_object_set_new(o, "cpus", json_string(spec->cpus));
		json_object_set_new(o, "pinning",
				    json_string(sandbox_pin_name(r->pin)));
	}
	/* run as a Slurm job step (docs/distributed.md, "One job step per
	   run"): which one */
	const char *job = getenv("SLURM_JOB_ID"),
		   *step = getenv("SLURM_STEP_ID");
	if (job && *job && step && *step) {
		char id[160];
		snprintf(id, sizeof(id), "%.64s.%.64s", job, step);
		json_object_set_new(o, "job_step", json_string(id));
	}
	/* SIGINT or SIGTERM cut the run short: not the program's fate */
	if (interrupted)
		json_object_set_new(o, "interrupted", json_true());
	json_object_set_new(o, "message", json_string(r->message));
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text) {
		puts(text);
		free(text);
	}
	fflush(stdout);
}

static void on_signal(int sig)
{
	sandbox_interrupt();
}

/* Run the parsed command once; returns the exit code. */
static int sandbox_main(struct sandbox_opts *o)
{
	struct versus_err err;
	memset(&err, 0, sizeof(err));
	/* first: a stop during the set-up is an interruption too (a job
	   step scancelled early), not a death without a record */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll must wake */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct sandbox *sb = sandbox_new(&o->config, &err);
	if (!sb) {
		versus_err_print(&err, stderr);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		return EXIT_INTERNAL;
	}

	int code = EXIT_ALL_GOOD;
	if (o->pipe_path) {
		o->spec.pipe_sink = keep_pipe;
		o->spec.pipe_data = &o->pipe;
	}
	struct sandbox_result result;
	int ret = sandbox_run(sb, &o->spec, &result, &err);
	if (ret == 0 || ret == -EINTR)
		print_json(&result, &o->spec, sandbox_box_name(sandbox_box(sb)),
			   ret == -EINTR);
	if (ret) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
	} else {
		if (o->stdout_path &&
		    save(o->stdout_path, result.stdout_data, result.stdout_len))
			code = EXIT_INTERNAL;
		if (o->stderr_path &&
		    save(o->stderr_path, result.stderr_data, result.stderr_len))
			code = EXIT_INTERNAL;
		if (o->pipe_path &&
		    save(o->pipe_path, o->pipe.buf, o->pipe.len))
			code = EXIT_INTERNAL;
	}
	sandbox_result_release(&result);
	sandbox_free(sb);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return code;
}

int cmd_sandbox(int argc, char **argv)
{
	struct sandbox_opts o;
	memset(&o, 0, sizeof(o));
	strvec_init(&o.env);
	strvec_init(&o.argv);
	strvec_init(&o.writable);
	strvec_init(&o.readable);
	strbuf_init(&o.pipe);
	int code = parse_opts(argc, argv, &o);
	if (code == CMD_GO_ON)
		code = sandbox_main(&o);
	strvec_clear(&o.env);
	strvec_clear(&o.argv);
	strvec_clear(&o.writable);
	strvec_clear(&o.readable);
	strbuf_release(&o.pipe);
	free(o.workdir);
	return code;
}

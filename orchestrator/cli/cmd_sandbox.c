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
#include "util/fs.h"
#include "util/parse.h"
#include "util/strvec.h"
#include "util/banned.h"

#define DEFAULT_PATH FS_DEFAULT_PATH

static const char usage[] =
	"usage: versus sandbox [OPTIONS] -- CMD [ARG...]\n"
	"\n"
	"Run CMD once inside the sandbox (cgroups, rlimits, seccomp) and "
	"print its\n"
	"result as one JSON object on stdout. CMD is looked up on your PATH "
	"first.\n"
	"\n"
	"options:\n"
	"  --wall-limit S       kill after S seconds of wall time: TW "
	"(default 60;\n"
	"                       0 = none; units s, ms, m, h accepted)\n"
	"  --cpu-limit S        kill when the whole tree used S seconds of "
	"CPU: TO\n"
	"                       (default none)\n"
	"  --memory-limit BYTES memory of the whole tree, swap off: ML "
	"(K/M/G,\n"
	"                       KiB/MiB/GiB suffixes; default none)\n"
	"  --pids-limit N       processes and threads of the tree (default "
	"1024)\n"
	"  --output-limit BYTES stdout+stderr; past it: OL (default 64MiB)\n"
	"  --file-size-limit BYTES  largest file it may write (default "
	"1GiB)\n"
	"  --policy P           seccomp policy: run (default), build, none\n"
	"  --stdin FILE         stdin of CMD (default /dev/null)\n"
	"  --workdir DIR        working folder, writable in the box (default: "
	"a fresh\n"
	"                       empty one, gone after the run)\n"
	"  --writable DIR       another folder the box may write "
	"(repeatable)\n"
	"  --readable DIR       a folder in /tmp, /var/tmp, /dev or /run the "
	"box must\n"
	"                       see (read-only; repeatable; CMD's own is "
	"added)\n"
	"  --disk-limit BYTES   what the run may write to its fresh work "
	"folder,\n"
	"                       /tmp, /var/tmp and /dev/shm together "
	"(default 1GiB)\n"
	"  --box WHEN           auto (default: a box of its own, else a "
	"warning), off\n"
	"  --env NAME=VALUE     add to CMD's environment (repeatable); it "
	"gets only\n"
	"                       PATH=" DEFAULT_PATH " and these, never yours\n"
	"  --stdout FILE        save CMD's stdout (up to the output limit)\n"
	"  --stderr FILE        save CMD's stderr (up to the output limit)\n"
	"  --cgroups WHEN       auto (default: best mode, else none with a "
	"warning),\n"
	"                       required (fail without cgroups), off\n"
	"  -h, --help           this help\n"
	"\n"
	"statuses: OK, RE (exit code != 0), SG (signal), TO (CPU limit), TW "
	"(wall\n"
	"limit), ML (memory limit), OL (output limit), SV (forbidden system "
	"call),\n"
	"XX (could not start: reason in 'message').\n"
	"\n"
	"exit codes: 0 CMD ran (whatever its status); 2 usage error; 3 the "
	"sandbox\n"
	"itself failed. Details: sandbox/README.md.\n";

struct sandbox_opts {
	struct sandbox_spec spec;
	struct sandbox_config config;
	const char *stdout_path, *stderr_path;
	struct strvec env;
	struct strvec argv;
	struct strvec writable, readable;
	char *workdir; /* absolute; owned */
};

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
	o->config.cgroups = SANDBOX_CGROUPS_AUTO;
	int i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 1;
		}
		if (a[0] != '-')
			break;
		const char *val = NULL;
		const char *eq = strchr(a, '=');
		char name[64];
		if (eq && a[1] == '-') {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
			val = eq + 1;
		} else {
			snprintf(name, sizeof(name), "%s", a);
			if (i + 1 < argc)
				val = argv[++i];
			else
				return cmd_usage_error("sandbox",
						       "option '%s' needs a "
						       "value",
						       a);
		}
		int ret = 0;
		uint64_t u;
		if (!strcmp(name, "--wall-limit")) {
			ret = parse_duration_s(val, &s->wall_limit_s);
		} else if (!strcmp(name, "--cpu-limit")) {
			ret = parse_duration_s(val, &s->cpu_limit_s);
		} else if (!strcmp(name, "--memory-limit")) {
			ret = parse_size_bytes(val, &s->memory_limit_bytes);
		} else if (!strcmp(name, "--pids-limit")) {
			ret = parse_u64(val, &s->pids_limit);
		} else if (!strcmp(name, "--output-limit")) {
			ret = parse_size_bytes(val, &s->output_limit_bytes);
		} else if (!strcmp(name, "--file-size-limit")) {
			ret = parse_size_bytes(val, &u);
			s->file_size_limit_bytes = u;
		} else if (!strcmp(name, "--policy")) {
			ret = sandbox_policy_parse(val, &s->policy);
		} else if (!strcmp(name, "--stdin")) {
			s->stdin_path = val;
		} else if (!strcmp(name, "--workdir")) {
			/* the box binds it at its own path: absolute */
			o->workdir = realpath(val, NULL);
			s->workdir = o->workdir;
			ret = o->workdir ? 0 : -errno;
		} else if (!strcmp(name, "--writable")) {
			char *w = realpath(val, NULL);
			if (w)
				strvec_push_owned(&o->writable, w);
			else
				ret = -errno;
		} else if (!strcmp(name, "--readable")) {
			char *w = realpath(val, NULL);
			if (w)
				strvec_push_owned(&o->readable, w);
			else
				ret = -errno;
		} else if (!strcmp(name, "--disk-limit")) {
			ret = parse_size_bytes(val, &s->disk_limit_bytes);
		} else if (!strcmp(name, "--box")) {
			if (!strcmp(val, "auto"))
				o->config.box = SANDBOX_BOX_AUTO;
			else if (!strcmp(val, "off"))
				o->config.box = SANDBOX_BOX_OFF;
			else
				ret = -EINVAL;
		} else if (!strcmp(name, "--stdout")) {
			o->stdout_path = val;
		} else if (!strcmp(name, "--stderr")) {
			o->stderr_path = val;
		} else if (!strcmp(name, "--env")) {
			if (!strchr(val, '=') || val[0] == '=')
				ret = -EINVAL;
			else
				strvec_push(&o->env, val);
		} else if (!strcmp(name, "--cgroups")) {
			if (!strcmp(val, "auto"))
				o->config.cgroups = SANDBOX_CGROUPS_AUTO;
			else if (!strcmp(val, "required"))
				o->config.cgroups = SANDBOX_CGROUPS_REQUIRED;
			else if (!strcmp(val, "off"))
				o->config.cgroups = SANDBOX_CGROUPS_OFF;
			else
				ret = -EINVAL;
		} else {
			return cmd_usage_error("sandbox", "unknown option '%s'",
					       name);
		}
		if (ret)
			return cmd_usage_error(
				"sandbox", "%s: invalid value '%s'", name, val);
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		return cmd_usage_error("sandbox",
				       "no command given after '--'");
	char *cmd = resolve_command(argv[i]);
	if (!cmd)
		return cmd_usage_error("sandbox", "command '%s' not found",
				       argv[i]);
	strvec_push_owned(&o->argv, cmd);
	for (i++; i < argc; i++)
		strvec_push(&o->argv, argv[i]);
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
	/* kept in full up to the output limit, so output_truncated means
	 * the limit cut it */
	s->capture_stdout_bytes = cap;
	s->capture_stderr_bytes = cap;
	return 0;
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
		       const struct sandbox_spec *spec, const char *box)
{
	json_t *o = json_object();
	json_object_set_new(o, "status",
			    json_string(sandbox_status_name(r->status)));
	json_object_set_new(o, "exit_code", json_integer(r->exit_code));
	json_object_set_new(o, "signal", json_integer(r->signal));
	json_object_set_new(o, "wall_ns", json_integer((json_int_t)r->wall_ns));
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
	json_object_set_new(o, "output_truncated",
			    json_boolean(r->output_truncated));
	json_object_set_new(o, "stdout_sha256", json_string(r->stdout_sha256));
	json_object_set_new(o, "mode", json_string(sandbox_mode_name(r->mode)));
	json_object_set_new(o, "policy",
			    json_string(sandbox_policy_name(spec->policy)));
	json_object_set_new(o, "box", json_string(box));
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

int cmd_sandbox(int argc, char **argv)
{
	struct sandbox_opts o;
	memset(&o, 0, sizeof(o));
	strvec_init(&o.env);
	strvec_init(&o.argv);
	strvec_init(&o.writable);
	strvec_init(&o.readable);
	int ret = parse_opts(argc, argv, &o);
	if (ret) {
		strvec_clear(&o.env);
		strvec_clear(&o.argv);
		strvec_clear(&o.writable);
		strvec_clear(&o.readable);
		free(o.workdir);
		return ret == 1 ? EXIT_ALL_GOOD : ret;
	}
	struct versus_err err;
	memset(&err, 0, sizeof(err));
	int code = EXIT_ALL_GOOD;
	struct sandbox *sb = sandbox_new(&o.config, &err);
	if (!sb) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
		goto out;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll must wake */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct sandbox_result result;
	ret = sandbox_run(sb, &o.spec, &result, &err);
	if (ret == 0 || ret == -EINTR)
		print_json(&result, &o.spec, sandbox_box_name(sandbox_box(sb)));
	if (ret) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
	} else {
		if (o.stdout_path &&
		    save(o.stdout_path, result.stdout_data, result.stdout_len))
			code = EXIT_INTERNAL;
		if (o.stderr_path &&
		    save(o.stderr_path, result.stderr_data, result.stderr_len))
			code = EXIT_INTERNAL;
	}
	sandbox_result_release(&result);
	sandbox_free(sb);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
out:
	strvec_clear(&o.env);
	strvec_clear(&o.argv);
	strvec_clear(&o.writable);
	strvec_clear(&o.readable);
	free(o.workdir);
	return code;
}

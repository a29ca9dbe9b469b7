/*
 * cmd_bench.c: 'versus bench CMD CMD...': compare command lines ad hoc,
 * like hyperfine. The commands become the implementations (language
 * "command", runners/command.yaml) of a manifest written with a source file
 * per command (its text); the manifest is then run by `versus run`'s own
 * code (cmd_run_as), so sandbox, interleaving, stopping rule, output
 * check, result file, reports and exports are the same.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "spec/manifest.h"
#include "measure/bench.h"
#include "util/alloc.h"
#include "util/argsplit.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "bench",
	.usage = "[OPTIONS] CMD CMD...",
	.about = "Compare command lines: each CMD is split into words with "
		 "sh's quoting ('...',\n"
		 "\"...\", \\) but never run by a shell (no pipes, "
		 "variables or globs; --shell\n"
		 "runs each through /bin/sh -c). The first CMD is the "
		 "baseline. They are run as\n"
		 "`versus run` runs a manifest: in the sandbox, interleaved, "
		 "until the stopping\n"
		 "rule, with their outputs compared to the baseline's (WA "
		 "when they differ),\n"
		 "and a result file and a ratio table. Commands start in "
		 "the current folder,\n"
		 "read-only (they write in /tmp, the run's own): relative "
		 "paths work as in a\n"
		 "shell. A program without '/' is looked up on PATH and "
		 "executed directly.\n",
	.epilogue = "exit status: as `versus run`.\n",
	.no_args = "no command given",
};

struct bench_args {
	struct strvec names;
	struct strvec run_args; /* options passed on to versus run */
	const char *input;
	const char *save;
	char *workdir; /* the caller's folder, or NULL when refused */
	const char *setup, *prepare, *cleanup; /* as given */
	const char *param;		       /* -L: the name */
	struct strvec values;		       /* -L: its values */
	bool shell, no_check, ignore_failure, show_output;
	struct strvec cmds;
};

static int opt_name(const struct opt *o, const char *s, struct strbuf *why)
{
	struct bench_args *a = o->ptr;
	strvec_push(&a->names, s);
	return 0;
}

/* A measurement or output option: handed to versus run as given. */
static int opt_pass(const struct opt *o, const char *s, struct strbuf *why)
{
	struct bench_args *a = o->ptr;
	if (s)
		strvec_pushf(&a->run_args, "--%s=%s", o->name, s);
	else
		strvec_pushf(&a->run_args, "--%s", o->name);
	return 0;
}

/* -L NAME=V1,V2 (argv's "-L NAME V1,V2" is joined so before parsing). */
static int opt_list(const struct opt *o, const char *s, struct strbuf *why)
{
	struct bench_args *a = o->ptr;
	if (a->param) {
		strbuf_addstr(why, "only one parameter list is supported");
		return -EINVAL;
	}
	char *name = NULL;
	if (opt_split_list(s, &name, &a->values, why) < 0)
		return -EINVAL;
	free(name);
	a->param = s;
	return 0;
}

/*
 * Check that *prog names a program as a shell would find it: a name
 * without '/' on PATH (kept as it is: the run looks it up the same way),
 * a path relative to the current folder made absolute. Returns false when
 * there is none.
 */
static bool find_program(char **prog)
{
	if (!strchr(*prog, '/')) {
		char *found = fs_path_search(*prog);
		free(found);
		return found != NULL;
	}
	char *abs = NULL;
	if ((*prog)[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd)
			return false;
		abs = xstrfmt("%s/%s", cwd, *prog);
		free(cwd);
	}
	const char *path = abs ? abs : *prog;
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(path, X_OK) < 0) {
		free(abs);
		return false;
	}
	if (abs) {
		free(*prog);
		*prog = abs;
	}
	return true;
}

/* An id for the manifest: [a-z0-9][a-z0-9_.+-]*, unique among ids. */
static char *make_id(const char *name, const struct strvec *taken)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = name; *p && sb.len < 60; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (sb.len && strchr("_.+-", c));
		if (ok)
			strbuf_addch(&sb, c);
		else if (sb.len && sb.buf[sb.len - 1] != '-')
			strbuf_addch(&sb, '-');
	}
	while (sb.len && sb.buf[sb.len - 1] == '-')
		sb.buf[--sb.len] = '\0';
	if (!sb.len)
		strbuf_addstr(&sb, "cmd");
	char *base = strbuf_detach(&sb, NULL);
	char *id = xstrdup(base);
	for (int n = 2;; n++) {
		size_t i;
		for (i = 0; i < taken->nr && strcmp(taken->v[i], id); i++)
			;
		if (i == taken->nr)
			break;
		free(id);
		id = xstrfmt("%s-%d", base, n);
	}
	free(base);
	return id;
}

/* s with every "{name}" replaced by value (name NULL: s). */
static char *substitute(const char *s, const char *name, size_t name_len,
			const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	while (*s) {
		if (name && *s == '{' && !strncmp(s + 1, name, name_len) &&
		    s[1 + name_len] == '}') {
			strbuf_addstr(&sb, value);
			s += name_len + 2;
		} else {
			strbuf_addch(&sb, *s++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* A YAML double-quoted scalar. */
static void yaml_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addch(sb, (char)*p);
	}
	strbuf_addch(sb, '"');
}

/* Lower-case [a-z0-9-] form of a parameter value, for a workload id. */
static void add_id_part(struct strbuf *sb, const char *s)
{
	for (; *s && sb->len < 150; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			strbuf_addch(sb, c);
		else if (sb->buf[sb->len - 1] != '-')
			strbuf_addch(sb, '-');
	}
}

/*
 * Write the manifest of one workload (value: the -L value, or NULL) into
 * dir as STEM.yaml, with a source STEM.ID.cmd per command. Returns 0, or
 * EXIT_USAGE / EXIT_INTERNAL (printed).
 */
static int write_manifest(const struct bench_args *a, const char *dir,
			  const char *stem, const char *value, char **path)
{
	struct strbuf y = STRBUF_INIT, wl = STRBUF_INIT;
	struct strvec ids = STRVEC_INIT;
	const char *pname = NULL;
	size_t pname_len = 0;
	int code = 0;
	strbuf_addstr(&wl, "bench");
	if (value) {
		pname = a->param;
		pname_len = (size_t)(strchr(a->param, '=') - a->param);
		char *name = xstrndup(pname, pname_len);
		strbuf_addch(&wl, '-');
		add_id_part(&wl, name);
		free(name);
		strbuf_addch(&wl, '-');
		add_id_part(&wl, value);
	}
	strbuf_addstr(&y, "# Written by versus bench: the compared command "
			  "lines, language \"command\"\n"
			  "# (runners/command.yaml): run_flags is each "
			  "command's argv; the source\n"
			  "# file beside holds its text. Edit and run with "
			  "versus run FILE.\n"
			  "schema: 1\nworkload: ");
	strbuf_addstr(&y, wl.buf);
	strbuf_addstr(&y, "\ntitle: ");
	struct strbuf title = STRBUF_INIT;
	strbuf_addstr(&title, "versus bench");
	if (value)
		strbuf_addf(&title, " (%.*s = %s)", (int)pname_len, pname,
			    value);
	yaml_str(&y, title.buf);
	strbuf_release(&title);
	if (a->input) {
		char *real = realpath(a->input, NULL);
		if (!real) {
			fprintf(stderr, "versus: bench: --input %s: %s\n",
				a->input, strerror(errno));
			code = EXIT_USAGE;
			goto out;
		}
		strbuf_addstr(&y, "\nstdin: ");
		yaml_str(&y, real);
		free(real);
	}
	if (a->workdir) {
		strbuf_addstr(&y, "\nworkdir: ");
		yaml_str(&y, a->workdir);
	}
	strbuf_addf(&y, "\nvalidate: {mode: %s, exit_ok: %s}\n",
		    a->no_check ? "none" : "exact",
		    a->ignore_failure ? "any" : "zero");
	struct strbuf impls = STRBUF_INIT;
	for (size_t i = 0; i < a->cmds.nr && !code; i++) {
		char *cmd = substitute(a->cmds.v[i], pname, pname_len,
				       value ? value : "");
		struct strvec argv = STRVEC_INIT;
		struct strbuf why = STRBUF_INIT;
		if (a->shell) {
			strvec_push(&argv, "/bin/sh");
			strvec_push(&argv, "-c");
			strvec_push(&argv, cmd);
		} else if (argsplit(cmd, &argv, &why) < 0) {
			code = cmd_usage_error("bench", "command %zu '%s': %s",
					       i + 1, cmd, why.buf);
		} else if (!argv.nr) {
			code = cmd_usage_error("bench", "command %zu is empty",
					       i + 1);
		} else if (!find_program(&argv.v[0])) {
			code = cmd_usage_error("bench",
					       "command %zu '%s': command not "
					       "found: '%s'",
					       i + 1, cmd, argv.v[0]);
		}
		if (!code) {
			/* --shell: the name is still the program's */
			struct strvec words = STRVEC_INIT;
			struct strbuf ignored = STRBUF_INIT;
			if (a->shell && argsplit(cmd, &words, &ignored) < 0)
				strvec_push(&words, "sh");
			const char *name = i < a->names.nr ? a->names.v[i]
					   : a->shell	   ? words.v[0]
							   : argv.v[0];
			const char *slash = strrchr(name, '/');
			if (i >= a->names.nr && slash && slash[1])
				name = slash + 1;
			char *id = make_id(name, &ids);
			strvec_push_owned(&ids, id);
			strvec_clear(&words);
			strbuf_release(&ignored);
			char *src = xstrfmt("%s.%s.cmd", stem, id);
			char *src_path = xstrfmt("%s/%s", dir, src);
			struct strbuf text = STRBUF_INIT;
			strbuf_addf(&text, "%s\n", cmd);
			int rc = fs_write_replace(src_path, text.buf, text.len,
						  0644);
			if (rc < 0) {
				fprintf(stderr, "versus: bench: %s: %s\n",
					src_path, strerror(-rc));
				code = EXIT_INTERNAL;
			}
			strbuf_release(&text);
			strbuf_addf(&impls,
				    "  - id: %s\n    language: command\n"
				    "    source: ",
				    id);
			yaml_str(&impls, src);
			strbuf_addstr(&impls, "\n    run_flags: [");
			for (size_t k = 0; k < argv.nr; k++) {
				if (k)
					strbuf_addstr(&impls, ", ");
				yaml_str(&impls, argv.v[k]);
			}
			strbuf_addstr(&impls, "]\n");
			free(src);
			free(src_path);
		}
		strbuf_release(&why);
		strvec_clear(&argv);
		free(cmd);
	}
	if (!code) {
		strbuf_addf(&y, "baseline: %s\nimplementations:\n%s", ids.v[0],
			    impls.buf);
		*path = xstrfmt("%s/%s.yaml", dir, stem);
		int rc = fs_write_replace(*path, y.buf, y.len, 0644);
		if (rc < 0) {
			fprintf(stderr, "versus: bench: %s: %s\n", *path,
				strerror(-rc));
			code = EXIT_INTERNAL;
			free(*path);
			*path = NULL;
		}
	}
	strbuf_release(&impls);
out:
	strbuf_release(&y);
	strbuf_release(&wl);
	strvec_clear(&ids);
	return code;
}

/* argv with "-L NAME VALUES" joined into "-L NAME=VALUES". */
static char **join_lists(int argc, char **argv, int *nargc)
{
	char **out = xcalloc((size_t)argc + 1, sizeof(*out));
	int n = 0;
	for (int i = 0; i < argc; i++) {
		bool list = !strcmp(argv[i], "-L") ||
			    !strcmp(argv[i], "--parameter-list");
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				out[n++] = xstrdup(argv[i++]);
			break;
		}
		if (list && i + 2 < argc && !strchr(argv[i + 1], '=')) {
			out[n++] = xstrdup(argv[i]);
			out[n++] = xstrfmt("%s=%s", argv[i + 1], argv[i + 2]);
			i += 2;
		} else {
			out[n++] = xstrdup(argv[i]);
		}
	}
	*nargc = n;
	return out;
}

/* A measurement or output option of versus run, passed on to it. */
#define PASS(s, l, a, h)                                                       \
	{                                                                      \
		OPT_CALLBACK(s, l, &args, a, opt_pass), .help = h              \
	}

int cmd_bench(int argc, char **argv)
{
	struct bench_args args = {0};
	strvec_init(&args.names);
	strvec_init(&args.run_args);
	strvec_init(&args.values);
	strvec_init(&args.cmds);
	const struct opt opts[] = {
		{OPT_GROUP("commands:")},
		{OPT_CALLBACK('n', "name", &args, "NAME", opt_name),
		 .help = "name of the next command, in order (repeatable); "
			 "also its id in results",
		 .def = "the command's program name"},
		{OPT_FLAG(0, "shell", &args.shell),
		 .help = "run each CMD as /bin/sh -c CMD (the shell's own "
			 "time is then measured too)"},
		{OPT_STRING(0, "input", &args.input, "FILE"),
		 .help = "standard input of every run", .def = "/dev/null"},
		{OPT_CALLBACK('L', "parameter-list", &args, "NAME VALUES",
			      opt_list),
		 .help = "one workload per comma-separated value, {NAME} "
			 "replaced by it in the commands (also NAME=VALUES)"},
		{OPT_STRING(0, "prepare", &args.prepare, "CMD"),
		 .help = "run CMD before each timed run (and each warm-up "
			 "but the first, validating one), not timed, on the "
			 "host (outside the sandbox), output discarded"},
		{OPT_STRING(0, "setup", &args.setup, "CMD"),
		 .help = "run CMD once before each command's first run (on "
			 "the host, as --prepare)"},
		{OPT_STRING(0, "cleanup", &args.cleanup, "CMD"),
		 .help = "run CMD once per command after the last round (on "
			 "the host, as --prepare)"},
		{OPT_FLAG(0, "show-output", &args.show_output),
		 .help = "print each command's standard output before the "
			 "table, once (every run's is checked to be the same), "
			 "and its first run's standard error"},
		{OPT_FLAG(0, "no-check", &args.no_check),
		 .help = "do not compare outputs with the first command's"},
		{OPT_FLAG(0, "ignore-failure", &args.ignore_failure),
		 .help = "a non-zero exit code is not a failure (grep with no "
			 "match): the run is timed and counted, its code "
			 "recorded and said below the table"},
		{OPT_STRING(0, "save-manifest", &args.save, "FILE"),
		 .help = "write the session as a manifest STEM.yaml that "
			 "versus run accepts, with a source STEM.ID.cmd per "
			 "command beside it; with -L, STEM-1.yaml... per "
			 "value"},
		{OPT_GROUP("measurement and output (as versus run):")},
		PASS(0, "warmup", "N", "warm-up runs"),
		PASS(0, "runs", "N", "exactly N timed runs"),
		PASS(0, "min-runs", "N", "at least N timed runs"),
		PASS(0, "max-runs", "N", "at most N timed runs"),
		PASS(0, "target-ci", "F", "stopping rule's CI target"),
		PASS(0, "time-budget", "S", "seconds per command"),
		PASS(0, "seed", "N", "seed of the run order"),
		PASS(0, "cgroups", "MODE", "auto, required or off"),
		PASS(0, "cpus", "N|LIST",
		     "confine every run to N CPUs or to a CPU list (as "
		     "versus run)"),
		PASS('o', "output", "DIR", "folder for result files"),
		PASS('f', "format", "FMT",
		     "table, md, csv, json, bmf, "
		     "github-action"),
		PASS(0, "build-root", "DIR", "where builds go"),
		PASS(0, "time-unit", "UNIT",
		     "unit of times in tables: s, ms, us, or auto"),
		{OPT_CALLBACK(0, "no-progress", &args, NULL, opt_pass),
		 .help = "no progress line"},
		{0},
	};
	int nargc;
	char **nargv = join_lists(argc, argv, &nargc);
	int code = cmd_parse(&info, opts, nargc, nargv, 0, &args.cmds);
	if (code == CMD_GO_ON && args.cmds.nr < 2)
		code = cmd_usage_error("bench",
				       "give at least two commands to compare");
	if (code == CMD_GO_ON && args.names.nr > args.cmds.nr)
		code = cmd_usage_error("bench", "%zu names for %zu commands",
				       args.names.nr, args.cmds.nr);
	size_t len;
	if (code == CMD_GO_ON && args.save &&
	    ((len = strlen(args.save)) < 6 ||
	     strcmp(args.save + len - 5, ".yaml")))
		code = cmd_usage_error("bench",
				       "--save-manifest %s: the name must end "
				       "in .yaml",
				       args.save);
	char tmp[PATH_MAX] = "";
	char *dir = NULL, *stem = NULL;
	if (code == CMD_GO_ON) {
		if (args.save) {
			char *copy = xstrdup(args.save);
			char *slash = strrchr(copy, '/');
			const char *base = slash ? slash + 1 : copy;
			stem = xstrndup(base, strlen(base) - 5);
			if (slash)
				*slash = '\0';
			dir = xstrdup(slash ? (*copy ? copy : "/") : ".");
			free(copy);
		} else {
			const char *t = getenv("TMPDIR");
			snprintf(tmp, sizeof(tmp), "%s/versus-bench-XXXXXX",
				 t && *t ? t : "/tmp");
			if (!mkdtemp(tmp)) {
				fprintf(stderr, "versus: bench: %s: %s\n", tmp,
					strerror(errno));
				code = EXIT_INTERNAL;
			}
			dir = xstrdup(tmp);
			stem = xstrdup("bench");
		}
	}
	if (code == CMD_GO_ON && args.save) {
		int rc = fs_mkdir_p(dir);
		if (rc < 0)
			code = cmd_usage_error("bench",
					       "--save-manifest: folder %s: %s",
					       dir, strerror(-rc));
	}
	/* The runs' folder: the caller's, read-only, where the box allows */
	if (code == CMD_GO_ON) {
		char *cwd = getcwd(NULL, 0);
		char *real = cwd ? realpath(cwd, NULL) : NULL;
		struct stat st;
		/* as root the runs have a uid of their own (sandbox/README.md,
		   "The box"): a folder closed to others stays closed to them */
		bool closed = real && geteuid() == 0 &&
			      (stat(real, &st) < 0 || !(st.st_mode & S_IXOTH));
		if (real && closed && term_verbosity >= 0) {
			fprintf(stderr,
				"versus: bench: the commands start in a fresh "
				"empty folder, not in %s: it is closed to "
				"other users, and as root the sandbox runs "
				"them as a uid of their own; 'chmod o+rx' it "
				"(and o+r its files) to use relative paths\n",
				real);
		} else if (real && !manifest_workdir_uncovers(real)) {
			args.workdir = real;
			real = NULL;
		} else if (term_verbosity >= 0) {
			fprintf(stderr,
				"versus: bench: the commands start in a fresh "
				"empty folder, not in %s (the sandbox does not "
				"show the root, a home itself, /tmp or /run): "
				"relative paths will not be found\n",
				cwd ? cwd : "the current folder");
		}
		free(real);
		free(cwd);
	}
	struct strvec paths = STRVEC_INIT;
	size_t nr = args.values.nr ? args.values.nr : 1;
	for (size_t i = 0; code == CMD_GO_ON && i < nr; i++) {
		char *path = NULL;
		char *s = args.values.nr ? xstrfmt("%s-%zu", stem, i + 1)
					 : xstrdup(stem);
		int rc = write_manifest(
			&args, dir, s, args.values.nr ? args.values.v[i] : NULL,
			&path);
		free(s);
		if (rc)
			code = rc;
		else
			strvec_push_owned(&paths, path);
	}
	if (code == CMD_GO_ON && args.save && term_verbosity >= 0)
		for (size_t i = 0; i < paths.nr; i++)
			fprintf(stderr, "versus: wrote %s\n", paths.v[i]);
	struct strvec hook_argv[3];
	const char *const hook_cmd[3] = {args.setup, args.prepare,
					 args.cleanup};
	static const char *const hook_opt[3] = {"--setup", "--prepare",
						"--cleanup"};
	for (int h = 0; h < 3; h++) {
		strvec_init(&hook_argv[h]);
		struct strbuf why = STRBUF_INIT;
		if (code != CMD_GO_ON || !hook_cmd[h])
			continue;
		if (args.shell) {
			strvec_push(&hook_argv[h], "/bin/sh");
			strvec_push(&hook_argv[h], "-c");
			strvec_push(&hook_argv[h], hook_cmd[h]);
		} else if (argsplit(hook_cmd[h], &hook_argv[h], &why) < 0) {
			code = cmd_usage_error("bench", "%s '%s': %s",
					       hook_opt[h], hook_cmd[h],
					       why.buf);
		}
		strbuf_release(&why);
	}
	struct bench_hooks hooks = {
		.setup =
			args.setup ? (const char *const *)hook_argv[0].v : NULL,
		.prepare = args.prepare ? (const char *const *)hook_argv[1].v
					: NULL,
		.cleanup = args.cleanup ? (const char *const *)hook_argv[2].v
					: NULL,
	};
	if (code == CMD_GO_ON) {
		struct strvec rargv = STRVEC_INIT;
		strvec_push(&rargv, "run");
		for (size_t i = 0; i < args.run_args.nr; i++)
			strvec_push(&rargv, args.run_args.v[i]);
		strvec_push(&rargv, "--allow-outside-project");
		strvec_push(&rargv, "--");
		for (size_t i = 0; i < paths.nr; i++)
			strvec_push(&rargv, paths.v[i]);
		struct cmd_run_extra extra = {
			.rec_argc = argc,
			.rec_argv = argv,
			.hooks = &hooks,
			.show_output = args.show_output,
		};
		code = cmd_run_as((int)rargv.nr, rargv.v, &extra);
		strvec_clear(&rargv);
	}
	for (int h = 0; h < 3; h++)
		strvec_clear(&hook_argv[h]);
	if (tmp[0])
		fs_remove_tree(tmp);
	for (int i = 0; i < nargc; i++)
		free(nargv[i]);
	free(nargv);
	free(dir);
	free(stem);
	free(args.workdir);
	strvec_clear(&paths);
	strvec_clear(&args.names);
	strvec_clear(&args.run_args);
	strvec_clear(&args.values);
	strvec_clear(&args.cmds);
	return code;
}

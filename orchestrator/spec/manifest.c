/*
 * manifest.c: load and check a workload manifest (schema in
 * workloads/README.md). Every check records its problem and moves on, so
 * one run of `versus check` lists all of them.
 */
#include "spec/manifest.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "spec/manifest_int.h"
#include "spec/placeholder.h"
#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/parse.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "spec/yaml_doc.h"
#include "util/banned.h"

#define DEFAULT_MEMORY_BYTES (2ULL * 1024 * 1024 * 1024)
#define DEFAULT_OUTPUT_BYTES (64ULL * 1024 * 1024)

static const char *const top_keys[] = {
	"schema",    "workload", "version", "title",	       "baseline",
	"params",    "sizes",	 "args",    "stdin",	       "checks",
	"validate",  "measure",	 "limits",  "implementations", "files",
	"published", "workdir",	 "sweep",   "iterations",      "cost",
	NULL,
};
static const char *const sweep_keys[] = {"param", "values", "expect", NULL};
static const char *const impl_keys[] = {
	"id", "language", "source", "build_flags", "run_flags", "env", NULL,
};
static const char *const check_keys[] = {"params", "expect", NULL};
static const char *const validate_keys[] = {"mode", "abs_tol", "rel_tol",
					    "exit_ok", NULL};
static const char *const measure_keys[] = {
	"warmup", "min_runs", "max_runs", "target_ci", "time_budget", NULL,
};
static const char *const iterations_keys[] = {
	"count", "executions", "mode", "penalty", "tolerance", "inner", NULL,
};
static const char *const limits_keys[] = {
	"wall", "cpu", "memory", "pids", "output", "disk", "cpus", NULL,
};

/*
 * The mode names of validate.h. validate.c owns validate_mode_parse();
 * this private table keeps the loader independent of it.
 */
static const char *const mode_names[] = {
	[VALIDATE_EXACT] = "exact",	[VALIDATE_LINES] = "lines",
	[VALIDATE_NUMERIC] = "numeric", [VALIDATE_SHA256] = "sha256",
	[VALIDATE_NONE] = "none",
};

struct loader {
	struct ydoc doc;
	struct manifest *m;
	const char *const *languages; /* known ones, or NULL: not checked */
	char *project;		      /* project_root() of the manifest */
	bool allow_outside_project;
};

/* [a-z0-9][a-z0-9_-]* (ids become folder names; keep them tame). */
static bool is_id(const char *s, const char *extra)
{
	if (!*s || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && !strchr(extra, *s))
			return false;
	return true;
}

/*
 * Ids become file and folder names (see MANIFEST_ID_MAX): refuse one the
 * file system could not take, before anything is measured. Returns true
 * when the id fits.
 */
static bool check_id_length(struct loader *l, const struct ynode *n,
			    const char *what, const char *id, const char *names)
{
	size_t len = strlen(id);
	if (len <= MANIFEST_ID_MAX)
		return true;
	ydoc_error(&l->doc, n,
		   "%s is %zu bytes long; at most %d (it names %s, and a "
		   "file name has at most 255 bytes)",
		   what, len, MANIFEST_ID_MAX, names);
	return false;
}

static bool is_param_name(const char *s)
{
	if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Absolute folder of path (resolved when it exists). Caller owns it. */
static char *absolute_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path,
				     slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	char *real = realpath(dir, NULL);
	if (real) {
		free(dir);
		return real;
	}
	if (dir[0] == '/')
		return dir;
	char cwd[PATH_MAX];
	char *abs = xstrfmt("%s/%s", getcwd(cwd, sizeof(cwd)) ? cwd : "", dir);
	free(dir);
	return abs;
}

/*
 * The manifest's project: the nearest folder at or above the manifest's
 * own (real) folder that holds a .git entry (a repository or a worktree),
 * else the manifest's folder itself. Caller owns the result.
 */
static char *project_root(const char *dir)
{
	char *d = xstrdup(dir);
	for (;;) {
		struct stat st;
		char *git = xstrfmt("%s%s.git", d,
				    d[strlen(d) - 1] == '/' ? "" : "/");
		bool found = lstat(git, &st) == 0;
		free(git);
		if (found)
			return d;
		char *slash = strrchr(d, '/');
		if (!slash || slash == d) {
			free(d);
			return xstrdup(dir);
		}
		*slash = '\0';
	}
}

/* Whether real (absolute, resolved) is root or inside it. */
static bool path_under(const char *real, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return true;
	return !strncmp(real, root, n) && (real[n] == '\0' || real[n] == '/');
}

/*
 * Kernel interfaces, never data: a manifest naming one would hand the
 * benchmark (or a WA message) versus's own environment, memory map or a
 * device. Checked by path and by file-system type (they can be mounted
 * elsewhere too).
 */
static bool is_pseudo_file(const char *real)
{
	static const char *const roots[] = {"/proc", "/sys", "/dev"};
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (path_under(real, roots[i]))
			return true;
	struct statfs fs;
	if (statfs(real, &fs) < 0)
		return false;
	switch ((unsigned long)fs.f_type) {
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case DEBUGFS_MAGIC:
	case SECURITYFS_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case BPF_FS_MAGIC:
	case TRACEFS_MAGIC:
	case DEVPTS_SUPER_MAGIC:
	case EFIVARFS_MAGIC:
		return true;
	}
	return false;
}

/*
 * Resolve the file a path value names, relative to the manifest's
 * folder, to an absolute real path (*out, caller owns). Records an error
 * when it is missing, not a regular file, a kernel interface, or (without
 * allow_outside_project) outside the manifest's project.
 */
static int resolve_path(struct loader *l, const struct ynode *n, char *rel,
			const char *what, char **out);

static int resolve_file(struct loader *l, const struct ynode *n,
			const char *what, char **out)
{
	char *rel;
	if (ydoc_get_string(&l->doc, n, what, &rel))
		return -EINVAL;
	return resolve_path(l, n, rel, what, out);
}

/* resolve_file() of the path rel (taken: freed here), located at n. */
static int resolve_path(struct loader *l, const struct ynode *n, char *rel,
			const char *what, char **out)
{
	char *joined =
		rel[0] == '/' ? xstrdup(rel) : xstrfmt("%s/%s", l->m->dir, rel);
	char *real = realpath(joined, NULL);
	int rc = 0;
	struct stat st;
	if (!real) {
		if (errno == ENOENT || errno == ENOTDIR)
			ydoc_error(&l->doc, n, "no such file '%s' for '%s'",
				   rel, what);
		else
			ydoc_error(&l->doc, n,
				   "cannot resolve '%s' for '%s': %s", rel,
				   what, strerror(errno));
		rc = -EINVAL;
	} else if (is_pseudo_file(real)) {
		ydoc_error(&l->doc, n,
			   "'%s' for '%s' is a kernel interface (/proc, /sys, "
			   "/dev or the like), never read as a file",
			   rel, what);
		rc = -EINVAL;
	} else if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		ydoc_error(&l->doc, n, "'%s' for '%s' is not a regular file",
			   rel, what);
		rc = -EINVAL;
	} else if (!l->allow_outside_project && !path_under(real, l->project)) {
		if (strcmp(rel, real))
			ydoc_error(&l->doc, n,
				   "'%s' for '%s' resolves to '%s', outside "
				   "the manifest's project; pass "
				   "--allow-outside-project to use it",
				   rel, what, real);
		else
			ydoc_error(&l->doc, n,
				   "'%s' for '%s' is outside the manifest's "
				   "project; pass --allow-outside-project to "
				   "use it",
				   rel, what);
		rc = -EINVAL;
	}
	free(joined);
	free(rel);
	if (rc) {
		free(real);
		return rc;
	}
	*out = real;
	return 0;
}

/* A params mapping: scalar values, names fit for placeholders. */
static int load_params(struct loader *l, const struct ynode *n,
		       const char *what, struct kvlist *out)
{
	if (!n)
		return 0;
	if (ydoc_get_kvlist(&l->doc, n, what, out))
		return -EINVAL;
	int rc = 0;
	for (size_t i = 0; i + 1 < n->nr; i += 2) {
		const struct ynode *k = n->items[i];
		if (!is_param_name(k->value)) {
			ydoc_error(&l->doc, k,
				   "bad parameter name '%s' in '%s': use "
				   "letters, digits and '_'",
				   k->value, what);
			rc = -EINVAL;
		}
	}
	return rc;
}

static void load_sizes(struct loader *l, const struct ynode *n)
{
	if (!n || ydoc_get_map(&l->doc, n, "sizes"))
		return;
	struct manifest *m = l->m;
	m->sizes = xcalloc(n->nr / 2 + 1, sizeof(*m->sizes));
	for (size_t i = 0; i + 1 < n->nr; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char what[160];
		snprintf(what, sizeof(what), "sizes.%s", k->value);
		if (!is_id(k->value, "_-")) {
			ydoc_error(&l->doc, k,
				   "bad size name '%s': use a-z, 0-9, '_' "
				   "and '-'",
				   k->value);
			continue;
		}
		struct manifest_size *s = &m->sizes[m->sizes_nr++];
		s->name = xstrdup(k->value);
		s->line = k->line;
		s->column = k->column;
		kvlist_init(&s->params);
		load_params(l, v, what, &s->params);
	}
}

static void load_checks(struct loader *l, const struct ynode *n)
{
	if (!n)
		return;
	if (ydoc_get_seq(&l->doc, n, "checks"))
		return;
	struct manifest *m = l->m;
	m->checks = xcalloc(n->nr + 1, sizeof(*m->checks));
	for (size_t i = 0; i < n->nr; i++) {
		const struct ynode *c = n->items[i];
		char what[64], sub[96];
		snprintf(what, sizeof(what), "checks[%zu]", i);
		if (ydoc_get_map(&l->doc, c, what))
			continue;
		struct manifest_check *mc = &m->checks[m->checks_nr++];
		kvlist_init(&mc->params);
		mc->line = c->line;
		mc->column = c->column;
		ydoc_check_keys(&l->doc, c, check_keys, what);
		snprintf(sub, sizeof(sub), "%s.params", what);
		load_params(l, ydoc_map_get(c, "params"), sub, &mc->params);
		const struct ynode *e = ydoc_map_get(c, "expect");
		snprintf(sub, sizeof(sub), "%s.expect", what);
		if (e)
			resolve_file(l, e, sub, &mc->expect_path);
	}
}

/*
 * files: input files placed read-only in each run's folder under their
 * base names (as written: a symlink keeps its own name), so no two may
 * share one.
 */
static void load_files(struct loader *l, const struct ynode *n)
{
	if (!n || ydoc_get_seq(&l->doc, n, "files"))
		return;
	struct manifest *m = l->m;
	const struct ynode **seen = xcalloc(n->nr + 1, sizeof(*seen));
	for (size_t i = 0; i < n->nr; i++) {
		const struct ynode *f = n->items[i];
		char what[64];
		snprintf(what, sizeof(what), "files[%zu]", i);
		char *real;
		if (resolve_file(l, f, what, &real))
			continue;
		const char *slash = strrchr(f->value, '/');
		const char *base = slash ? slash + 1 : f->value;
		const struct ynode *twin = NULL;
		for (size_t j = 0; j < m->files.nr && !twin; j++)
			if (!strcmp(m->file_names.v[j], base))
				twin = seen[j];
		if (twin) {
			ydoc_error(&l->doc, f,
				   "'%s' for '%s' would be '%s' in the run's "
				   "folder, like '%s' (line %d): give one of "
				   "them another name",
				   f->value, what, base, twin->value,
				   twin->line);
			free(real);
			continue;
		}
		seen[m->files.nr] = f;
		strvec_push_owned(&m->files, real);
		strvec_push(&m->file_names, base);
	}
	free(seen);
}

/*
 * A folder that would uncover what the box hides if it were bound as the
 * runs' folder: the root, a home itself, or one holding /tmp, /var/tmp,
 * /run, the homes or the kernel's interfaces (sandbox/README.md, "The
 * box").
 */
bool manifest_workdir_uncovers(const char *real)
{
	static const char *const hidden[] = {
		"/tmp",	 "/var/tmp", "/run", "/home",
		"/root", "/proc",    "/sys", "/dev",
	};
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (path_under(hidden[i], real))
			return true;
	const char *slash = strrchr(real, '/');
	return !strncmp(real, "/home/", 6) && slash == real + 5;
}

/*
 * workdir: a folder every run starts in, as it is (never copied, never
 * emptied), read-only in the box; what `versus bench` uses for the
 * caller's folder, so relative paths work as in a shell.
 */
static void load_workdir(struct loader *l, const struct ynode *n)
{
	char *rel;
	if (!n || ydoc_get_string(&l->doc, n, "workdir", &rel))
		return;
	char *joined =
		rel[0] == '/' ? xstrdup(rel) : xstrfmt("%s/%s", l->m->dir, rel);
	char *real = realpath(joined, NULL);
	struct stat st;
	if (!real)
		ydoc_error(&l->doc, n, "no such folder '%s' for 'workdir'",
			   rel);
	else if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		ydoc_error(&l->doc, n, "'%s' for 'workdir' is not a folder",
			   rel);
	else if (is_pseudo_file(real) || manifest_workdir_uncovers(real))
		ydoc_error(&l->doc, n,
			   "'%s' for 'workdir' would show the programs what "
			   "the sandbox hides (the root, a home itself, /tmp, "
			   "/run, /proc...); use a project folder below it",
			   rel);
	else if (!l->allow_outside_project && !path_under(real, l->project))
		ydoc_error(&l->doc, n,
			   "'%s' for 'workdir' is outside the manifest's "
			   "project; pass --allow-outside-project to use it",
			   rel);
	else if (l->m->files.nr)
		ydoc_error(&l->doc, n,
			   "'workdir' and 'files' exclude each other: files "
			   "are placed in a run folder of versus's own");
	else {
		l->m->workdir = real;
		real = NULL;
	}
	free(real);
	free(joined);
	free(rel);
}

static void load_validate(struct loader *l, const struct ynode *n)
{
	struct validate_spec *v = &l->m->validate;
	if (!n || ydoc_get_map(&l->doc, n, "validate"))
		return;
	ydoc_check_keys(&l->doc, n, validate_keys, "validate");
	const struct ynode *mode = ydoc_map_get(n, "mode");
	char *name = NULL;
	if (mode && !ydoc_get_string(&l->doc, mode, "validate.mode", &name)) {
		size_t nr = sizeof(mode_names) / sizeof(mode_names[0]);
		size_t i;
		for (i = 0; i < nr && strcmp(mode_names[i], name); i++)
			;
		if (i < nr) {
			v->mode = (enum validate_mode)i;
		} else {
			const char *hint = suggest_closest(
				name, (const char *const *)mode_names, nr);
			ydoc_error(&l->doc, mode,
				   "unknown validate mode '%s'%s%s%s; use "
				   "exact, lines, numeric, sha256 or none",
				   name, hint ? " (did you mean '" : "",
				   hint ? hint : "", hint ? "'?)" : "");
		}
		free(name);
	}
	const struct ynode *ok = ydoc_map_get(n, "exit_ok");
	if (ok && !ydoc_get_string(&l->doc, ok, "validate.exit_ok", &name)) {
		if (!strcmp(name, "any"))
			l->m->exit_ok_any = true;
		else if (strcmp(name, "zero"))
			ydoc_error(&l->doc, ok,
				   "unknown validate.exit_ok '%s'; use zero "
				   "(the default) or any",
				   name);
		free(name);
	}
	static const char *const tols[] = {"abs_tol", "rel_tol"};
	for (size_t i = 0; i < 2; i++) {
		const struct ynode *t = ydoc_map_get(n, tols[i]);
		char what[32];
		snprintf(what, sizeof(what), "validate.%s", tols[i]);
		double *dst = i == 0 ? &v->abs_tol : &v->rel_tol;
		if (ydoc_get_double(&l->doc, t, what, 0, 1e300, dst))
			continue;
		if (v->mode != VALIDATE_NUMERIC)
			ydoc_error(&l->doc, t,
				   "'%s' only applies to validate mode "
				   "'numeric'",
				   what);
	}
}

const struct measure_range manifest_measure_ranges[MEASURE_SETTINGS_NR] = {
	[MEASURE_WARMUP] = {"measure.warmup", "--warmup", 0, 1000, false, true},
	[MEASURE_MIN_RUNS] = {"measure.min_runs", "--min-runs", 1, 100000,
			      false, true},
	[MEASURE_MAX_RUNS] = {"measure.max_runs", "--max-runs", 1, 100000,
			      false, true},
	[MEASURE_RUNS] = {NULL, "--runs", 1, 100000, false, true},
	[MEASURE_TARGET_CI] = {"measure.target_ci", "--target-ci", 0, 1, true,
			       false},
	[MEASURE_TIME_BUDGET] = {"measure.time_budget", "--time-budget", 0, 1e9,
				 true, false},
};

static void get_count(struct loader *l, const struct ynode *map,
		      enum measure_setting which, int *dst)
{
	const struct measure_range *r = &manifest_measure_ranges[which];
	long long v;
	if (!ydoc_get_int(&l->doc, ydoc_map_get(map, r->key + 8), r->key,
			  (long long)r->min, (long long)r->max, &v))
		*dst = (int)v;
}

static void load_measure(struct loader *l, const struct ynode *n)
{
	struct manifest_measure *ms = &l->m->measure;
	if (!n || ydoc_get_map(&l->doc, n, "measure"))
		return;
	ydoc_check_keys(&l->doc, n, measure_keys, "measure");
	get_count(l, n, MEASURE_WARMUP, &ms->warmup);
	get_count(l, n, MEASURE_MIN_RUNS, &ms->min_runs);
	get_count(l, n, MEASURE_MAX_RUNS, &ms->max_runs);
	if (ms->max_runs < ms->min_runs) {
		const struct ynode *at = ydoc_map_get(n, "max_runs");
		ydoc_error(&l->doc, at ? at : ydoc_map_get(n, "min_runs"),
			   "'measure.max_runs' (%d) is less than "
			   "'measure.min_runs' (%d)",
			   ms->max_runs, ms->min_runs);
	}
	const struct measure_range *r =
		&manifest_measure_ranges[MEASURE_TARGET_CI];
	const struct ynode *ci = ydoc_map_get(n, "target_ci");
	double v;
	if (!ydoc_get_double(&l->doc, ci, r->key, r->min, r->max, &v)) {
		if (v > r->min)
			ms->target_ci = v;
		else
			ydoc_error(&l->doc, ci, "'%s' must be above %g", r->key,
				   r->min);
	}
	r = &manifest_measure_ranges[MEASURE_TIME_BUDGET];
	const struct ynode *budget = ydoc_map_get(n, "time_budget");
	if (!ydoc_get_duration(&l->doc, budget, r->key, &v)) {
		/* ydoc_get_duration() refuses 0; the table bounds the rest. */
		if (v > r->max)
			ydoc_error(&l->doc, budget,
				   "'%s' must be at most %g s, not %s", r->key,
				   r->max, budget->value);
		else
			ms->time_budget_s = v;
	}
}

/*
 * limits.cpus: a number (1, 2...), a CPU list as a string ("2-3", "0,2";
 * quoted, "3" is CPU 3) or a list of CPU numbers ([0, 2]).
 */
static void load_cpus(struct loader *l, const struct ynode *n)
{
	struct manifest_limits *lim = &l->m->limits;
	if (!n)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	int count = 0, rc = 0;
	struct strbuf why = STRBUF_INIT;
	if (n->kind == YNODE_SEQ) {
		if (!n->nr) {
			strbuf_addf(&why, "an empty CPU list");
			rc = -EINVAL;
		}
		for (size_t i = 0; !rc && i < n->nr; i++) {
			long long c;
			if (ydoc_get_int(&l->doc, n->items[i], "limits.cpus", 0,
					 CPU_SETSIZE - 1, &c))
				return;
			if (CPU_ISSET((int)c, &set)) {
				strbuf_addf(&why, "CPU %lld is listed twice",
					    c);
				rc = -EINVAL;
			}
			CPU_SET((int)c, &set);
		}
	} else if (n->kind != YNODE_SCALAR) {
		strbuf_addf(&why, "expected a number of CPUs or a CPU list");
		rc = -EINVAL;
	} else if (n->quoted) {
		rc = cpulist_parse(n->value, &set, &why);
	} else {
		rc = cpulist_parse_request(n->value, &count, &set, &why);
	}
	if (rc) {
		ydoc_error(&l->doc, n, "'limits.cpus': %s", why.buf);
		strbuf_release(&why);
		return;
	}
	strbuf_release(&why);
	lim->cpus = count;
	if (!count) {
		char buf[CPULIST_MAX];
		cpulist_format(&set, buf, sizeof(buf));
		lim->cpu_list = xstrdup(buf);
	}
	lim->cpus_line = n->line;
	lim->cpus_column = n->column;
}

static void load_limits(struct loader *l, const struct ynode *n)
{
	struct manifest_limits *lim = &l->m->limits;
	if (!n || ydoc_get_map(&l->doc, n, "limits"))
		return;
	ydoc_check_keys(&l->doc, n, limits_keys, "limits");
	ydoc_get_duration(&l->doc, ydoc_map_get(n, "wall"), "limits.wall",
			  &lim->wall_s);
	ydoc_get_duration(&l->doc, ydoc_map_get(n, "cpu"), "limits.cpu",
			  &lim->cpu_s);
	unsigned long long bytes;
	if (!ydoc_get_size(&l->doc, ydoc_map_get(n, "memory"), "limits.memory",
			   &bytes))
		lim->memory_bytes = bytes;
	if (!ydoc_get_size(&l->doc, ydoc_map_get(n, "output"), "limits.output",
			   &bytes))
		lim->output_bytes = bytes;
	if (!ydoc_get_size(&l->doc, ydoc_map_get(n, "disk"), "limits.disk",
			   &bytes))
		lim->disk_bytes = bytes;
	long long pids;
	if (!ydoc_get_int(&l->doc, ydoc_map_get(n, "pids"), "limits.pids", 1,
			  1000000, &pids))
		lim->pids = (uint64_t)pids;
	load_cpus(l, ydoc_map_get(n, "cpus"));
}

static void load_iterations(struct loader *l, const struct ynode *n)
{
	struct manifest_iterations *it = &l->m->iterations;
	struct ydoc *doc = &l->doc;
	if (!n || ydoc_get_map(doc, n, "iterations"))
		return;
	it->line = n->line;
	it->column = n->column;
	ydoc_check_keys(doc, n, iterations_keys, "iterations");
	long long v;
	const struct ynode *count = ydoc_require(doc, n, "count", "iterations");
	if (!ydoc_get_int(doc, count, "iterations.count", 1,
			  MANIFEST_ITER_COUNT_MAX, &v))
		it->count = (uint32_t)v;
	if (!ydoc_get_int(doc, ydoc_map_get(n, "executions"),
			  "iterations.executions", 1,
			  MANIFEST_ITER_EXECUTIONS_MAX, &v))
		it->executions = (int)v;
	if (!ydoc_get_int(doc, ydoc_map_get(n, "inner"), "iterations.inner", 1,
			  MANIFEST_ITER_INNER_MAX, &v))
		it->inner = (long)v;
	const struct ynode *mode = ydoc_map_get(n, "mode");
	char *name = NULL;
	if (!ydoc_get_string(doc, mode, "iterations.mode", &name)) {
		if (!strcmp(name, "versus"))
			it->mode = MANIFEST_ITER_VERSUS;
		else if (!strcmp(name, "compat"))
			it->mode = MANIFEST_ITER_COMPAT;
		else
			ydoc_error(doc, mode,
				   "unknown 'iterations.mode' '%s' (known: "
				   "versus, compat)",
				   name);
		free(name);
	}
	ydoc_get_double(doc, ydoc_map_get(n, "penalty"), "iterations.penalty",
			0.1, 1000, &it->penalty);
	ydoc_get_double(doc, ydoc_map_get(n, "tolerance"),
			"iterations.tolerance", 0.001, 0.5, &it->tolerance);
}

static void check_language(struct loader *l, const struct ynode *at,
			   const char *language)
{
	if (!l->languages)
		return;
	size_t nr = 0;
	for (; l->languages[nr]; nr++)
		if (!strcmp(l->languages[nr], language))
			return;
	const char *hint = suggest_closest(language, l->languages, nr);
	if (hint)
		ydoc_error(&l->doc, at,
			   "unknown language '%s' (no runner recipe); did you "
			   "mean '%s'?",
			   language, hint);
	else
		ydoc_error(&l->doc, at,
			   "unknown language '%s' (no runner recipe)",
			   language);
}

static void load_impl(struct loader *l, const struct ynode *n, size_t index)
{
	char what[64], sub[96];
	snprintf(what, sizeof(what), "implementations[%zu]", index);
	if (ydoc_get_map(&l->doc, n, what))
		return;
	struct manifest *m = l->m;
	struct manifest_impl *im = &m->impls[m->impls_nr++];
	strvec_init(&im->build_flags);
	strvec_init(&im->run_flags);
	kvlist_init(&im->env);
	im->line = n->line;
	im->column = n->column;
	ydoc_check_keys(&l->doc, n, impl_keys, what);

	const struct ynode *id = ydoc_require(&l->doc, n, "id", what);
	snprintf(sub, sizeof(sub), "%s.id", what);
	if (!ydoc_get_string(&l->doc, id, sub, &im->id)) {
		if (!is_id(im->id, "_.+-"))
			ydoc_error(&l->doc, id,
				   "bad implementation id '%s': use a-z, 0-9 "
				   "and '_', '.', '+', '-'",
				   im->id);
		else
			check_id_length(l, id, "implementation id", im->id,
					"its build folder");
	}
	const struct ynode *lang = ydoc_require(&l->doc, n, "language", what);
	snprintf(sub, sizeof(sub), "%s.language", what);
	if (!ydoc_get_string(&l->doc, lang, sub, &im->language)) {
		im->language_line = lang->line;
		im->language_column = lang->column;
		if (!is_id(im->language, "_.+-"))
			ydoc_error(&l->doc, lang, "bad language name '%s'",
				   im->language);
		else if (check_id_length(l, lang, "language name", im->language,
					 "a cache folder"))
			check_language(l, lang, im->language);
	}
	const struct ynode *src = ydoc_require(&l->doc, n, "source", what);
	snprintf(sub, sizeof(sub), "%s.source", what);
	if (src)
		resolve_file(l, src, sub, &im->source);
	snprintf(sub, sizeof(sub), "%s.build_flags", what);
	ydoc_get_strvec(&l->doc, ydoc_map_get(n, "build_flags"), sub,
			&im->build_flags);
	snprintf(sub, sizeof(sub), "%s.run_flags", what);
	ydoc_get_strvec(&l->doc, ydoc_map_get(n, "run_flags"), sub,
			&im->run_flags);
	const struct ynode *env = ydoc_map_get(n, "env");
	snprintf(sub, sizeof(sub), "%s.env", what);
	if (env && !ydoc_get_kvlist(&l->doc, env, sub, &im->env)) {
		for (size_t i = 0; i + 1 < env->nr; i += 2)
			if (!is_param_name(env->items[i]->value))
				ydoc_error(&l->doc, env->items[i],
					   "bad environment variable name "
					   "'%s'",
					   env->items[i]->value);
	}
}

static void load_impls(struct loader *l, const struct ynode *n)
{
	if (!n)
		return;
	if (ydoc_get_seq(&l->doc, n, "implementations"))
		return;
	if (n->nr == 0) {
		ydoc_error(&l->doc, n,
			   "'implementations' must list at least one "
			   "implementation");
		return;
	}
	struct manifest *m = l->m;
	m->impls = xcalloc(n->nr, sizeof(*m->impls));
	for (size_t i = 0; i < n->nr; i++)
		load_impl(l, n->items[i], i);
	for (size_t i = 0; i < m->impls_nr; i++) {
		for (size_t j = 0; j < i; j++) {
			if (!m->impls[i].id || !m->impls[j].id ||
			    strcmp(m->impls[i].id, m->impls[j].id))
				continue;
			struct ynode at = {.line = m->impls[i].line,
					   .column = m->impls[i].column};
			ydoc_error(&l->doc, &at,
				   "duplicate implementation id '%s' (first "
				   "at line %d)",
				   m->impls[i].id, m->impls[j].line);
			break;
		}
	}
}

/*
 * Placeholder lookup for args: every name any params block defines, and
 * {iterations} and {inner} in iteration mode.
 */
static int known_param(void *ctx, const char *name, struct strbuf *out)
{
	const struct manifest *m = ((const struct loader *)ctx)->m;
	if (m->iterations.count &&
	    (!strcmp(name, "iterations") || !strcmp(name, "inner")))
		return 0;
	if (kvlist_get(&m->params, name))
		return 0;
	for (size_t i = 0; i < m->sizes_nr; i++)
		if (kvlist_get(&m->sizes[i].params, name))
			return 0;
	for (size_t i = 0; i < m->checks_nr; i++)
		if (kvlist_get(&m->checks[i].params, name))
			return 0;
	return -ENOENT;
}

static const char *closest_param(const struct manifest *m, const char *name)
{
	const char **names = xcalloc(m->params.nr + 1, sizeof(*names));
	for (size_t i = 0; i < m->params.nr; i++)
		names[i] = m->params.keys[i];
	const char *hint = suggest_closest(name, names, m->params.nr);
	free(names);
	return hint;
}

static void check_args(struct loader *l, const struct ynode *n)
{
	if (!n || n->kind != YNODE_SEQ)
		return;
	for (size_t i = 0; i < n->nr && i < l->m->args.nr; i++) {
		char bad[160];
		int rc = placeholder_expand(l->m->args.v[i], known_param, l,
					    NULL, bad, sizeof(bad));
		if (rc == -ENOENT) {
			const char *hint = closest_param(l->m, bad);
			if (hint)
				ydoc_error(&l->doc, n->items[i],
					   "unknown placeholder '{%s}' in "
					   "'args[%zu]'; did you mean '{%s}'?",
					   bad, i, hint);
			else
				ydoc_error(&l->doc, n->items[i],
					   "unknown placeholder '{%s}' in "
					   "'args[%zu]': no such parameter",
					   bad, i);
		} else if (rc) {
			ydoc_error(&l->doc, n->items[i], "%s in 'args[%zu]'",
				   bad, i);
		}
	}
}

int manifest_sweep_value_check(const struct strvec *values, size_t i,
			       struct strbuf *why)
{
	double v, w;
	if (parse_double(values->v[i], &v) < 0 || !isfinite(v) || !(v > 0)) {
		strbuf_addf(why,
			    "sweep value '%s' is not a positive number (a "
			    "sweep's values are the x axis of its charts and "
			    "of the fit time = a + b n)",
			    values->v[i]);
		return -EINVAL;
	}
	for (size_t j = 0; j < i; j++)
		if (parse_double(values->v[j], &w) == 0 && w == v) {
			strbuf_addf(why, "sweep value '%s' is given twice",
				    values->v[i]);
			return -EINVAL;
		}
	return 0;
}

/* Placeholder lookup for sweep.expect: the swept parameter only. */
struct sweep_subst {
	const char *param, *value;
};

static int sweep_lookup(void *ctx, const char *name, struct strbuf *out)
{
	const struct sweep_subst *s = ctx;
	if (strcmp(name, s->param))
		return -ENOENT;
	if (out)
		strbuf_addstr(out, s->value);
	return 0;
}

/*
 * sweep: {param, values, expect}. The parameter must be one that args
 * use (a sweep of an unused one would time the same run again and
 * again); expect, a path with {param}, is resolved for every value.
 */
static void load_sweep(struct loader *l, const struct ynode *n)
{
	struct manifest_sweep *sw = &l->m->sweep;
	if (!n || ydoc_get_map(&l->doc, n, "sweep"))
		return;
	ydoc_check_keys(&l->doc, n, sweep_keys, "sweep");
	sw->line = n->line;
	sw->column = n->column;
	const struct ynode *p = ydoc_require(&l->doc, n, "param", "sweep");
	const struct ynode *vs = ydoc_require(&l->doc, n, "values", "sweep");
	char *param = NULL;
	if (p && !ydoc_get_string(&l->doc, p, "sweep.param", &param)) {
		char tmpl[160];
		snprintf(tmpl, sizeof(tmpl), "{%s}", param);
		bool used = false;
		for (size_t i = 0; i < l->m->args.nr && !used; i++)
			used = strstr(l->m->args.v[i], tmpl) != NULL;
		if (known_param(l, param, NULL) < 0) {
			const char *hint = closest_param(l->m, param);
			ydoc_error(&l->doc, p,
				   "'sweep.param' '%s' is not a parameter "
				   "(params, sizes or checks)%s%s%s",
				   param, hint ? "; did you mean '" : "",
				   hint ? hint : "", hint ? "'?" : "");
		} else if (!used) {
			ydoc_error(&l->doc, p,
				   "'sweep.param' '%s' is not used in 'args': "
				   "every point would run the same command",
				   param);
		} else {
			sw->param = param;
			param = NULL;
		}
	}
	free(param);
	struct strvec values = STRVEC_INIT;
	bool ok = vs && !ydoc_get_strvec(&l->doc, vs, "sweep.values", &values);
	if (ok && (values.nr < 2 || values.nr > MANIFEST_SWEEP_MAX)) {
		ydoc_error(&l->doc, vs,
			   "'sweep.values' has %zu value%s; a sweep takes 2 "
			   "to %d (3 or more for the fit time = a + b n)",
			   values.nr, values.nr == 1 ? "" : "s",
			   MANIFEST_SWEEP_MAX);
		ok = false;
	}
	bool counted = ok; /* then every bad value is reported */
	for (size_t i = 0; counted && i < values.nr; i++) {
		struct strbuf why = STRBUF_INIT;
		if (manifest_sweep_value_check(&values, i, &why) < 0) {
			ydoc_error(&l->doc, vs->items[i],
				   "%s in 'sweep.values'", why.buf);
			ok = false;
		}
		strbuf_release(&why);
	}
	if (ok) {
		strvec_clear(&sw->values);
		sw->values = values; /* moved */
	} else {
		strvec_clear(&values);
	}
	const struct ynode *e = ydoc_map_get(n, "expect");
	char *tmpl = NULL;
	if (!e || ydoc_get_string(&l->doc, e, "sweep.expect", &tmpl) ||
	    !sw->param || !sw->values.nr) {
		free(tmpl);
		if (!sw->param || !sw->values.nr) {
			free(sw->param);
			sw->param = NULL;
			strvec_clear(&sw->values);
		}
		return;
	}
	char want[160];
	snprintf(want, sizeof(want), "{%s}", sw->param);
	if (!strstr(tmpl, want)) {
		ydoc_error(&l->doc, e,
			   "'sweep.expect' '%s' does not hold '%s': every "
			   "point needs its own expected file",
			   tmpl, want);
		free(tmpl);
		return;
	}
	for (size_t i = 0; i < sw->values.nr; i++) {
		struct sweep_subst sub = {sw->param, sw->values.v[i]};
		struct strbuf path = STRBUF_INIT;
		char bad[160], *real = NULL;
		char what[200];
		snprintf(what, sizeof(what), "sweep.expect (%s=%s)", sw->param,
			 sw->values.v[i]);
		if (placeholder_expand(tmpl, sweep_lookup, &sub, &path, bad,
				       sizeof(bad)) < 0) {
			ydoc_error(&l->doc, e,
				   "unknown placeholder '{%s}' in "
				   "'sweep.expect': only '%s' is replaced",
				   bad, want);
			strbuf_release(&path);
			break;
		}
		if (resolve_path(l, e, strbuf_detach(&path, NULL), what,
				 &real) == 0)
			strvec_push_owned(&sw->expect_paths, real);
	}
	if (sw->expect_paths.nr != sw->values.nr)
		strvec_clear(&sw->expect_paths);
	free(tmpl);
}

static void set_defaults(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->version = 1;
	kvlist_init(&m->params);
	strvec_init(&m->args);
	strvec_init(&m->files);
	strvec_init(&m->file_names);
	strvec_init(&m->sweep.values);
	strvec_init(&m->sweep.expect_paths);
	m->validate.mode = VALIDATE_EXACT;
	m->measure.warmup = 1;
	m->measure.min_runs = 5;
	m->measure.max_runs = 30;
	m->measure.target_ci = 0.02;
	m->measure.time_budget_s = 60;
	m->cost_s = NAN;
	m->limits.wall_s = 120;
	m->limits.cpu_s = 100;
	m->limits.memory_bytes = DEFAULT_MEMORY_BYTES;
	m->limits.pids = 256;
	m->limits.output_bytes = DEFAULT_OUTPUT_BYTES;
	m->iterations.executions = 10;
	m->iterations.inner = 1;
	m->iterations.mode = MANIFEST_ITER_VERSUS;
	m->iterations.penalty = 15;
	m->iterations.tolerance = 0.02;
}

static void load_root(struct loader *l, const struct ynode *root)
{
	struct manifest *m = l->m;
	struct ydoc *doc = &l->doc;
	if (root->kind != YNODE_MAP) {
		ydoc_error(doc, root,
			   "a manifest must be a mapping of keys to values");
		return;
	}
	ydoc_check_keys(doc, root, top_keys, NULL);

	long long v;
	const struct ynode *n = ydoc_require(doc, root, "schema", NULL);
	if (!ydoc_get_int(doc, n, "schema", 0, INT_MAX, &v)) {
		if (v != 1)
			ydoc_error(doc, n,
				   "unsupported schema %lld: this versus "
				   "reads schema 1",
				   v);
		m->schema = (int)v;
	}
	n = ydoc_require(doc, root, "workload", NULL);
	if (!ydoc_get_string(doc, n, "workload", &m->workload)) {
		if (!is_id(m->workload, "_-"))
			ydoc_error(doc, n,
				   "bad workload id '%s': use a-z, 0-9, '_' "
				   "and '-'",
				   m->workload);
		else
			check_id_length(l, n, "workload id", m->workload,
					"result files and build folders");
	}
	if (!ydoc_get_int(doc, ydoc_map_get(root, "version"), "version", 1,
			  INT_MAX, &v))
		m->version = (int)v;
	ydoc_get_string(doc, ydoc_map_get(root, "title"), "title", &m->title);
	/* cost: a hint for versus plan (docs/distributed.md). */
	ydoc_get_duration(doc, ydoc_map_get(root, "cost"), "cost", &m->cost_s);
	const struct ynode *baseline =
		ydoc_require(doc, root, "baseline", NULL);
	ydoc_get_string(doc, baseline, "baseline", &m->baseline);
	load_params(l, ydoc_map_get(root, "params"), "params", &m->params);
	load_sizes(l, ydoc_map_get(root, "sizes"));
	const struct ynode *args = ydoc_map_get(root, "args");
	ydoc_get_strvec(doc, args, "args", &m->args);
	n = ydoc_map_get(root, "stdin");
	if (n)
		resolve_file(l, n, "stdin", &m->stdin_path);
	load_files(l, ydoc_map_get(root, "files"));
	load_workdir(l, ydoc_map_get(root, "workdir"));
	load_checks(l, ydoc_map_get(root, "checks"));
	load_validate(l, ydoc_map_get(root, "validate"));
	load_measure(l, ydoc_map_get(root, "measure"));
	load_limits(l, ydoc_map_get(root, "limits"));
	const struct ynode *iters = ydoc_map_get(root, "iterations");
	load_iterations(l, iters);
	if (m->iterations.count && kvlist_get(&m->params, "iterations"))
		ydoc_error(doc, iters,
			   "'params' may not define 'iterations' in iteration "
			   "mode: '{iterations}' is the iteration count");
	if (m->iterations.count && kvlist_get(&m->params, "inner"))
		ydoc_error(doc, iters,
			   "'params' may not define 'inner' in iteration "
			   "mode: '{inner}' is 'iterations.inner'");
	load_impls(l, ydoc_require(doc, root, "implementations", NULL));
	check_args(l, args);
	published_load(doc, ydoc_map_get(root, "published"), m);
	load_sweep(l, ydoc_map_get(root, "sweep"));

	if (m->baseline && m->impls_nr && !manifest_find_impl(m, m->baseline)) {
		const char **ids = xcalloc(m->impls_nr + 1, sizeof(*ids));
		size_t nr = 0;
		for (size_t i = 0; i < m->impls_nr; i++)
			if (m->impls[i].id)
				ids[nr++] = m->impls[i].id;
		const char *hint = suggest_closest(m->baseline, ids, nr);
		if (hint)
			ydoc_error(doc, baseline,
				   "baseline '%s' names no implementation; did "
				   "you mean '%s'?",
				   m->baseline, hint);
		else
			ydoc_error(doc, baseline,
				   "baseline '%s' names no implementation",
				   m->baseline);
		free(ids);
	}
	if (!m->title && m->workload)
		m->title = xstrdup(m->workload);
}

static int load_buffer(const char *name, const char *data, size_t len,
		       const struct manifest_load_options *o,
		       struct manifest *m, struct versus_errs *errs)
{
	set_defaults(m);
	m->path = xstrdup(name);
	m->dir = absolute_dir(name);
	sha256_hex(data, len, m->digest);
	struct loader l = {
		.m = m,
		.languages = o ? o->languages : NULL,
		.project = project_root(m->dir),
		.allow_outside_project = o && o->allow_outside_project,
	};
	size_t before = errs->nr;
	if (ydoc_load(&l.doc, m->path, data, len, MANIFEST_MAX_BYTES,
		      MANIFEST_MAX_DEPTH, errs) == 0)
		load_root(&l, l.doc.root);
	ydoc_release(&l.doc);
	free(l.project);
	if (errs->nr > before) {
		ydoc_sort_errors(errs, before);
		manifest_release(m);
		return -EINVAL;
	}
	return 0;
}

int manifest_load_buffer(const char *name, const char *data, size_t len,
			 struct manifest *m, struct versus_errs *errs)
{
	return load_buffer(name, data, len, NULL, m, errs);
}

int manifest_load_checked(const char *path, const char *const *languages,
			  struct manifest *m, struct versus_errs *errs)
{
	struct manifest_load_options o = {.languages = languages};
	return manifest_load_with(path, &o, m, errs);
}

int manifest_load_with(const char *path, const struct manifest_load_options *o,
		       struct manifest *m, struct versus_errs *errs)
{
	char *data;
	size_t len;
	int rc = ydoc_read_file(path, MANIFEST_MAX_BYTES, errs, &data, &len);
	if (rc) {
		set_defaults(m);
		return rc;
	}
	rc = load_buffer(path, data, len, o, m, errs);
	free(data);
	return rc;
}

int manifest_load(const char *path, struct manifest *m,
		  struct versus_errs *errs)
{
	return manifest_load_checked(path, NULL, m, errs);
}

void manifest_release(struct manifest *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->dir);
	free(m->workload);
	free(m->title);
	free(m->baseline);
	kvlist_release(&m->params);
	for (size_t i = 0; i < m->sizes_nr; i++) {
		free(m->sizes[i].name);
		kvlist_release(&m->sizes[i].params);
	}
	free(m->sizes);
	strvec_clear(&m->args);
	free(m->stdin_path);
	strvec_clear(&m->files);
	strvec_clear(&m->file_names);
	free(m->workdir);
	for (size_t i = 0; i < m->checks_nr; i++) {
		kvlist_release(&m->checks[i].params);
		free(m->checks[i].expect_path);
	}
	free(m->checks);
	free(m->limits.cpu_list);
	for (size_t i = 0; i < m->impls_nr; i++) {
		struct manifest_impl *im = &m->impls[i];
		free(im->id);
		free(im->language);
		free(im->source);
		strvec_clear(&im->build_flags);
		strvec_clear(&im->run_flags);
		kvlist_release(&im->env);
	}
	free(m->impls);
	published_release(&m->published);
	free(m->sweep.param);
	strvec_clear(&m->sweep.values);
	strvec_clear(&m->sweep.expect_paths);
	set_defaults(m);
}

const struct manifest_impl *manifest_find_impl(const struct manifest *m,
					       const char *id)
{
	for (size_t i = 0; i < m->impls_nr; i++)
		if (m->impls[i].id && !strcmp(m->impls[i].id, id))
			return &m->impls[i];
	return NULL;
}

const struct manifest_size *manifest_find_size(const struct manifest *m,
					       const char *name)
{
	for (size_t i = 0; i < m->sizes_nr; i++)
		if (!strcmp(m->sizes[i].name, name))
			return &m->sizes[i];
	return NULL;
}

struct kv_ctx {
	const struct kvlist *kv;
};

static int lookup_kv(void *ctx, const char *name, struct strbuf *out)
{
	const struct kv_ctx *x = ctx;
	const char *v = kvlist_get(x->kv, name);
	if (!v)
		return -ENOENT;
	if (out)
		strbuf_addstr(out, v);
	return 0;
}

int manifest_expand_args(const struct strvec *templates,
			 const struct kvlist *params, struct strvec *out,
			 struct versus_err *err)
{
	strvec_clear(out);
	for (size_t i = 0; i < templates->nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		char bad[160];
		struct kv_ctx x = {params};
		int rc = placeholder_expand(templates->v[i], lookup_kv, &x, &sb,
					    bad, sizeof(bad));
		if (rc) {
			strbuf_release(&sb);
			strvec_clear(out);
			if (rc == -ENOENT)
				return versus_err_set(
					err, -EINVAL, NULL, 0, 0,
					"parameter '%s' used in 'args[%zu]' "
					"has no value",
					bad, i);
			return versus_err_set(err, -EINVAL, NULL, 0, 0,
					      "%s in 'args[%zu]'", bad, i);
		}
		strvec_push_owned(out, strbuf_detach(&sb, NULL));
	}
	return 0;
}

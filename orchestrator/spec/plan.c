/*
 * plan.c: turn a loaded manifest, the recipes and the command-line options
 * into the exact builds and runs of a workload.
 */
#include "spec/plan.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/banned.h"

/* ---- checks of the command-line options ---- */

/* "a, b, c" for messages; caller owns. */
static char *join(const char *const *names, size_t nr)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
	if (!nr)
		strbuf_addstr(&sb, "none");
	return strbuf_detach(&sb, NULL);
}

static bool is_param(const struct manifest *m, const char *name)
{
	if (kvlist_get(&m->params, name))
		return true;
	for (size_t i = 0; i < m->sizes_nr; i++)
		if (kvlist_get(&m->sizes[i].params, name))
			return true;
	for (size_t i = 0; i < m->checks_nr; i++)
		if (kvlist_get(&m->checks[i].params, name))
			return true;
	return false;
}

int plan_check_options(const struct manifest *const *ms, size_t nr,
		       const struct plan_options *opts,
		       struct versus_errs *errs)
{
	int rc = 0;
	for (size_t k = 0; opts->params && k < opts->params->nr; k++) {
		const char *key = opts->params->keys[k];
		bool found = false;
		struct strvec known = STRVEC_INIT;
		for (size_t i = 0; i < nr && !found; i++) {
			found = is_param(ms[i], key);
			for (size_t j = 0; j < ms[i]->params.nr; j++)
				strvec_push(&known, ms[i]->params.keys[j]);
		}
		if (found) {
			strvec_clear(&known);
			continue;
		}
		const char *hint = suggest_closest(
			key, (const char *const *)known.v, known.nr);
		char *list = join((const char *const *)known.v, known.nr);
		if (hint)
			versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					"--param: unknown parameter '%s'; did "
					"you mean '%s'?",
					key, hint);
		else
			versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					"--param: unknown parameter '%s' "
					"(known: %s)",
					key, list);
		free(list);
		strvec_clear(&known);
		rc = -EINVAL;
	}
	for (size_t k = 0; opts->only && k < opts->only->nr; k++) {
		const char *id = opts->only->v[k];
		bool found = false;
		struct strvec known = STRVEC_INIT;
		for (size_t i = 0; i < nr && !found; i++) {
			found = manifest_find_impl(ms[i], id) != NULL;
			for (size_t j = 0; j < ms[i]->impls_nr; j++)
				strvec_push(&known, ms[i]->impls[j].id);
		}
		if (!found) {
			char *list =
				join((const char *const *)known.v, known.nr);
			versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					"--only: no implementation '%s' "
					"(known: %s)",
					id, list);
			free(list);
			rc = -EINVAL;
		}
		strvec_clear(&known);
	}
	return rc;
}

/* ---- planning one workload ---- */

static char *absolute(const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	return xstrfmt("%s/%s", cwd, path);
}

char *plan_default_build_root(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg) {
		char *abs = absolute(xdg);
		char *root = xstrfmt("%s/versus", abs);
		free(abs);
		return root;
	}
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return xstrfmt("%s/.cache/versus", home);
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		return xstrfmt("%s/.cache/versus", pw->pw_dir);
	return absolute("build/versus");
}

static bool is_only(const struct plan_options *opts, const char *id)
{
	if (!opts->only || !opts->only->nr)
		return true;
	for (size_t i = 0; i < opts->only->nr; i++)
		if (!strcmp(opts->only->v[i], id))
			return true;
	return false;
}

/* "nbody.c" -> "nbody"; caller owns. */
static char *source_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base))
				  : xstrdup(base);
}

/* The build folder must never land among the sources it builds. */
static int check_build_root(const struct manifest *m, const char *root,
			    struct versus_errs *errs)
{
	const char *p = strstr(root, "/implementations");
	if (p && (p[16] == '/' || p[16] == '\0'))
		return versus_errs_add(errs, -EINVAL, NULL, 0, 0,
				       "build folder '%s' is inside an "
				       "implementations folder; pass "
				       "--build-root DIR with a folder outside "
				       "it",
				       root);
	for (size_t i = 0; i < m->impls_nr; i++) {
		const char *src = m->impls[i].source;
		const char *slash = src ? strrchr(src, '/') : NULL;
		if (!slash || slash == src)
			continue;
		size_t len = (size_t)(slash - src);
		if (!strncmp(root, src, len) &&
		    (root[len] == '/' || root[len] == '\0'))
			return versus_errs_add(errs, -EINVAL, NULL, 0, 0,
					       "build folder '%s' is inside "
					       "the sources of '%s'; pass "
					       "--build-root DIR with a folder "
					       "outside them",
					       root, m->impls[i].id);
	}
	return 0;
}

static void env_path(const struct toolchain *tc, struct strbuf *sb)
{
	for (size_t i = 0; tc && i < tc->tools_nr; i++) {
		const char *p = tc->tool_paths[i];
		const char *slash = p ? strrchr(p, '/') : NULL;
		if (!slash)
			continue;
		int len = (int)(slash == p ? 1 : slash - p);
		char *dir = xstrfmt("%.*s", len, p);
		/* Skip folders already listed (":dir:" in ":PATH:"). */
		char *probe = xstrfmt(":%s:", dir);
		char *have = xstrfmt(":%s:" FS_DEFAULT_PATH ":", sb->buf);
		if (!strstr(have, probe))
			strbuf_addf(sb, "%s%s", sb->len ? ":" : "", dir);
		free(have);
		free(probe);
		free(dir);
	}
	strbuf_addf(sb, "%s%s", sb->len ? ":" : "", FS_DEFAULT_PATH);
}

static int plan_impl_init(struct plan_workload *pw, struct plan_impl *pi,
			  const struct manifest_impl *im,
			  const struct recipe *r, struct toolchain_set *tcs,
			  struct versus_errs *errs)
{
	const struct manifest *m = pw->manifest;
	pi->impl = im;
	pi->recipe = r;
	pi->toolchain = toolchain_set_get(tcs, r);
	strvec_init(&pi->build_argv);
	strvec_init(&pi->run_argv);
	strvec_init(&pi->env);
	pi->builddir = xstrfmt("%s/%s", pw->build_dir, im->id);
	pi->bin = xstrfmt("%s/main", pi->builddir);
	/* "_cache": no workload id starts with '_', so no build folder can
	 * ever be a cache folder (a workload named "cache" once was). */
	pi->cachedir = xstrfmt("%s/_cache/%s", pw->build_root, im->language);
	pi->main = source_stem(im->source);
	/* "_work": no implementation id starts with '_' either. */
	if (m->files.nr)
		pi->rundir = xstrfmt("%s/_work/%s", pw->build_dir, im->id);
	else if (m->workdir)
		pi->rundir = xstrdup(m->workdir);
	if (!pi->toolchain->available) {
		pi->skipped = true;
		pi->skip_reason = xstrfmt("toolchain not available: %s",
					  pi->toolchain->reason);
	}
	struct recipe_vars vars = {
		.source = im->source,
		.builddir = pi->builddir,
		.cachedir = pi->cachedir,
		.bin = pi->bin,
		.main = pi->main,
		.args = &pw->args,
		.build_flags = &im->build_flags,
		.run_flags = &im->run_flags,
	};
	struct versus_err err = {0};
	int rc = recipe_expand(&r->build, &vars, pi->toolchain, &pi->build_argv,
			       &err);
	if (!rc)
		rc = recipe_expand(&r->run, &vars, pi->toolchain, &pi->run_argv,
				   &err);
	if (rc) {
		versus_errs_add(errs, rc, r->path, 0, 0, "%s", err.message);
		return rc;
	}
	/* A program named by run_flags (run: [{run_flags}, ...]): found on
	   the caller's PATH here and executed directly, never through a
	   wrapper that would be timed instead. */
	if (!pi->skipped && !pi->run_argv.nr) {
		pi->skipped = true;
		pi->skip_reason = xstrdup("nothing to run: run_flags is empty");
	} else if (!pi->skipped && !strchr(pi->run_argv.v[0], '/')) {
		char *found = fs_path_search(pi->run_argv.v[0]);
		if (found) {
			free(pi->run_argv.v[0]);
			pi->run_argv.v[0] = found;
		} else {
			pi->skipped = true;
			pi->skip_reason = xstrfmt("command not found: '%s'",
						  pi->run_argv.v[0]);
		}
	}

	struct kvlist env = KVLIST_INIT;
	struct strbuf path = STRBUF_INIT;
	env_path(pi->toolchain, &path);
	kvlist_set(&env, "PATH", path.buf);
	strbuf_release(&path);
	/* builds; the sandbox gives each run a fresh HOME of its own
	   (home_is_workdir) */
	kvlist_set(&env, "HOME", pi->builddir);
	kvlist_set(&env, "LANG", "C.UTF-8");
	const struct kvlist *layers[] = {&r->env, &im->env};
	for (size_t l = 0; l < 2 && !rc; l++) {
		for (size_t i = 0; i < layers[l]->nr && !rc; i++) {
			char *value;
			rc = recipe_expand_value(layers[l]->values[i], &vars,
						 &value, &err);
			if (rc) {
				versus_errs_add(
					errs, rc, l ? m->path : r->path,
					l ? im->line : 0, l ? im->column : 0,
					"env '%s': %s", layers[l]->keys[i],
					err.message);
				break;
			}
			kvlist_set(&env, layers[l]->keys[i], value);
			free(value);
		}
	}
	for (size_t i = 0; i < env.nr; i++)
		strvec_pushf(&pi->env, "%s=%s", env.keys[i], env.values[i]);
	kvlist_release(&env);
	return rc;
}

static void plan_impl_release(struct plan_impl *pi)
{
	free(pi->skip_reason);
	free(pi->builddir);
	free(pi->cachedir);
	free(pi->rundir);
	free(pi->bin);
	free(pi->main);
	strvec_clear(&pi->build_argv);
	strvec_clear(&pi->run_argv);
	strvec_clear(&pi->env);
}

/* Whether args use the placeholder {name}. */
static bool args_use(const struct manifest *m, const char *name)
{
	char *tmpl = xstrfmt("{%s}", name);
	bool used = false;
	for (size_t i = 0; i < m->args.nr && !used; i++)
		used = strstr(m->args.v[i], tmpl) != NULL;
	free(tmpl);
	return used;
}

/*
 * The sweep of pw: a --param list of one of m's parameters, else the
 * manifest's unless --param gave its parameter one value. Sets the swept
 * parameter to the last value in pw->params.
 */
static void select_sweep(struct plan_workload *pw,
			 const struct plan_options *opts,
			 struct versus_errs *errs)
{
	const struct manifest *m = pw->manifest;
	const struct manifest_sweep *ms = &m->sweep;
	if (opts->sweep_param && is_param(m, opts->sweep_param)) {
		if (!args_use(m, opts->sweep_param)) {
			versus_errs_add(errs, -EINVAL, m->path, 0, 0,
					"--param: a sweep of '%s', which "
					"'args' do not use: every point would "
					"run the same command",
					opts->sweep_param);
			return;
		}
		pw->sweep_param = opts->sweep_param;
		pw->sweep_values = opts->sweep_values;
	} else if (ms->param &&
		   !(opts->params && kvlist_get(opts->params, ms->param))) {
		pw->sweep_param = ms->param;
		pw->sweep_values = &ms->values;
	}
	if (!pw->sweep_param)
		return;
	const struct strvec *v = pw->sweep_values;
	pw->sweep_expect = xcalloc(v->nr, sizeof(*pw->sweep_expect));
	/* expected files are the manifest's, for the values it lists */
	for (size_t k = 0; ms->param && ms->expect_paths.nr &&
			   !strcmp(ms->param, pw->sweep_param) && k < v->nr;
	     k++)
		for (size_t j = 0; j < ms->values.nr; j++)
			if (!strcmp(ms->values.v[j], v->v[k]))
				pw->sweep_expect[k] = ms->expect_paths.v[j];
	kvlist_set(&pw->params, pw->sweep_param, v->v[v->nr - 1]);
}

void plan_point_params(const struct plan_workload *pw, size_t k,
		       struct kvlist *out)
{
	kvlist_merge(out, &pw->params);
	if (pw->sweep_param && k < pw->sweep_values->nr)
		kvlist_set(out, pw->sweep_param, pw->sweep_values->v[k]);
}

/*
 * The manifest's args expanded with params, plus {iterations} (the
 * iteration count) and {inner} (repetitions an iteration) in iteration
 * mode.
 */
static int expand_args(const struct manifest *m, const struct kvlist *params,
		       struct strvec *out, struct versus_err *err)
{
	if (!m->iterations.count)
		return manifest_expand_args(&m->args, params, out, err);
	struct kvlist all;
	kvlist_init(&all);
	kvlist_merge(&all, params);
	char count[16];
	snprintf(count, sizeof(count), "%u", (unsigned)m->iterations.count);
	kvlist_set(&all, "iterations", count);
	snprintf(count, sizeof(count), "%ld", m->iterations.inner);
	kvlist_set(&all, "inner", count);
	int rc = manifest_expand_args(&m->args, &all, out, err);
	kvlist_release(&all);
	return rc;
}

static int select_size(struct plan_workload *pw, const char *size,
		       struct versus_errs *errs)
{
	const struct manifest *m = pw->manifest;
	const struct manifest_size *s = manifest_find_size(m, size);
	if (s) {
		pw->size = xstrdup(size);
		kvlist_merge(&pw->params, &s->params);
		return 0;
	}
	const char **names = xcalloc(m->sizes_nr + 1, sizeof(*names));
	for (size_t i = 0; i < m->sizes_nr; i++)
		names[i] = m->sizes[i].name;
	char *list = join(names, m->sizes_nr);
	versus_errs_add(errs, -EINVAL, m->path, 0, 0,
			"--size: unknown size '%s' (known: %s)", size, list);
	free(list);
	free(names);
	return -EINVAL;
}

/*
 * pw->cpus from --cpus, else limits.cpus: a count or list that this
 * machine (the CPUs versus may use) cannot give is an error at the value.
 */
static void select_cpus(struct plan_workload *pw, const char *option,
			struct versus_errs *errs)
{
	const struct manifest_limits *lim = &pw->manifest->limits;
	cpu_set_t want, out;
	int count = lim->cpus;
	CPU_ZERO(&want);
	if (option)
		cpulist_parse_request(option, &count, &want, NULL);
	else if (lim->cpu_list)
		cpulist_parse(lim->cpu_list, &want, NULL);
	else if (!count)
		return;
	struct strbuf why = STRBUF_INIT;
	if (cpulist_resolve(count, &want, &out, &why)) {
		char *msg =
			xstrfmt("--cpus %s: %s", option ? option : "", why.buf);
		bool said = false; /* once per run, not once per workload */
		for (size_t i = 0; option && i < errs->nr && !said; i++)
			said = !strcmp(errs->items[i].message, msg);
		if (option && !said)
			versus_errs_add(errs, -EINVAL, NULL, 0, 0, "%s", msg);
		else if (!option)
			versus_errs_add(errs, -EINVAL, pw->manifest->path,
					lim->cpus_line, lim->cpus_column,
					"'limits.cpus': %s", why.buf);
		free(msg);
	} else {
		char buf[CPULIST_MAX];
		cpulist_format(&out, buf, sizeof(buf));
		pw->cpus = xstrdup(buf);
	}
	strbuf_release(&why);
}

int plan_workload_init(struct plan_workload *pw, const struct manifest *m,
		       const struct recipe_set *recipes,
		       struct toolchain_set *tcs,
		       const struct plan_options *opts,
		       struct versus_errs *errs)
{
	static const struct plan_options no_options;
	if (!opts)
		opts = &no_options;
	memset(pw, 0, sizeof(*pw));
	pw->manifest = m;
	kvlist_init(&pw->params);
	strvec_init(&pw->args);
	pw->build_root = opts->build_root ? absolute(opts->build_root)
					  : plan_default_build_root();
	pw->build_dir = xstrfmt("%s/%s", pw->build_root, m->workload);
	size_t before = errs->nr;

	kvlist_merge(&pw->params, &m->params);
	if (opts->size)
		select_size(pw, opts->size, errs);
	/* Overrides for another workload's parameters are not ours. */
	for (size_t i = 0; opts->params && i < opts->params->nr; i++)
		if (is_param(m, opts->params->keys[i]))
			kvlist_set(&pw->params, opts->params->keys[i],
				   opts->params->values[i]);
	select_sweep(pw, opts, errs);
	struct versus_err err = {0};
	if (expand_args(m, &pw->params, &pw->args, &err))
		versus_errs_add(errs, -EINVAL, m->path, 0, 0,
				"%s (give it in 'params', a size or --param)",
				err.message);
	check_build_root(m, pw->build_root, errs);
	select_cpus(pw, opts->cpus, errs);
	if (errs->nr > before) {
		plan_workload_release(pw);
		return -EINVAL;
	}

	pw->impls = xcalloc(m->impls_nr + 1, sizeof(*pw->impls));
	for (size_t i = 0; i < m->impls_nr; i++) {
		const struct manifest_impl *im = &m->impls[i];
		bool is_baseline = !strcmp(im->id, m->baseline);
		if (!is_baseline && !is_only(opts, im->id))
			continue;
		if (is_baseline)
			pw->baseline = pw->impls_nr;
		const struct recipe *r = recipe_set_find(recipes, im->language);
		/* The manifest's loader checked every language. */
		assert(r);
		plan_impl_init(pw, &pw->impls[pw->impls_nr++], im, r, tcs,
			       errs);
	}
	if (errs->nr > before) {
		plan_workload_release(pw);
		return -EINVAL;
	}
	return 0;
}

void plan_workload_release(struct plan_workload *pw)
{
	if (!pw)
		return;
	for (size_t i = 0; i < pw->impls_nr; i++)
		plan_impl_release(&pw->impls[i]);
	free(pw->impls);
	free(pw->size);
	free(pw->build_root);
	free(pw->build_dir);
	free(pw->cpus);
	kvlist_release(&pw->params);
	strvec_clear(&pw->args);
	free(pw->sweep_expect);
	memset(pw, 0, sizeof(*pw));
}

void plan_check_params(const struct plan_workload *pw, size_t check,
		       struct kvlist *out)
{
	kvlist_merge(out, &pw->params);
	if (check < pw->manifest->checks_nr)
		kvlist_merge(out, &pw->manifest->checks[check].params);
}

int plan_run_argv(const struct plan_workload *pw, const struct plan_impl *pi,
		  const struct kvlist *params, struct strvec *argv,
		  struct versus_err *err)
{
	const struct manifest *m = pw->manifest;
	struct strvec args = STRVEC_INIT;
	int rc = expand_args(m, params ? params : &pw->params, &args, err);
	if (rc) {
		strvec_clear(argv);
		return rc;
	}
	struct recipe_vars vars = {
		.source = pi->impl->source,
		.builddir = pi->builddir,
		.cachedir = pi->cachedir,
		.bin = pi->bin,
		.main = pi->main,
		.args = &args,
		.build_flags = &pi->impl->build_flags,
		.run_flags = &pi->impl->run_flags,
	};
	rc = recipe_expand(&pi->recipe->run, &vars, pi->toolchain, argv, err);
	strvec_clear(&args);
	return rc;
}

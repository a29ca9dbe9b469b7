/*
 * recipe.c: runner recipes (schema in runners/README.md): loading and the
 * expansion of their templates. Detecting what a recipe finds on this
 * machine is spec/toolchain.c.
 */
#include "spec/recipe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/placeholder.h"
#include "spec/toolchain.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "spec/yaml_doc.h"
#include "util/banned.h"

#define RECIPE_MAX_BYTES (256 * 1024)
#define RECIPE_MAX_DEPTH 8

static const char *const recipe_keys[] = {
	"schema", "language", "title",	    "detect",	   "build", "run",
	"env",	  "resolve",  "extensions", "default_for", NULL,
};
static const char *const scalar_names[] = {"source", "bin", "builddir",
					   "cachedir", "main"};
static const char *const list_names[] = {"args", "build_flags", "run_flags"};
static const char *const all_names[] = {
	"source", "bin",  "builddir",	 "cachedir",
	"main",	  "args", "build_flags", "run_flags",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/* What a recipe string may hold, for load-time checks. */
enum slot { SLOT_ARGV, SLOT_ENV, SLOT_FIXED };

static int check_name(void *ctx, const char *name, struct strbuf *out)
{
	return in_list(name, scalar_names, ARRAY_SIZE(scalar_names)) ? 0
								     : -ENOENT;
}

static int no_name(void *ctx, const char *name, struct strbuf *out)
{
	return -ENOENT;
}

static void check_template(struct ydoc *doc, const struct ynode *n,
			   const char *what, enum slot slot)
{
	if (!n || n->kind != YNODE_SCALAR)
		return;
	char name[80];
	if (placeholder_whole(n->value, name, sizeof(name)) &&
	    in_list(name, list_names, ARRAY_SIZE(list_names))) {
		if (slot != SLOT_ARGV)
			ydoc_error(doc, n,
				   "list placeholder '{%s}' is not allowed in "
				   "'%s'",
				   name, what);
		return;
	}
	char bad[160];
	int rc = placeholder_expand(n->value,
				    slot == SLOT_FIXED ? no_name : check_name,
				    NULL, NULL, bad, sizeof(bad));
	if (rc == -ENOENT && slot == SLOT_FIXED) {
		ydoc_error(doc, n,
			   "placeholders such as '{%s}' are not allowed in "
			   "'%s'",
			   bad, what);
		return;
	}
	if (rc == -ENOENT) {
		if (in_list(bad, list_names, ARRAY_SIZE(list_names))) {
			ydoc_error(doc, n,
				   "'{%s}' must be a whole argument in '%s'",
				   bad, what);
			return;
		}
		const char *hint =
			suggest_closest(bad, all_names, ARRAY_SIZE(all_names));
		if (hint)
			ydoc_error(doc, n,
				   "unknown placeholder '{%s}' in '%s'; did "
				   "you mean '{%s}'?",
				   bad, what, hint);
		else
			ydoc_error(doc, n, "unknown placeholder '{%s}' in '%s'",
				   bad, what);
	} else if (rc) {
		ydoc_error(doc, n, "%s in '%s'", bad, what);
	}
}

static void load_argv(struct ydoc *doc, const struct ynode *root,
		      const char *key, bool required, enum slot slot,
		      struct strvec *out)
{
	const struct ynode *n = required ? ydoc_require(doc, root, key, NULL)
					 : ydoc_map_get(root, key);
	if (!n || ydoc_get_strvec(doc, n, key, out))
		return;
	if (required && n->nr == 0) {
		ydoc_error(doc, n, "'%s' must not be empty", key);
		return;
	}
	for (size_t i = 0; i < n->nr; i++) {
		char what[64];
		snprintf(what, sizeof(what), "%s[%zu]", key, i);
		check_template(doc, n->items[i], what, slot);
	}
	if (n->nr && n->items[0]->kind == YNODE_SCALAR) {
		char name[80];
		const char *first = n->items[0]->value;
		/* run: [{run_flags}]: the implementation names the program
		   (runners/command.yaml), looked up on PATH by the plan */
		if (placeholder_whole(first, name, sizeof(name)) &&
		    in_list(name, list_names, ARRAY_SIZE(list_names)) &&
		    (strcmp(key, "run") || strcmp(name, "run_flags")))
			ydoc_error(doc, n->items[0],
				   "'%s' must start with a program, not a "
				   "list placeholder",
				   key);
	}
}

static void load_resolve(struct ydoc *doc, const struct ynode *n,
			 struct recipe *r)
{
	if (!n || ydoc_get_map(doc, n, "resolve"))
		return;
	size_t nr = n->nr / 2;
	r->resolve_tools = xcalloc(nr + 1, sizeof(*r->resolve_tools));
	r->resolve_argv = xcalloc(nr + 1, sizeof(*r->resolve_argv));
	for (size_t i = 0; i < nr; i++) {
		const struct ynode *k = n->items[2 * i];
		const struct ynode *v = n->items[2 * i + 1];
		char what[128];
		snprintf(what, sizeof(what), "resolve.%s", k->value);
		struct strvec argv = STRVEC_INIT;
		if (ydoc_get_strvec(doc, v, what, &argv)) {
			strvec_clear(&argv);
			continue;
		}
		if (!argv.nr) {
			ydoc_error(doc, v, "'%s' must not be empty", what);
			strvec_clear(&argv);
			continue;
		}
		for (size_t j = 0; j < v->nr; j++)
			check_template(doc, v->items[j], what, SLOT_FIXED);
		r->resolve_tools[r->resolve_nr] = xstrdup(k->value);
		r->resolve_argv[r->resolve_nr++] = argv;
	}
}

/* "dir/c-clang.yaml" -> "c-clang"; caller owns. */
static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base))
				  : xstrdup(base);
}

/* ".c", ".tar.gz": a dot, then letters, digits, '_', '+', '-' or dots. */
static bool extension_ok(const char *e)
{
	if (e[0] != '.' || !e[1] || strlen(e) > 32)
		return false;
	for (const char *p = e + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		      *p == '-' || *p == '.'))
			return false;
	return true;
}

static bool strvec_has(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

/* extensions and default_for: well-formed, no repeats; every default_for
 * entry also in extensions. */
static void load_extensions(struct ydoc *doc, const struct ynode *root,
			    struct recipe *r)
{
	const char *keys[] = {"extensions", "default_for"};
	struct strvec *outs[] = {&r->extensions, &r->default_for};
	for (size_t k = 0; k < 2; k++) {
		const struct ynode *n = ydoc_map_get(root, keys[k]);
		struct strvec v = STRVEC_INIT;
		if (!n || ydoc_get_strvec(doc, n, keys[k], &v)) {
			strvec_clear(&v);
			continue;
		}
		for (size_t i = 0; i < v.nr; i++) {
			const struct ynode *item = n->items[i];
			if (!extension_ok(v.v[i]))
				ydoc_error(doc, item,
					   "'%s' is not a file extension such "
					   "as '.c' in '%s'",
					   v.v[i], keys[k]);
			else if (strvec_has(outs[k], v.v[i]))
				ydoc_error(doc, item,
					   "'%s' is repeated in '%s'", v.v[i],
					   keys[k]);
			else if (k == 1 && !strvec_has(&r->extensions, v.v[i]))
				ydoc_error(
					doc, item,
					"'%s' is in 'default_for' but not in "
					"'extensions'",
					v.v[i]);
			else
				strvec_push(outs[k], v.v[i]);
		}
		strvec_clear(&v);
	}
}

static void recipe_zero(struct recipe *r)
{
	memset(r, 0, sizeof(*r));
	strvec_init(&r->detect);
	strvec_init(&r->build);
	strvec_init(&r->run);
	strvec_init(&r->extensions);
	strvec_init(&r->default_for);
	kvlist_init(&r->env);
}

int recipe_load(const char *path, struct recipe *r, struct versus_errs *errs)
{
	recipe_zero(r);
	r->path = xstrdup(path);
	size_t before = errs->nr;
	struct ydoc doc;
	int rc = ydoc_load_file(&doc, r->path, RECIPE_MAX_BYTES,
				RECIPE_MAX_DEPTH, errs, NULL, NULL);
	const struct ynode *root = doc.root;
	if (rc == 0 && root->kind != YNODE_MAP)
		ydoc_get_map(&doc, root, "recipe");
	if (rc == 0 && root->kind == YNODE_MAP) {
		ydoc_check_keys(&doc, root, recipe_keys, NULL);
		long long schema;
		const struct ynode *n =
			ydoc_require(&doc, root, "schema", NULL);
		if (!ydoc_get_int(&doc, n, "schema", 0, 1000000, &schema)) {
			r->schema = (int)schema;
			if (schema != 1)
				ydoc_error(&doc, n,
					   "unsupported schema %lld: this "
					   "versus reads schema 1",
					   schema);
		}
		char *stem = file_stem(path);
		n = ydoc_map_get(root, "language");
		if (!ydoc_get_string(&doc, n, "language", &r->language) &&
		    strcmp(r->language, stem))
			ydoc_error(&doc, n,
				   "language '%s' does not match the file "
				   "name '%s.yaml'",
				   r->language, stem);
		if (!r->language)
			r->language = xstrdup(stem);
		free(stem);
		ydoc_get_string(&doc, ydoc_map_get(root, "title"), "title",
				&r->title);
		if (!r->title)
			r->title = xstrdup(r->language);
		load_argv(&doc, root, "detect", true, SLOT_FIXED, &r->detect);
		load_argv(&doc, root, "build", false, SLOT_ARGV, &r->build);
		load_argv(&doc, root, "run", true, SLOT_ARGV, &r->run);
		n = ydoc_map_get(root, "env");
		if (n && !ydoc_get_kvlist(&doc, n, "env", &r->env)) {
			for (size_t i = 0; i + 1 < n->nr; i += 2) {
				char what[128];
				snprintf(what, sizeof(what), "env.%s",
					 n->items[i]->value);
				check_template(&doc, n->items[i + 1], what,
					       SLOT_ENV);
			}
		}
		load_resolve(&doc, ydoc_map_get(root, "resolve"), r);
		load_extensions(&doc, root, r);
	}
	ydoc_release(&doc);
	ydoc_sort_errors(errs, before);
	if (errs->nr > before || rc) {
		recipe_release(r);
		return rc && rc != -EINVAL ? rc : -EINVAL;
	}
	return 0;
}

void recipe_release(struct recipe *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->language);
	free(r->title);
	strvec_clear(&r->detect);
	strvec_clear(&r->build);
	strvec_clear(&r->run);
	strvec_clear(&r->extensions);
	strvec_clear(&r->default_for);
	kvlist_release(&r->env);
	for (size_t i = 0; i < r->resolve_nr; i++) {
		free(r->resolve_tools[i]);
		strvec_clear(&r->resolve_argv[i]);
	}
	free(r->resolve_tools);
	free(r->resolve_argv);
	recipe_zero(r);
}

/* Paths in one folder by stem, so "c.yaml" sorts before "c-clang.yaml". */
static int compare_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x) - 5, ly = strlen(y) - 5;
	int c = strncmp(x, y, lx < ly ? lx : ly);
	return c ? c : (lx > ly) - (lx < ly);
}

int recipe_set_load_dir(const char *dir, struct recipe_set *set,
			struct versus_errs *errs)
{
	set->items = NULL;
	set->nr = set->alloc = 0;
	struct strvec paths = STRVEC_INIT;
	int rc = fs_list_dir(dir, ".yaml", &paths);
	if (rc) {
		versus_errs_add(errs, rc, dir, 0, 0,
				"cannot read the runners folder: %s",
				strerror(-rc));
		return rc;
	}
	if (paths.nr)
		qsort(paths.v, paths.nr, sizeof(*paths.v), compare_names);
	for (size_t i = 0; i < paths.nr; i++) {
		struct recipe r;
		if (recipe_load(paths.v[i], &r, errs) == 0) {
			ALLOC_GROW(set->items, set->nr + 1, set->alloc);
			set->items[set->nr++] = r;
		} else {
			rc = -EINVAL;
		}
	}
	strvec_clear(&paths);
	return rc;
}

/* Recipes by language, the order of recipe_set_load_dir(). */
static int compare_languages(const void *a, const void *b)
{
	const struct recipe *x = a, *y = b;
	return strcmp(x->language, y->language);
}

int recipe_set_load_dirs(const char *dir, const char *extra,
			 struct recipe_set *set, struct versus_errs *errs)
{
	int rc = recipe_set_load_dir(dir, set, errs);
	if (!extra)
		return rc;
	struct recipe_set more;
	int more_rc = recipe_set_load_dir(extra, &more, errs);
	for (size_t i = 0; i < more.nr; i++) {
		struct recipe *r = NULL;
		for (size_t j = 0; j < set->nr && !r; j++)
			if (!strcmp(set->items[j].language,
				    more.items[i].language))
				r = &set->items[j];
		if (r) {
			recipe_release(r);
		} else {
			ALLOC_GROW(set->items, set->nr + 1, set->alloc);
			r = &set->items[set->nr++];
		}
		*r = more.items[i];
	}
	free(more.items);
	if (more.nr)
		qsort(set->items, set->nr, sizeof(*set->items),
		      compare_languages);
	if (more_rc && (!rc || rc == -EINVAL))
		rc = more_rc;
	return rc;
}

const struct recipe *recipe_set_find(const struct recipe_set *set,
				     const char *language)
{
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->items[i].language, language))
			return &set->items[i];
	return NULL;
}

/* Whether the file name base ends in ext, with something before it. */
static bool ends_with(const char *base, const char *ext)
{
	size_t lb = strlen(base), le = strlen(ext);
	return lb > le && !strcmp(base + lb - le, ext);
}

const struct recipe *recipe_set_for_extension(const struct recipe_set *set,
					      const char *path,
					      struct strbuf *why)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *ext = NULL; /* the longest matching extension */
	for (size_t i = 0; i < set->nr; i++) {
		const struct strvec *e = &set->items[i].extensions;
		for (size_t j = 0; j < e->nr; j++)
			if (ends_with(base, e->v[j]) &&
			    (!ext || strlen(e->v[j]) > strlen(ext)))
				ext = e->v[j];
	}
	if (!ext) {
		struct strvec known = STRVEC_INIT;
		for (size_t i = 0; i < set->nr; i++) {
			const struct strvec *e = &set->items[i].extensions;
			for (size_t j = 0; j < e->nr; j++)
				if (!strvec_has(&known, e->v[j]))
					strvec_push(&known, e->v[j]);
		}
		strbuf_addf(why,
			    "'%s': no runner recipe knows its extension "
			    "(known extensions:",
			    path);
		for (size_t i = 0; i < known.nr; i++)
			strbuf_addf(why, " %s", known.v[i]);
		strbuf_addstr(why, known.nr ? ")" : " none)");
		strvec_clear(&known);
		return NULL;
	}
	const struct recipe *only = NULL, *def = NULL;
	size_t listing = 0, defaults = 0;
	for (size_t i = 0; i < set->nr; i++) {
		const struct recipe *r = &set->items[i];
		if (!strvec_has(&r->extensions, ext))
			continue;
		listing++;
		only = r;
		if (strvec_has(&r->default_for, ext)) {
			defaults++;
			def = r;
		}
	}
	if (listing == 1)
		return only;
	if (defaults == 1)
		return def;
	strbuf_addf(why,
		    "'%s': extension '%s' is listed by %zu recipes and %s in "
		    "'default_for' (recipes:",
		    path, ext, listing,
		    defaults ? "more than one has it" : "none has it");
	for (size_t i = 0; i < set->nr; i++)
		if (strvec_has(&set->items[i].extensions, ext))
			strbuf_addf(why, " %s", set->items[i].language);
	strbuf_addch(why, ')');
	return NULL;
}

void recipe_set_release(struct recipe_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nr; i++)
		recipe_release(&set->items[i]);
	free(set->items);
	set->items = NULL;
	set->nr = set->alloc = 0;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running program, resolved; NULL if unknown. Caller
 * owns the result. */
static char *exe_dir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/* Whether dir is root or a folder inside it (both resolved). */
static bool is_inside(const char *dir, const char *root)
{
	char *real = realpath(root, NULL);
	if (!real)
		return false;
	size_t n = strlen(real);
	bool in = !strncmp(dir, real, n) && (dir[n] == '/' || !dir[n]);
	free(real);
	return in;
}

char *recipe_find_dir(enum recipe_dir_origin *origin)
{
	enum recipe_dir_origin unused;
	if (!origin)
		origin = &unused;
	const char *env = getenv("VERSUS_RUNNERS");
	if (env && *env) {
		*origin = RECIPE_DIR_ENV;
		return xstrdup(env);
	}
	char *bin = exe_dir();
	char *beside = bin ? xstrfmt("%s/%s", bin, VERSUS_EXE_TO_RUNNERS)
			   : xstrdup(VERSUS_DATA_DIR "/runners");
	char *found = NULL;
	if (is_dir(beside)) {
		*origin = RECIPE_DIR_BESIDE;
		found = realpath(beside, NULL); /* without "bin/.." */
		if (!found) {
			found = beside;
			beside = NULL;
		}
	} else if (bin && is_inside(bin, VERSUS_BUILD_DIR) &&
		   is_dir(VERSUS_SOURCE_DIR "/runners")) {
		*origin = RECIPE_DIR_SOURCE;
		found = xstrdup(VERSUS_SOURCE_DIR "/runners");
	} else if (is_dir(VERSUS_DATA_DIR "/runners")) {
		*origin = RECIPE_DIR_CONFIGURED;
		found = xstrdup(VERSUS_DATA_DIR "/runners");
	} else {
		/* Errors then name where an installed versus looks first. */
		*origin = RECIPE_DIR_MISSING;
		found = beside;
		beside = NULL;
	}
	free(beside);
	free(bin);
	return found;
}

char *recipe_default_dir(void)
{
	return recipe_find_dir(NULL);
}

const char *recipe_dir_origin_name(enum recipe_dir_origin origin)
{
	switch (origin) {
	case RECIPE_DIR_OPTION:
		return "from --runners";
	case RECIPE_DIR_ENV:
		return "from $VERSUS_RUNNERS";
	case RECIPE_DIR_BESIDE:
		return "installed with the program";
	case RECIPE_DIR_SOURCE:
		return "the source tree: the program runs from its build "
		       "folder";
	case RECIPE_DIR_CONFIGURED:
		return "the install prefix given to CMake";
	case RECIPE_DIR_MISSING:
		break;
	}
	return "not found";
}

/* ---- expansion ---- */

struct expand_ctx {
	const struct recipe_vars *vars;
	const char *missing; /* a known name without a value */
};

static int expand_scalar(void *ctx, const char *name, struct strbuf *out)
{
	struct expand_ctx *x = ctx;
	const struct recipe_vars *v = x->vars;
	const char *value = NULL;
	if (!strcmp(name, "source"))
		value = v->source;
	else if (!strcmp(name, "bin"))
		value = v->bin;
	else if (!strcmp(name, "builddir"))
		value = v->builddir;
	else if (!strcmp(name, "cachedir"))
		value = v->cachedir;
	else if (!strcmp(name, "main"))
		value = v->main;
	else
		return -ENOENT;
	if (!value) {
		x->missing = name;
		return -ENOENT;
	}
	if (out)
		strbuf_addstr(out, value);
	return 0;
}

static const struct strvec *list_var(const struct recipe_vars *v,
				     const char *name, bool *known)
{
	*known = true;
	if (!strcmp(name, "args"))
		return v->args;
	if (!strcmp(name, "build_flags"))
		return v->build_flags;
	if (!strcmp(name, "run_flags"))
		return v->run_flags;
	*known = false;
	return NULL;
}

static int expand_one(const char *tmpl, const struct recipe_vars *vars,
		      struct strbuf *sb, struct versus_err *err)
{
	struct expand_ctx x = {vars, NULL};
	char bad[160];
	int rc = placeholder_expand(tmpl, expand_scalar, &x, sb, bad,
				    sizeof(bad));
	if (rc == -ENOENT && x.missing)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "placeholder '{%s}' has no value here",
				      x.missing);
	if (rc == -ENOENT)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "unknown placeholder '{%s}' in '%s'", bad,
				      tmpl);
	if (rc)
		return versus_err_set(err, -EINVAL, NULL, 0, 0, "%s in '%s'",
				      bad, tmpl);
	return 0;
}

int recipe_expand(const struct strvec *templates,
		  const struct recipe_vars *vars, const struct toolchain *tc,
		  struct strvec *out, struct versus_err *err)
{
	strvec_clear(out);
	for (size_t i = 0; i < templates->nr; i++) {
		const char *t = templates->v[i];
		char name[80];
		bool known = false;
		if (placeholder_whole(t, name, sizeof(name))) {
			const struct strvec *list =
				list_var(vars, name, &known);
			for (size_t j = 0; known && list && j < list->nr; j++)
				strvec_push(out, list->v[j]);
			if (known)
				continue;
		}
		struct strbuf sb = STRBUF_INIT;
		int rc = expand_one(t, vars, &sb, err);
		if (rc) {
			strbuf_release(&sb);
			strvec_clear(out);
			return rc;
		}
		strvec_push_owned(out, strbuf_detach(&sb, NULL));
	}
	if (tc && out->nr && templates->nr && templates->v[0][0] != '{') {
		const char *path = toolchain_tool_path(tc, out->v[0]);
		if (path) {
			free(out->v[0]);
			out->v[0] = xstrdup(path);
		}
	}
	return 0;
}

int recipe_expand_value(const char *tmpl, const struct recipe_vars *vars,
			char **out, struct versus_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = expand_one(tmpl, vars, &sb, err);
	if (rc) {
		strbuf_release(&sb);
		return rc;
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

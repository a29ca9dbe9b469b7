/*
 * recipe.h: runner recipes (runners/NAME.yaml), the per-language knowledge of
 * versus as data: how to detect a toolchain, build a source and run the
 * result. Schema documented in runners/README.md.
 */
#ifndef VERSUS_RECIPE_H
#define VERSUS_RECIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/kvlist.h"
#include "util/strbuf.h"
#include "util/strvec.h"

struct toolchain; /* spec/toolchain.h */

struct recipe {
	char *path;	/* file it was loaded from */
	int schema;	/* 1 */
	char *language; /* id used by manifests; equals the file's stem */
	char *title;
	struct strvec detect; /* argv; its first output line is the version */
	struct strvec build;  /* argv templates; empty: nothing to build */
	struct strvec run;    /* argv templates */
	struct kvlist env;    /* values may hold placeholders */
	/* source file extensions (".c") this recipe builds, and those of
	 * them for which it is the default when several recipes list one
	 * (recipe_set_for_extension) */
	struct strvec extensions;
	struct strvec default_for;
	/*
	 * tool name -> argv printing the real path of that tool on its first
	 * line (for shims: pyenv, rustup); empty when not needed.
	 */
	char **resolve_tools;
	struct strvec *resolve_argv;
	size_t resolve_nr;
};

struct recipe_set {
	struct recipe *items;
	size_t nr, alloc;
};

/*
 * Load one recipe. Returns 0, or -EINVAL after appending every problem
 * (unknown keys, wrong types, unknown placeholders such as "{sourse}") to
 * errs with line and column; r is then released.
 */
int recipe_load(const char *path, struct recipe *r, struct versus_errs *errs);
void recipe_release(struct recipe *r);

/*
 * Load every *.yaml in dir, sorted by name. Bad recipes are reported in
 * errs and left out; the good ones are still loaded. Returns 0 when all
 * loaded, -EINVAL when some did not, another negative errno when dir
 * cannot be read.
 */
int recipe_set_load_dir(const char *dir, struct recipe_set *set,
			struct versus_errs *errs);
/*
 * Load dir's recipes, then, when extra is not NULL, extra's (--runners):
 * each adds to dir's, and replaces the one of dir for the same language.
 * Returns as recipe_set_load_dir() (the first error of the two).
 */
int recipe_set_load_dirs(const char *dir, const char *extra,
			 struct recipe_set *set, struct versus_errs *errs);
/* Borrowed: the recipe for language, or NULL. */
const struct recipe *recipe_set_find(const struct recipe_set *set,
				     const char *language);
void recipe_set_release(struct recipe_set *set);

/*
 * The recipe for a source file named path, by its extension (the longest
 * of the recipes' extensions that ends the file name, so ".tar.gz" wins
 * over ".gz"): the only recipe that lists it, else the only one of those
 * that lists it in default_for. Borrowed; NULL with a message in why
 * (naming the known extensions, or the recipes that tie) when there is
 * none or no single default.
 */
const struct recipe *recipe_set_for_extension(const struct recipe_set *set,
					      const char *path,
					      struct strbuf *why);

/* Where recipe_find_dir() found the recipes (runners/README.md). */
enum recipe_dir_origin {
	RECIPE_DIR_OPTION, /* --runners (set by the caller, not found) */
	RECIPE_DIR_ENV,	   /* $VERSUS_RUNNERS */
	RECIPE_DIR_BESIDE, /* ../share/versus/runners from the program */
	RECIPE_DIR_SOURCE, /* the source tree, for its build tree's program */
	RECIPE_DIR_CONFIGURED, /* the install prefix given to CMake */
	RECIPE_DIR_MISSING,    /* none exists: the path is the first tried */
};

/*
 * The folder holding the runner recipes, first of: $VERSUS_RUNNERS; the
 * recipes installed beside the running program (its folder's
 * ../share/versus/runners, wherever the prefix was moved); the source
 * tree's runners/ when the running program lives in the build tree it was
 * built in; the configured install prefix's. With none of them a folder,
 * the path beside the program. Sets *origin (may be NULL) to which one.
 * Caller owns the result.
 */
char *recipe_find_dir(enum recipe_dir_origin *origin);
/* recipe_find_dir(NULL). Caller owns the result. */
char *recipe_default_dir(void);
/* "installed with the program", ...: for messages. Static. */
const char *recipe_dir_origin_name(enum recipe_dir_origin origin);

/* Values for the placeholders of DESIGN.md §4. */
struct recipe_vars {
	const char *source;   /* absolute path of the source file */
	const char *builddir; /* absolute build folder */
	const char *bin;      /* {builddir}/main */
	/* <build root>/cache/<language>: shared by every implementation of
	 * the language and kept across rebuilds (compiler caches) */
	const char *cachedir;
	const char *main; /* source file name without extension */
	const struct strvec *args;
	const struct strvec *build_flags;
	const struct strvec *run_flags;
};

/*
 * Expand templates into out (cleared first): scalar placeholders anywhere
 * in an element, list placeholders ({args}, {build_flags}, {run_flags})
 * only as a whole element, expanding to zero or more elements. Then, when
 * tc is given, replace out->v[0] by its resolved absolute path. Returns 0,
 * or -EINVAL with err filled.
 */
int recipe_expand(const struct strvec *templates,
		  const struct recipe_vars *vars, const struct toolchain *tc,
		  struct strvec *out, struct versus_err *err);
/* Same for env values: one string in, one out (caller owns *out). */
int recipe_expand_value(const char *tmpl, const struct recipe_vars *vars,
			char **out, struct versus_err *err);

#endif

/*
 * plan.h: manifest + recipes + command-line options -> what to build and
 * run. A plan is pure data: it names each implementation's recipe and
 * toolchain, its build folder, the exact build and run argv and the child
 * environment, or why it is skipped (NA). `versus check` prints it;
 * `versus run` executes it. Nothing here runs a benchmark; the only
 * processes started are the toolchain detections, once per recipe.
 */
#ifndef VERSUS_PLAN_H
#define VERSUS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/kvlist.h"
#include "spec/manifest.h"
#include "spec/recipe.h"
#include "spec/toolchain.h"
#include "util/err.h"
#include "util/strvec.h"

/* What the command line adds to the manifests. All fields optional. */
struct plan_options {
	const char *size;	     /* --size NAME; NULL: manifest params */
	const struct kvlist *params; /* --param K=V overrides; NULL: none */
	const struct strvec *only;   /* --only ids; NULL or empty: all */
	/*
	 * --param K=V1,V2,...: a sweep of K (params holds K = the last
	 * value); it replaces the manifest's sweep. NULL: none.
	 */
	const char *sweep_param;
	const struct strvec *sweep_values;
	const char *build_root; /* NULL: plan_default_build_root() */
	/* manifests may name files outside their project (manifest.h) */
	bool allow_outside_project;
	/* --cpus N|LIST (syntax checked), over limits.cpus; NULL: none */
	const char *cpus;
};

struct plan_impl {
	const struct manifest_impl *impl;  /* borrowed from the manifest */
	const struct recipe *recipe;	   /* borrowed from the recipe set */
	const struct toolchain *toolchain; /* borrowed from the set */
	bool skipped;			   /* NA: do not build or run */
	char *skip_reason; /* one line, "toolchain not available: ..." */
	char *builddir;	   /* <build root>/<workload>/<impl id> */
	char *bin;	   /* <builddir>/main */
	char *cachedir;	   /* <build root>/_cache/<language> */
	char *main;	   /* source file name without extension */
	/*
	 * <build root>/<workload>/_work/<impl id>: the run's folder, made
	 * afresh with the manifest's files before each run; or the
	 * manifest's workdir, used as it is; NULL when it has neither (the
	 * sandbox's fresh empty folder).
	 */
	char *rundir;
	struct strvec build_argv; /* empty when the recipe has no build */
	struct strvec run_argv;	  /* the timed case */
	struct strvec env;	  /* KEY=VALUE, the child's whole environment */
};

struct plan_workload {
	const struct manifest *manifest; /* borrowed */
	char *size;			 /* the --size preset, or NULL */
	char *build_root;		 /* absolute */
	/* <build root>/<workload>: the builds of this workload, locked by a
	 * run while it builds and times them (build_lock()) */
	char *build_dir;
	/* manifest params < size preset < --param overrides */
	struct kvlist params;
	struct strvec args; /* manifest args expanded with params */
	/*
	 * The sweep (workloads/README.md, `sweep`): the manifest's, or the
	 * --param list's; sweep_param NULL: none. params holds the last
	 * value, so that args and run_argv are those of the last point.
	 * sweep_expect[k]: the expected file of point k (borrowed from the
	 * manifest), or NULL.
	 */
	const char *sweep_param;	   /* borrowed */
	const struct strvec *sweep_values; /* borrowed */
	const char **sweep_expect;	   /* owned array */
	struct plan_impl *impls;	   /* manifest order, after --only */
	size_t impls_nr;
	size_t baseline; /* index in impls; the baseline is never filtered */
	/*
	 * The CPUs every run of every implementation is confined to
	 * (canonical list), chosen once from --cpus or limits.cpus and the
	 * CPUs this process may use (cpulist_resolve); NULL: not pinned.
	 */
	char *cpus;
};

/*
 * Check the options against every manifest of a run: each --param name
 * must be a parameter (in params, a size or a check) and each --only id an
 * implementation of at least one of them. Problems are appended to errs;
 * returns 0 or -EINVAL. plan_workload_init() ignores names that belong to
 * other workloads, so call this once per run.
 */
int plan_check_options(const struct manifest *const *ms, size_t nr,
		       const struct plan_options *opts,
		       struct versus_errs *errs);

/*
 * Plan workload m, which must have been loaded with its languages checked
 * against recipes (manifest_load_checked or manifest_load_with: an
 * unknown language is reported there, with the manifest's other problems).
 * Errors (an unknown --size, a placeholder without a value, a build root
 * inside the sources) are all
 * appended to errs, located where possible, and -EINVAL is returned; pw is then
 * released. A missing toolchain is not an error: that implementation is skipped
 * with a reason. m, recipes and tcs are borrowed and must outlive pw. Caller
 * releases pw with plan_workload_release().
 */
int plan_workload_init(struct plan_workload *pw, const struct manifest *m,
		       const struct recipe_set *recipes,
		       struct toolchain_set *tcs,
		       const struct plan_options *opts,
		       struct versus_errs *errs);
/* Free what pw owns; accepts NULL. */
void plan_workload_release(struct plan_workload *pw);

/*
 * The parameters of check case i: the check's params merged over
 * pw->params, into out (initialised by the caller).
 */
void plan_check_params(const struct plan_workload *pw, size_t check,
		       struct kvlist *out);
/*
 * The parameters of sweep point k: pw->params with the swept parameter
 * set to its k-th value, into out (initialised by the caller).
 */
void plan_point_params(const struct plan_workload *pw, size_t k,
		       struct kvlist *out);

/*
 * The run argv of pi for params (a complete set, e.g. from
 * plan_check_params(); NULL: pw->params), into argv (initialised; cleared
 * first). Returns 0, or -EINVAL with err filled when a placeholder has no
 * value.
 */
int plan_run_argv(const struct plan_workload *pw, const struct plan_impl *pi,
		  const struct kvlist *params, struct strvec *argv,
		  struct versus_err *err);

/*
 * The user's cache folder, outside every source tree:
 * $XDG_CACHE_HOME/versus when XDG_CACHE_HOME is set, else
 * $HOME/.cache/versus (the password entry's home when HOME is unset or
 * relative), else <cwd>/build/versus when there is no home at all.
 * Caller owns the result.
 */
char *plan_default_build_root(void);

#endif

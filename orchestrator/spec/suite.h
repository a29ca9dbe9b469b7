/*
 * suite.h: the workloads named on a command line (manifest files, or
 * folders meaning every *.yaml in them, sorted), loaded, checked against
 * the recipes and planned. Shared by `versus run` and `versus check`, so
 * both accept and reject exactly the same inputs.
 */
#ifndef VERSUS_SUITE_H
#define VERSUS_SUITE_H

#include <stddef.h>

#include "spec/manifest.h"
#include "spec/plan.h"
#include "spec/recipe.h"
#include "util/err.h"

struct suite {
	struct manifest *manifests; /* every manifest that loaded */
	size_t manifests_nr;
	struct plan_workload *workloads; /* planned, same order */
	size_t workloads_nr;
	struct toolchain_set toolchains;
	size_t failed; /* manifests or plans that had errors */
};

/*
 * Load and plan paths[0..nr). Every problem of every manifest is appended
 * to errs; manifests without problems are still planned. Returns 0 when
 * there was no problem, -EINVAL otherwise. recipes is borrowed and must
 * outlive s. Caller releases s with suite_release() in both cases.
 */
int suite_load(struct suite *s, const char *const *paths, size_t nr,
	       const struct recipe_set *recipes,
	       const struct plan_options *opts, struct versus_errs *errs);
void suite_release(struct suite *s);

/*
 * The manifests a PATH names, as suite_load() finds them: path itself, or
 * the *.yaml files of a folder (not recursive, sorted by name), appended
 * to files. A path that does not exist, a folder that cannot be read or
 * holds no manifest adds one error naming it to errs. (versus plan and
 * run --shard list manifests with it.)
 */
void suite_collect(const char *path, struct strvec *files,
		   struct versus_errs *errs);

#endif

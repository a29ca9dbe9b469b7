#include "spec/suite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/fs.h"
#include "util/strvec.h"
#include "util/banned.h"

void suite_collect(const char *path, struct strvec *files,
		   struct versus_errs *errs)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		versus_errs_add(errs, -errno, path, 0, 0, "%s",
				errno == ENOENT ? "no such file or folder"
						: strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		strvec_push(files, path);
		return;
	}
	struct strvec found = STRVEC_INIT;
	int rc = fs_list_dir(path, ".yaml", &found);
	if (rc)
		versus_errs_add(errs, rc, path, 0, 0,
				"cannot read the folder: %s", strerror(-rc));
	else if (!found.nr)
		versus_errs_add(errs, -ENOENT, path, 0, 0,
				"no *.yaml manifest in this folder");
	strvec_pushv(files, (const char *const *)found.v);
	strvec_clear(&found);
}

int suite_load(struct suite *s, const char *const *paths, size_t nr,
	       const struct recipe_set *recipes,
	       const struct plan_options *opts, struct versus_errs *errs)
{
	memset(s, 0, sizeof(*s));
	toolchain_set_init(&s->toolchains, recipes);
	size_t errs_before = errs->nr;
	struct strvec files = STRVEC_INIT;
	for (size_t i = 0; i < nr; i++)
		suite_collect(paths[i], &files, errs);

	s->manifests = xcalloc(files.nr ? files.nr : 1, sizeof(*s->manifests));
	/* Unknown languages are reported with the manifest's other problems. */
	const char **known = xcalloc(recipes->nr + 1, sizeof(*known));
	for (size_t i = 0; i < recipes->nr; i++)
		known[i] = recipes->items[i].language;
	struct strvec languages = STRVEC_INIT;
	for (size_t i = 0; i < files.nr; i++) {
		struct manifest *m = &s->manifests[s->manifests_nr];
		struct manifest_load_options lo = {
			.languages = known,
			.allow_outside_project =
				opts && opts->allow_outside_project,
		};
		if (manifest_load_with(files.v[i], &lo, m, errs) < 0) {
			s->failed++;
			continue;
		}
		s->manifests_nr++;
		for (size_t k = 0; k < m->impls_nr; k++)
			strvec_push(&languages, m->impls[k].language);
	}
	free(known);
	strvec_clear(&files);
	/* --size, --param and --only must make sense for the set as a whole. */
	const struct manifest **ms =
		xcalloc(s->manifests_nr ? s->manifests_nr : 1, sizeof(*ms));
	for (size_t i = 0; i < s->manifests_nr; i++)
		ms[i] = &s->manifests[i];
	if (plan_check_options(ms, s->manifests_nr, opts, errs) < 0)
		s->failed++;
	free(ms);
	/* Detect every toolchain at once (concurrently), before planning. */
	toolchain_set_detect(&s->toolchains, (const char *const *)languages.v,
			     languages.nr);
	strvec_clear(&languages);

	s->workloads = xcalloc(s->manifests_nr ? s->manifests_nr : 1,
			       sizeof(*s->workloads));
	for (size_t i = 0; i < s->manifests_nr; i++) {
		const struct manifest *m = &s->manifests[i];
		if (plan_workload_init(&s->workloads[s->workloads_nr], m,
				       recipes, &s->toolchains, opts,
				       errs) < 0) {
			s->failed++;
			continue;
		}
		s->workloads_nr++;
	}
	return errs->nr > errs_before ? -EINVAL : 0;
}

void suite_release(struct suite *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->workloads_nr; i++)
		plan_workload_release(&s->workloads[i]);
	free(s->workloads);
	for (size_t i = 0; i < s->manifests_nr; i++)
		manifest_release(&s->manifests[i]);
	free(s->manifests);
	toolchain_set_release(&s->toolchains);
	memset(s, 0, sizeof(*s));
}

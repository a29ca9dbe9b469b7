/*
 * toolchain.h: what a runner recipe finds on this machine. Detection
 * resolves every tool a recipe names (through its resolve command, so
 * shims are skipped) and runs its detect command for a version; a set
 * detects the toolchain of each recipe at most once, concurrently, for
 * every workload of a run.
 */
#ifndef VERSUS_TOOLCHAIN_H
#define VERSUS_TOOLCHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "spec/recipe.h"

/* What detection found out about a recipe's toolchain. */
struct toolchain {
	bool available;
	char *path;    /* real absolute path of detect[0]; NULL if missing */
	char *version; /* first non-empty line of detect's stdout+stderr */
	char *reason;  /* why unavailable, for NA; NULL when available */
	/* tool name (argv[0] of detect/build/run) -> real absolute path */
	char **tool_names;
	char **tool_paths;
	size_t tools_nr;
};

/*
 * Resolve every tool the recipe names on PATH to a real absolute path
 * (through its resolve command where given, so shims are skipped), and run
 * detect with a timeout. Never fails: a missing tool makes tc unavailable
 * with a reason. Caller owns tc; release with toolchain_release().
 */
void toolchain_detect(const struct recipe *r, struct toolchain *tc);
/* Free what tc owns; accepts NULL. */
void toolchain_release(struct toolchain *tc);
/* Borrowed: the resolved path of tool, or NULL. */
const char *toolchain_tool_path(const struct toolchain *tc, const char *tool);

/*
 * The toolchain of every recipe of a set, each detected at most once and
 * shared by every workload of a run.
 */
struct toolchain_set {
	const struct recipe_set *recipes; /* borrowed */
	struct toolchain *items;	  /* parallel to recipes->items */
	bool *detected;
	size_t nr;
};

/* Nothing is detected yet. recipes is borrowed and must outlive ts. */
void toolchain_set_init(struct toolchain_set *ts,
			const struct recipe_set *recipes);
/*
 * Detect the toolchains of the named languages (NULL: every recipe), the
 * ones not yet detected, concurrently. Unknown names are ignored.
 */
void toolchain_set_detect(struct toolchain_set *ts,
			  const char *const *languages, size_t nr);
/* Borrowed: the toolchain of r (a recipe of the set), detected if needed. */
const struct toolchain *toolchain_set_get(struct toolchain_set *ts,
					  const struct recipe *r);
/* Free what ts owns (every detected toolchain); accepts NULL. */
void toolchain_set_release(struct toolchain_set *ts);

#endif

/*
 * shardplan.h: a shard plan (docs/distributed.md, "Plans and shards"):
 * the work of a suite cut into units, each unit placed in one of N shards
 * by partition_lpt(), written as JSON that every node of a cluster reads.
 * `versus plan` builds and writes one; `versus run --shard K/N` builds the
 * same plan on the node, or reads one with --plan and checks that the
 * manifests it names still have the digests they had when it was made.
 *
 * Units, by kind:
 *   workload  one manifest: every implementation, one size (id "<workload>")
 *   size      one (manifest, size preset) pair (id "<workload>@<size>"; a
 *             manifest without presets is one unit "<workload>")
 *   group:G   a manifest's implementations in groups of at most G, the
 *             baseline in every group as the anchor (id "<workload>#g<k>",
 *             k from 1)
 * Costs, per unit: from earlier result files (the timed samples' wall
 * times plus the build times of the unit's implementations), else from
 * the manifest's `cost` hint, else uniform.
 *
 * The plan id is the SHA-256 (hex) of shard_plan_canonical()'s text.
 */
#ifndef VERSUS_SHARDPLAN_H
#define VERSUS_SHARDPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* The plan schema this versus writes and reads. */
#define SHARD_PLAN_SCHEMA 1
/* The most shards a plan may have. */
#define SHARD_COUNT_MAX 100000
/* The most units and inputs (manifests) a plan may have: its checks
 * compare every pair, and a real suite has hundreds. */
#define SHARD_PLAN_MAX_UNITS 10000
/* The largest plan file read. */
#define SHARD_PLAN_MAX_BYTES (64 << 20)

enum shard_unit_kind {
	SHARD_UNIT_WORKLOAD,
	SHARD_UNIT_SIZE,
	SHARD_UNIT_GROUP,
};

enum shard_cost_source {
	SHARD_COST_RESULTS,  /* earlier result files (--costs) */
	SHARD_COST_MANIFEST, /* the manifest's `cost` */
	SHARD_COST_UNIFORM,  /* neither */
};

/* "results", "manifest", "uniform" (static). */
const char *shard_cost_source_name(enum shard_cost_source source);

/*
 * "workload", "size" or "group:G" into *kind and *group_size (G >= 2,
 * counting the anchor; 0 for the other kinds). Returns 0, or -EINVAL with
 * why saying what was expected.
 */
int shard_unit_kind_parse(const char *s, enum shard_unit_kind *kind,
			  size_t *group_size, struct strbuf *why);
/* The name shard_unit_kind_parse() reads, appended to out. */
void shard_unit_kind_name(enum shard_unit_kind kind, size_t group_size,
			  struct strbuf *out);

/* One manifest the plan was made from. */
struct shard_input {
	char *manifest;	 /* the path as given to the plan (folders expanded) */
	char sha256[65]; /* of the file's bytes, hex */
};

struct shard_unit {
	char *id;	/* stable: see the head of this file */
	char *manifest; /* one of the inputs' paths */
	char *workload; /* the manifest's workload id */
	char *size;	/* the size preset, or NULL: the manifest's params */
	/* group units: the group's implementation ids, the anchor first;
	 * other kinds: empty (every implementation) */
	struct strvec impls;
	char *anchor; /* group units: the baseline id; else NULL */
	double cost_s;
	enum shard_cost_source cost_source;
	size_t shard; /* the shard it is in */
};

/* The units of one shard: indices into shard_plan.units, in the order
 * they were placed (largest cost first), which is the order to run them. */
struct shard_list {
	size_t *units;
	size_t nr;
};

struct shard_plan {
	char *versus_version;
	char id[65];  /* hex */
	size_t count; /* N */
	enum shard_unit_kind kind;
	size_t group_size;	    /* kind SHARD_UNIT_GROUP; else 0 */
	struct shard_input *inputs; /* sorted by path (bytewise) */
	size_t inputs_nr;
	struct shard_unit *units; /* input order, then sizes or groups */
	size_t units_nr;
	struct shard_list *shards; /* count lists */
};

/* How to build a plan. */
struct shard_plan_options {
	size_t count; /* N >= 1 */
	enum shard_unit_kind kind;
	size_t group_size; /* kind SHARD_UNIT_GROUP: G >= 2 */
	/*
	 * --size: kind size, one unit per size listed (NULL or empty: per
	 * preset of each manifest); other kinds, at most one size, the size
	 * of every unit (NULL or empty: the manifest's params).
	 */
	const struct strvec *sizes;
	/* --costs: result files or folders of them; NULL: none */
	const struct strvec *cost_paths;
	/* load manifests that name files outside their project */
	bool allow_outside_project;
	/* NULL-terminated known languages (the recipes'), checked in each
	 * manifest; NULL: not checked */
	const char *const *languages;
};

/*
 * Build the plan of the manifests paths[0..nr) name (files, or folders of
 * *.yaml as `versus run` takes them), sorted bytewise by path. Every
 * problem (a manifest that does not load, a --size it lacks, two units
 * with one id, a bad result file among the costs) is appended to errs,
 * located; then -EINVAL is returned and p is released. Returns 0 with p
 * filled on success; caller releases p with shard_plan_release().
 */
int shard_plan_build(struct shard_plan *p, const char *const *paths, size_t nr,
		     const struct shard_plan_options *o,
		     struct versus_errs *errs);
/* Free what p holds; accepts NULL. */
void shard_plan_release(struct shard_plan *p);

/*
 * The text hashed into the plan id, appended to out, one line each:
 *   versus-plan 1
 *   versus_version <version>
 *   unit <kind name>
 *   shards <N>
 *   input <sha256>           one per input, digests sorted bytewise
 *   shard <k> <unit id>      k from 0, each shard's units in its order
 * Paths and costs are not part of it: the same manifests cut the same way
 * have the same id wherever they live.
 */
void shard_plan_canonical(const struct shard_plan *p, struct strbuf *out);

/* The plan as JSON (docs/distributed.md), newline-terminated; caller
 * frees. */
char *shard_plan_text(const struct shard_plan *p);

/*
 * Write shard_plan_text(p) to path: a regular file (or a new one) is
 * replaced atomically (fs_write_replace); a device or pipe that is there
 * (/dev/null, /dev/stdout, a FIFO) is written to as it is, never
 * replaced. Returns 0 or a negative errno (-EISDIR for a folder).
 */
int shard_plan_write(const struct shard_plan *p, const char *path);

/*
 * Read a plan written by shard_plan_text(). Every key is checked: a wrong
 * type, a unit in no shard or in two, a shard naming no unit, a unit's
 * manifest that is no input, or a plan_id that is not the digest of the
 * rest is refused with a located message ("plan.json: units[2].cost_s:
 * expected a number"). Returns 0 with *p filled (release with
 * shard_plan_release()), or a negative errno with err filled.
 */
int shard_plan_load(const char *path, struct shard_plan *p,
		    struct versus_err *err);
/* Same, from a buffer; name is used in messages. */
int shard_plan_load_buffer(const char *name, const char *data, size_t len,
			   struct shard_plan *p, struct versus_err *err);

/*
 * Check that each input manifest on this machine has the plan's digest:
 * for each that does not (or cannot be read), one error naming it and
 * both digests is appended to errs. Returns 0 or -EINVAL.
 */
int shard_plan_verify_inputs(const struct shard_plan *p,
			     struct versus_errs *errs);

/* The unit with this id, or NULL. Borrowed. */
const struct shard_unit *shard_plan_find_unit(const struct shard_plan *p,
					      const char *id);

/*
 * "K/N" (0 <= K < N <= SHARD_COUNT_MAX) into *index and *count. Returns
 * 0, or -EINVAL with why saying what was expected.
 */
int shard_spec_parse(const char *s, size_t *index, size_t *count,
		     struct strbuf *why);

/*
 * The shard of this task from the environment (--shard env):
 *   Slurm job arrays: SLURM_ARRAY_TASK_ID, less SLURM_ARRAY_TASK_MIN when
 *     set; the count from count if not 0, else SLURM_ARRAY_TASK_COUNT,
 *     else SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1;
 *   Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX; the count from count
 *     if not 0, else VERSUS_SHARD_COUNT, else fallback_count.
 * count: --shard-count (0: not given); fallback_count: the plan's N (0:
 * no plan). Returns 0, or -EINVAL with err saying which variable is
 * missing or wrong.
 */
int shard_spec_from_env(size_t count, size_t fallback_count, size_t *index,
			size_t *out_count, struct versus_err *err);

#endif

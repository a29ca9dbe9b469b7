/*
 * manifest.h: workload manifests (workloads/NAME.yaml), schema 1, loaded with
 * libyaml. The schema is documented key by key in workloads/README.md.
 * Loading checks everything that can be checked without the runner recipes
 * (types, unknown keys, required keys, duplicate ids, baseline, files that
 * must exist, be regular, not be kernel interfaces and lie inside the
 * manifest's project, placeholders in args) and reports every problem it finds
 * with its line and column. The language of each implementation is checked
 * against the recipes by the caller (manifest_impl.language_line/column
 * locate it).
 */
#ifndef VERSUS_MANIFEST_H
#define VERSUS_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/kvlist.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "spec/validate.h"

struct manifest_size {
	char *name;
	struct kvlist params; /* overrides of manifest.params */
	int line, column;
};

struct manifest_check {
	struct kvlist params; /* overrides of manifest.params for this case */
	char *expect_path;    /* absolute; NULL when the case has no expect */
	int line, column;
};

/*
 * sweep: one parameter run at several values in one run (a scaling
 * sweep). param is NULL when the manifest has none.
 */
struct manifest_sweep {
	char *param;
	struct strvec values; /* as written; positive numbers, distinct */
	/* expect: one absolute path per value, or empty when none */
	struct strvec expect_paths;
	int line, column;
};

/* Longest sweep: values of one sweep (manifest or --param). */
#define MANIFEST_SWEEP_MAX 64

/*
 * Whether values[i] may be a sweep value: a positive finite number, not
 * equal to an earlier one (1000 and 1e3 are equal). Returns 0, or -EINVAL
 * with the reason appended to why.
 */
int manifest_sweep_value_check(const struct strvec *values, size_t i,
			       struct strbuf *why);

struct manifest_measure {
	int warmup;	      /* default 1 */
	int min_runs;	      /* default 5 */
	int max_runs;	      /* default 30 */
	double target_ci;     /* default 0.02: CI half-width / median */
	double time_budget_s; /* default 60, per implementation */
};

/*
 * The ranges of the measurement settings: one table for the manifest's
 * `measure` keys and `versus run`'s options, so that a value is accepted
 * by both or by neither.
 */
enum measure_setting {
	MEASURE_WARMUP,
	MEASURE_MIN_RUNS,
	MEASURE_MAX_RUNS,
	MEASURE_RUNS, /* --runs only */
	MEASURE_TARGET_CI,
	MEASURE_TIME_BUDGET,
	MEASURE_SETTINGS_NR
};

struct measure_range {
	const char *key;    /* e.g. "measure.warmup"; NULL: an option only */
	const char *option; /* e.g. "--warmup" */
	double min, max;    /* inclusive, but see min_excluded */
	bool min_excluded;  /* a value must be above min */
	bool whole;	    /* a whole number */
};

extern const struct measure_range manifest_measure_ranges[MEASURE_SETTINGS_NR];

struct manifest_limits {
	double wall_s;	       /* default 120 */
	double cpu_s;	       /* default 100 */
	uint64_t memory_bytes; /* default 2 GiB */
	uint64_t pids;	       /* default 256 */
	uint64_t output_bytes; /* default 64 MiB */
	uint64_t disk_bytes;   /* default 0: the sandbox's (1 GiB) */
	/*
	 * limits.cpus: a number of CPUs (cpus; the plan picks which), or
	 * which (cpu_list, canonical); 0 and NULL: not pinned. Whether the
	 * machine has them is checked by the plan, at cpus_line:cpus_column.
	 */
	int cpus;
	char *cpu_list;
	int cpus_line, cpus_column;
};

/* iterations: in-process iteration mode (docs/iterations.md, issue 13). */
enum manifest_iter_mode {
	MANIFEST_ITER_VERSUS, /* versus's classification rules */
	MANIFEST_ITER_COMPAT, /* warmup_stats' original rules */
};

/* Bounds of the iterations keys (checked by the loader). */
#define MANIFEST_ITER_COUNT_MAX	     1000000 /* = ITERPROTO_ITERATIONS_MAX */
#define MANIFEST_ITER_EXECUTIONS_MAX 1000
#define MANIFEST_ITER_INNER_MAX	     1000000000

struct manifest_iterations {
	uint32_t count; /* iterations per execution; 0: no iteration mode */
	int executions; /* process executions per implementation; 10 */
	long inner;	/* workload repetitions in one iteration; 1 */
	enum manifest_iter_mode mode; /* default versus */
	double penalty;		      /* PELT penalty factor (x ln n); 15 */
	double tolerance;	      /* equivalent levels, relative; 0.02 */
	int line, column;	      /* of the mapping; 0 when absent */
};

struct manifest_impl {
	char *id;
	char *language;
	char *source; /* absolute, real path; the file exists */
	struct strvec build_flags;
	struct strvec run_flags;
	struct kvlist env;
	int line, column;		    /* of the list item */
	int language_line, language_column; /* of the language value */
};

/*
 * published: the figures of a published comparison this workload
 * reproduces (workloads/README.md, "published").
 */
enum published_metric { PUBLISHED_WALL, PUBLISHED_CPU, PUBLISHED_MEMORY };
enum published_aggregate { PUBLISHED_GEOMEAN, PUBLISHED_SUM };

struct manifest_published_value {
	char *id;	  /* an implementation id */
	double value;	  /* a ratio, or seconds / bytes (absolute) */
	double tolerance; /* the factor; NAN: the section's */
	char *toolchain;  /* as published, or NULL */
	int line, column;
};

/* The figures of one size preset, or the top-level ones (size NULL). */
struct manifest_published_set {
	char *size;
	bool absolute; /* `values:` (seconds or bytes), not `ratios:` */
	struct manifest_published_value *values;
	size_t values_nr;
};

struct manifest_published {
	bool present;
	char *citation;				    /* required */
	char *url, *version, *machine, *toolchains; /* NULL when not given */
	enum published_metric metric;		    /* default wall */
	char *baseline;			    /* default: the manifest's */
	enum published_aggregate aggregate; /* default geomean */
	double tolerance;		    /* default 1.5 */
	struct manifest_published_set *sets;
	size_t sets_nr;
};

/* "wall", "cpu", "memory"; "geomean", "sum" (static). */
const char *published_metric_name(enum published_metric metric);
const char *published_aggregate_name(enum published_aggregate aggregate);

struct manifest {
	char *path;	 /* as given */
	char *dir;	 /* absolute folder of the manifest */
	char digest[65]; /* sha256 of the file's bytes */
	int schema;	 /* 1 */
	char *workload;	 /* [a-z0-9_-]+ */
	int version;	 /* default 1 */
	char *title;	 /* default: the workload id */
	char *baseline;	 /* an implementation id */
	struct kvlist params;
	struct manifest_size *sizes;
	size_t sizes_nr;
	struct strvec args; /* templates with {param} placeholders */
	char *stdin_path;   /* absolute, or NULL */
	/*
	 * files: absolute real paths, and the base name each has in the
	 * run's folder (as written; no two alike), in the manifest's order.
	 */
	struct strvec files;
	struct strvec file_names;
	/* workdir: an absolute real path, or NULL (a fresh folder per run) */
	char *workdir;
	struct manifest_check *checks;
	size_t checks_nr;
	struct validate_spec validate; /* default mode exact */
	/* validate.exit_ok: any: a non-zero exit code is not RE */
	bool exit_ok_any;
	struct manifest_measure measure;
	struct manifest_limits limits;
	struct manifest_sweep sweep;
	struct manifest_iterations iterations; /* count 0: one-shot runs */
	struct manifest_impl *impls;
	size_t impls_nr;
	struct manifest_published published; /* present false: none */
	/* cost: estimated seconds of a whole run (every implementation, the
	 * default size), a hint for versus plan; NAN when absent */
	double cost_s;
};

/* Limits on what manifest_load() accepts, against hostile files. */
#define MANIFEST_MAX_BYTES (1024 * 1024)
#define MANIFEST_MAX_DEPTH 32

/*
 * Longest workload id, implementation id and language name, in bytes.
 * Each becomes part of a file or folder name that must fit in NAME_MAX
 * (255): the workload id a result file name (plus up to
 * RESULT_NAME_SUFFIX_MAX) and a build folder, the implementation id a
 * build folder, the language a cache folder.
 */
#define MANIFEST_ID_MAX 200

/*
 * Load and check the manifest at path. Returns 0 on success; on any
 * problem appends every error found to errs (each with file, line and
 * column) and returns -EINVAL (or a negative errno when the file cannot be
 * read); m is then released and must not be used. Caller owns m on
 * success; release with manifest_release().
 */
int manifest_load(const char *path, struct manifest *m,
		  struct versus_errs *errs);
/*
 * Same, also checking each implementation's language against languages
 * (a NULL-terminated list of the known language ids, e.g. the recipes'),
 * so that an unknown language is reported with the other problems.
 */
int manifest_load_checked(const char *path, const char *const *languages,
			  struct manifest *m, struct versus_errs *errs);
/* What a caller may change about loading. */
struct manifest_load_options {
	/* NULL-terminated known language ids, or NULL: not checked */
	const char *const *languages;
	/*
	 * Accept source, stdin, expect and input files (files:) that resolve
	 * (symlinks followed) outside the manifest's project: the nearest
	 * folder at or above the manifest's that holds a .git, else the
	 * manifest's own folder (workloads/README.md). Kernel interfaces
	 * (/proc, /sys, /dev) and files that are not regular are refused
	 * regardless.
	 */
	bool allow_outside_project;
};
/* Same, with options (NULL: the defaults). */
int manifest_load_with(const char *path, const struct manifest_load_options *o,
		       struct manifest *m, struct versus_errs *errs);
/* Same, from a buffer; name is used in messages and to resolve paths
 * (its folder). For tests and the fuzz target. */
int manifest_load_buffer(const char *name, const char *data, size_t len,
			 struct manifest *m, struct versus_errs *errs);
/* Free everything; accepts NULL. */
void manifest_release(struct manifest *m);

/* Borrowed: the implementation with this id, or NULL. */
const struct manifest_impl *manifest_find_impl(const struct manifest *m,
					       const char *id);
/* Borrowed: the size preset with this name, or NULL. */
const struct manifest_size *manifest_find_size(const struct manifest *m,
					       const char *name);

/*
 * Borrowed: the published figures that apply to a run at size (NULL: the
 * default parameters): that size's own, else the top-level ones; NULL
 * when there are none (or no published section).
 */
const struct manifest_published_set *
manifest_published_for(const struct manifest *m, const char *size);

/*
 * Expand {name} placeholders in templates from params into out (cleared
 * first). "{{" and "}}" stand for literal braces. Returns 0, or -EINVAL
 * with err naming the unknown placeholder.
 */
int manifest_expand_args(const struct strvec *templates,
			 const struct kvlist *params, struct strvec *out,
			 struct versus_err *err);

/*
 * Whether real (an absolute resolved folder) may not be a manifest's
 * workdir because binding it would uncover what the box hides: the root,
 * a home itself, or a folder holding /tmp, /run, the homes or the
 * kernel's interfaces.
 */
bool manifest_workdir_uncovers(const char *real);

#endif

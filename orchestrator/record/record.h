/*
 * record.h: the result record, the one definition of a result file
 * (results/README.md, schema 1): struct result_file, its writer and its
 * reader. `versus run` fills a record from its measurement and writes it;
 * `versus report` and `versus compare` read records back. A result set is
 * every file named on the command line, folders expanded to their *.json
 * files in name order, merge documents to their records. A bad file
 * (unreadable, not JSON, not a versus result, a newer schema) is one error
 * naming it; the valid files around it still load.
 *
 * Readers ignore keys they do not know. Every key they know is checked
 * against the schema: a wrong type, a negative figure or an unknown status
 * refuses the whole file with a located message ("FILE:
 * implementations[3].stats.wall_ns.median: expected a number"). A missing
 * optional value is NULL (strings), NAN (numbers, also integer figures
 * such as byte counts), -1 (flags, aslr) or 0 (counts). Only the keys a
 * report cannot do without are required: schema, workload.id,
 * workload.version, workload.baseline and implementations[] with id,
 * language and status. Only regular files of at most RESULT_FILE_MAX_BYTES
 * are read; a FIFO is refused without blocking.
 *
 * The writer writes every key of the schema, a missing value as null,
 * except the optional keys added after schema 1 was first published (the
 * host's box, smt, boost, swap_bytes, perf_counters; revision), which are
 * left out when not known, `published` and `sweep`, left out when the
 * manifest has none, and an implementation's `iterations`, left out when
 * it was not run in iteration mode. The arrays of numbers under
 * `iterations` are written on one line each. What the reader reads from a
 * file written by the writer, the writer writes back byte for byte.
 */
#ifndef VERSUS_RECORD_H
#define VERSUS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strvec.h"

/* The result schema this versus writes, and the newest it reads. */
#define RESULT_SCHEMA_VERSION 1
/* The largest result file read (results/README.md): a real one is well
 * under a MiB; the cap keeps a hostile one from taking minutes. */
#define RESULT_FILE_MAX_BYTES (64 << 20)

/* The fate of an implementation in a run (DESIGN.md §5): the run statuses
 * mirror the sandbox's; CE, WA, ND and NA are decided by the orchestrator.
 * A record holds them by name ("OK", "CE", ...). */
enum impl_status {
	STATUS_OK,
	STATUS_CE, /* build failed */
	STATUS_WA, /* output not equivalent */
	STATUS_ND, /* output changed between runs */
	STATUS_RE,
	STATUS_SG,
	STATUS_TO,
	STATUS_TW,
	STATUS_ML,
	STATUS_OL,
	STATUS_SV,
	STATUS_XX,
	STATUS_NA, /* toolchain not available: skipped */
	STATUS_PV, /* iteration protocol violation (docs/iterations.md) */
};
#define STATUS_COUNT (STATUS_PV + 1)

/* "OK", "CE", ... (static). */
const char *status_name(enum impl_status status);
/* The status named name into *out; false (and *out untouched) when name
 * is no status. */
bool status_parse(const char *name, enum impl_status *out);
/* Whether this status makes `versus run` exit 1 (all but OK and NA). */
bool status_is_failure(enum impl_status status);

/* One `stats.*` summary; present is false when the key was null/absent. */
struct result_summary {
	bool present;
	size_t n;
	double median, mean, stddev, mad, min, max, q1, q3;
	size_t outliers;
	double ci_low, ci_high;
};

/* One `ratio.*` entry; present is false when null/absent. */
struct result_ratio {
	bool present;
	double value, ci_low, ci_high;
};

struct result_sample {
	long round;
	char status[4];
	long exit_code, signal;
	double wall_ns, user_ns, sys_ns, cpu_ns, peak_memory_bytes;
	double max_rss_bytes;
	char *memory_source; /* NULL when absent */
};

/* The metrics a report shows and compare tests. */
enum result_metric {
	RESULT_WALL,   /* samples[].wall_ns, stats.wall_ns, ratio.time */
	RESULT_CPU,    /* samples[].cpu_ns, stats.cpu_ns, ratio.cpu */
	RESULT_MEMORY, /* samples[].peak_memory_bytes, ratio.memory */
};

struct result_param {
	char *name, *value;
};

/* One check case of the manifest (`checks[]`). */
struct result_check {
	struct result_param *params;
	size_t params_nr;
	char *expect;  /* NULL when none */
	char *status;  /* NULL when the case did not run */
	char *message; /* NULL when none */
};

/* The most iterations one execution may report (docs/iterations.md). */
#define RESULT_MAX_ITERATIONS 1000000
/* The most metric names one execution may report. */
#define RESULT_MAX_ITER_METRICS 16

/* One `metric` series of an execution in iteration mode. */
struct result_iter_metric {
	char *name, *unit; /* never NULL in a record read back */
	double *values;	   /* one per iteration; NAN when not reported */
};

/* One process execution in iteration mode (`iterations.executions[]`). */
struct result_iter_exec {
	long round;	   /* the samples[] round of this execution */
	char status[4];	   /* OK, PV or the run's failure status */
	uint64_t *iter_ns; /* n iteration times, in order */
	size_t n;
	double start_ns; /* exec to the `start` line; NAN when none */
	struct result_iter_metric *metrics;
	size_t metrics_nr;
	/* cgroup samples at each iter line; NULL when not taken, else n
	 * values each, NAN where one sample failed */
	double *cgroup_cpu_ns, *cgroup_memory_bytes;
	/* the violation when status is PV; rule NULL when none */
	char *violation_rule, *violation_message;
	double violation_line, violation_offset; /* integers */
};

/* `iterations`: iteration mode's settings and executions; present is
 * false (no key) when the implementation was timed as whole processes. */
struct result_iterations {
	bool present;
	long count;	  /* iterations per execution (VERSUS_ITERATIONS) */
	long executions;  /* process executions asked for */
	long inner;	  /* workload repetitions in one iteration; 1 */
	char *mode;	  /* classifier rules: "versus" or "compat" */
	double penalty;	  /* PELT penalty factor (x ln n) */
	double tolerance; /* relative; equivalent levels */
	struct result_iter_exec *execs;
	size_t execs_nr;
};

struct result_impl {
	char *id, *language, *status; /* never NULL */
	char *reason;		      /* NULL for OK */
	char *source, *source_sha256;
	char *toolchain_path, *toolchain_version;
	bool has_build; /* build was an object */
	struct strvec build_argv;
	double build_wall_ns; /* NAN when absent */
	bool build_cached;
	double build_output_bytes; /* NAN when absent */
	char *build_stderr;
	struct strvec run_argv;
	struct result_check *checks;
	size_t checks_nr;
	/* digest of the timed case's stdout (hex; NULL when none) and its
	   algorithm ("xxh3-128"; NULL when no digest). "sha256" when read
	   from a file's output_sha256 (older versions), null or not: it is
	   written back under that key. */
	char *output_digest, *output_digest_algorithm;
	char *stop_reason;
	long warmup_runs;
	struct result_sample *samples;
	size_t samples_nr;
	bool has_stats;			/* stats was an object */
	struct result_summary stats[3]; /* by enum result_metric */
	bool has_ratio;			/* ratio was an object */
	struct result_ratio ratio[3];	/* by enum result_metric */
	struct result_iterations iterations;
};

/* `measure`: the stopping rule as used; NAN when null/absent. */
struct result_measure {
	double warmup, min_runs, max_runs; /* integers */
	double target_ci, time_budget_s;
	double fixed_runs; /* NAN when adaptive (--runs not given) */
};

/* `limits`: the manifest's limits as used; NAN when null/absent. */
struct result_limits {
	double wall_s, cpu_s;
	double memory_bytes, pids, output_bytes; /* integers */
	/* the CPU list runs were confined to, and how ("cpuset-v1",
	   "cpuset-v2", "affinity"); NULL when not pinned (absent) */
	char *cpus, *pinning;
};

/*
 * `published`: the figures a manifest's `published:` section gives for
 * this run's size (workloads/README.md), carried so that a report can say
 * whether the run reproduced them without the manifest. Absent from files
 * of manifests without one (present false).
 */
struct result_published_value {
	char *id;	  /* implementation id */
	double value;	  /* a ratio, or seconds / bytes (kind absolute) */
	double tolerance; /* the factor, resolved (>= 1) */
	char *toolchain;  /* as published; NULL when not given */
};

struct result_published {
	bool present;
	char *citation; /* never NULL when present */
	char *url, *version, *machine, *toolchains; /* NULL when not given */
	char *metric;	  /* "wall", "cpu" or "memory" */
	char *baseline;	  /* implementation id the ratios are to */
	char *kind;	  /* "ratio" or "absolute" */
	char *size;	  /* the size preset of these figures, or NULL */
	char *aggregate;  /* "geomean" or "sum" */
	double tolerance; /* the default factor */
	struct result_published_value *values; /* none: no figures apply */
	size_t values_nr;
};

/* One point of a sweep (`sweep.points[]`). */
struct result_point {
	char *value;	 /* the swept parameter's value, never NULL */
	char *reference; /* as workload.reference, at this point */
	struct result_impl *impls;
	size_t impls_nr;
};

struct result_file {
	char *path; /* as given on the command line (or folder/name); NULL
		       for a record made in memory */
	long schema;
	char *versus_version;
	bool complete;
	/* ISO 8601 UTC; "" when absent from the file, never NULL in a
	 * record read back (the writer writes NULL as "") */
	char *started_at, *finished_at;
	struct strvec command;
	uint64_t seed;

	/* revision: the version of the benchmarked code; revision NULL when
	 * unknown (no `revision` key), revision_time NULL when not known */
	char *revision, *revision_time;
	char *revision_source; /* "git" or "option"; NULL with revision */

	/* workload */
	char *workload_id;
	long workload_version;
	char *title, *manifest, *manifest_sha256, *size, *baseline;
	char *reference; /* NULL when no implementation gave outputs */
	struct strvec args;
	char *validate_mode;			   /* NULL when absent */
	double validate_abs_tol, validate_rel_tol; /* NAN when null */

	struct result_param *params;
	size_t params_nr;

	struct result_measure measure;
	struct result_limits limits;

	/* host */
	char *hostname, *kernel, *arch, *os, *cpu_model, *cgroup_mode;
	char *governor, *fingerprint;
	long cpus_online;
	double memory_bytes;
	int seccomp; /* 1, 0, or -1 when unknown */
	long aslr;   /* -1 when unknown */
	double load_average[3];
	int smt;	   /* SMT active: 1, 0, or -1 when unknown */
	int boost;	   /* CPU boost/turbo on: 1, 0, or -1 */
	double swap_bytes; /* NAN when unknown */
	int perf_counters; /* perf instructions counter opens: 1, 0, -1 */
	char *box;	   /* "none", "root", "userns"; NULL when absent */
	/* fingerprints of the hardware and of the environment (never the
	 * node name; results/README.md); NULL when absent */
	char *hardware_fingerprint, *environment_fingerprint;
	char *microcode; /* "0xde"; NULL when unknown */
	long sockets;	 /* -1 when unknown */
	long cores;	 /* physical cores, all sockets; -1 when unknown */
	long threads_per_core; /* -1 when unknown */
	char *visible_cpus;    /* CPU list versus may use; NULL: unknown */
	/* "srun-step" when each run was a Slurm job step of its own
	 * (docs/distributed.md); NULL: runs started directly */
	char *executor;
	long long job_steps; /* with executor: the steps run */

	/*
	 * `shard` (optional): the result of one unit of a plan, written by
	 * `versus run --shard K/N` (docs/distributed.md). shard_index is -1
	 * when the file has no `shard` key.
	 */
	char *shard_plan_id; /* hex; never NULL when shard_index >= 0 */
	long shard_index, shard_count;
	char *shard_unit;	/* the plan's unit id; never NULL with index */
	double shard_canary_ns; /* node calibration canary; NAN: not run */

	struct result_impl *impls;
	size_t impls_nr;

	struct result_published published;
	/*
	 * `sweep` (optional): the swept parameter (NULL: not a sweep) and
	 * every point, in the order run; impls above are a copy of the last
	 * point's, for readers that know nothing of sweeps.
	 */
	char *sweep_param;
	struct result_point *points;
	size_t points_nr;
};

struct result_set {
	struct result_file **files;
	size_t nr, alloc;
};

#define RESULT_SET_INIT                                                        \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/*
 * Load one result file. On success returns 0 and *out (caller owns, free
 * with result_file_free). On failure returns a negative errno-style code
 * and fills err with the file name (and jansson's line:column for syntax
 * errors); *out is then NULL.
 */
int result_file_load(const char *path, struct result_file **out,
		     struct versus_err *err);
/* Same, from a buffer; name is used in messages (tests, fuzz target). */
int result_file_load_buffer(const char *name, const char *data, size_t len,
			    struct result_file **out, struct versus_err *err);

/*
 * A merge document (`versus merge`, results/README.md "Merge documents"):
 * a JSON object whose "kind" is RESULT_MERGE_KIND and whose "results"
 * array holds whole records. result_file_load() refuses one (it is not one
 * result); result_set_add_path() adds each of its records.
 */
#define RESULT_MERGE_KIND "versus-merge"
/* The merge document schema this versus writes, and the newest it reads. */
#define RESULT_MERGE_SCHEMA 1
struct json_t; /* jansson's */
/* Whether root (a parsed document) is a merge document. */
bool result_json_is_merge(const struct json_t *root);
/*
 * A record from a parsed document: the whole of file name (where NULL), or
 * the record at where inside it ("results[3]", which then starts every
 * located message: "merged.json: results[3].implementations[0].status:
 * ..."). rf->path is name, or "name#where". Returns 0 with *out (caller
 * owns), or a negative errno-style code with err filled.
 */
int result_file_from_json(const char *name, const char *where,
			  const struct json_t *root, struct result_file **out,
			  struct versus_err *err);
/*
 * A new, empty record: every string NULL, every number NAN or -1 as the
 * fields say, schema RESULT_SCHEMA_VERSION, complete. Caller owns it, free
 * with result_file_free(); the fields it fills are then owned by the
 * record (xstrdup'd, or arrays from xcalloc).
 */
struct result_file *result_file_new(void);
/* Make im empty: no strings, empty argv vectors, NAN figures, no
 * statistics; for an element of a result_file's impls (freed with it). */
void result_impl_init(struct result_impl *im);
/* Free a result file; accepts NULL. */
void result_file_free(struct result_file *rf);

/*
 * The JSON text of rf (results/README.md), newline-terminated. Caller
 * frees; NULL when out of memory.
 */
char *result_file_text(const struct result_file *rf);

/*
 * Longest suffix a result file name adds to the workload id:
 * "-YYYYMMDDTHHMMSSZ-999.json" (the -N when a name is taken; see
 * fs_write_new()).
 */
#define RESULT_NAME_SUFFIX_MAX 26

/*
 * Check that dir exists (creating it and its parents if needed) and that a
 * file can be created in it. Returns 0 or a negative errno with err filled.
 */
int result_dir_prepare(const char *dir, struct versus_err *err);

/*
 * Write rf as a new file <dir>/<workload>-<UTC timestamp>.json (from
 * workload_id and started_at; -1, -2... before .json when that name is
 * taken, e.g. by a run started in the same second) with fs_write_new():
 * complete or absent, never replacing another run's file. On success
 * *path_out (if not NULL) gets the path; caller owns it. Returns 0 or a
 * negative errno with err filled (the folder is full, read-only, gone...);
 * nothing is left behind then.
 */
int result_file_write(const struct result_file *rf, const char *dir,
		      char **path_out, struct versus_err *err);

/* Where result_file_write_fallback() writes: $TMPDIR if absolute, else
 * /tmp. */
const char *result_fallback_dir(void);

/*
 * Same as result_file_write() into result_fallback_dir(), mode 0600: for
 * a result the chosen folder could not take, so that it is not lost.
 */
int result_file_write_fallback(const struct result_file *rf, char **path_out,
			       struct versus_err *err);

/*
 * Add path to set: a result file, or a folder whose *.json files are added
 * in name order (not recursive). A merge document adds each of its
 * records (in its order; each one's path is "FILE#results[i]"), the
 * groups of each of its pooled tables as one record ("FILE#tables[i]":
 * the first group's, with the other groups' implementations but their
 * anchor, each keeping its ratio to its own anchor). Every bad
 * file or record, and an empty folder, adds one error to errs; the good
 * ones are still added. Returns the number of records added (>= 0).
 */
size_t result_set_add_path(struct result_set *set, const char *path,
			   struct versus_errs *errs);
/*
 * The same for the text of one file already read (data[0..len), named name
 * in messages): its record, or each record of a merge document. Returns
 * the number of records added; every error goes to errs.
 */
size_t result_set_add_buffer(struct result_set *set, const char *name,
			     const char *data, size_t len,
			     struct versus_errs *errs);
/* Free every file of set and reset it; accepts NULL. */
void result_set_release(struct result_set *set);

/*
 * The newest file (by finished_at, then by path) of each workload, in the
 * order each workload first appears in set. *out is a caller-owned array
 * (free()) of borrowed pointers; returns its length. For each workload that
 * had older files, a note naming what was used and what was skipped is
 * pushed to notes (may be NULL).
 */
size_t result_set_latest(const struct result_set *set,
			 const struct result_file ***out, struct strvec *notes);

/* The implementation with this id, or NULL. Borrowed. */
const struct result_impl *result_file_impl(const struct result_file *rf,
					   const char *id);

/*
 * The values of metric over the OK samples of impl into a new array
 * (caller owns, free()); returns how many. *out is NULL when there are
 * none.
 */
size_t result_impl_values(const struct result_impl *impl,
			  enum result_metric metric, double **out);

/* Whether the implementation's status is "OK". */
bool result_impl_ok(const struct result_impl *impl);

/*
 * The memory counter of impl's OK samples ("cgroup1
 * memory.max_usage_in_bytes", ...), "mixed" when they differ, NULL when
 * there is none; and the same over every implementation of rf. Borrowed.
 */
const char *result_impl_memory_source(const struct result_impl *impl);
const char *result_file_memory_source(const struct result_file *rf);

/*
 * What makes the figures of a and b incomparable: a different result
 * schema, cgroup mode, memory source or host fingerprint. Returns a
 * description ("cgroup mode 'cgroup1' in BASE, 'none' in NEW; ...", la and
 * lb naming the sides) that the caller owns (free()), or NULL when the
 * set-ups agree.
 */
char *result_setup_diff(const struct result_file *a,
			const struct result_file *b, const char *la,
			const char *lb);
/*
 * The same for two runs of one implementation: a different toolchain
 * version or path (NULL when either side has none, e.g. NA).
 */
char *result_toolchain_diff(const struct result_impl *a,
			    const struct result_impl *b, const char *la,
			    const char *lb);

#endif

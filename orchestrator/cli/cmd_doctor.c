/*
 * cmd_doctor.c: 'versus doctor': check this machine for what makes
 * numbers wrong (exit 1) or noisy (a warning): cgroup mode, seccomp, perf
 * counters, ASLR, CPU frequency governor and boost, SMT, swap, load. The
 * machine's facts come from host_probe(), the prober whose facts every
 * result file records; the sandbox says what it can use.
 * With --fingerprint, the facts behind the hardware and environment
 * fingerprints of results (measure/host.h), the node name and the
 * toolchains instead.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "render/json_value.h"
#include "render/report.h"
#include "render/table.h"
#include "measure/host.h"
#include "measure/jobstep.h"
#include "sandbox.h"
#include "spec/plan.h"
#include "spec/recipe.h"
#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

struct doctor {
	int wrong; /* things that make numbers wrong */
	int noisy; /* things that make numbers noisy */
};

static const struct cmd_info info = {
	.name = "doctor",
	.usage = "[OPTIONS]",
	.about = "Check this machine for what makes benchmark numbers wrong "
		 "or noisy: the\n"
		 "cgroup mode and what it contains, seccomp, perf counters, "
		 "ASLR, the CPU\n"
		 "frequency governor and boost, SMT, swap and the load "
		 "average.\n"
		 "With --fingerprint, instead: the facts behind the "
		 "hardware and environment\n"
		 "fingerprints every result records (results/README.md, "
		 "\"Fingerprints\"),\n"
		 "each fingerprint, the node name (part of neither) and "
		 "the toolchain of\n"
		 "every runner recipe.\n",
	.epilogue = "exit codes: 0 fine (warnings may be printed); 1 "
		    "something makes numbers\n"
		    "wrong (cgroups unusable, so memory and orphans are not "
		    "measured; with\n"
		    "--fingerprint: the sandbox cannot start, so the cgroup "
		    "mode and box are\n"
		    "unknown); 2 a usage error or an invalid recipe.\n",
};

/* Lines wrapped to the terminal (render/table.h), under their label. */
static void line(const char *what, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	char *prefix = xstrfmt("  %-16s ", what);
	table_wrap_text(&sb, prefix, value, term_width(), 19);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	free(prefix);
}

static void warn(struct doctor *d, bool wrong, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct doctor *d, bool wrong, const char *fmt, ...)
{
	struct strbuf text = STRBUF_INIT, sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	char *prefix = xstrfmt(
		"  %s%s%s ", term_sgr(stdout, wrong ? TERM_RED : TERM_YELLOW),
		wrong ? "wrong:" : "noisy:", term_sgr(stdout, TERM_RESET));
	table_wrap_text(&sb, prefix, text.buf, term_width(), 4);
	fputs(sb.buf, stdout);
	free(prefix);
	strbuf_release(&text);
	strbuf_release(&sb);
	if (wrong)
		d->wrong++;
	else
		d->noisy++;
}

/* What limits.cpus / --cpus would use (sandbox/README.md, CPU pinning). */
static void check_pinning(const struct sandbox *sb)
{
	cpu_set_t allowed;
	char list[CPULIST_MAX] = "unknown";
	if (!cpulist_allowed(&allowed))
		cpulist_format(&allowed, list, sizeof(list));
	enum sandbox_pin pin = sandbox_pin(sb);
	char *text =
		xstrfmt("%s: %s; versus may use CPUs %s", sandbox_pin_name(pin),
			sandbox_pin_reason(sb), list);
	line("cpu pinning", text);
	free(text);
	if (pin == SANDBOX_PIN_AFFINITY)
		line("", "no cpuset: a pinned run gets its CPUs by "
			 "sched_setaffinity and may not call it again "
			 "(seccomp), so a program cannot widen them, but one "
			 "that pins its own threads fails to");
}

static void check_cgroups(struct doctor *d)
{
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_AUTO,
					.quiet = true};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	if (!sb) {
		line("cgroups", err.message);
		warn(d, true, "the sandbox cannot start");
		return;
	}
	line("cgroup mode", sandbox_mode_name(sandbox_mode(sb)));
	line("cgroups", sandbox_mode_reason(sb));
	/* pure v2: how versus finds a cgroup where it is alone */
	if (!access("/sys/fs/cgroup/cgroup.controllers", F_OK))
		line("cgroup v2 rule",
		     "the cgroup versus starts in, if it is alone there; "
		     "else a systemd scope with Delegate=yes (root: the "
		     "system manager, a user: the user's); else "
		     "versus-<pid>-home beside the nearest ancestor that "
		     "gives memory and pids to its children, climbing only "
		     "through cgroups that set no limit and are not a batch "
		     "job's (never out of a job)");
	line("libcgroup", sandbox_libcgroup_view(sb));
	/* a Slurm task (docs/distributed.md, "The sandbox inside a Slurm
	   job"): what the job's cgroup gives */
	const char *job = getenv("SLURM_JOB_ID");
	if (job && *job) {
		struct strbuf text = STRBUF_INIT;
		strbuf_addf(&text, "%.32s: ", job);
		if (sandbox_mode(sb) != SANDBOX_MODE_NONE)
			strbuf_addstr(&text,
				      "run cgroups are made beneath the cgroup "
				      "versus starts in (the job's, where "
				      "Slurm made one): every limit of the job "
				      "applies");
		else if (jobstep_decide(JOBSTEP_AUTO, sb, SANDBOX_CGROUPS_AUTO,
					&text) == 1)
			strbuf_addstr(&text, " (versus run --job-steps; peak "
					     "memory is the main process's: "
					     "ask the site to delegate the "
					     "job's cgroup, or run as root)");
		else
			strbuf_addstr(&text, " (--cgroups required makes a "
					     "task fail instead)");
		line("slurm job", text.buf);
		strbuf_release(&text);
	}
	check_pinning(sb);
	if (sandbox_mode(sb) == SANDBOX_MODE_NONE)
		warn(d, true,
		     "no usable cgroups: peak memory is the main process's "
		     "only, orphans and fork bombs are not contained (%s)",
		     strstr(sandbox_mode_reason(sb), "To fix:")
			     ? "the fix is in the 'cgroups' line"
			     : "run as root, or with a cgroup delegated to "
			       "you");
	sandbox_free(sb);
}

/* The box (sandbox/README.md, "The box"): what runs are isolated by. */
static void check_box(struct doctor *d)
{
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_OFF,
					.quiet = true};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	if (!sb)
		return; /* check_cgroups said why */
	line("box", sandbox_box_name(sandbox_box(sb)));
	line("box details", sandbox_box_reason(sb));
	if (sandbox_box(sb) == SANDBOX_BOX_NONE)
		warn(d, true,
		     "no box: programs run with your uid, see and signal "
		     "your processes, write wherever you may, reach your "
		     "sockets and keep files between runs (allow "
		     "unprivileged user namespaces, or run as root)");
	sandbox_free(sb);
}

static void check_seccomp(struct doctor *d)
{
	char why[256];
	bool ok = sandbox_seccomp_usable(why, sizeof(why));
	line("seccomp", why);
	if (!ok)
		warn(d, true, "seccomp unusable: programs cannot be confined");
}

static void check_perf(const struct host_info *h)
{
	char buf[128];
	if (h->perf_counters) {
		line("perf counters", "instructions: available");
	} else {
		snprintf(buf, sizeof(buf),
			 "instructions: not available (%s); versus does not "
			 "need them",
			 strerror(h->perf_errno));
		line("perf counters", buf);
	}
}

static void check_aslr(struct doctor *d, const struct host_info *h)
{
	if (h->aslr < 0) {
		line("aslr", "unknown");
		return;
	}
	line("aslr", h->aslr == 0 ? "off" : "on");
	if (h->aslr != 0)
		warn(d, false,
		     "ASLR on: layout changes between runs add a little "
		     "variance (fine for most workloads)");
}

static void check_cpu(struct doctor *d, const struct host_info *h)
{
	char buf[128];
	if (h->governor) {
		line("governor", h->governor);
		if (strcmp(h->governor, "performance"))
			warn(d, false,
			     "CPU governor '%s': frequency changes with load; "
			     "'performance' is steadier",
			     h->governor);
	} else {
		line("governor", "not readable (virtual machine?)");
	}
	if (h->boost_knob) {
		line(h->boost_knob, h->boost ? "on" : "off");
		if (h->boost)
			warn(d, false, "%s on: clock depends on heat",
			     !strcmp(h->boost_knob, "turbo") ? "turbo boost"
							     : "CPU boost");
	} else {
		line("boost", "not readable");
	}
	if (h->smt >= 0) {
		line("smt", h->smt ? "on" : "off");
		if (h->smt)
			warn(d, false,
			     "SMT on: a sibling thread's work slows the "
			     "benchmark");
	} else {
		line("smt", "not readable");
	}
	snprintf(buf, sizeof(buf), "%ld online", h->cpus_online);
	line("cpus", buf);
}

static void check_memory_and_load(struct doctor *d, const struct host_info *h)
{
	char buf[128];
	if (h->swap_bytes >= 0) {
		snprintf(buf, sizeof(buf), "%lld MiB",
			 (long long)(h->swap_bytes >> 20));
		line("swap", buf);
	} else {
		line("swap", "not readable");
	}
	if (h->swap_bytes > 0)
		warn(d, false,
		     "swap present: the sandbox turns it off per run, but "
		     "other processes' swapping disturbs timings");
	snprintf(buf, sizeof(buf), "%.2f %.2f %.2f", h->load_average[0],
		 h->load_average[1], h->load_average[2]);
	line("load average", buf);
	long cpus = h->cpus_online;
	if (h->load_average[0] > 0.25 * (double)(cpus > 0 ? cpus : 1))
		warn(d, false, "load %.2f: other work competes for the CPUs",
		     h->load_average[0]);
}

/* Where the runner recipes come from (runners/README.md). */
static void check_recipes(void)
{
	enum recipe_dir_origin origin;
	char *dir = recipe_find_dir(&origin);
	char *text = xstrfmt("%s (%s)", dir, recipe_dir_origin_name(origin));
	line("recipes", text);
	free(text);
	free(dir);
}

/*
 * The fact at p in a canonical text (host.h: "key=value\n" lines after a
 * header line) into key and value (caller frees); returns where the next
 * one starts, or NULL at the end.
 */
static const char *next_fact(const char *p, char **key, char **value)
{
	const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
	if (!eq || !nl || eq > nl)
		return NULL;
	*key = xstrndup(p, (size_t)(eq - p));
	*value = xstrndup(eq + 1, (size_t)(nl - eq - 1));
	return nl + 1;
}

/* The facts of a canonical text, under its name and digest. */
static void print_facts(const char *name, const char *digest, const char *text)
{
	char *key, *value;
	printf("%-11s %s\n", name, digest);
	for (const char *p = strchr(text, '\n') + 1;
	     (p = next_fact(p, &key, &value));) {
		line(key, *value ? value : "unknown");
		free(key);
		free(value);
	}
}

/* The same as JSON: {fingerprint, facts (unknown: null), text}. */
static json_t *facts_json(const char *digest, const char *text)
{
	json_t *facts = json_object();
	char *key, *value;
	for (const char *p = strchr(text, '\n') + 1;
	     (p = next_fact(p, &key, &value));) {
		json_object_set_new(facts, key,
				    json_string_or_null(*value ? value : NULL));
		free(key);
		free(value);
	}
	return json_pack("{s:s,s:o,s:s}", "fingerprint", digest, "facts", facts,
			 "text", text);
}

static void print_fingerprint_text(const struct host_info *h, const char *hw,
				   const char *env,
				   const struct recipe_set *set,
				   const struct toolchain_set *tcs)
{
	printf("fingerprints (the sha256 of the facts under each; "
	       "results/README.md)\n");
	print_facts("hardware", h->hardware_fingerprint, hw);
	print_facts("environment", h->environment_fingerprint, env);
	printf("node name (part of neither fingerprint)\n");
	line("hostname", h->hostname);
	printf("toolchains (recorded per implementation; part of neither "
	       "fingerprint)\n");
	for (size_t i = 0; i < set->nr; i++) {
		const struct toolchain *tc = &tcs->items[i];
		char *text = tc->available
				     ? xstrfmt("%s (%s)",
					       tc->version ? tc->version : "",
					       tc->path ? tc->path : "")
				     : xstrfmt("not available: %s",
					       tc->reason ? tc->reason : "");
		line(set->items[i].language, text);
		free(text);
	}
}

static void print_fingerprint_json(const struct host_info *h, const char *hw,
				   const char *env,
				   const struct recipe_set *set,
				   const struct toolchain_set *tcs)
{
	json_t *toolchains = json_array();
	for (size_t i = 0; i < set->nr; i++) {
		const struct toolchain *tc = &tcs->items[i];
		json_array_append_new(
			toolchains,
			json_pack("{s:s,s:b,s:o,s:o,s:o}", "language",
				  set->items[i].language, "available",
				  tc->available, "version",
				  json_string_or_null(tc->version), "path",
				  json_string_or_null(tc->path), "reason",
				  json_string_or_null(tc->reason)));
	}
	json_t *o = json_pack(
		"{s:o,s:o,s:o,s:o}", "hardware",
		facts_json(h->hardware_fingerprint, hw), "environment",
		facts_json(h->environment_fingerprint, env), "hostname",
		json_string_or_null(h->hostname), "toolchains", toolchains);
	json_dumpf(o, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(o);
}

/*
 * versus doctor --fingerprint: the sandbox as `versus run` starts it by
 * default (--cgroups auto, a box), so the fingerprints are those a run
 * records; the toolchains of the shipped recipes, as `versus toolchains`.
 */
static int print_fingerprint(bool json)
{
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_AUTO,
					.quiet = true};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	int code = EXIT_ALL_GOOD;
	if (!sb) {
		versus_err_print(&err, stderr);
		fprintf(stderr, "versus: doctor: the sandbox cannot start: the "
				"cgroup mode and box are unknown\n");
		code = EXIT_FOUND;
	}
	struct host_info host;
	host_probe(&host, sb);
	/* in a Slurm job where runs would be job steps, so is the
	   environment (docs/distributed.md, "One job step per run") */
	struct strbuf why = STRBUF_INIT;
	if (sb &&
	    jobstep_decide(JOBSTEP_AUTO, sb, SANDBOX_CGROUPS_AUTO, &why) == 1) {
		host.executor = "srun-step";
		host_fingerprints(&host);
	}
	strbuf_release(&why);
	sandbox_free(sb);

	enum recipe_dir_origin origin;
	char *dir = recipe_find_dir(&origin);
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct recipe_set set;
	if (recipe_set_load_dirs(dir, NULL, &set, &errs) || errs.nr)
		code = EXIT_USAGE;
	struct toolchain_set tcs;
	toolchain_set_init(&tcs, &set);
	toolchain_set_detect(&tcs, NULL, 0);

	struct strbuf hw = STRBUF_INIT, env = STRBUF_INIT;
	host_hardware_text(&host, &hw);
	host_environment_text(&host, &env);
	if (json)
		print_fingerprint_json(&host, hw.buf, env.buf, &set, &tcs);
	else
		print_fingerprint_text(&host, hw.buf, env.buf, &set, &tcs);
	fflush(stdout);
	versus_errs_print(&errs, stderr);
	strbuf_release(&hw);
	strbuf_release(&env);
	toolchain_set_release(&tcs);
	recipe_set_release(&set);
	versus_errs_release(&errs);
	free(dir);
	host_release(&host);
	return code;
}

int cmd_doctor(int argc, char **argv)
{
	bool fingerprint = false;
	int format = REPORT_TABLE;
	const struct opt opts[] = {
		{OPT_FLAG(0, "fingerprint", &fingerprint),
		 .help = "print the facts behind the hardware and "
			 "environment fingerprints of results, the node name "
			 "and the toolchains, instead of the checks"},
		{CMD_OPT_FORMAT(&format, CMD_FORMAT(REPORT_TABLE) |
						 CMD_FORMAT(REPORT_JSON)),
		 .help = "table or json (json with --fingerprint only)"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, NULL);
	if (code != CMD_GO_ON)
		return code;
	if (format == REPORT_JSON && !fingerprint)
		return cmd_usage_error("doctor",
				       "--format json needs --fingerprint");
	if (fingerprint)
		return print_fingerprint(format == REPORT_JSON);
	struct doctor d = {0, 0};
	struct host_info host;
	printf("versus doctor\n");
	host_probe(&host, NULL);
	check_recipes();
	check_cgroups(&d);
	check_box(&d);
	check_seccomp(&d);
	check_perf(&host);
	check_aslr(&d, &host);
	check_cpu(&d, &host);
	check_memory_and_load(&d, &host);
	host_release(&host);
	printf("%d problem(s) that make numbers wrong, %d that make them "
	       "noisy\n",
	       d.wrong, d.noisy);
	return d.wrong ? EXIT_FOUND : EXIT_ALL_GOOD;
}

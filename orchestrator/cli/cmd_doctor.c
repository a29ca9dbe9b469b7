/*
 * cmd_doctor.c: 'versus doctor': check this machine for what makes
 * numbers wrong (exit 1) or noisy (a warning): cgroup mode, seccomp, perf
 * counters, ASLR, CPU frequency governor and boost, SMT, swap, load. The
 * machine's facts come from host_probe(), the prober whose facts every
 * result file records; the sandbox says what it can use.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "render/table.h"
#include "measure/host.h"
#include "sandbox.h"
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
		 "average.\n",
	.epilogue = "exit codes: 0 fine (warnings may be printed); 1 "
		    "something makes numbers\n"
		    "wrong (cgroups unusable, so memory and orphans are not "
		    "measured).\n",
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

int cmd_doctor(int argc, char **argv)
{
	const struct opt opts[] = {{0}};
	int code = cmd_parse(&info, opts, argc, argv, 0, NULL);
	if (code != CMD_GO_ON)
		return code;
	struct doctor d = {0, 0};
	struct host_info host;
	printf("versus doctor\n");
	host_probe(&host);
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

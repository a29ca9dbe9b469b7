/*
 * check_sandbox_hostile.c: programs that attack the sandbox from inside
 * (tests/sandbox/programs/hostile2_*.c) and a test process that attacks the
 * launcher from outside; issue 9 items 5, 6 and 7, and SV anywhere in
 * the tree. Every case runs twice: with cgroups when this machine and
 * user allow them (else skipped inside), and in mode none.
 *
 * "Bounded" cases assert that sandbox_run returns within the wall limit
 * plus BOUND_SLACK_S: generous, so that a slow, loaded machine (or the
 * emulated v2 VM) passes, yet far below "hangs for ever".
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

#define BOUND_SLACK_S 8.0

static struct sandbox *sb;
static char programs[4096];
static enum sandbox_cgroups want;
static bool cgroups_on;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void start_sandbox(void)
{
	struct sandbox_config config = {.cgroups = want, .quiet = true};
	struct versus_err err;
	sb = sandbox_new(&config, &err);
	ck_assert_msg(sb, "sandbox_new: %s", err.message);
	cgroups_on = sandbox_mode(sb) != SANDBOX_MODE_NONE;
	sandbox_interrupt_clear();
}

static void setup_cgroups(void)
{
	want = SANDBOX_CGROUPS_AUTO;
	start_sandbox();
}

static void setup_none(void)
{
	want = SANDBOX_CGROUPS_OFF;
	start_sandbox();
}

static void teardown(void)
{
	sandbox_free(sb);
	sb = NULL;
}

struct opts {
	double wall_s;
	enum sandbox_policy policy;
	bool policy_set;
};

/* Run a test program; returns sandbox_run's code (err filled). */
static int run_err(struct sandbox_result *res, const struct opts *o,
		   struct versus_err *err, const char *const *args)
{
	const char *argv[16];
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", programs, args[0]);
	argv[0] = path;
	size_t i = 1;
	for (; args[i] && i < 15; i++)
		argv[i] = args[i];
	argv[i] = NULL;
	static const char *const envp[] = {"PATH=/usr/bin:/bin", NULL};
	struct sandbox_spec spec = {
		.argv = argv,
		.envp = envp,
		.policy = o->policy_set ? o->policy : SANDBOX_POLICY_RUN,
		.wall_limit_s = o->wall_s ? o->wall_s : 20,
		.pids_limit = 64,
		.output_limit_bytes = 1 << 20,
		.capture_stdout_bytes = 65536,
		.capture_stderr_bytes = 65536,
	};
	return sandbox_run(sb, &spec, res, err);
}

static int run_ex(struct sandbox_result *res, const struct opts *o,
		  const char *const *args)
{
	struct versus_err err;
	int ret = run_err(res, o, &err, args);
	if (ret)
		ck_abort_msg("sandbox_run: %s", err.message);
	return ret;
}

#define RUN(res, o, ...)                                                       \
	run_ex(res, o, (const char *const[]){__VA_ARGS__, NULL})
#define RUN_ERR(res, o, err, ...)                                              \
	run_err(res, o, err, (const char *const[]){__VA_ARGS__, NULL})

static void expect(const struct sandbox_result *r, enum sandbox_status st)
{
	ck_assert_msg(r->status == st,
		      "status %s, want %s (exit %d, signal %d, message '%s', "
		      "stdout '%.600s')",
		      sandbox_status_name(r->status), sandbox_status_name(st),
		      r->exit_code, r->signal, r->message,
		      r->stdout_data ? r->stdout_data : "");
}

/* ---- item 7: scheduling ------------------------------------------------ */

START_TEST(test_sched_self)
{
	struct opts o = {0};
	struct sandbox_result r;
	RUN(&r, &o, "hostile2_sched", "self");
	expect(&r, SANDBOX_OK);
	ck_assert_ptr_nonnull(strstr(r.stdout_data, "SCHED_FIFO: refused"));
	ck_assert_ptr_null(strstr(r.stdout_data, "ALLOWED"));
	sandbox_result_release(&r);
}
END_TEST

START_TEST(test_sched_other_pid)
{
	/* the victim: this test process (the launcher's parent) */
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	struct opts o = {0};
	struct sandbox_result r;
	RUN(&r, &o, "hostile2_sched", "other", pid);
	expect(&r, SANDBOX_OK);
	ck_assert_ptr_null(strstr(r.stdout_data, ": ALLOWED\n"));
	if (strstr(r.stdout_data, "ALLOWED (needs the box)"))
		fprintf(stderr, "note: sched_setaffinity of another pid is "
				"stopped only by the box (PID namespace, "
				"uid)\n");
	sandbox_result_release(&r);
}
END_TEST

/* ---- item 5: terminals ------------------------------------------------- */

START_TEST(test_tiocsti_direct)
{
	struct opts o = {0};
	struct sandbox_result r;
	RUN(&r, &o, "hostile2_tty", "direct");
	expect(&r, SANDBOX_OK);
	sandbox_result_release(&r);
	/* without the filter the same calls fail otherwise (ENOTTY on
	   /dev/null): the assertion above is the filter's doing */
	o.policy = SANDBOX_POLICY_NONE;
	o.policy_set = true;
	RUN(&r, &o, "hostile2_tty", "direct");
	expect(&r, SANDBOX_RE);
	ck_assert_ptr_null(strstr(r.stdout_data, "TIOCSTI: Operation not "
						 "permitted"));
	sandbox_result_release(&r);
}
END_TEST

START_TEST(test_tiocsti_pty)
{
	struct opts o = {0};
	struct sandbox_result r;
	RUN(&r, &o, "hostile2_tty", "pty");
	if (r.exit_code == 77) {
		fprintf(stderr, "skipped inside: %s", r.stdout_data);
	} else {
		expect(&r, SANDBOX_OK);
		ck_assert_ptr_nonnull(strstr(r.stdout_data, "TIOCSTI: Operation"
							    " not permitted"));
	}
	sandbox_result_release(&r);
}
END_TEST

/*
 * The caller's environment does not leak through the launcher or a
 * keeper (PID 1 of a boxed run): their /proc/PID/environ is refused (not
 * dumpable, another uid, or fewer capabilities) or, where it can be read
 * (root, CAP_SYS_PTRACE), holds only NULs (the launcher zeroes it).
 */
START_TEST(test_launcher_environ)
{
	ck_assert_ptr_nonnull(getenv("PATH")); /* something to leak */
	struct opts o = {0};
	struct sandbox_result r;
	RUN(&r, &o, "hostile2_tree", "read-env", "0", "1");
	expect(&r, SANDBOX_OK);
	ck_assert_msg(!strstr(r.stdout_data, " not NUL") ||
			      strstr(r.stdout_data, ", 0 not NUL"),
		      "%s", r.stdout_data);
	for (const char *p = r.stdout_data; (p = strstr(p, " not NUL")); p++) {
		const char *q = p;
		while (q > r.stdout_data && q[-1] != ',')
			q--;
		ck_assert_msg(!strncmp(q, " 0 not NUL", 10), "%s",
			      r.stdout_data);
	}
	/* an unprivileged caller without the box: refused outright */
	if (geteuid() != 0 && sandbox_box(sb) == SANDBOX_BOX_NONE)
		ck_assert_msg(strstr(r.stdout_data, "refused"), "%s",
			      r.stdout_data);
	sandbox_result_release(&r);
}
END_TEST

/* ---- SV anywhere in the tree ------------------------------------------- */

START_TEST(test_sv_in_child)
{
	static const struct {
		const char *call, *named;
	} cases[] = {
		{"kexec", "kexec_load"},
#if defined(__x86_64__)
		{"int80", "i386"},
#endif
	};
	struct opts o = {0};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sandbox_result r;
		RUN(&r, &o, "hostile2_tree", "sv-child", cases[i].call);
		/* the main process itself never called it, and would exit 0 */
		expect(&r, SANDBOX_SV);
		ck_assert_msg(strstr(r.message, cases[i].named), "message '%s'",
			      r.message);
		ck_assert_ptr_null(strstr(r.stdout_data, "returned"));
		sandbox_result_release(&r);
	}
}
END_TEST

/* ---- item 6: bounded in every case ------------------------------------- */

START_TEST(test_stop_self)
{
	struct opts o = {.wall_s = 1};
	struct sandbox_result r;
	double t = now_s();
	RUN(&r, &o, "hostile2_tree", "stop-self");
	t = now_s() - t;
	expect(&r, SANDBOX_TW);
	ck_assert_msg(t < o.wall_s + BOUND_SLACK_S, "took %.1f s", t);
	sandbox_result_release(&r);
}
END_TEST

START_TEST(test_grandchild_holds_stdout)
{
	struct opts o = {.wall_s = 30};
	struct sandbox_result r;
	double t = now_s();
	RUN(&r, &o, "hostile2_tree", "hold-stdout", "60");
	t = now_s() - t;
	expect(&r, SANDBOX_OK);
	ck_assert_ptr_nonnull(strstr(r.stdout_data, "main done"));
	/* not the wall limit, and far from the grandchild's 60 s */
	ck_assert_msg(t < BOUND_SLACK_S, "took %.1f s", t);
	sandbox_result_release(&r);
}
END_TEST

/* The launcher: this process's child named versus-launcher. */
static pid_t find_launcher_once(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	pid_t found = 0;
	while (d && !found && (e = readdir(d))) {
		char path[300];
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
			 e->d_name);
		FILE *f = fopen(path, "re");
		long pid;
		while (f && !found && fscanf(f, "%ld", &pid) == 1) {
			char comm_path[64], comm[64] = "";
			snprintf(comm_path, sizeof(comm_path), "/proc/%ld/comm",
				 pid);
			FILE *c = fopen(comm_path, "re");
			if (c && fgets(comm, sizeof(comm), c) &&
			    !strncmp(comm, "versus-launcher", 15))
				found = (pid_t)pid;
			if (c)
				fclose(c);
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* It names itself once it runs, which may take a moment after its fork. */
static pid_t find_launcher(void)
{
	for (int i = 0; i < 200; i++) {
		pid_t pid = find_launcher_once();
		if (pid)
			return pid;
		usleep(10000);
	}
	return 0;
}

/* After delay_s, send sig to pid from a helper process. */
static pid_t signal_later(pid_t pid, int sig, double delay_s)
{
	pid_t helper = fork();
	ck_assert_int_ge(helper, 0);
	if (helper == 0) {
		struct timespec ts = {
			.tv_sec = (time_t)delay_s,
			.tv_nsec = (long)((delay_s - (double)(time_t)delay_s) *
					  1e9)};
		nanosleep(&ts, NULL);
		kill(pid, sig);
		_exit(0);
	}
	return helper;
}

/* No process is left in the run: the test process has no child but the
 * launcher (and a helper it reaped). */
static int count_children(void)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
		 (long)getpid());
	FILE *f = fopen(path, "re");
	long pid;
	int n = 0;
	while (f && fscanf(f, "%ld", &pid) == 1)
		n++;
	if (f)
		fclose(f);
	return n;
}

START_TEST(test_launcher_stopped_from_outside)
{
	pid_t launcher = find_launcher();
	ck_assert_int_gt(launcher, 0);
	pid_t helper = signal_later(launcher, SIGSTOP, 0.3);
	struct opts o = {.wall_s = 1};
	struct sandbox_result r;
	struct versus_err err;
	double t = now_s();
	int ret = RUN_ERR(&r, &o, &err, "hostile2_tree", "sleep", "60");
	t = now_s() - t;
	waitpid(helper, NULL, 0);
	ck_assert_msg(t < o.wall_s + BOUND_SLACK_S, "took %.1f s", t);
	/* the launcher is nudged (SIGCONT) and the run ends with a status */
	ck_assert_msg(ret == 0, "sandbox_run: %s", err.message);
	expect(&r, SANDBOX_TW);
	sandbox_result_release(&r);
	/* and the sandbox still works */
	RUN(&r, &o, "hostile2_tree", "hold-stdout", "0");
	expect(&r, SANDBOX_OK);
	sandbox_result_release(&r);
}
END_TEST

START_TEST(test_launcher_stopped_by_program)
{
	struct opts o = {.wall_s = 2};
	struct sandbox_result r;
	struct versus_err err;
	double t = now_s();
	int ret = RUN_ERR(&r, &o, &err, "hostile2_tree", "stop-parent");
	t = now_s() - t;
	ck_assert_msg(t < o.wall_s + BOUND_SLACK_S, "took %.1f s", t);
	ck_assert_msg(ret == 0, "sandbox_run: %s", err.message);
	/* OK where a PID namespace hides the launcher, else TW: the end
	   could not be seen within the limit */
	ck_assert_msg(r.status == SANDBOX_OK || r.status == SANDBOX_TW,
		      "status %s: %s", sandbox_status_name(r.status),
		      r.message);
	sandbox_result_release(&r);
	RUN(&r, &o, "hostile2_tree", "hold-stdout", "0");
	expect(&r, SANDBOX_OK);
	sandbox_result_release(&r);
}
END_TEST

START_TEST(test_launcher_killed)
{
	/* from outside, in the middle of a run */
	pid_t launcher = find_launcher();
	ck_assert_int_gt(launcher, 0);
	pid_t helper = signal_later(launcher, SIGKILL, 0.3);
	struct opts o = {.wall_s = 5};
	struct sandbox_result r;
	struct versus_err err;
	double t = now_s();
	int ret = RUN_ERR(&r, &o, &err, "hostile2_tree", "sleep", "60");
	t = now_s() - t;
	waitpid(helper, NULL, 0);
	ck_assert_msg(t < o.wall_s + BOUND_SLACK_S, "took %.1f s", t);
	/* a sandbox failure, said so; never a status made up */
	ck_assert_int_lt(ret, 0);
	ck_assert_msg(strstr(err.message, "launcher"), "'%s'", err.message);
	sandbox_result_release(&r);
	/* later runs fail at once, they do not hang */
	t = now_s();
	ret = RUN_ERR(&r, &o, &err, "hostile2_tree", "hold-stdout", "0");
	ck_assert_int_lt(ret, 0);
	ck_assert(now_s() - t < 1.0);
	sandbox_result_release(&r);
	/* nothing of the run is left (the grandchild had 60 s to go) */
	ck_assert_int_eq(count_children(), 1); /* the dead launcher, unreaped */
}
END_TEST

START_TEST(test_launcher_killed_by_program)
{
	struct opts o = {.wall_s = 5};
	struct sandbox_result r;
	struct versus_err err;
	double t = now_s();
	int ret = RUN_ERR(&r, &o, &err, "hostile2_tree", "kill-parent");
	t = now_s() - t;
	ck_assert_msg(t < o.wall_s + BOUND_SLACK_S, "took %.1f s", t);
	if (ret == 0) /* a PID namespace hid the launcher */
		expect(&r, SANDBOX_OK);
	else
		ck_assert_msg(strstr(err.message, "launcher"), "'%s'",
			      err.message);
	sandbox_result_release(&r);
}
END_TEST

static Suite *hostile_suite(void)
{
	Suite *s = suite_create("sandbox_hostile");
	static const struct {
		const char *name;
		void (*setup)(void);
	} modes[] = {{"cgroups", setup_cgroups}, {"none", setup_none}};
	for (size_t m = 0; m < 2; m++) {
		TCase *tc = tcase_create(modes[m].name);
		tcase_set_timeout(tc, 120);
		tcase_add_checked_fixture(tc, modes[m].setup, teardown);
		tcase_add_test(tc, test_sched_self);
		tcase_add_test(tc, test_sched_other_pid);
		tcase_add_test(tc, test_tiocsti_direct);
		tcase_add_test(tc, test_tiocsti_pty);
		tcase_add_test(tc, test_launcher_environ);
		tcase_add_test(tc, test_sv_in_child);
		tcase_add_test(tc, test_stop_self);
		tcase_add_test(tc, test_grandchild_holds_stdout);
		tcase_add_test(tc, test_launcher_stopped_from_outside);
		tcase_add_test(tc, test_launcher_stopped_by_program);
		tcase_add_test(tc, test_launcher_killed);
		tcase_add_test(tc, test_launcher_killed_by_program);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return EXIT_FAILURE;
	self[len] = '\0';
	const char *env = getenv("VERSUS_TEST_PROGRAMS");
	if (env && *env)
		snprintf(programs, sizeof(programs), "%s", env);
	else
		snprintf(programs, sizeof(programs), "%s/sandbox-programs",
			 dirname(self));
	if (access(programs, X_OK)) {
		fprintf(stderr, "no test programs at '%s'\n", programs);
		return 77;
	}
	SRunner *sr = srunner_create(hostile_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

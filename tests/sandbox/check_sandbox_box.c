/*
 * check_sandbox_box.c: the box (sandbox/README.md, "The box") against
 * tests/sandbox/programs/hostile_box.c. Each case runs twice: as root (a box
 * uid) and as an unprivileged user (uid 65534 when the test is root, else the
 * caller: a user namespace). Each asserts that the attack failed and that
 * nothing is left: processes, files in /tmp, /var/tmp and /dev/shm, work
 * folders (the sandbox itself checks its cgroups are gone). The root
 * variants are skipped (with a line on stderr) when the test is not
 * root; the whole suite exits 77 where no box can be made at all.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

#define NOBODY 65534

static char programs[4096];
static char scratch[4096]; /* a folder the box sees read-only */

/* ---- helpers ----------------------------------------------------------- */

/*
 * Variant 0: root (false when the test is not root: skip). Variant 1: a
 * user: drop to nobody when root. Returns false to skip.
 */
static bool become(int variant)
{
	if (variant == 0) {
		if (geteuid() != 0)
			fprintf(stderr, "skipped: the root box needs root\n");
		return geteuid() == 0;
	}
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(scratch, NOBODY, NOBODY), 0);
		/* setresuid without exec leaves us not dumpable, as versus
		   itself may be: the box must cope (ns.c, spawn.c) */
		ck_assert_int_eq(setgroups(0, NULL), 0);
		ck_assert_int_eq(setresgid(NOBODY, NOBODY, NOBODY), 0);
		ck_assert_int_eq(setresuid(NOBODY, NOBODY, NOBODY), 0);
	}
	return true;
}

static struct sandbox *box_new(int variant)
{
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_AUTO,
					.quiet = true};
	struct versus_err err;
	struct sandbox *sb = sandbox_new(&config, &err);
	ck_assert_msg(sb, "sandbox_new: %s", err.message);
	ck_assert_msg(sandbox_box(sb) ==
			      (variant ? SANDBOX_BOX_USERNS : SANDBOX_BOX_ROOT),
		      "box %s: %s", sandbox_box_name(sandbox_box(sb)),
		      sandbox_box_reason(sb));
	return sb;
}

/* The root box's uid, from its description ("uid N, ..."). */
static uid_t box_uid(struct sandbox *sb)
{
	const char *why = sandbox_box_reason(sb);
	const char *p = strstr(why, "uid ");
	ck_assert_ptr_nonnull(p);
	return (uid_t)strtoul(p + 4, NULL, 10);
}

struct run_opts {
	uint64_t disk;
	const char *workdir;
	const char *program; /* another hostile_box than programs' */
};

/* Run hostile_box with args (NULL-terminated); returns its stdout. */
static char *run(struct sandbox *sb, const struct run_opts *o,
		 struct sandbox_result *r, const char *arg0, ...)
{
	const char *argv[32];
	char path[4200];
	snprintf(path, sizeof(path), "%s/hostile_box", programs);
	argv[0] = o && o->program ? o->program : path;
	size_t n = 1;
	va_list ap;
	va_start(ap, arg0);
	for (const char *a = arg0; a && n < 31; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	const char *envp[] = {"PATH=/usr/bin:/bin", NULL};
	struct sandbox_spec spec = {
		.argv = argv,
		.envp = envp,
		.policy = SANDBOX_POLICY_RUN,
		.wall_limit_s = 20,
		.pids_limit = 64,
		.output_limit_bytes = 1 << 20,
		.capture_stdout_bytes = 1 << 16,
		.capture_stderr_bytes = 1 << 16,
		.home_is_workdir = true,
		.disk_limit_bytes = o ? o->disk : 0,
		.workdir = o ? o->workdir : NULL,
	};
	struct versus_err err;
	int ret = sandbox_run(sb, &spec, r, &err);
	ck_assert_msg(ret == 0, "sandbox_run: %s", err.message);
	ck_assert_msg(r->status == SANDBOX_OK, "status %s: %s (stderr %s)",
		      sandbox_status_name(r->status), r->message,
		      r->stderr_data);
	return r->stdout_data;
}

static void assert_contained(const char *out)
{
	ck_assert_msg(!strstr(out, "ESCAPED"), "an attack worked:\n%s", out);
	ck_assert_msg(!strstr(out, "NOT-CONTAINED"), "not contained:\n%s", out);
}

/* Processes whose comm is name, or whose real uid is uid (-1: any). */
static int count_processes(const char *name, uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		char path[300], buf[4096];
		snprintf(path, sizeof(path), "/proc/%s/status", de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		if (strstr(buf, "State:\tZ"))
			continue;
		char want[64];
		if (name) {
			snprintf(want, sizeof(want), "Name:\t%s\n", name);
			n += strstr(buf, want) != NULL;
		} else {
			snprintf(want, sizeof(want), "Uid:\t%lu\t",
				 (unsigned long)uid);
			n += strstr(buf, want) != NULL;
		}
	}
	if (d)
		closedir(d);
	return n;
}

/* Nothing of the box may outlive the run (root box: by its uid). */
static void assert_nothing_left(struct sandbox *sb, int variant)
{
	if (variant == 0)
		ck_assert_int_eq(count_processes(NULL, box_uid(sb)), 0);
}

/* ---- cases ------------------------------------------------------------- */

START_TEST(test_identity)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	const char *argv[] = {"/bin/cat", "/proc/self/status", NULL};
	struct sandbox_spec spec = {.argv = argv,
				    .wall_limit_s = 10,
				    .capture_stdout_bytes = 1 << 16};
	struct versus_err err;
	ck_assert_int_eq(sandbox_run(sb, &spec, &r, &err), 0);
	ck_assert_int_eq(r.status, SANDBOX_OK);
	uid_t want = _i ? geteuid() : box_uid(sb); /* nobody, or the caller */
	if (_i == 0)
		ck_assert_uint_ge(want, 60000);
	char line[96];
	snprintf(line, sizeof(line), "Uid:\t%lu\t%lu\t%lu\t%lu\n",
		 (unsigned long)want, (unsigned long)want, (unsigned long)want,
		 (unsigned long)want);
	ck_assert_msg(strstr(r.stdout_data, line), "%s", r.stdout_data);
	ck_assert_msg(strstr(r.stdout_data, "CapEff:\t0000000000000000"), "%s",
		      r.stdout_data);
	ck_assert_msg(strstr(r.stdout_data, "CapPrm:\t0000000000000000"), "%s",
		      r.stdout_data);
	ck_assert_msg(strstr(r.stdout_data, "CapBnd:\t0000000000000000"), "%s",
		      r.stdout_data);
	ck_assert_msg(strstr(r.stdout_data, "CapAmb:\t0000000000000000"), "%s",
		      r.stdout_data);
	ck_assert_msg(strstr(r.stdout_data, "NoNewPrivs:\t1"), "%s",
		      r.stdout_data);
	if (_i == 0) {
		const char *g = strstr(r.stdout_data, "Groups:");
		ck_assert_ptr_nonnull(g);
		ck_assert_msg(strspn(g + 7, " \t") == strcspn(g + 7, "\n"),
			      "supplementary groups: %.40s", g);
	}
	sandbox_result_release(&r);
	sandbox_free(sb);
}
END_TEST

/*
 * Root with every box uid taken gets a user namespace instead: root's
 * supplementary groups must not follow the program into it.
 */
START_TEST(test_root_userns_drops_groups)
{
	if (!become(0))
		return;
	gid_t extra = 4242;
	ck_assert_int_eq(setgroups(1, &extra), 0);
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_AUTO,
					.quiet = true,
					.box_uid_base = 61990,
					.box_uid_count = 1};
	struct versus_err err;
	struct sandbox *a = sandbox_new(&config, &err);
	ck_assert_msg(a, "sandbox_new: %s", err.message);
	ck_assert_int_eq(sandbox_box(a), SANDBOX_BOX_ROOT);
	struct sandbox *b = sandbox_new(&config, &err);
	ck_assert_msg(b, "sandbox_new: %s", err.message);
	ck_assert_msg(sandbox_box(b) == SANDBOX_BOX_USERNS, "box %s: %s",
		      sandbox_box_name(sandbox_box(b)), sandbox_box_reason(b));
	const char *argv[] = {"/bin/cat", "/proc/self/status", NULL};
	struct sandbox_spec spec = {.argv = argv,
				    .wall_limit_s = 10,
				    .capture_stdout_bytes = 1 << 16};
	struct sandbox_result r;
	ck_assert_int_eq(sandbox_run(b, &spec, &r, &err), 0);
	ck_assert_int_eq(r.status, SANDBOX_OK);
	const char *g = strstr(r.stdout_data, "Groups:");
	ck_assert_ptr_nonnull(g);
	ck_assert_msg(strspn(g + 7, " \t") == strcspn(g + 7, "\n"),
		      "supplementary groups: %.40s", g);
	ck_assert_msg(strstr(r.stdout_data, "CapEff:\t0000000000000000"), "%s",
		      r.stdout_data);
	sandbox_result_release(&r);
	sandbox_free(b);
	sandbox_free(a);
}
END_TEST

START_TEST(test_root_handles_get_their_own_uid)
{
	if (!become(0))
		return;
	struct sandbox *a = box_new(0), *b = box_new(0);
	ck_assert_uint_ne(box_uid(a), box_uid(b));
	uid_t freed = box_uid(a);
	sandbox_free(a);
	struct sandbox *c = box_new(0);
	ck_assert_uint_eq(box_uid(c), freed); /* free again: reused */
	sandbox_free(b);
	sandbox_free(c);
}
END_TEST

START_TEST(test_kill_all)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	/* a decoy with the box's uid: only the PID namespace protects it */
	pid_t decoy = fork();
	if (decoy == 0) {
		if (_i == 0) {
			uid_t u = box_uid(sb);
			if (setgroups(0, NULL) || setresgid(u, u, u) ||
			    setresuid(u, u, u))
				_exit(3);
		}
		pause();
		_exit(0);
	}
	ck_assert_int_gt(decoy, 0);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "killall", NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "killed -1"), "%s", out);
	usleep(100000);
	ck_assert_msg(waitpid(decoy, NULL, WNOHANG) == 0,
		      "the decoy was killed");
	kill(decoy, SIGKILL);
	waitpid(decoy, NULL, 0);
	sandbox_result_release(&r);
	assert_nothing_left(sb, _i);
	sandbox_free(sb);
}
END_TEST

/* Our children: the launcher (and, as a user, the process under it). */
static size_t our_children(char pids[][16], size_t max)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
		 (long)getpid());
	FILE *f = fopen(path, "r");
	size_t n = 0;
	long pid;
	while (f && n < max && fscanf(f, "%ld", &pid) == 1) {
		snprintf(pids[n++], 16, "%ld", pid);
		char sub[64];
		snprintf(sub, sizeof(sub), "/proc/%ld/task/%ld/children", pid,
			 pid);
		FILE *g = fopen(sub, "r");
		long c;
		while (g && n < max && fscanf(g, "%ld", &c) == 1)
			snprintf(pids[n++], 16, "%ld", c);
		if (g)
			fclose(g);
	}
	if (f)
		fclose(f);
	return n;
}

START_TEST(test_signal_and_proc)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	char pids[8][16];
	snprintf(pids[0], 16, "%ld", (long)getpid());
	size_t n = 1 + our_children(pids + 1, 7);
	ck_assert_uint_ge(n, 2); /* the launcher is there */
	const char *a[8] = {NULL};
	for (size_t i = 0; i < n && i < 7; i++)
		a[i] = pids[i];
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "signal", a[0], a[1], a[2], a[3], a[4],
			a[5], a[6], NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked signal"), "%s", out);
	sandbox_result_release(&r);
	/* 1: the keeper, whose environment is the caller's */
	out = run(sb, NULL, &r, "proc", "1", a[0], a[1], a[2], a[3], a[4], a[5],
		  a[6], NULL);
	ck_assert_msg(strstr(out, "blocked read /proc/1/environ"), "%s", out);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked open /proc/"), "%s", out);
	sandbox_result_release(&r);
	/* and everything still works */
	out = run(sb, NULL, &r, "sys", NULL);
	sandbox_result_release(&r);
	assert_nothing_left(sb, _i);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_write_outside)
{
	/* made before dropping to nobody, who then owns them */
	char expect[4300], binary[4300], results[4300];
	snprintf(expect, sizeof(expect), "%s/expected.out", scratch);
	snprintf(binary, sizeof(binary), "%s/main", scratch);
	snprintf(results, sizeof(results), "%s/result.json", scratch);
	const char *files[] = {expect, binary, results};
	for (size_t i = 0; i < 3; i++) {
		FILE *f = fopen(files[i], "w");
		ck_assert_ptr_nonnull(f);
		fputs("x\n", f);
		fclose(f);
		chmod(files[i], 0666);
		if (geteuid() == 0)
			ck_assert_int_eq(chown(files[i], NOBODY, NOBODY), 0);
	}
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "write", expect, binary, results,
			VERSUS_BINARY, "/etc/passwd", NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked write") &&
			      (strstr(out, "EROFS") || strstr(out, "EACCES")),
		      "%s", out);
	sandbox_result_release(&r);
	struct stat st;
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(stat(files[i], &st), 0);
		ck_assert_int_eq(st.st_size, 2);
	}
	sandbox_free(sb);
}
END_TEST

/*
 * /var is a read-only cover and /var/tmp a link into the run's tmpfs: the
 * run can change neither, and what it writes in /var/tmp lands on its
 * tmpfs (gone with the run, test_notes_do_not_survive).
 */
START_TEST(test_var_covered)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	for (int n = 0; n < 2; n++) { /* the first run of a view, and a reset */
		char *out = run(sb, NULL, &r, "var", NULL);
		assert_contained(out);
		ck_assert_msg(strstr(out, "blocked create /var/versus-note") &&
				      strstr(out, "blocked unlink /var/tmp") &&
				      strstr(out, "blocked chmod /var"),
			      "%s", out);
		ck_assert_msg(strstr(out, "var/tmp on the run's tmpfs: yes"),
			      "%s", out);
		sandbox_result_release(&r);
	}
	sandbox_free(sb);
}
END_TEST

/* The line of out that starts with prefix, up to its end (static). */
static const char *line_of(const char *out, const char *prefix)
{
	static char line[256];
	const char *p = strstr(out, prefix);
	ck_assert_msg(p, "no '%s' in:\n%s", prefix, out);
	size_t len = strcspn(p, "\n");
	ck_assert_uint_lt(len, sizeof(line));
	memcpy(line, p, len);
	line[len] = '\0';
	return line;
}

/*
 * Runs of one view share their keeper's namespaces (README.md, "One
 * keeper, many runs"): nothing a run leaves may reach the next, whether
 * the next comes at once or after a run of another view.
 */
START_TEST(test_notes_do_not_survive)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	char token[64];
	snprintf(token, sizeof(token), "versus-note-%ld-%d", (long)getpid(),
		 _i);
	struct sandbox_result r;
	struct run_opts other = {.disk = 32 << 20};
	char first[256] = "";
	const struct run_opts *opts[] = {NULL, NULL, &other, NULL, &other};
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		char *out = run(sb, opts[k], &r, "note", token, NULL);
		ck_assert_msg(!strstr(out, "found"),
			      "run %zu: a note survived:\n%s", k, out);
		const char *left[] = {
			"left /tmp/",	"left /dev/shm/", "left shm",
			"left sem",	"left msg",	  "left mq",
			"left process", "left cwd mode",  "left cwd mtime"};
		for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++)
			ck_assert_msg(strstr(out, left[i]), "no '%s':\n%s",
				      left[i], out);
		ck_assert_uint_ge(r.orphans_killed, 1);
		/* the same pid and the same processes, first run or not */
		if (!k)
			snprintf(first, sizeof(first), "%s",
				 line_of(out, "pid "));
		else
			ck_assert_str_eq(line_of(out, "pid "), first);
		sandbox_result_release(&r);
	}
	/* its keeper, PID 1, is not in its /proc (hidepid) */
	ck_assert_str_eq(first, "pid 2 procs 1");
	const char *dirs[] = {"/tmp", "/var/tmp", "/dev/shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[200];
		snprintf(path, sizeof(path), "%s/%s", dirs[i], token);
		ck_assert_msg(access(path, F_OK) != 0, "%s left", path);
	}
	assert_nothing_left(sb, _i);
	sandbox_free(sb);
}
END_TEST

/* A copy of hostile_box at <base>-XXXXXX/sub/hostile_box; path filled. */
static void copy_program(const char *base, char *top, size_t top_size,
			 char *path, size_t path_size)
{
	snprintf(top, top_size, "%s-XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(top));
	ck_assert_int_eq(chmod(top, 0755), 0);
	snprintf(path, path_size, "%s/sub", top);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, path_size, "%s/sub/hostile_box", top);
	char src[4200], cmd[9000];
	snprintf(src, sizeof(src), "%s/hostile_box", programs);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, path);
	ck_assert_int_eq(system(cmd), 0);
}

/* Run the hostile_box at path (not the one in programs). */
static char *run_at(struct sandbox *sb, const char *path,
		    struct sandbox_result *r, const char *arg)
{
	struct run_opts o = {.program = path};
	return run(sb, &o, r, arg, NULL);
}

/*
 * A program whose folder the box binds onto the run's tmpfs (under /tmp,
 * /var/tmp): the binds are moved onto each run's fresh tmpfs, and a run
 * that renames the folders on the way (as a user they are its own) and
 * leaves a script in their place does not swap the program for the runs
 * after it.
 */
START_TEST(test_binds_on_the_run_tmpfs)
{
	char tops[2][4200], paths[2][4200];
	const char *bases[] = {"/tmp/versus-plant", "/var/tmp/versus-plant"};
	size_t nbase = access("/var/tmp", W_OK) ? 1 : 2;
	for (size_t k = 0; k < nbase; k++)
		copy_program(bases[k], tops[k], sizeof(tops[k]), paths[k],
			     sizeof(paths[k]));
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* as the variant's user, in a child: the copies stay root's
		   to remove */
		if (!become(_i))
			_exit(77);
		struct sandbox *sb = box_new(_i);
		struct sandbox_result r;
		for (size_t k = 0; k < nbase; k++) {
			for (int n = 0; n < 3; n++) {
				char *out = run_at(sb, paths[k], &r, "genuine");
				ck_assert_msg(!strcmp(out, "genuine\n"),
					      "%s run %d: %s", paths[k], n,
					      out);
				sandbox_result_release(&r);
			}
			char *out = run_at(sb, paths[k], &r, "plant");
			ck_assert_msg(strstr(out, "plant"), "%s", out);
			sandbox_result_release(&r);
			for (int n = 0; n < 2; n++) {
				out = run_at(sb, paths[k], &r, "genuine");
				ck_assert_msg(!strcmp(out, "genuine\n"),
					      "after plant, run %d: %s", n,
					      out);
				sandbox_result_release(&r);
			}
		}
		sandbox_free(sb);
		_exit(0);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	for (size_t k = 0; k < nbase; k++) {
		char cmd[9000];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tops[k]);
		ck_assert_int_eq(system(cmd), 0);
	}
	ck_assert_msg(WIFEXITED(status) && (WEXITSTATUS(status) == 0 ||
					    WEXITSTATUS(status) == 77),
		      "the child failed: %d", status);
}
END_TEST

START_TEST(test_disk_limit)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct run_opts o = {.disk = 8 << 20};
	struct sandbox_result r;
	char *out = run(sb, &o, &r, "disk", NULL);
	unsigned long long n = 0;
	char why[64] = "";
	ck_assert_int_eq(sscanf(out, "wrote %llu %63s", &n, why), 2);
	ck_assert_msg(n <= (8u << 20) && n >= (4u << 20), "wrote %llu", n);
	ck_assert_str_eq(why, "ENOSPC");
	sandbox_result_release(&r);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_system_calls)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "sys", NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked sethostname"), "%s", out);
	ck_assert_msg(strstr(out, "blocked chroot"), "%s", out);
	ck_assert_msg(strstr(out, "blocked clone CLONE_PARENT EPERM"), "%s",
		      out);
	sandbox_result_release(&r);
	char host[256];
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	ck_assert_str_ne(host, "evil");
	sandbox_free(sb);
}
END_TEST

static int listen_unix(const struct sockaddr_un *sa, socklen_t len)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (const struct sockaddr *)sa, len), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

START_TEST(test_unix_sockets)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	char name[64];
	snprintf(name, sizeof(name), "versus-box-test-%ld", (long)getpid());
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path + 1, name, strlen(name));
	int abstract = listen_unix(
		&sa, (socklen_t)(sizeof(sa.sun_family) + 1 + strlen(name)));
	/* a path socket anyone may connect to, in the host's /tmp */
	char path[108];
	snprintf(path, sizeof(path), "/tmp/versus-box-sock-%ld",
		 (long)getpid());
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	int named = listen_unix(&sa, sizeof(sa));
	chmod(path, 0777);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "unix", name, path, NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked connect abstract"), "%s", out);
	ck_assert_msg(strstr(out, "blocked connect path"), "%s", out);
	sandbox_result_release(&r);
	close(abstract);
	close(named);
	unlink(path);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_cgroups_out_of_reach)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "cgroup", NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked see a cgroup file system"), "%s",
		      out);
	ck_assert_msg(strstr(out, "blocked mount cgroup2"), "%s", out);
	sandbox_result_release(&r);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_daemon_dies_with_the_run)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	char name[16];
	snprintf(name, sizeof(name), "vbx%ld", (long)getpid() % 1000000);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "daemon", name, NULL);
	ck_assert_msg(strstr(out, "daemon started"), "%s", out);
	ck_assert_uint_ge(r.orphans_killed, 1);
	sandbox_result_release(&r);
	int left = 1;
	for (int i = 0; i < 50 && left; i++) {
		left = count_processes(name, (uid_t)-1);
		if (left)
			usleep(20000);
	}
	ck_assert_msg(left == 0, "the daemon outlived its run");
	assert_nothing_left(sb, _i);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_no_terminal)
{
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct sandbox_result r;
	char *out = run(sb, NULL, &r, "tty", NULL);
	assert_contained(out);
	ck_assert_msg(strstr(out, "blocked open /dev/tty"), "%s", out);
	sandbox_result_release(&r);
	sandbox_free(sb);
}
END_TEST

START_TEST(test_build_folder_writable)
{
	/* a build: its folder writable, and writes land on the host */
	char dir[4300];
	snprintf(dir, sizeof(dir), "%s/build-%d", scratch, _i);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	if (geteuid() == 0)
		ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
	if (!become(_i))
		return;
	struct sandbox *sb = box_new(_i);
	struct run_opts o = {.workdir = dir};
	struct sandbox_result r;
	char *out = run(sb, &o, &r, "note", "built", NULL);
	ck_assert_msg(strstr(out, "left ./built"), "%s", out);
	sandbox_result_release(&r);
	char built[4400];
	snprintf(built, sizeof(built), "%s/built", dir);
	ck_assert_int_eq(access(built, F_OK), 0);
	/* a run sees it read-only */
	out = run(sb, NULL, &r, "write", built, NULL);
	assert_contained(out);
	sandbox_result_release(&r);
	sandbox_free(sb);
}
END_TEST

static Suite *box_suite(void)
{
	Suite *s = suite_create("sandbox_box");
	TCase *tc = tcase_create("box");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_identity, 0, 2);
	tcase_add_test(tc, test_root_handles_get_their_own_uid);
	tcase_add_test(tc, test_root_userns_drops_groups);
	tcase_add_loop_test(tc, test_kill_all, 0, 2);
	tcase_add_loop_test(tc, test_signal_and_proc, 0, 2);
	tcase_add_loop_test(tc, test_write_outside, 0, 2);
	tcase_add_loop_test(tc, test_notes_do_not_survive, 0, 2);
	tcase_add_loop_test(tc, test_disk_limit, 0, 2);
	tcase_add_loop_test(tc, test_binds_on_the_run_tmpfs, 0, 2);
	tcase_add_loop_test(tc, test_var_covered, 0, 2);
	tcase_add_loop_test(tc, test_system_calls, 0, 2);
	tcase_add_loop_test(tc, test_unix_sockets, 0, 2);
	tcase_add_loop_test(tc, test_cgroups_out_of_reach, 0, 2);
	tcase_add_loop_test(tc, test_daemon_dies_with_the_run, 0, 2);
	tcase_add_loop_test(tc, test_no_terminal, 0, 2);
	tcase_add_loop_test(tc, test_build_folder_writable, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

static int rm_cb(const char *path, const struct stat *st, int flag,
		 struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return EXIT_FAILURE;
	self[len] = '\0';
	char *dir = dirname(self);
	snprintf(programs, sizeof(programs), "%s/sandbox-programs", dir);
	if (access(programs, X_OK)) {
		fprintf(stderr, "no test programs at '%s'\n", programs);
		return 77;
	}
	/* can a box be made at all here? */
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_OFF,
					.quiet = true};
	struct sandbox *probe = sandbox_new(&config, NULL);
	if (!probe || sandbox_box(probe) == SANDBOX_BOX_NONE) {
		fprintf(stderr, "skipped: no box here (%s)\n",
			probe ? sandbox_box_reason(probe) : "sandbox_new");
		sandbox_free(probe);
		return 77;
	}
	sandbox_free(probe);
	/* beside the test binary: a folder the box sees, read-only */
	snprintf(scratch, sizeof(scratch), "%s/box-scratch-%ld", dir,
		 (long)getpid());
	if (mkdir(scratch, 0755))
		return EXIT_FAILURE;
	SRunner *sr = srunner_create(box_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(scratch, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

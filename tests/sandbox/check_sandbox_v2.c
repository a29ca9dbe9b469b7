/*
 * check_sandbox_v2.c: the pure cgroup v2 leaf logic (cg_v2_enter and
 * cg_v2_leave in sandbox/cgroup.c) on a private cgroup2 mount: several
 * sandbox handles in one process share one leaf "versus-<pid>-self", and
 * only the last one moves the process back. The hybrid unified hierarchy
 * has no controllers, so this tests naming and moves only, not limits.
 * Exits 77 (skipped) where a cgroup2 cannot be mounted (no root).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox_int.h"

static char mnt[64];   /* the private cgroup2 mount */
static char home[256]; /* the cgroup the test process starts in */

/* Our cgroup2 folder: mnt + the "0::" path of /proc/self/cgroup. */
static void own_dir(char *buf, size_t size)
{
	buf[0] = '\0';
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[4096];
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (snprintf(buf, size, "%s%.400s", mnt,
			     strcmp(line + 3, "/") ? line + 3 : "") < 0)
			buf[0] = '\0';
	}
	if (f)
		fclose(f);
}

static int move_self(const char *dir)
{
	char path[512];
	if (snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "%ld", (long)getpid());
	return fclose(f) ? -errno : 0;
}

static void setup(void)
{
	snprintf(home, sizeof(home), "%s/versus-v2test-%ld", mnt,
		 (long)getpid());
	ck_assert_int_eq(mkdir(home, 0755), 0);
	ck_assert_int_eq(move_self(home), 0);
}

/* Back to the root, everything removed, also after a failure. */
static void teardown(void)
{
	char leaf[512];
	move_self(mnt);
	snprintf(leaf, sizeof(leaf), "%s/versus-%ld-self", home,
		 (long)getpid());
	rmdir(leaf);
	ck_assert_int_eq(rmdir(home), 0);
}

START_TEST(test_leaf_shared_by_handles)
{
	char here[512], h1[1024], l1[1024], h2[1024], l2[1024], want[512];
	snprintf(want, sizeof(want), "%s/versus-%ld-self", home,
		 (long)getpid());

	own_dir(here, sizeof(here));
	ck_assert_str_eq(here, home);
	ck_assert_int_eq(cg_v2_enter(here, h1, sizeof(h1), l1, sizeof(l1)), 0);
	ck_assert_str_eq(h1, home);
	ck_assert_str_eq(l1, want);
	own_dir(here, sizeof(here));
	ck_assert_str_eq(here, want);

	/* a second handle: versus is in its leaf already, home is above */
	ck_assert_int_eq(cg_v2_enter(here, h2, sizeof(h2), l2, sizeof(l2)), 0);
	ck_assert_str_eq(h2, home);
	ck_assert_str_eq(l2, want);
	struct stat st;
	char nested[1024];
	snprintf(nested, sizeof(nested), "%s/versus-%ld-self", want,
		 (long)getpid());
	ck_assert_msg(stat(nested, &st) != 0, "a leaf inside the leaf");

	/* the first free leaves versus where it is */
	ck_assert_int_eq(cg_v2_leave(), 0);
	own_dir(here, sizeof(here));
	ck_assert_str_eq(here, want);
	ck_assert_int_eq(stat(want, &st), 0);

	/* the last moves it back and removes the leaf */
	ck_assert_int_eq(cg_v2_leave(), 0);
	own_dir(here, sizeof(here));
	ck_assert_str_eq(here, home);
	ck_assert_msg(stat(want, &st) != 0, "leaf '%s' left behind", want);
}
END_TEST

/* A process already in its leaf (a handle freed without moving back)
 * adopts it: one enter, one leave, and it is back home. */
START_TEST(test_leaf_adopted)
{
	char leaf[512], here[512], h[1024], l[1024];
	snprintf(leaf, sizeof(leaf), "%s/versus-%ld-self", home,
		 (long)getpid());
	ck_assert_int_eq(mkdir(leaf, 0755), 0);
	ck_assert_int_eq(move_self(leaf), 0);
	own_dir(here, sizeof(here));
	ck_assert_int_eq(cg_v2_enter(here, h, sizeof(h), l, sizeof(l)), 0);
	ck_assert_str_eq(h, home);
	ck_assert_str_eq(l, leaf);
	ck_assert_int_eq(cg_v2_leave(), 0);
	own_dir(here, sizeof(here));
	ck_assert_str_eq(here, home);
}
END_TEST

/*
 * exit() without a leave (an error path that never reaches
 * sandbox_free): the atexit handler moves the process home and removes
 * the leaf. Before, the leaf stayed behind on every such exit.
 */
START_TEST(test_leaf_removed_at_exit)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char here[512], h[1024], l[1024];
		own_dir(here, sizeof(here));
		if (cg_v2_enter(here, h, sizeof(h), l, sizeof(l)))
			_exit(2);
		own_dir(here, sizeof(here));
		exit(strcmp(here, l) ? 3 : 0);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child: status %d", status);
	char leaf[512];
	snprintf(leaf, sizeof(leaf), "%s/versus-%ld-self", home, (long)pid);
	struct stat st;
	ck_assert_msg(stat(leaf, &st) != 0, "leaf '%s' left after exit()",
		      leaf);
}
END_TEST

int main(void)
{
	if (geteuid() != 0)
		return 77;
	snprintf(mnt, sizeof(mnt), "/tmp/versus-cg2-%ld", (long)getpid());
	if (mkdir(mnt, 0755))
		return 77;
	if (mount("none", mnt, "cgroup2", 0, NULL)) {
		fprintf(stderr, "check_sandbox_v2: cannot mount cgroup2: %s\n",
			strerror(errno));
		rmdir(mnt);
		return 77;
	}
	Suite *s = suite_create("sandbox_v2");
	TCase *tc = tcase_create("leaf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_leaf_shared_by_handles);
	tcase_add_test(tc, test_leaf_adopted);
	tcase_add_test(tc, test_leaf_removed_at_exit);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	umount2(mnt, MNT_DETACH);
	rmdir(mnt);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

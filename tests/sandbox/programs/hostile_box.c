/*
 * hostile_box: attacks on the box, one per subcommand, for
 * check_sandbox_box.c. Each prints one line per attempt, "blocked <what>
 * <errno name>" or "ESCAPED <what>", and exits 0 (so the status says the
 * program ran; the test reads the lines). An attack that would harm the
 * machine if the box failed first proves, harmlessly, that it is
 * contained, and prints "NOT-CONTAINED" and stops otherwise.
 *
 *   hostile_box killall         kill(-1, SIGKILL), only as PID 2 of a PID
 *                               namespace whose /proc shows a few processes
 *   hostile_box signal PID...   signal 0, then SIGSTOP, to each PID
 *   hostile_box proc PID...     read /proc/PID/environ, open /proc/PID/mem
 *   hostile_box write FILE...   open each for writing (append)
 *   hostile_box note TOKEN      look for, then leave, a note of TOKEN
 *                               everywhere a run might ("found ...",
 *                               "left ..."; see note())
 *   hostile_box plant           swap itself for a script for later runs
 *   hostile_box genuine         print "genuine"
 *   hostile_box disk            write a file until it fails; "wrote N"
 *   hostile_box sys             sethostname, mknod, chroot, mount, umount
 *   hostile_box unix NAME PATH  connect to abstract NAME and to PATH
 *   hostile_box cgroup          find a cgroup file system and write to it
 *   hostile_box daemon NAME     double fork + setsid a sleeper named NAME
 *   hostile_box tty             /dev/tty, a terminal on fds 0-2, TIOCSTI
 *   hostile_box var             change /var and its link /var/tmp; then
 *                               "var/tmp on the run's tmpfs: yes|no"
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mqueue.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/xattr.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static void report(int failed, const char *what)
{
	if (failed)
		printf("blocked %s %s\n", what, strerrorname_np(errno));
	else
		printf("ESCAPED %s\n", what);
	fflush(stdout);
}

static int count_procs(void)
{
	DIR *d = opendir("/proc");
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			n++;
	if (d)
		closedir(d);
	return n;
}

static int killall(void)
{
	/* contained: PID 2 (the keeper is 1) and a /proc of a few processes */
	int n = count_procs();
	if (getpid() != 2 || n > 4) {
		printf("NOT-CONTAINED pid %d, %d processes visible\n",
		       (int)getpid(), n);
		return 0;
	}
	kill(-1, SIGKILL);
	printf("killed -1\n");
	return 0;
}

static int signal_pids(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		pid_t pid = (pid_t)strtol(argv[i], NULL, 10);
		char what[64];
		snprintf(what, sizeof(what), "signal %ld", (long)pid);
		if (kill(pid, 0) == 0) {
			/* visible: never stop it, just say so */
			report(0, what);
			continue;
		}
		report(1, what);
	}
	return 0;
}

static int proc_pids(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char path[64], what[96];
		snprintf(path, sizeof(path), "/proc/%s/environ", argv[i]);
		snprintf(what, sizeof(what), "read %s", path);
		int fd = open(path, O_RDONLY);
		char buf[64];
		report(fd < 0 || read(fd, buf, sizeof(buf)) < 0, what);
		if (fd >= 0)
			close(fd);
		snprintf(path, sizeof(path), "/proc/%s/mem", argv[i]);
		snprintf(what, sizeof(what), "open %s", path);
		fd = open(path, O_RDWR);
		report(fd < 0, what);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

/*
 * /var is a read-only cover whose /var/tmp links into the run's tmpfs
 * (sandbox/README.md, "One keeper, many runs"): none of it may change, and
 * what is written through the link lands on the run's tmpfs.
 */
static int var_attacks(void)
{
	int fd = open("/var/versus-note", O_WRONLY | O_CREAT, 0644);
	report(fd < 0, "create /var/versus-note");
	if (fd >= 0)
		close(fd);
	report(unlink("/var/tmp") != 0, "unlink /var/tmp");
	report(rename("/var/lib", "/var/versus-lib") != 0, "rename /var/lib");
	report(symlink("/", "/var/versus-link") != 0, "symlink in /var");
	report(chmod("/var", 0777) != 0, "chmod /var");
	fd = open("/var/tmp/versus-x", O_WRONLY | O_CREAT, 0644);
	struct stat var_tmp, tmp;
	bool on_tmp = fd >= 0 && !fstat(fd, &var_tmp) && !stat("/tmp", &tmp) &&
		      var_tmp.st_dev == tmp.st_dev;
	printf("var/tmp on the run's tmpfs: %s\n", on_tmp ? "yes" : "no");
	if (fd >= 0)
		close(fd);
	return 0;
}

static int write_files(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char what[4200];
		snprintf(what, sizeof(what), "write %s", argv[i]);
		int fd = open(argv[i], O_WRONLY | O_APPEND);
		report(fd < 0 || write(fd, "x", 1) != 1, what);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

/* A SysV key and a POSIX queue name of the token's, for note(). */
static key_t token_key(const char *token)
{
	unsigned h = 5381;
	for (const char *p = token; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return (key_t)(h & 0x7fffffff);
}

/*
 * Look for a note an earlier run of the same box left, then leave one
 * everywhere a run might: files in $HOME, the cwd, /tmp, /var/tmp,
 * /dev/shm; the cwd's mode and times and an extended attribute of /tmp;
 * SysV shared memory, semaphores, message queues and a POSIX queue under
 * the token's key; and a process that ignores SIGTERM and SIGHUP. Each
 * found is "found WHAT". Also "pid N procs M": its own pid and how many
 * processes its /proc shows, which must not depend on the runs before.
 */
static int note(const char *token)
{
	const char *home = getenv("HOME");
	const char *dirs[] = {home ? home : ".", ".", "/tmp", "/var/tmp",
			      "/dev/shm"};
	size_t n = sizeof(dirs) / sizeof(dirs[0]);
	printf("pid %ld procs %d\n", (long)getpid(), count_procs());
	for (size_t i = 0; i < n; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", dirs[i], token);
		if (!access(path, F_OK))
			printf("found %s\n", path);
	}
	struct stat st;
	if (!stat(".", &st) && (st.st_mode & 07777) != 0700)
		printf("found cwd mode %o\n", (unsigned)(st.st_mode & 07777));
	if (!stat(".", &st) && st.st_mtime == 1234567890)
		printf("found cwd mtime\n");
	char val[64];
	if (getxattr("/tmp", "user.versus-note", val, sizeof(val)) > 0)
		printf("found xattr\n");
	key_t key = token_key(token);
	if (shmget(key, 0, 0) >= 0)
		printf("found shm\n");
	if (semget(key, 0, 0) >= 0)
		printf("found sem\n");
	if (msgget(key, 0) >= 0)
		printf("found msg\n");
	char mq[80];
	snprintf(mq, sizeof(mq), "/%s", token);
	mqd_t q = mq_open(mq, O_RDONLY);
	if (q != (mqd_t)-1) {
		printf("found mq\n");
		mq_close(q);
	}
	for (size_t i = 0; i < n; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", dirs[i], token);
		int fd = open(path, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0) {
			printf("left %s\n", path);
			close(fd);
		}
	}
	if (shmget(key, 4096, IPC_CREAT | 0600) >= 0)
		printf("left shm\n");
	if (semget(key, 1, IPC_CREAT | 0600) >= 0)
		printf("left sem\n");
	if (msgget(key, IPC_CREAT | 0600) >= 0)
		printf("left msg\n");
	q = mq_open(mq, O_RDONLY | O_CREAT, 0600, NULL);
	if (q != (mqd_t)-1) {
		printf("left mq\n");
		mq_close(q);
	}
	if (!setxattr("/tmp", "user.versus-note", "x", 1, 0))
		printf("left xattr\n");
	struct timespec times[2] = {{1234567890, 0}, {1234567890, 0}};
	if (!utimensat(AT_FDCWD, ".", times, 0))
		printf("left cwd mtime\n");
	int ready[2];
	if (!pipe(ready) && fork() == 0) {
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		close(ready[0]);
		/* its end of the pipe closes as it sleeps: not versus's */
		close(1);
		close(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		close(ready[1]);
		sleep(30);
		_exit(0);
	}
	close(ready[1]);
	char c;
	if (read(ready[0], &c, 1) == 1)
		printf("left process\n");
	/* last: a cwd the next run could not use, were it the same */
	if (!chmod(".", 0500))
		printf("left cwd mode\n");
	return 0;
}

static int disk(void)
{
	static char buf[1 << 20];
	memset(buf, 'x', sizeof(buf));
	int fd = open("fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	unsigned long long n = 0;
	signal(SIGXFSZ, SIG_IGN);
	while (fd >= 0) {
		ssize_t w = write(fd, buf, sizeof(buf));
		if (w <= 0)
			break;
		n += (unsigned long long)w;
	}
	printf("wrote %llu %s\n", n, strerrorname_np(errno));
	return 0;
}

static int sys(void)
{
	report(sethostname("evil", 4) != 0, "sethostname");
	report(mknod("/tmp/null2", S_IFCHR | 0666, makedev(1, 3)) != 0,
	       "mknod");
	report(chroot("/tmp") != 0, "chroot");
	report(mount("none", "/tmp", "tmpfs", 0, NULL) != 0, "mount");
	report(umount2("/proc", MNT_DETACH) != 0, "umount");
	report(setuid(0) != 0 || getuid() != 0, "setuid 0");
	/* a sibling would be the launcher's child, not the box's */
	long pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(0);
	report(pid < 0, "clone CLONE_PARENT");
	return 0;
}

/*
 * Swap this program for another for the next runs of the box: rename the
 * folder two levels above it (made on the run's tmpfs when it lies under
 * /tmp) and put a script where the program was.
 */
static int plant(const char *self)
{
	char dir[4096], top[4096], moved[4200];
	snprintf(dir, sizeof(dir), "%s", self);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 3;
	*slash = '\0';
	snprintf(top, sizeof(top), "%s", dir);
	slash = strrchr(top, '/');
	if (!slash || slash == top)
		return 3;
	*slash = '\0';
	snprintf(moved, sizeof(moved), "%s-moved", top);
	errno = 0;
	if (rename(top, moved) || mkdir(top, 0755) || mkdir(dir, 0755)) {
		report(1, "plant");
		return 0;
	}
	FILE *f = fopen(self, "w");
	if (f) {
		fputs("#!/bin/sh\necho SUBSTITUTED\n", f);
		fclose(f);
	}
	report(!f || chmod(self, 0755), "plant");
	return 0;
}

static int unix_connect(const char *name, const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	size_t len = strlen(name);
	memcpy(sa.sun_path + 1, name, len);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	report(fd < 0 || connect(fd, (struct sockaddr *)&sa,
				 (socklen_t)(sizeof(sa.sun_family) + 1 +
					     len)) != 0,
	       "connect abstract");
	if (fd >= 0)
		close(fd);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	report(fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0,
	       "connect path");
	if (fd >= 0)
		close(fd);
	return 0;
}

static int cgroup(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[4096];
	int seen = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - cgroup");
		if (!sep)
			continue;
		/* a cgroup mount in the table may still be covered */
		char *p = line;
		for (int i = 0; i < 4 && p; i++)
			if ((p = strchr(p, ' ')))
				p++;
		if (!p)
			continue;
		p[strcspn(p, " ")] = '\0';
		char path[4200];
		snprintf(path, sizeof(path), "%s/cgroup.procs", p);
		if (!access(path, F_OK)) {
			seen = 1;
			int fd = open(path, O_WRONLY);
			report(fd < 0 || write(fd, "0", 1) != 1,
			       "write cgroup.procs");
			if (fd >= 0)
				close(fd);
		}
	}
	if (f)
		fclose(f);
	errno = ENOENT;
	report(!seen, "see a cgroup file system");
	report(mount("none", "/tmp", "cgroup2", 0, NULL) != 0, "mount cgroup2");
	return 0;
}

static int daemon_sleeper(const char *name)
{
	int ready[2];
	if (pipe(ready))
		return 3;
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			prctl(PR_SET_NAME, name, 0, 0, 0);
			signal(SIGHUP, SIG_IGN);
			if (write(ready[1], "r", 1) != 1)
				_exit(3);
			sleep(30);
			_exit(0);
		}
		_exit(0);
	}
	close(ready[1]);
	char c;
	printf("daemon %s\n", read(ready[0], &c, 1) == 1 ? "started" : "?");
	return 0;
}

static int tty(void)
{
	report(open("/dev/tty", O_RDWR) < 0, "open /dev/tty");
	for (int fd = 0; fd < 3; fd++) {
		char what[32];
		snprintf(what, sizeof(what), "terminal on fd %d", fd);
		errno = ENOTTY;
		report(!isatty(fd), what);
		char c = 'x';
		snprintf(what, sizeof(what), "TIOCSTI on fd %d", fd);
		report(ioctl(fd, TIOCSTI, &c) != 0, what);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	const char *cmd = argv[1];
	if (!strcmp(cmd, "killall"))
		return killall();
	if (!strcmp(cmd, "signal"))
		return signal_pids(argc - 2, argv + 2);
	if (!strcmp(cmd, "proc"))
		return proc_pids(argc - 2, argv + 2);
	if (!strcmp(cmd, "write"))
		return write_files(argc - 2, argv + 2);
	if (!strcmp(cmd, "var"))
		return var_attacks();
	if (!strcmp(cmd, "note") && argc > 2)
		return note(argv[2]);
	if (!strcmp(cmd, "plant"))
		return plant(argv[0]);
	if (!strcmp(cmd, "genuine"))
		return puts("genuine") < 0;
	if (!strcmp(cmd, "disk"))
		return disk();
	if (!strcmp(cmd, "sys"))
		return sys();
	if (!strcmp(cmd, "unix") && argc > 3)
		return unix_connect(argv[2], argv[3]);
	if (!strcmp(cmd, "cgroup"))
		return cgroup();
	if (!strcmp(cmd, "daemon") && argc > 2)
		return daemon_sleeper(argv[2]);
	if (!strcmp(cmd, "tty"))
		return tty();
	return 2;
}

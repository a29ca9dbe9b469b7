/*
 * run.c: a short command of the user's own, run with a timeout and its
 * output captured (run.h).
 */
#include "util/run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/banned.h"

extern char **environ;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int run_capture(char *const *argv, long long timeout_ms, struct strbuf *out,
		struct strbuf *err_out)
{
	struct run_opts opts = {.timeout_ms = timeout_ms};
	return run_capture_with(argv, &opts, out, err_out, NULL);
}

int run_capture_with(char *const *argv, const struct run_opts *opts,
		     struct strbuf *out, struct strbuf *err_out, bool *stopped)
{
	if (stopped)
		*stopped = false;
	int po[2], pe[2] = {-1, -1};
	if (pipe2(po, O_CLOEXEC) < 0)
		return -errno;
	if (err_out && pipe2(pe, O_CLOEXEC) < 0) {
		int e = errno;
		close(po[0]);
		close(po[1]);
		return -e;
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err_out ? pe[1] : po[1], 2);
	posix_spawnattr_init(&attr);
	/* Its own process group, so a timeout kills its children too. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(po[1]);
	if (err_out)
		close(pe[1]);
	if (rc) {
		close(po[0]);
		if (err_out)
			close(pe[0]);
		return -rc;
	}
	struct pollfd p[2] = {{.fd = po[0], .events = POLLIN},
			      {.fd = pe[0], .events = POLLIN}};
	struct strbuf *bufs[2] = {out, err_out};
	const long long forever = (long long)1 << 60;
	long long deadline =
		opts->timeout_ms > 0 ? now_ms() + opts->timeout_ms : forever;
	/* after the stop: when the group is killed */
	long long kill_at = forever, drain_until = forever;
	bool asked = false, killed = false;
	int status = 0;
	bool reaped = false;
	for (;;) {
		long long now = now_ms();
		if (!asked &&
		    (now >= deadline || (opts->stop && opts->stop()))) {
			asked = true;
			if (stopped)
				*stopped = true;
			if (opts->stop_signal) {
				kill(pid, opts->stop_signal);
				kill_at = now + opts->grace_ms;
			} else {
				kill_at = now;
			}
		}
		if (!killed && now >= kill_at) {
			killed = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		/* killed, yet something outside its group holds the output
		   open: stop reading */
		if (killed && now >= kill_at + 1000)
			break;
		/* ended, and something it left holds the output open: a
		   second more, then stop reading */
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid) {
			reaped = true;
			drain_until = now + 1000;
		}
		if (reaped && p[0].fd < 0 && p[1].fd < 0)
			break;
		if (reaped && now >= drain_until) {
			/* what is left of its group (it holds the group id
			   alive) */
			kill(-pid, SIGKILL);
			break;
		}
		if (p[0].fd < 0 && p[1].fd < 0) {
			/* output closed: wait for the process */
			pid_t w = waitpid(pid, &status, killed ? 0 : WNOHANG);
			if (w == pid) {
				reaped = true;
				break;
			}
			if (w < 0 && errno != EINTR)
				break;
			usleep(2000);
			continue;
		}
		long long left = (asked ? kill_at : deadline) - now;
		if (killed || left > 100)
			left = 100;
		if (left < 0)
			left = 0;
		int n = poll(p, 2, (int)left);
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; n > 0 && i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char buf[4096];
			ssize_t got = read(p[i].fd, buf, sizeof(buf));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
			} else if (bufs[i]->len < RUN_OUTPUT_MAX) {
				strbuf_add(bufs[i], buf, (size_t)got);
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	if (!reaped) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		killed = true;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return killed ? -ETIMEDOUT : status;
}

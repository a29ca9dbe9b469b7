#include "measure/build.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define BUILD_STAMP ".versus-build"

/* Limits for compilers: generous, but a runaway build still ends. */
#define BUILD_WALL_S	    600.0
#define BUILD_CPU_S	    1200.0
#define BUILD_MEMORY_BYTES  (6ULL << 30)
#define BUILD_PIDS	    4096
#define BUILD_OUTPUT_BYTES  (16ULL << 20)
#define BUILD_CAPTURE_BYTES (256U << 10)

/* nftw has no user pointer; builds run on several threads (--jobs). */
static _Thread_local uint64_t dir_bytes_total;

static int add_size(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	const char *base = path + ftw->base;
	if (flag == FTW_F && strcmp(base, BUILD_STAMP) != 0)
		dir_bytes_total += (uint64_t)st->st_size;
	return 0;
}

/* Sum of regular files under dir, the stamp excluded. */
static uint64_t dir_bytes(const char *dir)
{
	dir_bytes_total = 0;
	nftw(dir, add_size, 32, FTW_PHYS);
	return dir_bytes_total;
}

/* One field of the key, length-prefixed (a netstring) so that no two
 * different lists of fields hash the same bytes. */
static void key_field(struct sha256 *ctx, const void *data, size_t len)
{
	char n[32];
	int k = snprintf(n, sizeof(n), "%zu:", len);
	sha256_update(ctx, n, (size_t)k);
	sha256_update(ctx, data, len);
}

static void key_str(struct sha256 *ctx, const char *s)
{
	key_field(ctx, s, strlen(s));
}

static void key_count(struct sha256 *ctx, size_t n)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%zu", n);
	key_str(ctx, buf);
}

/* An optional string: absent and empty differ. */
static void key_opt(struct sha256 *ctx, const char *s)
{
	key_count(ctx, s != NULL);
	if (s)
		key_str(ctx, s);
}

int build_cache_key(const struct plan_impl *pi, char key[65])
{
	struct sha256 ctx;
	struct strbuf src = STRBUF_INIT;
	int rc = strbuf_read_file(&src, pi->impl->source, 0);
	if (rc) {
		strbuf_release(&src);
		return rc;
	}
	sha256_init(&ctx);
	key_str(&ctx, "versus-build-2");
	key_field(&ctx, src.buf, src.len);
	strbuf_release(&src);
	key_count(&ctx, pi->build_argv.nr);
	for (size_t i = 0; i < pi->build_argv.nr; i++)
		key_str(&ctx, pi->build_argv.v[i]);
	key_count(&ctx, pi->env.nr);
	for (size_t i = 0; i < pi->env.nr; i++)
		key_str(&ctx, pi->env.v[i]);
	key_opt(&ctx, pi->toolchain->path);
	key_opt(&ctx, pi->toolchain->version);
	sha256_final_hex(&ctx, key);
	return 0;
}

static bool stamp_matches(const char *builddir, const char *key)
{
	char *path = xstrfmt("%s/%s", builddir, BUILD_STAMP);
	struct strbuf sb = STRBUF_INIT;
	bool ok = strbuf_read_file(&sb, path, 4096) == 0 && sb.len >= 64 &&
		  !memcmp(sb.buf, key, 64);
	strbuf_release(&sb);
	free(path);
	return ok && dir_bytes(builddir) > 0;
}

static int write_stamp(const char *builddir, const char *key)
{
	char *path = xstrfmt("%s/%s", builddir, BUILD_STAMP);
	FILE *f = fopen(path, "we");
	int rc = 0;
	if (!f || fprintf(f, "%s\n", key) < 0)
		rc = -errno;
	if (f && fclose(f) != 0 && !rc)
		rc = -errno;
	free(path);
	return rc;
}

/* The first n lines of text (whole text when shorter). */
static char *head_lines(const char *text, size_t len, int n)
{
	size_t end = 0;
	for (int lines = 0; end < len && lines < n; end++)
		if (text[end] == '\n')
			lines++;
	while (end && (text[end - 1] == '\n' || text[end - 1] == '\r'))
		end--;
	return xstrndup(text, end);
}

int build_impl(struct sandbox *sb, const struct plan_impl *pi,
	       struct build_outcome *out, struct versus_err *err)
{
	memset(out, 0, sizeof(*out));
	int rc = fs_mkdir_p(pi->builddir);
	if (rc)
		return versus_err_set(err, rc, pi->builddir, 0, 0,
				      "cannot create build folder: %s",
				      strerror(-rc));
	/* An unreadable source has no key: build (and fail) uncached. */
	char key[65];
	bool keyed = build_cache_key(pi, key) == 0;
	if (keyed && stamp_matches(pi->builddir, key)) {
		out->status = STATUS_OK;
		out->cached = true;
		out->output_bytes = dir_bytes(pi->builddir);
		return 0;
	}
	rc = fs_empty_dir(pi->builddir);
	if (rc)
		return versus_err_set(err, rc, pi->builddir, 0, 0,
				      "cannot empty build folder: %s",
				      strerror(-rc));

	/* the compiler writes its build folder and its language's cache,
	   and reads its source (wherever the box has folders of its own) */
	const char *writable[] = {pi->cachedir, NULL};
	const char *slash = strrchr(pi->impl->source, '/');
	char *srcdir = xstrndup(pi->impl->source,
				slash && slash != pi->impl->source
					? (size_t)(slash - pi->impl->source)
					: 1);
	const char *readable[] = {srcdir, NULL};
	struct sandbox_spec spec = {
		.argv = (const char *const *)pi->build_argv.v,
		.envp = (const char *const *)pi->env.v,
		.workdir = pi->builddir,
		.writable = writable,
		.readable = readable,
		.home_is_workdir = true,
		.policy = SANDBOX_POLICY_BUILD,
		.wall_limit_s = BUILD_WALL_S,
		.cpu_limit_s = BUILD_CPU_S,
		.memory_limit_bytes = BUILD_MEMORY_BYTES,
		.pids_limit = BUILD_PIDS,
		.output_limit_bytes = BUILD_OUTPUT_BYTES,
		.capture_stdout_bytes = BUILD_CAPTURE_BYTES,
		.capture_stderr_bytes = BUILD_CAPTURE_BYTES,
	};
	struct sandbox_result res;
	rc = sandbox_run(sb, &spec, &res, err);
	free(srcdir);
	if (rc < 0) {
		sandbox_result_release(&res);
		return rc;
	}
	out->wall_ns = res.wall_ns;
	out->status = status_from_sandbox(res.status);
	if (res.status != SANDBOX_OK) {
		/* Compilers write diagnostics to either stream. */
		struct strbuf all = STRBUF_INIT;
		strbuf_add(&all, res.stderr_data, res.stderr_len);
		if (res.stdout_len) {
			if (all.len && all.buf[all.len - 1] != '\n')
				strbuf_addch(&all, '\n');
			strbuf_add(&all, res.stdout_data, res.stdout_len);
		}
		out->stderr_head =
			head_lines(all.buf, all.len, BUILD_STDERR_LINES);
		strbuf_release(&all);
		if (res.status == SANDBOX_RE) {
			out->status = STATUS_CE;
			out->message = xstrfmt("build failed (exit code %d)",
					       res.exit_code);
		} else {
			out->status = res.status == SANDBOX_XX ? STATUS_CE
							       : out->status;
			out->message = xstrfmt(
				"build %s: %s", sandbox_status_name(res.status),
				res.message[0] ? res.message : "failed");
		}
	} else {
		out->output_bytes = dir_bytes(pi->builddir);
		if (out->output_bytes == 0) {
			out->status = STATUS_CE;
			out->message = xstrdup("build exited 0 but produced "
					       "nothing");
		} else if (keyed) {
			write_stamp(pi->builddir, key);
		}
	}
	sandbox_result_release(&res);
	return 0;
}

void build_outcome_release(struct build_outcome *out)
{
	if (!out)
		return;
	free(out->stderr_head);
	free(out->message);
	memset(out, 0, sizeof(*out));
}

int build_lock(const char *dir, bool wait, struct versus_err *err)
{
	int rc = fs_mkdir_p(dir);
	if (rc)
		return versus_err_set(err, rc, dir, 0, 0,
				      "cannot create build folder: %s",
				      strerror(-rc));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return versus_err_set(err, -errno, dir, 0, 0,
				      "cannot open build folder: %s",
				      strerror(errno));
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
		rc = errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;
		close(fd);
		return versus_err_set(
			err, rc, dir, 0, 0, "cannot lock build folder: %s",
			rc == -EWOULDBLOCK ? "another versus run is using it"
					   : strerror(-rc));
	}
	return fd;
}

void build_unlock(int lock)
{
	if (lock >= 0)
		close(lock);
}

/*
 * index.c: the history index in SQLite (index.h). SQLite rather than a
 * file of our own: atomic commits (an interrupted update leaves the last
 * good index), B-tree lookups of 10,000 files by path, and a sort of
 * their rows by series in one statement.
 */
#include "history/index.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/record.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define STR_(x)			 #x
#define STR(x)			 STR_(x)
#define HISTORY_INDEX_SCHEMA_STR STR(HISTORY_INDEX_SCHEMA)

struct history_index {
	sqlite3 *db;
	char *path;
	const char *built; /* history_index_built() */
	char why[64];
};

const char *history_index_built(const struct history_index *ix)
{
	return ix->built;
}

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS files ("
	" path TEXT PRIMARY KEY, dir TEXT NOT NULL, size INTEGER NOT NULL,"
	" mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL, error TEXT);"
	"CREATE INDEX IF NOT EXISTS files_dir ON files(dir);"
	"CREATE TABLE IF NOT EXISTS entries ("
	" path TEXT NOT NULL, workload TEXT NOT NULL, wversion INTEGER,"
	" params TEXT NOT NULL, setup TEXT NOT NULL, host TEXT,"
	" impl TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL,"
	" baseline TEXT NOT NULL, revision TEXT, order_time TEXT NOT NULL,"
	" median REAL, ci_low REAL, ci_high REAL,"
	" ratio REAL, ratio_low REAL, ratio_high REAL,"
	" skey TEXT NOT NULL, rkey TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS entries_path ON entries(path);"
	/* the order of history_index_query(), so it needs no sort */
	"CREATE INDEX IF NOT EXISTS entries_order ON entries(skey, rkey,"
	" order_time);"
	"CREATE TEMP TABLE IF NOT EXISTS cur (path TEXT PRIMARY KEY);";

static int db_error(struct history_index *ix, struct versus_err *err,
		    const char *what)
{
	return versus_err_set(err, -EIO, ix->path, 0, 0,
			      "history index: %s: %s", what,
			      sqlite3_errmsg(ix->db));
}

/* The schema version of an open database; -1 when it is not one. */
static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	/* a database of someone else's: not ours to rebuild silently */
	return v;
}

static int count_tables(sqlite3 *db)
{
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int history_index_open(const char *path, struct history_index **out,
		       struct versus_err *err)
{
	struct history_index *ix = xcalloc(1, sizeof(*ix));
	ix->path = xstrdup(path);
	*out = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		int rc = sqlite3_open_v2(
			path, &ix->db,
			SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
		if (rc != SQLITE_OK) {
			versus_err_set(err, -EACCES, path, 0, 0,
				       "cannot open the history index: %s "
				       "(--index PATH puts it elsewhere)",
				       sqlite3_errstr(rc));
			break;
		}
		sqlite3_busy_timeout(ix->db, 10000);
		int tables = count_tables(ix->db);
		int v = user_version(ix->db);
		if (tables >= 0 && (tables == 0 || v == HISTORY_INDEX_SCHEMA)) {
			if (tables == 0 && !ix->built)
				ix->built = "new";
			if (sqlite3_exec(ix->db, schema_sql, NULL, NULL,
					 NULL) != SQLITE_OK ||
			    sqlite3_exec(ix->db,
					 "PRAGMA user_version "
					 "= " HISTORY_INDEX_SCHEMA_STR ";"
					 "PRAGMA synchronous = NORMAL;",
					 NULL, NULL, NULL) != SQLITE_OK) {
				db_error(ix, err, "cannot create its tables");
				break;
			}
			*out = ix;
			return 0;
		}
		/* Unreadable or another schema: it is only a cache. */
		if (tables < 0 || v < 0) {
			ix->built = "not an SQLite database";
		} else {
			snprintf(ix->why, sizeof(ix->why), "schema %d, not %d",
				 v, HISTORY_INDEX_SCHEMA);
			ix->built = ix->why;
		}
		sqlite3_close(ix->db);
		ix->db = NULL;
		if (attempt == 0 && unlink(path) < 0 && errno != ENOENT) {
			versus_err_set(err, -errno, path, 0, 0,
				       "cannot remove the outdated history "
				       "index: %s",
				       strerror(errno));
			break;
		}
	}
	history_index_free(ix);
	if (!err || !err->code)
		versus_err_set(err, -EIO, path, 0, 0,
			       "cannot rebuild the history index");
	return err && err->code ? err->code : -EIO;
}

void history_index_free(struct history_index *ix)
{
	if (!ix)
		return;
	sqlite3_close(ix->db);
	free(ix->path);
	free(ix);
}

/* ---- update ---- */

struct stmts {
	sqlite3_stmt *find, *touch, *del_entries, *del_file, *put_file;
	sqlite3_stmt *put_entry, *put_cur, *gone;
};

static void stmts_finalize(struct stmts *s)
{
	sqlite3_finalize(s->find);
	sqlite3_finalize(s->touch);
	sqlite3_finalize(s->del_entries);
	sqlite3_finalize(s->del_file);
	sqlite3_finalize(s->put_file);
	sqlite3_finalize(s->put_entry);
	sqlite3_finalize(s->put_cur);
	sqlite3_finalize(s->gone);
}

static int stmts_prepare(sqlite3 *db, struct stmts *s)
{
	static const char *const sql[] = {
		"SELECT size, mtime_ns, digest, error FROM files WHERE path=?1",
		"UPDATE files SET size=?2, mtime_ns=?3 WHERE path=?1",
		"DELETE FROM entries WHERE path=?1",
		"DELETE FROM files WHERE path=?1",
		"INSERT OR REPLACE INTO files VALUES (?1,?2,?3,?4,?5,?6)",
		"INSERT INTO entries VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
		"?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
		"INSERT OR IGNORE INTO cur VALUES (?1)",
		"SELECT path FROM files WHERE dir=?1 AND path NOT IN "
		"(SELECT path FROM cur)",
	};
	sqlite3_stmt **out[] = {&s->find,     &s->touch,    &s->del_entries,
				&s->del_file, &s->put_file, &s->put_entry,
				&s->put_cur,  &s->gone};
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < sizeof(out) / sizeof(*out); i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, out[i], NULL) !=
		    SQLITE_OK)
			return -EIO;
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Run a bound statement that returns no row; then reset it. */
static int exec_stmt(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int cmp_param(const void *a, const void *b)
{
	const struct result_param *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* "k=v, k=v" in name order. Caller owns. */
static char *params_key(const struct result_file *rf)
{
	struct result_param *p = xcalloc(rf->params_nr + 1, sizeof(*p));
	memcpy(p, rf->params, rf->params_nr * sizeof(*p));
	qsort(p, rf->params_nr, sizeof(*p), cmp_param);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "");
	for (size_t i = 0; i < rf->params_nr; i++)
		strbuf_addf(&sb, "%s%s=%s", i ? ", " : "", p[i].name,
			    p[i].value);
	free(p);
	return strbuf_detach(&sb, NULL);
}

/* The set-up key: what must be equal for figures to be comparable (the
 * machine and how it measured; result_setup_diff's facts and more). */
static char *setup_key(const struct result_file *rf)
{
	return xstrfmt("%s|%s|%s|%s|%d|%d|%s|schema %ld",
		       rf->fingerprint ? rf->fingerprint : "-",
		       rf->cgroup_mode ? rf->cgroup_mode : "-",
		       rf->box ? rf->box : "-",
		       result_file_memory_source(rf)
			       ? result_file_memory_source(rf)
			       : "-",
		       rf->smt, rf->boost, rf->governor ? rf->governor : "-",
		       rf->schema);
}

static int put_entries(struct stmts *s, const char *path,
		       const struct result_file *rf)
{
	char *params = params_key(rf), *setup = setup_key(rf);
	const char *when = rf->revision && rf->revision_time ? rf->revision_time
							     : rf->started_at;
	int rc = 0;
	for (size_t i = 0; i < rf->impls_nr && !rc; i++) {
		const struct result_impl *im = &rf->impls[i];
		sqlite3_stmt *st = s->put_entry;
		const struct result_summary *w = &im->stats[RESULT_WALL];
		const struct result_ratio *r = &im->ratio[RESULT_WALL];
		bool ok = result_impl_ok(im) && im->has_stats && w->present;
		bind_text(st, 1, path);
		bind_text(st, 2, rf->workload_id);
		sqlite3_bind_int64(st, 3, rf->workload_version);
		bind_text(st, 4, params);
		bind_text(st, 5, setup);
		bind_text(st, 6, rf->hostname);
		bind_text(st, 7, im->id);
		bind_text(st, 8, im->language);
		bind_text(st, 9, im->status);
		bind_text(st, 10, rf->baseline);
		bind_text(st, 11, rf->revision);
		bind_text(st, 12, when ? when : "");
		bind_real(st, 13, ok ? w->median : NAN);
		bind_real(st, 14, ok ? w->ci_low : NAN);
		bind_real(st, 15, ok ? w->ci_high : NAN);
		bool rok = im->has_ratio && r->present;
		bind_real(st, 16, rok ? r->value : NAN);
		bind_real(st, 17, rok ? r->ci_low : NAN);
		bind_real(st, 18, rok ? r->ci_high : NAN);
		/* the series, then the revision (a run without one alone) */
		char *skey =
			xstrfmt("%s\x1f%ld\x1f%s\x1f%s\x1f%s", rf->workload_id,
				rf->workload_version, params, setup, im->id);
		bind_text(st, 19, skey);
		bind_text(st, 20, rf->revision ? rf->revision : path);
		free(skey);
		rc = exec_stmt(st);
	}
	free(params);
	free(setup);
	return rc;
}

/* Forget path. */
static int drop_file(struct stmts *s, const char *path)
{
	bind_text(s->del_entries, 1, path);
	bind_text(s->del_file, 1, path);
	return exec_stmt(s->del_entries) || exec_stmt(s->del_file) ? -EIO : 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash == path ? xstrdup("/")
			     : xstrndup(path, (size_t)(slash - path));
}

/* One result file (its real path real, as named shown) into the index. */
static int update_file(struct stmts *s, const char *shown, const char *real,
		       struct history_update *up, struct versus_errs *errs)
{
	struct stat sb;
	if (stat(real, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		versus_errs_add(errs, -EINVAL, shown, 0, 0,
				"not a regular file");
		up->bad++;
		return drop_file(s, real);
	}
	long long mtime = (long long)sb.st_mtim.tv_sec * 1000000000LL +
			  sb.st_mtim.tv_nsec;
	bind_text(s->put_cur, 1, real);
	if (exec_stmt(s->put_cur))
		return -EIO;

	bind_text(s->find, 1, real);
	int found = sqlite3_step(s->find) == SQLITE_ROW;
	char *digest = NULL, *error = NULL;
	bool same_stat = false;
	if (found) {
		same_stat = sqlite3_column_int64(s->find, 0) == sb.st_size &&
			    sqlite3_column_int64(s->find, 1) == mtime;
		digest = xstrdup((const char *)sqlite3_column_text(s->find, 2));
		const unsigned char *e = sqlite3_column_text(s->find, 3);
		error = e ? xstrdup((const char *)e) : NULL;
	}
	sqlite3_reset(s->find);
	int rc = 0;
	if (same_stat) {
		if (error) {
			versus_errs_add(errs, -EINVAL, NULL, 0, 0, "%s", error);
			up->bad++;
		}
		goto done;
	}
	struct strbuf text = STRBUF_INIT;
	int r = file_read_regular(real, RESULT_FILE_MAX_BYTES, &text);
	if (r < 0) {
		versus_errs_add(errs, r, shown, 0, 0, "%s", file_strerror(r));
		up->bad++;
		strbuf_release(&text);
		rc = drop_file(s, real);
		goto done;
	}
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(text.buf ? text.buf : "", text.len, hex);
	if (found && !strcmp(hex, digest)) {
		/* touched, not changed */
		strbuf_release(&text);
		bind_text(s->touch, 1, real);
		sqlite3_bind_int64(s->touch, 2, sb.st_size);
		sqlite3_bind_int64(s->touch, 3, mtime);
		rc = exec_stmt(s->touch);
		up->touched++;
		if (error) {
			versus_errs_add(errs, -EINVAL, NULL, 0, 0, "%s", error);
			up->bad++;
		}
		goto done;
	}
	/* a result file, or each record of a merge document (versus merge;
	   the groups of a workload pooled as report reads them) */
	struct result_set recs = RESULT_SET_INIT;
	struct versus_errs perrs = VERSUS_ERRS_INIT;
	char *msg = NULL;
	result_set_add_buffer(&recs, shown, text.buf ? text.buf : "", text.len,
			      &perrs);
	if (perrs.nr) {
		const struct versus_err *perr = &perrs.items[0];
		struct strbuf m = STRBUF_INIT;
		if (perr->file[0])
			strbuf_addf(&m, "%s: ", perr->file);
		if (perr->line)
			strbuf_addf(&m, "%d:%d: ", perr->line, perr->column);
		strbuf_addstr(&m, perr->message);
		if (perrs.nr > 1)
			strbuf_addf(&m, " (and %zu more)", perrs.nr - 1);
		msg = strbuf_detach(&m, NULL);
		versus_errs_add(errs, -EINVAL, NULL, 0, 0, "%s", msg);
		up->bad++;
	}
	versus_errs_release(&perrs);
	strbuf_release(&text);
	if (found)
		up->changed++;
	else
		up->added++;
	char *dir = dir_of(real);
	rc = drop_file(s, real);
	if (!rc) {
		sqlite3_stmt *st = s->put_file;
		bind_text(st, 1, real);
		bind_text(st, 2, dir);
		sqlite3_bind_int64(st, 3, sb.st_size);
		sqlite3_bind_int64(st, 4, mtime);
		bind_text(st, 5, hex);
		bind_text(st, 6, msg);
		rc = exec_stmt(st);
	}
	for (size_t i = 0; !rc && i < recs.nr; i++)
		rc = put_entries(s, real, recs.files[i]);
	free(dir);
	free(msg);
	result_set_release(&recs);
done:
	free(digest);
	free(error);
	return rc;
}

/* Files of dir (real) in the index but not seen now: removed. */
static int drop_gone(struct stmts *s, const char *dir,
		     struct history_update *up)
{
	struct strvec gone = STRVEC_INIT;
	bind_text(s->gone, 1, dir);
	while (sqlite3_step(s->gone) == SQLITE_ROW)
		strvec_push(&gone,
			    (const char *)sqlite3_column_text(s->gone, 0));
	sqlite3_reset(s->gone);
	int rc = 0;
	for (size_t i = 0; i < gone.nr && !rc; i++) {
		rc = drop_file(s, gone.v[i]);
		up->removed++;
	}
	strvec_clear(&gone);
	return rc;
}

int history_index_update(struct history_index *ix, const struct strvec *paths,
			 struct history_update *up, struct versus_errs *errs,
			 struct versus_err *err)
{
	struct stmts s;
	memset(up, 0, sizeof(*up));
	if (sqlite3_exec(ix->db, "BEGIN IMMEDIATE; DELETE FROM cur;", NULL,
			 NULL, NULL) != SQLITE_OK)
		return db_error(ix, err, "cannot start an update");
	int rc = stmts_prepare(ix->db, &s);
	for (size_t i = 0; i < paths->nr && !rc; i++) {
		const char *arg = paths->v[i];
		struct stat sb;
		char *real = realpath(arg, NULL);
		if (!real || stat(real, &sb) < 0) {
			versus_errs_add(errs, -ENOENT, arg, 0, 0,
					"no such file or folder");
			up->bad++;
			free(real);
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			up->files++;
			rc = update_file(&s, arg, real, up, errs);
			free(real);
			continue;
		}
		struct strvec names = STRVEC_INIT;
		int lr = fs_list_dir(real, ".json", &names);
		if (lr < 0)
			versus_errs_add(errs, lr, arg, 0, 0,
					"cannot list the folder: %s",
					strerror(-lr));
		for (size_t j = 0; j < names.nr && !rc; j++) {
			const char *base = strrchr(names.v[j], '/') + 1;
			char *shown = xstrfmt(
				"%s%s%s", arg,
				arg[strlen(arg) - 1] == '/' ? "" : "/", base);
			up->files++;
			rc = update_file(&s, shown, names.v[j], up, errs);
			free(shown);
		}
		if (!rc && lr == 0)
			rc = drop_gone(&s, real, up);
		strvec_clear(&names);
		free(real);
	}
	stmts_finalize(&s);
	if (rc) {
		db_error(ix, err, "cannot update");
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return err && err->code ? err->code : -EIO;
	}
	if (sqlite3_exec(ix->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(ix, err, "cannot commit the update");
	return 0;
}

/* ---- query ---- */

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? NAN
		       : sqlite3_column_double(st, i);
}

long history_index_query(struct history_index *ix,
			 const struct history_filter *f, struct trend_obs **out,
			 struct versus_err *err)
{
	static const char sql[] =
		"SELECT e.path, workload, wversion, params, setup, host, impl,"
		" language, status, baseline, revision, order_time, median,"
		" ci_low, ci_high, ratio, ratio_low, ratio_high"
		" FROM entries e INDEXED BY entries_order"
		" WHERE e.path IN (SELECT path FROM cur)"
		" AND (?1 IS NULL OR workload = ?1)"
		" AND (?2 IS NULL OR impl = ?2)"
		" AND (?3 IS NULL OR order_time >= ?3)"
		" ORDER BY skey, rkey, order_time";
	sqlite3_stmt *st;
	*out = NULL;
	if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(ix, err, "cannot query");
	bind_text(st, 1, f->workload);
	bind_text(st, 2, f->impl);
	bind_text(st, 3, f->since);
	struct trend_obs *obs = NULL;
	size_t nr = 0, alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(obs, nr + 1, alloc);
		struct trend_obs *o = &obs[nr++];
		o->path = col_text(st, 0);
		o->workload = col_text(st, 1);
		o->workload_version = (long)sqlite3_column_int64(st, 2);
		o->params = col_text(st, 3);
		o->setup = col_text(st, 4);
		o->host = col_text(st, 5);
		o->impl = col_text(st, 6);
		o->language = col_text(st, 7);
		o->status = col_text(st, 8);
		o->baseline = col_text(st, 9);
		o->revision = col_text(st, 10);
		o->order_time = col_text(st, 11);
		o->median_ns = col_real(st, 12);
		o->ci_low_ns = col_real(st, 13);
		o->ci_high_ns = col_real(st, 14);
		o->ratio = col_real(st, 15);
		o->ratio_low = col_real(st, 16);
		o->ratio_high = col_real(st, 17);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < nr; i++)
			trend_obs_release(&obs[i]);
		free(obs);
		return db_error(ix, err, "cannot read the query's rows");
	}
	*out = obs;
	return (long)nr;
}

/*
 * yaml_doc.c: a bounded YAML tree built from libyaml events, and typed
 * getters that report problems with their location. Building our own tree
 * (rather than libyaml's document API) lets us stop at a depth limit,
 * refuse aliases (no "billion laughs", no cycles) and keep 1-based marks.
 */
#include "spec/yaml_doc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "util/alloc.h"
#include "util/parse.h"
#include "util/file.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/banned.h"

void ydoc_error(struct ydoc *doc, const struct ynode *at, const char *fmt, ...)
{
	struct versus_err e = {0};
	char raw[VERSUS_ERR_MSG_MAX];
	if (doc->errors > YDOC_MAX_ERRORS)
		return;
	if (doc->errors++ == YDOC_MAX_ERRORS) {
		versus_errs_add(doc->errs, -EINVAL, doc->name,
				at ? at->line : 1, at ? at->column : 1,
				"too many errors; the rest are not shown");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Values quoted from the file may hold newlines: one line each. */
	size_t o = 0;
	for (const char *p = raw; *p && o + 3 < sizeof(e.message); p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n' || c == '\t') {
			e.message[o++] = '\\';
			e.message[o++] = c == '\n' ? 'n' : 't';
		} else {
			e.message[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	e.message[o] = '\0';
	e.code = -EINVAL;
	e.line = at ? at->line : 1;
	e.column = at ? at->column : 1;
	snprintf(e.file, sizeof(e.file), "%s", doc->name);
	versus_errs_push(doc->errs, &e);
}

static void error_at(struct ydoc *doc, int line, int column, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));
static void error_at(struct ydoc *doc, int line, int column, const char *fmt,
		     ...)
{
	struct ynode at = {0};
	char msg[VERSUS_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	at.line = line;
	at.column = column;
	ydoc_error(doc, &at, "%s", msg);
}

static void node_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nr; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
}

void ydoc_release(struct ydoc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	doc->root = NULL;
}

/* 1-based line and column of byte offset in data. */
static void offset_position(const char *data, size_t len, size_t offset,
			    int *line, int *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			++*line;
			*column = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			++*column; /* count characters, as libyaml does */
		}
	}
}

static struct ynode *node_new(enum ynode_kind kind, const yaml_mark_t *mark)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (int)(mark->line + 1 > INT_MAX ? INT_MAX : mark->line + 1);
	n->column =
		(int)(mark->column + 1 > INT_MAX ? INT_MAX : mark->column + 1);
	return n;
}

static void node_add(struct ynode *parent, struct ynode *child)
{
	ALLOC_GROW(parent->items, parent->nr + 1, parent->alloc);
	parent->items[parent->nr++] = child;
}

/* A printable, shortened copy of a scalar for messages. */
static void describe_value(char *out, size_t size, const struct ynode *n)
{
	size_t o = 0;
	for (size_t i = 0; i < n->len && o + 4 < size; i++) {
		unsigned char c = (unsigned char)n->value[i];
		if (i >= 40) {
			out[o++] = '.';
			out[o++] = '.';
			out[o++] = '.';
			break;
		}
		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[o] = '\0';
}

/* "a mapping", "a list", "the string \"x\"", "\"x\"" */
static void describe_node(char *out, size_t size, const struct ynode *n)
{
	char v[64];
	switch (n->kind) {
	case YNODE_MAP:
		snprintf(out, size, "a mapping");
		return;
	case YNODE_SEQ:
		snprintf(out, size, "a list");
		return;
	case YNODE_SCALAR:
		describe_value(v, sizeof(v), n);
		snprintf(out, size, "%s\"%s\"", n->quoted ? "the string " : "",
			 v);
		return;
	}
}

struct builder {
	struct ydoc *doc;
	struct ynode **stack;
	size_t depth, alloc;
	int max_depth;
	int documents;
	bool failed; /* an error was recorded, parsing went on */
};

/* Add a finished node to the open collection (or make it the root). */
static int builder_add(struct builder *b, struct ynode *n)
{
	if (!b->depth) {
		if (b->doc->root) {
			node_free(n);
			return 0;
		}
		b->doc->root = n;
		return 0;
	}
	struct ynode *parent = b->stack[b->depth - 1];
	if (parent->nr >= 2 * YDOC_MAX_ITEMS ||
	    (parent->kind == YNODE_SEQ && parent->nr >= YDOC_MAX_ITEMS)) {
		ydoc_error(b->doc, n, "more than %d entries in one %s",
			   YDOC_MAX_ITEMS,
			   parent->kind == YNODE_SEQ ? "list" : "mapping");
		node_free(n);
		return -EINVAL;
	}
	if (parent->kind == YNODE_MAP && parent->nr % 2 == 0) {
		if (n->kind != YNODE_SCALAR) {
			ydoc_error(b->doc, n,
				   "mapping keys must be plain "
				   "strings");
			b->failed = true; /* keep going: report the rest */
		}
		for (size_t i = 0; n->kind == YNODE_SCALAR && i < parent->nr;
		     i += 2) {
			const struct ynode *k = parent->items[i];
			if (k->kind == YNODE_SCALAR && k->len == n->len &&
			    !memcmp(k->value, n->value, n->len)) {
				char v[64];
				describe_value(v, sizeof(v), n);
				ydoc_error(b->doc, n,
					   "duplicate key '%s' (first at "
					   "line %d)",
					   v, k->line);
				b->failed = true;
				break;
			}
		}
	}
	node_add(parent, n);
	return 0;
}

static int builder_open(struct builder *b, struct ynode *n)
{
	if (b->depth >= (size_t)b->max_depth) {
		ydoc_error(b->doc, n, "yaml nested deeper than %d levels",
			   b->max_depth);
		node_free(n);
		return -EINVAL;
	}
	ALLOC_GROW(b->stack, b->depth + 1, b->alloc);
	b->stack[b->depth++] = n;
	return 0;
}

static int builder_close(struct builder *b)
{
	if (!b->depth)
		return 0; /* libyaml guarantees balance; be safe anyway */
	struct ynode *n = b->stack[--b->depth];
	return builder_add(b, n);
}

static int builder_event(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			error_at(b->doc, (int)ev->start_mark.line + 1,
				 (int)ev->start_mark.column + 1,
				 "more than one yaml document");
			return -EINVAL;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		error_at(b->doc, (int)ev->start_mark.line + 1,
			 (int)ev->start_mark.column + 1,
			 "yaml aliases (*%s) are not supported",
			 (const char *)ev->data.alias.anchor);
		return -EINVAL;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.tag) {
			error_at(b->doc, (int)ev->start_mark.line + 1,
				 (int)ev->start_mark.column + 1,
				 "yaml tags (%s) are not supported",
				 (const char *)ev->data.scalar.tag);
			return -EINVAL;
		}
		n = node_new(YNODE_SCALAR, &ev->start_mark);
		n->value = xstrndup((const char *)ev->data.scalar.value,
				    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return builder_add(b, n);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const yaml_char_t *tag = ev->type == YAML_SEQUENCE_START_EVENT
						 ? ev->data.sequence_start.tag
						 : ev->data.mapping_start.tag;
		if (tag) {
			error_at(b->doc, (int)ev->start_mark.line + 1,
				 (int)ev->start_mark.column + 1,
				 "yaml tags (%s) are not supported",
				 (const char *)tag);
			return -EINVAL;
		}
		n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ
								   : YNODE_MAP,
			     &ev->start_mark);
		return builder_open(b, n);
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return builder_close(b);
	default:
		return 0;
	}
}

static void report_parser_error(struct ydoc *doc, const yaml_parser_t *p,
				const char *data, size_t len)
{
	int line, column;
	if (p->error == YAML_READER_ERROR) {
		offset_position(data, len, p->problem_offset, &line, &column);
		error_at(doc, line, column, "yaml: %s",
			 p->problem ? p->problem : "cannot read the input");
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		error_at(doc, 1, 1, "yaml: out of memory");
		return;
	}
	line = (int)p->problem_mark.line + 1;
	column = (int)p->problem_mark.column + 1;
	if (p->context)
		error_at(doc, line, column, "yaml syntax error: %s %s",
			 p->problem ? p->problem : "error", p->context);
	else
		error_at(doc, line, column, "yaml syntax error: %s",
			 p->problem ? p->problem : "error");
}

int ydoc_load(struct ydoc *doc, const char *name, const char *data, size_t len,
	      size_t max_bytes, int max_depth, struct versus_errs *errs)
{
	doc->name = name;
	doc->root = NULL;
	doc->errs = errs;
	doc->errors = 0;
	if (len > max_bytes) {
		error_at(doc, 1, 1, "file too large: %zu bytes (limit %zu)",
			 len, max_bytes);
		return -EINVAL;
	}
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		int line, column;
		offset_position(data, len, (size_t)(nul - data), &line,
				&column);
		error_at(doc, line, column, "binary file: NUL byte");
		return -EINVAL;
	}

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		error_at(doc, 1, 1, "yaml: out of memory");
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	struct builder b = {doc, NULL, 0, 0, max_depth, 0, false};
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(doc, &parser, data, len);
			rc = -EINVAL;
			break;
		}
		bool end = ev.type == YAML_STREAM_END_EVENT;
		rc = builder_event(&b, &ev);
		yaml_event_delete(&ev);
		if (rc || end)
			break;
	}
	yaml_parser_delete(&parser);
	while (b.depth)
		node_free(b.stack[--b.depth]);
	free(b.stack);
	if (b.failed)
		rc = -EINVAL;
	if (!rc && (!doc->root || (doc->root->kind == YNODE_SCALAR &&
				   ydoc_is_null(doc->root)))) {
		error_at(doc, 1, 1, "empty file");
		rc = -EINVAL;
	}
	if (rc) {
		node_free(doc->root);
		doc->root = NULL;
		return -EINVAL;
	}
	return 0;
}

int ydoc_read_file(const char *path, size_t max_bytes, struct versus_errs *errs,
		   char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	/* Never blocks: a FIFO or a device named *.yaml is refused. */
	struct strbuf sb = STRBUF_INIT;
	int rc = file_read_regular(path, max_bytes, &sb);
	if (rc == -EFBIG) {
		struct stat st;
		strbuf_release(&sb);
		if (stat(path, &st) == 0 && (uint64_t)st.st_size > max_bytes)
			versus_errs_add(errs, -EINVAL, path, 1, 1,
					"file too large: %lld bytes (limit "
					"%zu)",
					(long long)st.st_size, max_bytes);
		else /* it grew while read */
			versus_errs_add(errs, -EINVAL, path, 1, 1,
					"file too large (limit %zu bytes)",
					max_bytes);
		return -EINVAL;
	}
	if (rc == -EINVAL || rc == -EISDIR) {
		strbuf_release(&sb);
		versus_errs_add(errs, -EINVAL, path, 0, 0,
				"not a regular file");
		return -EINVAL;
	}
	if (rc < 0) {
		strbuf_release(&sb);
		versus_errs_add(errs, rc, path, 0, 0, "cannot open: %s",
				strerror(-rc));
		return rc;
	}
	*len = sb.len;
	*data = strbuf_detach(&sb, NULL);
	return 0;
}

int ydoc_load_file(struct ydoc *doc, const char *path, size_t max_bytes,
		   int max_depth, struct versus_errs *errs, char **data,
		   size_t *len)
{
	char *buf;
	size_t buf_len;
	doc->name = path;
	doc->root = NULL;
	doc->errs = errs;
	doc->errors = 0;
	if (data)
		*data = NULL;
	if (len)
		*len = 0;
	int rc = ydoc_read_file(path, max_bytes, errs, &buf, &buf_len);
	if (rc)
		return rc;
	rc = ydoc_load(doc, path, buf, buf_len, max_bytes, max_depth, errs);
	if (data) {
		*data = buf;
		*len = buf_len;
	} else {
		free(buf);
	}
	return rc;
}

const struct ynode *ydoc_map_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	size_t klen = strlen(key);
	for (size_t i = 0; i + 1 < map->nr; i += 2)
		if (map->items[i]->len == klen &&
		    !memcmp(map->items[i]->value, key, klen))
			return map->items[i + 1];
	return NULL;
}

void ydoc_check_keys(struct ydoc *doc, const struct ynode *map,
		     const char *const *allowed, const char *what)
{
	if (!map || map->kind != YNODE_MAP)
		return;
	size_t n = 0;
	while (allowed[n])
		n++;
	for (size_t i = 0; i + 1 < map->nr; i += 2) {
		const struct ynode *k = map->items[i];
		bool known = false;
		for (size_t j = 0; j < n && !known; j++)
			known = strlen(allowed[j]) == k->len &&
				!strcmp(allowed[j], k->value);
		if (known)
			continue;
		char v[64];
		describe_value(v, sizeof(v), k);
		const char *hint = suggest_closest(k->value, allowed, n);
		char where[160] = "";
		if (what)
			snprintf(where, sizeof(where), " in '%s'", what);
		if (hint)
			ydoc_error(doc, k,
				   "unknown key '%s'%s; did you mean '%s'?", v,
				   where, hint);
		else
			ydoc_error(doc, k, "unknown key '%s'%s", v, where);
	}
}

const struct ynode *ydoc_require(struct ydoc *doc, const struct ynode *map,
				 const char *key, const char *what)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	const struct ynode *v = ydoc_map_get(map, key);
	if (!v) {
		if (what)
			ydoc_error(doc, map,
				   "missing required key '%s' in '%s'", key,
				   what);
		else
			ydoc_error(doc, map, "missing required key '%s'", key);
	}
	return v;
}

bool ydoc_is_null(const struct ynode *n)
{
	if (!n || n->kind != YNODE_SCALAR || n->quoted)
		return false;
	return n->len == 0 || !strcmp(n->value, "~") ||
	       !strcmp(n->value, "null") || !strcmp(n->value, "Null") ||
	       !strcmp(n->value, "NULL");
}

static int wrong_type(struct ydoc *doc, const struct ynode *n, const char *what,
		      const char *expected)
{
	if (ydoc_is_null(n)) {
		ydoc_error(doc, n, "'%s' has no value; expected %s", what,
			   expected);
		return -EINVAL;
	}
	char d[96];
	describe_node(d, sizeof(d), n);
	ydoc_error(doc, n, "'%s' must be %s, not %s", what, expected, d);
	return -EINVAL;
}

int ydoc_get_map(struct ydoc *doc, const struct ynode *n, const char *what)
{
	if (!n)
		return -ENOENT;
	if (n->kind != YNODE_MAP)
		return wrong_type(doc, n, what, "a mapping");
	return 0;
}

int ydoc_get_seq(struct ydoc *doc, const struct ynode *n, const char *what)
{
	if (!n)
		return -ENOENT;
	if (n->kind != YNODE_SEQ)
		return wrong_type(doc, n, what, "a list");
	return 0;
}

/* A scalar's text, refusing NULs from escapes such as "\0". */
static int scalar_text(struct ydoc *doc, const struct ynode *n,
		       const char *what, const char *expected)
{
	if (n->kind != YNODE_SCALAR || ydoc_is_null(n))
		return wrong_type(doc, n, what, expected);
	if (strlen(n->value) != n->len) {
		ydoc_error(doc, n, "'%s' holds a NUL character", what);
		return -EINVAL;
	}
	return 0;
}

int ydoc_get_string(struct ydoc *doc, const struct ynode *n, const char *what,
		    char **out)
{
	if (!n)
		return -ENOENT;
	if (scalar_text(doc, n, what, "a string"))
		return -EINVAL;
	*out = xstrdup(n->value);
	return 0;
}

int ydoc_get_int(struct ydoc *doc, const struct ynode *n, const char *what,
		 long long min, long long max, long long *out)
{
	if (!n)
		return -ENOENT;
	if (scalar_text(doc, n, what, "an integer"))
		return -EINVAL;
	long long v;
	int rc = n->quoted ? -EINVAL : parse_int(n->value, min, max, &v);
	if (rc == -EINVAL)
		return wrong_type(doc, n, what, "an integer");
	if (rc) {
		if (max == LLONG_MAX)
			ydoc_error(doc, n, "'%s' must be at least %lld, not %s",
				   what, min, n->value);
		else
			ydoc_error(doc, n,
				   "'%s' must be from %lld to %lld, not %s",
				   what, min, max, n->value);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int ydoc_get_double(struct ydoc *doc, const struct ynode *n, const char *what,
		    double min, double max, double *out)
{
	if (!n)
		return -ENOENT;
	if (scalar_text(doc, n, what, "a number"))
		return -EINVAL;
	double v;
	int rc = n->quoted ? -EINVAL : parse_double(n->value, &v);
	if (rc)
		return wrong_type(doc, n, what, "a number");
	if (v < min || v > max) {
		ydoc_error(doc, n, "'%s' must be from %g to %g, not %s", what,
			   min, max, n->value);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int ydoc_get_duration(struct ydoc *doc, const struct ynode *n, const char *what,
		      double *out_s)
{
	static const char expected[] =
		"a duration such as 60, 1.5s, 500ms or 2m";
	if (!n)
		return -ENOENT;
	if (scalar_text(doc, n, what, expected))
		return -EINVAL;
	double v;
	if (parse_duration_s(n->value, &v) || !(v > 0) || v > 1e9)
		return wrong_type(doc, n, what, expected);
	*out_s = v;
	return 0;
}

int ydoc_get_size(struct ydoc *doc, const struct ynode *n, const char *what,
		  unsigned long long *out_bytes)
{
	static const char expected[] = "a size such as 2GiB, 512MiB or 4096";
	if (!n)
		return -ENOENT;
	if (scalar_text(doc, n, what, expected))
		return -EINVAL;
	uint64_t v;
	if (parse_size_bytes(n->value, &v) || v == 0)
		return wrong_type(doc, n, what, expected);
	*out_bytes = v;
	return 0;
}

int ydoc_get_strvec(struct ydoc *doc, const struct ynode *n, const char *what,
		    struct strvec *out)
{
	if (!n)
		return -ENOENT;
	if (n->kind != YNODE_SEQ)
		return wrong_type(doc, n, what, "a list of strings");
	int rc = 0;
	for (size_t i = 0; i < n->nr; i++) {
		char item[160];
		snprintf(item, sizeof(item), "%s[%zu]", what, i);
		if (scalar_text(doc, n->items[i], item, "a string"))
			rc = -EINVAL;
		else
			strvec_push(out, n->items[i]->value);
	}
	return rc;
}

int ydoc_get_kvlist(struct ydoc *doc, const struct ynode *n, const char *what,
		    struct kvlist *out)
{
	if (!n)
		return -ENOENT;
	if (n->kind != YNODE_MAP)
		return wrong_type(doc, n, what, "a mapping");
	int rc = 0;
	for (size_t i = 0; i + 1 < n->nr; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char item[160];
		snprintf(item, sizeof(item), "%s.%s", what, k->value);
		if (scalar_text(doc, k, what, "a string key") ||
		    scalar_text(doc, v, item, "a single value"))
			rc = -EINVAL;
		else
			kvlist_set(out, k->value, v->value);
	}
	return rc;
}

/* Stable sort of errs[from..] by line and column (reading order). */
void ydoc_sort_errors(struct versus_errs *errs, size_t from)
{
	size_t end = errs->nr;
	/* The "too many errors" line stays last. */
	if (end > from && !strncmp(errs->items[end - 1].message, "too many", 8))
		end--;
	for (size_t i = from + 1; i < end; i++) {
		struct versus_err e = errs->items[i];
		size_t j = i;
		while (j > from && (errs->items[j - 1].line > e.line ||
				    (errs->items[j - 1].line == e.line &&
				     errs->items[j - 1].column > e.column))) {
			errs->items[j] = errs->items[j - 1];
			j--;
		}
		errs->items[j] = e;
	}
}

#include "util/opt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/parse.h"
#include "util/suggest.h"
#include "util/banned.h"

/* The help text starts in this column; a longer option name gets a line
 * of its own. */
#define HELP_COLUMN 26
#define HELP_WIDTH  80

/* The rows of a table with its includes expanded, in order. */
struct rows {
	const struct opt **v;
	size_t nr, alloc;
};

static void rows_add(struct rows *r, const struct opt *opts)
{
	for (; opts->type != OPT_TYPE_END; opts++) {
		if (opts->type == OPT_TYPE_INCLUDE) {
			rows_add(r, opts->table);
			continue;
		}
		ALLOC_GROW(r->v, r->nr + 1, r->alloc);
		r->v[r->nr++] = opts;
	}
}

static bool is_option(const struct opt *o)
{
	return o->type != OPT_TYPE_GROUP;
}

static bool takes_value(const struct opt *o)
{
	return o->arg != NULL;
}

/* How the row is named in messages: "--name", else "-n". */
static void row_name(const struct opt *o, struct strbuf *sb)
{
	if (o->name)
		strbuf_addf(sb, "--%s", o->name);
	else
		strbuf_addf(sb, "-%c", o->short_name);
}

static const struct opt *find_exact(const struct rows *r, const char *name,
				    size_t len)
{
	for (size_t i = 0; i < r->nr; i++) {
		const struct opt *o = r->v[i];
		if (is_option(o) && o->name && strlen(o->name) == len &&
		    !memcmp(o->name, name, len))
			return o;
	}
	return NULL;
}

/* The row an alias stands for (itself when it is not an alias). */
static const struct opt *resolve(const struct rows *r, const struct opt *o)
{
	if (o->type != OPT_TYPE_ALIAS)
		return o;
	const struct opt *to = find_exact(r, o->alias_of, strlen(o->alias_of));
	/* An alias of a name not in the table is a bug in the table. */
	return to && to->type != OPT_TYPE_ALIAS ? to : NULL;
}

static const struct opt *find_short(const struct rows *r, char c)
{
	for (size_t i = 0; i < r->nr; i++)
		if (is_option(r->v[i]) && r->v[i]->short_name == c)
			return r->v[i];
	return NULL;
}

static int unknown_long(const struct rows *r, const char *name, size_t len,
			struct versus_err *err)
{
	const char **names = xcalloc(r->nr + 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < r->nr; i++)
		if (is_option(r->v[i]) && r->v[i]->name &&
		    !r->v[i]->removed_in && !r->v[i]->hidden)
			names[n++] = r->v[i]->name;
	char *word = xstrndup(name, len);
	const char *hint = suggest_closest(word, names, n);
	versus_err_set(err, -EINVAL, NULL, 0, 0, "unknown option '--%s'%s%s%s",
		       word, hint ? "; did you mean '--" : "", hint ? hint : "",
		       hint ? "'?" : "");
	free(word);
	free(names);
	return -EINVAL;
}

/*
 * The row for "--name" (len bytes of name): an exact name, else the one
 * option that name is a prefix of. NULL with err set otherwise.
 */
static const struct opt *find_long(const struct rows *r, const char *name,
				   size_t len, struct versus_err *err)
{
	const struct opt *o = find_exact(r, name, len);
	if (o)
		return o;
	const struct opt *found = NULL, *found_to = NULL;
	struct strbuf all = STRBUF_INIT;
	bool ambiguous = false;
	for (size_t i = 0; len && i < r->nr; i++) {
		const struct opt *c = r->v[i];
		if (!is_option(c) || !c->name || c->hidden ||
		    strncmp(c->name, name, len))
			continue;
		const struct opt *to = resolve(r, c);
		if (c->removed_in && found)
			continue; /* an old name never makes a prefix clash */
		if (!c->removed_in)
			strbuf_addf(&all, "%s--%s", all.len ? ", " : "",
				    c->name);
		if (found && to != found_to)
			ambiguous = true;
		if (!found || (found->removed_in && !c->removed_in)) {
			found = c;
			found_to = to;
		}
	}
	if (ambiguous)
		versus_err_set(err, -EINVAL, NULL, 0, 0,
			       "option '--%.*s' is ambiguous: %s", (int)len,
			       name, all.buf);
	strbuf_release(&all);
	if (ambiguous)
		return NULL;
	if (!found)
		unknown_long(r, name, len, err);
	return found;
}

static bool in_mask(const struct opt_choice *c, unsigned long long mask)
{
	return !mask ||
	       (c->value >= 0 && c->value < 64 && (mask >> c->value & 1));
}

/* Whether c is listed: current, not hidden, allowed by mask. */
static bool listed(const struct opt_choice *c, unsigned long long mask)
{
	return !c->removed_in && !c->hidden && in_mask(c, mask);
}

bool opt_choice_listed(const struct opt_choice *c, unsigned long long mask)
{
	return listed(c, mask);
}

size_t opt_rows(const struct opt *opts, const struct opt ***rows)
{
	struct rows r = {0};
	rows_add(&r, opts);
	*rows = r.v;
	return r.nr;
}

void opt_choice_list(const struct opt_choice *choices, unsigned long long mask,
		     struct strbuf *out)
{
	size_t n = 0, shown = 0;
	for (const struct opt_choice *c = choices; c->name; c++)
		n += listed(c, mask);
	for (const struct opt_choice *c = choices; c->name; c++) {
		if (!listed(c, mask))
			continue;
		shown++;
		if (shown > 1)
			strbuf_addstr(out, shown == n ? " or " : ", ");
		strbuf_addstr(out, c->name);
	}
}

static int set_choice(const struct opt *o, const char *value,
		      struct strvec *notes, struct strbuf *why)
{
	for (const struct opt_choice *c = o->choices; c->name; c++) {
		if (strcmp(c->name, value) || !in_mask(c, o->choice_mask))
			continue;
		*(int *)o->ptr = c->value;
		if (!c->removed_in || !notes)
			return 0;
		const struct opt_choice *now = o->choices;
		while (now->name &&
		       (now->value != c->value || !listed(now, o->choice_mask)))
			now++;
		strvec_pushf(notes,
			     "--%s %s is now --%s %s; the old name goes in %s",
			     o->name, c->name, o->name,
			     now->name ? now->name : "?", c->removed_in);
		return 0;
	}
	strbuf_addstr(why, "expected ");
	opt_choice_list(o->choices, o->choice_mask, why);
	strbuf_addf(why, ", not '%s'", value);
	return -EINVAL;
}

/* Store value (NULL for a flag) as o says. */
static int apply(const struct opt *o, const char *value, struct strvec *notes,
		 struct versus_err *err)
{
	struct strbuf why = STRBUF_INIT;
	long long n;
	int rc = 0;
	if (value && !*value) {
		strbuf_addstr(&why, "needs a value");
		rc = -EINVAL;
		goto out;
	}
	switch (o->type) {
	case OPT_TYPE_FLAG:
		*(bool *)o->ptr = true;
		break;
	case OPT_TYPE_STRING:
		*(const char **)o->ptr = value;
		break;
	case OPT_TYPE_INT:
		rc = parse_int(value, o->min, o->max, &n);
		if (rc < 0)
			strbuf_addf(&why,
				    ": expected a whole number from %lld to "
				    "%lld, not '%s'",
				    o->min, o->max, value);
		else
			*(int *)o->ptr = (int)n;
		break;
	case OPT_TYPE_CHOICE:
		strbuf_addstr(&why, ": ");
		rc = set_choice(o, value, notes, &why);
		break;
	case OPT_TYPE_CALLBACK:
		strbuf_addstr(&why, ": ");
		rc = o->fn(o, value, &why);
		if (rc < 0 && why.len == 2)
			strbuf_addf(&why, "invalid value '%s'", value);
		break;
	default:
		rc = -EINVAL; /* not a row that takes anything */
		strbuf_addstr(&why, ": cannot be set");
		break;
	}
out:
	if (rc < 0) {
		struct strbuf name = STRBUF_INIT;
		row_name(o, &name);
		versus_err_set(err, -EINVAL, NULL, 0, 0, "%s%s%s", name.buf,
			       why.buf[0] == ':' ? "" : " ", why.buf);
		strbuf_release(&name);
		rc = -EINVAL;
	}
	strbuf_release(&why);
	return rc;
}

/*
 * One long option, argv[*i] = "--" + arg. Takes its value from "=VALUE"
 * or the next argument.
 */
static int parse_long(const struct rows *r, const char *arg, int argc,
		      char **argv, int *i, struct strvec *notes,
		      struct versus_err *err)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct opt *used = find_long(r, arg, len, err);
	if (!used)
		return -EINVAL;
	const struct opt *o = resolve(r, used);
	if (!o)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--%s: stands for an unknown option",
				      used->name);
	if (used->removed_in && notes)
		strvec_pushf(notes, "--%s is now --%s; the old name goes in %s",
			     used->name, o->name, used->removed_in);
	const char *value = used->value;
	if (o->type == OPT_TYPE_HELP)
		return eq ? versus_err_set(err, -EINVAL, NULL, 0, 0,
					   "--%s takes no value", o->name)
			  : OPT_HELP_ASKED;
	if (!takes_value(o) || value) {
		if (eq)
			return versus_err_set(err, -EINVAL, NULL, 0, 0,
					      "--%s takes no value",
					      used->name);
	} else if (eq) {
		value = eq + 1;
	} else if (o->implied) {
		value = o->implied;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "--%s needs a value", used->name);
	}
	return apply(o, value, notes, err);
}

/* A cluster of short options, argv[*i] = "-" + arg: "-qv", "-j4", "-j 4". */
static int parse_short(const struct rows *r, const char *arg, int argc,
		       char **argv, int *i, struct strvec *notes,
		       struct versus_err *err)
{
	for (const char *p = arg; *p; p++) {
		const struct opt *o = find_short(r, *p);
		if (!o)
			return versus_err_set(err, -EINVAL, NULL, 0, 0,
					      "unknown option '-%c'", *p);
		if (o->type == OPT_TYPE_HELP)
			return OPT_HELP_ASKED;
		if (!takes_value(o)) {
			int rc = apply(o, NULL, notes, err);
			if (rc < 0)
				return rc;
			continue;
		}
		const char *value = p[1] ? p + 1 : NULL;
		if (!value && *i + 1 < argc)
			value = argv[++*i];
		if (!value) {
			struct strbuf name = STRBUF_INIT;
			row_name(o, &name);
			versus_err_set(err, -EINVAL, NULL, 0, 0,
				       "%s needs a value", name.buf);
			strbuf_release(&name);
			return -EINVAL;
		}
		return apply(o, value, notes, err);
	}
	return 0;
}

int opt_parse(const struct opt *opts, int argc, char **argv, int flags,
	      struct strvec *args, struct strvec *notes, struct versus_err *err)
{
	struct rows r = {0};
	rows_add(&r, opts);
	int rc = 0;
	bool options_over = false;
	for (int i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];
		if (options_over || a[0] != '-' || !a[1]) {
			strvec_push(args, a);
			if (flags & OPT_STOP_AT_ARG)
				options_over = true;
		} else if (!strcmp(a, "--")) {
			options_over = true;
		} else if (a[1] == '-') {
			rc = parse_long(&r, a + 2, argc, argv, &i, notes, err);
		} else {
			rc = parse_short(&r, a + 1, argc, argv, &i, notes, err);
		}
	}
	free(r.v);
	return rc;
}

/* Append text to out, wrapped at HELP_WIDTH, continuation lines indented
 * to col; out's current line is col wide. '\n' breaks a line. */
static void add_wrapped(struct strbuf *out, const char *text, size_t col)
{
	size_t at = col;
	for (const char *p = text; *p;) {
		if (*p == '\n') {
			strbuf_addf(out, "\n%*s", (int)col, "");
			at = col;
			p++;
			/* leading spaces of the new line are kept */
			while (*p == ' ') {
				strbuf_addch(out, ' ');
				at++;
				p++;
			}
			continue;
		}
		size_t word = strcspn(p, " \n");
		if (at > col && at + 1 + word >= HELP_WIDTH) {
			strbuf_addf(out, "\n%*s", (int)col, "");
			at = col;
		} else if (at > col && p > text && p[-1] == ' ') {
			strbuf_addch(out, ' ');
			at++;
		}
		strbuf_add(out, p, word);
		at += word;
		p += word;
		while (*p == ' ')
			p++;
	}
}

static void help_row(const struct rows *r, const struct opt *o,
		     struct strbuf *out)
{
	struct strbuf left = STRBUF_INIT, text = STRBUF_INIT;
	if (o->short_name)
		strbuf_addf(&left, "  -%c%s", o->short_name,
			    o->name ? ", " : "");
	else
		strbuf_addstr(&left, "      ");
	if (o->name)
		strbuf_addf(&left, "--%s", o->name);
	if (o->arg && o->implied)
		strbuf_addf(&left, "[=%s]", o->arg);
	else if (o->arg)
		strbuf_addf(&left, " %s", o->arg);
	if (o->help)
		strbuf_addstr(&text, o->help);
	if (o->type == OPT_TYPE_ALIAS && !o->help) {
		const struct opt *to = resolve(r, o);
		strbuf_addf(&text, "same as --%s%s%s", to ? to->name : "?",
			    o->value ? "=" : "", o->value ? o->value : "");
	}
	if (o->def)
		strbuf_addf(&text, "%s(default %s)", text.len ? " " : "",
			    o->def);
	strbuf_addstr(out, left.buf);
	if (left.len + 2 > HELP_COLUMN)
		strbuf_addf(out, "\n%*s", HELP_COLUMN, "");
	else
		strbuf_addf(out, "%*s", (int)(HELP_COLUMN - left.len), "");
	add_wrapped(out, text.buf, HELP_COLUMN);
	strbuf_addch(out, '\n');
	strbuf_release(&left);
	strbuf_release(&text);
}

void opt_help(const struct opt *opts, struct strbuf *out)
{
	struct rows r = {0};
	rows_add(&r, opts);
	for (size_t i = 0; i < r.nr; i++) {
		const struct opt *o = r.v[i];
		if (o->type == OPT_TYPE_GROUP) {
			if (i)
				strbuf_addch(out, '\n');
			strbuf_addf(out, "%s\n", o->help);
		} else if (!(o->type == OPT_TYPE_ALIAS && o->removed_in) &&
			   !o->hidden) {
			help_row(&r, o, out);
		}
	}
	free(r.v);
}

int opt_split_list(const char *s, char **name, struct strvec *values,
		   struct strbuf *why)
{
	const char *eq = strchr(s, '=');
	if (!eq || eq == s || !eq[1]) {
		strbuf_addf(why, "expected NAME=VALUE[,VALUE...], not '%s'", s);
		return -EINVAL;
	}
	struct strvec got = STRVEC_INIT;
	for (const char *v = eq + 1;;) {
		size_t n = strcspn(v, ",");
		if (!n) {
			strbuf_addf(why, "empty value in '%s'", s);
			strvec_clear(&got);
			return -EINVAL;
		}
		strvec_push_owned(&got, xstrndup(v, n));
		if (!v[n])
			break;
		v += n + 1;
	}
	for (size_t i = 0; i < got.nr; i++)
		strvec_push(values, got.v[i]);
	*name = xstrndup(s, (size_t)(eq - s));
	int nr = (int)got.nr;
	strvec_clear(&got);
	return nr;
}

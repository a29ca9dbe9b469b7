/*
 * opt.h: the option parser of every versus command (after git's
 * parse-options). A command declares a table of struct opt, one row per
 * option: long name, short letter, value name, help text, default shown in
 * --help, and where the value goes. opt_parse() reads argv against the
 * table; opt_help() writes the option part of --help from the same table,
 * so the two cannot drift apart, and opt_rows() hands the rows to the
 * generators of the man page and the shell completions (cli/doc.c).
 *
 * Accepted: "--name VALUE", "--name=VALUE", a unique prefix of a long name
 * ("--no-prog"), "-n VALUE", "-nVALUE", clustered flags ("-qv"), options
 * among positional arguments, "--" (everything after it is positional) and
 * "-" (a positional argument). Nothing here prints: errors come back in a
 * struct versus_err, deprecation notes in a strvec.
 */
#ifndef VERSUS_OPT_H
#define VERSUS_OPT_H

#include <stdbool.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

enum opt_type {
	OPT_TYPE_END,	   /* ends a table: {0} */
	OPT_TYPE_GROUP,	   /* a heading in --help (.help), no option */
	OPT_TYPE_INCLUDE,  /* the rows of another table (.table), in place */
	OPT_TYPE_HELP,	   /* --help: opt_parse() returns OPT_HELP_ASKED */
	OPT_TYPE_FLAG,	   /* bool *: set to true */
	OPT_TYPE_STRING,   /* const char **: the value, borrowed from argv */
	OPT_TYPE_INT,	   /* int *: a whole number in [min, max] */
	OPT_TYPE_CHOICE,   /* int *: the value of one of .choices */
	OPT_TYPE_CALLBACK, /* .fn decides; a flag when .arg is NULL */
	OPT_TYPE_ALIAS,	   /* another name of .alias_of (maybe with .value) */
};

/* One accepted value of an OPT_TYPE_CHOICE option; {0} ends a list. */
struct opt_choice {
	const char *name;
	int value;
	/* An old name, accepted with a note, not shown: the release that
	 * drops it ("0.3"); NULL for a current name. */
	const char *removed_in;
	bool hidden; /* a synonym accepted silently, not listed */
};

/* Rows of a choice list: a current name, an old one, a silent synonym. */
#define OPT_VALUE(n, v)                                                        \
	{                                                                      \
		.name = (n), .value = (v)                                      \
	}
#define OPT_OLD_VALUE(n, v, removed)                                           \
	{                                                                      \
		.name = (n), .value = (v), .removed_in = (removed)             \
	}
#define OPT_SYNONYM(n, v)                                                      \
	{                                                                      \
		.name = (n), .value = (v), .hidden = true                      \
	}

struct opt;
/*
 * Take value (NULL for a flag) for o. Returns 0, or a negative errno with
 * why set to what was expected, e.g. "expected K=V, not 'x'".
 */
typedef int opt_fn(const struct opt *o, const char *value, struct strbuf *why);

struct opt {
	enum opt_type type;
	const char *name; /* long name without "--"; NULL: short only */
	char short_name;  /* 0: none */
	const char *arg;  /* the value's name in --help; NULL: no value */
	const char *help; /* one paragraph; '\n' breaks a line */
	const char *def;  /* the default, shown in --help; NULL: none */
	void *ptr;	  /* where the value goes (see enum opt_type) */
	const struct opt *table;	  /* OPT_TYPE_INCLUDE */
	long long min, max;		  /* OPT_TYPE_INT */
	const struct opt_choice *choices; /* OPT_TYPE_CHOICE */
	/* OPT_TYPE_CHOICE: only the choices whose value v has bit 1 << v set
	 * here are accepted and listed; 0: all of them. */
	unsigned long long choice_mask;
	/* OPT_TYPE_CHOICE: the value of a bare "--name" (no "=VALUE"); NULL:
	 * the value is required and may be the next argument. */
	const char *implied;
	opt_fn *fn;	      /* OPT_TYPE_CALLBACK */
	const char *alias_of; /* OPT_TYPE_ALIAS: the long name it stands for */
	const char *value;    /* OPT_TYPE_ALIAS: a value it implies, or NULL */
	const char *removed_in; /* OPT_TYPE_ALIAS: an old name dropped then */
	/* Not for people (a tool's interface): taken only by its exact long
	 * name, never listed, suggested or made a prefix of. */
	bool hidden;
};

/*
 * Row makers, used as `{OPT_INT('j', "jobs", &jobs, "N", 1, 64), .help =
 * "...", .def = "..."}`. The pointer's type is checked at compile time.
 */
#define OPT_PTR_(p, type)  (0 ? (type)0 : (p))
#define OPT_GROUP(heading) .type = OPT_TYPE_GROUP, .help = (heading)
#define OPT_INCLUDE(t)	   .type = OPT_TYPE_INCLUDE, .table = (t)
#define OPT_HELP(s, l)	   .type = OPT_TYPE_HELP, .short_name = (s), .name = (l)
#define OPT_FLAG(s, l, p)                                                      \
	.type = OPT_TYPE_FLAG, .short_name = (s), .name = (l),                 \
	.ptr = OPT_PTR_(p, bool *)
#define OPT_STRING(s, l, p, a)                                                 \
	.type = OPT_TYPE_STRING, .short_name = (s), .name = (l), .arg = (a),   \
	.ptr = OPT_PTR_(p, const char **)
#define OPT_INT(s, l, p, a, lo, hi)                                            \
	.type = OPT_TYPE_INT, .short_name = (s), .name = (l), .arg = (a),      \
	.ptr = OPT_PTR_(p, int *), .min = (lo), .max = (hi)
#define OPT_CHOICE(s, l, p, a, c)                                              \
	.type = OPT_TYPE_CHOICE, .short_name = (s), .name = (l), .arg = (a),   \
	.ptr = OPT_PTR_(p, int *), .choices = (c)
#define OPT_CALLBACK(s, l, p, a, f)                                            \
	.type = OPT_TYPE_CALLBACK, .short_name = (s), .name = (l), .arg = (a), \
	.ptr = (p), .fn = (f)
#define OPT_ALIAS(l, target, v, removed)                                       \
	.type = OPT_TYPE_ALIAS, .name = (l), .alias_of = (target),             \
	.value = (v), .removed_in = (removed)

/* opt_parse() flags. */
enum {
	/* The first positional argument ends the options: it and everything
	 * after it are positional (a command line to run, a subcommand). */
	OPT_STOP_AT_ARG = 1,
};

/* opt_parse() returns this when --help was given (nothing after it is
 * read). */
#define OPT_HELP_ASKED 1

/*
 * Parse argv[1..argc) against opts, storing values as each row says and
 * appending the positional arguments (copies) to args, in order. A use of
 * an old name appends one line to notes (may be NULL): "--build-dir is now
 * --build-root; the old name goes in 0.3". Returns 0, OPT_HELP_ASKED, or
 * -EINVAL with err->message saying what is wrong: "--runs: expected a
 * whole number from 1 to 100000, not 'x'", "unknown option '--frob'; did
 * you mean '--format'?", "--size needs a value". Values stored before an
 * error stay stored.
 */
int opt_parse(const struct opt *opts, int argc, char **argv, int flags,
	      struct strvec *args, struct strvec *notes,
	      struct versus_err *err);

/*
 * Append the option part of --help for opts to out: group headings, then
 * one row per option ("  -o, --output DIR        help (default X)"),
 * wrapped to 80 columns. Old names are left out.
 */
void opt_help(const struct opt *opts, struct strbuf *out);

/*
 * The rows of opts with its includes expanded, in order, for generating
 * documentation (a man page, shell completions) from the same table as
 * --help. *rows is set to an array the caller frees; the rows in it are
 * borrowed from opts. Returns how many.
 */
size_t opt_rows(const struct opt *opts, const struct opt ***rows);

/* Whether --help lists choice c of an option whose choice_mask is mask:
 * current, not a hidden synonym, in the mask. */
bool opt_choice_listed(const struct opt_choice *c, unsigned long long mask);

/* "a, b or c": the current names of choices in mask (0: all), for
 * messages and help. */
void opt_choice_list(const struct opt_choice *choices, unsigned long long mask,
		     struct strbuf *out);

/*
 * Split an option value "NAME=V1,V2,..." (--param K=V1,V2 of run,
 * -L NAME=V1,V2 of bench): *name gets NAME (caller frees), values the
 * values (appended). Returns the number of values (>= 1), or -EINVAL with
 * the reason in why for a missing or empty NAME or an empty value.
 */
int opt_split_list(const char *s, char **name, struct strvec *values,
		   struct strbuf *why);

#endif

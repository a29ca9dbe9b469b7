/*
 * err.h: operational errors (tier 2 of STYLE.md). A function that can fail
 * for reasons outside the program's control returns a negative errno-style
 * code and, when given one, fills a struct versus_err. Code that must report
 * every problem it finds (manifest and recipe loading) appends to a
 * struct versus_errs instead of stopping at the first.
 *
 * Messages are lower-case, without a final period, names in quotes.
 */
#ifndef VERSUS_ERR_H
#define VERSUS_ERR_H

#include <stddef.h>
#include <stdio.h>

#define VERSUS_ERR_PATH_MAX 1024
#define VERSUS_ERR_MSG_MAX  512

struct versus_err {
	int code;   /* negative errno-style code; 0 when no error is set */
	int line;   /* 1-based; 0 when there is no location */
	int column; /* 1-based; 0 when unknown */
	char file[VERSUS_ERR_PATH_MAX]; /* empty when there is no file */
	char message[VERSUS_ERR_MSG_MAX];
};

/*
 * Fill err (which may be NULL) and return code, so callers can write
 * `return versus_err_set(err, -EINVAL, path, 0, 0, "...")`. file may be NULL.
 */
int versus_err_set(struct versus_err *err, int code, const char *file, int line,
		   int column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Print "versus: FILE:LINE:COL: message" (parts that are unset omitted). */
void versus_err_print(const struct versus_err *err, FILE *out);

/* An ordered list of errors, all of which are reported. */
struct versus_errs {
	struct versus_err *items;
	size_t nr, alloc;
};

#define VERSUS_ERRS_INIT                                                       \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append one error; returns code (see versus_err_set). */
int versus_errs_add(struct versus_errs *errs, int code, const char *file,
		    int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Append a copy of err. */
void versus_errs_push(struct versus_errs *errs, const struct versus_err *err);
/* Print every error, one line each, in order. */
void versus_errs_print(const struct versus_errs *errs, FILE *out);
/* Free the list; accepts NULL. */
void versus_errs_release(struct versus_errs *errs);

#endif

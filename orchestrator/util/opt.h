/*
 * opt.h: the small option scanner of the commands that take options in any
 * order among their paths (report, compare): "--opt VALUE", "--opt=VALUE"
 * and a short form "-o VALUE".
 */
#ifndef VERSUS_OPT_H
#define VERSUS_OPT_H

#include <stdbool.h>

/*
 * If argv[*i] is option lng (or shrt, which may be NULL), return its value
 * (borrowed; "" when the value is missing) and advance *i past a separate
 * value; otherwise return NULL.
 */
const char *opt_value(int argc, char **argv, int *i, const char *lng,
		      const char *shrt);
/* Whether a is option lng, shrt, or "lng=...". */
bool opt_is(const char *a, const char *lng, const char *shrt);

#endif

/*
 * json_value.h: the JSON values every JSON output of versus builds its
 * optional fields from (report, compare, and the cli's check and
 * toolchains), so "absent" is written the same way everywhere: null.
 */
#ifndef VERSUS_JSON_VALUE_H
#define VERSUS_JSON_VALUE_H

#include <jansson.h>

/* A JSON string of s, or null when s is NULL. New reference. */
json_t *json_string_or_null(const char *s);
/* A JSON real of v, or null when v is NaN or infinite. New reference. */
json_t *json_real_or_null(double v);

#endif

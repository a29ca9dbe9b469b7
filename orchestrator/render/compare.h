/*
 * compare.h: a comparison of two result sets (analysis/compare.h) as a
 * terminal table, Markdown or JSON, for `versus compare`.
 */
#ifndef VERSUS_RENDER_COMPARE_H
#define VERSUS_RENDER_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/compare.h"
#include "render/format.h"

/*
 * Render res as REPORT_TABLE (color: ANSI colour; width: display columns
 * a line may use, 0 for no limit), REPORT_MD or REPORT_JSON. Returns 0,
 * -EINVAL for another format, or -EIO.
 */
int compare_render(const struct compare_result *res, enum report_format fmt,
		   bool color, size_t width, FILE *out);

#endif

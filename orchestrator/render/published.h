/*
 * published.h: the verdict of a run against the published figures its
 * manifest carries (analysis/verdict.h), in every report format: a
 * section under the workload's own table. Each function renders nothing
 * for a record without a published section.
 */
#ifndef VERSUS_RENDER_PUBLISHED_H
#define VERSUS_RENDER_PUBLISHED_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"
#include "util/strbuf.h"

/* The terminal text (colour when color, width 0: no limit). */
void published_render_text(const struct result_file *rf, bool color,
			   size_t width, struct strbuf *sb);
/* Markdown. */
void published_render_md(const struct result_file *rf, struct strbuf *sb);
/* The JSON object of the verdict (new reference), or NULL for none. */
json_t *published_json(const struct result_file *rf);
/* An HTML section with the log-scale chart of measured vs published. */
void published_render_html(const struct result_file *rf, struct strbuf *sb);

#endif

/*
 * fuzz_results.c: libFuzzer target for the result file reader, writer and
 * what consumes them. Any input must either load, and then be written and
 * read back to the same text, render in every report format and compare
 * with itself without a crash, a hang or a leak, or produce one one-line
 * error naming the file. Seeds live in
 * tests/fuzz/corpus/results/ (small real result files and edits of them).
 *
 *   cmake -B build-fuzz -DCMAKE_C_COMPILER=clang -DVERSUS_FUZZ=ON \
 *         -DVERSUS_SANITIZE=ON && cmake --build build-fuzz -t fuzz_results
 *   build-fuzz/tests/fuzz_results -max_total_time=600 \
 *         tests/fuzz/corpus/results
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare.h"
#include "render/report.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum report_format formats[] = {
		REPORT_TABLE, REPORT_MD,  REPORT_CSV,		REPORT_JSON,
		REPORT_HTML,  REPORT_BMF, REPORT_GITHUB_ACTION,
	};
	struct result_file *rf;
	struct versus_err err = {0};
	int rc = result_file_load_buffer("fuzz.json", (const char *)data, size,
					 &rf, &err);
	if (rc < 0) {
		if (!err.message[0] || strcmp(err.file, "fuzz.json") ||
		    strchr(err.message, '\n'))
			abort(); /* a refusal must say why, in one line */
		return 0;
	}
	/* What was read is written, and what is written reads back and is
	 * written again the same, byte for byte. */
	char *text = result_file_text(rf);
	if (!text)
		abort();
	if (strlen(text) <= RESULT_FILE_MAX_BYTES) {
		struct result_file *back;
		if (result_file_load_buffer("fuzz.json", text, strlen(text),
					    &back, &err) < 0)
			abort();
		char *again = result_file_text(back);
		if (!again || strcmp(text, again))
			abort();
		free(again);
		result_file_free(back);
	}
	free(text);

	const struct result_file *files[2] = {rf, rf};
	struct report_options ro = {.color = true};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		report_render(files, 1, NULL, formats[i], &ro, sink());
	/* The suite summary (its bootstrap is the slow part) once per
	 * renderer family: text and the model every export shares. */
	report_render(files, 2, NULL, REPORT_TABLE, &ro, sink());
	report_render(files, 2, NULL, REPORT_HTML, &ro, sink());
	/* Narrow: every wrapping and dropping path of render/table.c. */
	report_render_workload(rf, REPORT_TABLE, true, 40, REPORT_TIME_AUTO,
			       sink());

	struct compare_options co = {0.05, 0.05, true};
	struct compare_result res;
	compare_result_init(&res);
	compare_files(rf, rf, &co, &res);
	compare_finish(&res);
	compare_render(&res, REPORT_TABLE, true, 0, sink());
	compare_render(&res, REPORT_TABLE, false, 40, sink());
	compare_render(&res, REPORT_MD, false, 0, sink());
	compare_render(&res, REPORT_JSON, false, 0, sink());
	compare_result_release(&res);
	result_file_free(rf);
	return 0;
}

/*
 * fuzz_merge.c: libFuzzer target for versus merge's reader and the merge
 * itself. Any input must either be refused with one one-line error naming
 * the file, or merge; then the merge document, merged again alone, must
 * give the same bytes (merge(x) = x for a merge document) without a crash,
 * a hang or a leak. Seeds live in tests/fuzz/corpus/merge/ (a merge
 * document) and tests/fuzz/corpus/results/ (result files).
 *
 *   cmake -B build-fuzz -DCMAKE_C_COMPILER=clang -DVERSUS_FUZZ=ON \
 *         -DVERSUS_SANITIZE=ON && cmake --build build-fuzz -t fuzz_merge
 *   build-fuzz/tests/fuzz_merge -max_total_time=600 \
 *         tests/fuzz/corpus/merge tests/fuzz/corpus/results
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "merge/merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The merge of one document, or NULL when it is refused. */
static char *merge_one(const char *data, size_t size)
{
	struct merge_inputs in = MERGE_INPUTS_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct versus_err err = {0};
	struct merge_options o = {.versus_version = "fuzz"};
	struct merge_result res;
	char *text = NULL;

	if (merge_inputs_add_buffer(&in, "fuzz.json", data, size, &err) < 0) {
		if (!err.message[0] || strcmp(err.file, "fuzz.json") ||
		    strchr(err.message, '\n'))
			abort(); /* a refusal must say why, in one line */
	} else if (merge_run(&in, &o, &res, &errs) == 0) {
		text = res.text;
		res.text = NULL;
		merge_result_release(&res);
	} else if (!errs.nr) {
		abort(); /* a refused merge says why */
	}
	versus_errs_release(&errs);
	merge_inputs_release(&in);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *doc = merge_one((const char *)data, size);
	if (!doc)
		return 0;
	char *again = merge_one(doc, strlen(doc));
	if (!again || strcmp(doc, again))
		abort(); /* merge(merge(x)) = merge(x) */
	free(again);
	free(doc);
	return 0;
}

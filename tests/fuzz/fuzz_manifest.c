/*
 * fuzz_manifest.c: libFuzzer target for the manifest loader. Any input
 * must either load (and release cleanly) or produce at least one located,
 * one-line error; never a crash, a hang or a leak. Seeds live in
 * tests/fuzz/corpus/manifest/. Run it from the top of the source tree: the
 * input is named tests/data/manifests/valid/fuzz.yaml, so the seeds'
 * relative paths (../../src/hello.c) resolve and valid inputs load fully.
 *
 *   cmake -B build-fuzz -DCMAKE_C_COMPILER=clang -DVERSUS_FUZZ=ON \
 *         -DVERSUS_SANITIZE=ON && cmake --build build-fuzz -t fuzz_manifest
 *   build-fuzz/tests/fuzz_manifest -max_total_time=300 \
 *         tests/fuzz/corpus/manifest
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	int rc = manifest_load_buffer("tests/data/manifests/valid/fuzz.yaml",
				      (const char *)data, size, &m, &errs);
	if (rc == 0) {
		struct strvec out = STRVEC_INIT;
		manifest_expand_args(&m.args, &m.params, &out, NULL);
		strvec_clear(&out);
		manifest_release(&m);
	} else {
		if (errs.nr == 0)
			abort(); /* a failure must say why */
		for (size_t i = 0; i < errs.nr; i++)
			if (errs.items[i].line < 1 ||
			    errs.items[i].column < 1 ||
			    strchr(errs.items[i].message, '\n'))
				abort();
	}
	versus_errs_release(&errs);
	return 0;
}

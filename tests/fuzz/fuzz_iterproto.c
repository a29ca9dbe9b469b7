/*
 * fuzz_iterproto.c: libFuzzer target for the iteration protocol's reader.
 * The first input byte picks the iteration count (1-4, so the byte bound
 * of 1-4 iterations is within reach), the second how the rest is cut into
 * chunks. The rest is fed three ways: in one chunk, byte by byte and in
 * pseudo-random chunks; all three must give the same violation (rule,
 * line, offset, message), the same stored iterations and metrics and the
 * same hook calls. A clean stream must also agree with a naive reading of
 * its iter lines; a violation must be located and one line. Never a crash,
 * a hang or a leak. Seeds live in tests/fuzz/corpus/iterproto/.
 *
 *   cmake -B build-fuzz -DCMAKE_C_COMPILER=clang -DVERSUS_FUZZ=ON \
 *         -DVERSUS_SANITIZE=ON && cmake --build build-fuzz -t fuzz_iterproto
 *   build-fuzz/tests/fuzz_iterproto -max_total_time=600 \
 *         tests/fuzz/corpus/iterproto
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/iterproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOOK_MAX 8

struct outcome {
	struct iterproto_violation v;
	int feed_rc, finish_rc;
	uint64_t lines, bytes, start;
	bool has_start;
	uint32_t count;
	uint64_t ns[4];
	size_t names;
	char name[ITERPROTO_METRICS_MAX][ITERPROTO_NAME_MAX + 1];
	char unit[ITERPROTO_METRICS_MAX][ITERPROTO_UNIT_MAX + 1];
	double value[ITERPROTO_METRICS_MAX][4];
	bool present[ITERPROTO_METRICS_MAX][4];
	uint32_t hooks;
	uint32_t hook_index[HOOK_MAX];
	uint64_t hook_ns[HOOK_MAX];
};

static void hook(void *data, uint32_t index, uint64_t ns)
{
	struct outcome *o = data;
	if (o->hooks < HOOK_MAX) {
		o->hook_index[o->hooks] = index;
		o->hook_ns[o->hooks] = ns;
	}
	o->hooks++;
}

/* mode 0: one chunk; 1: byte by byte; 2: chunks from a small PRNG. */
static void parse(uint32_t n, const uint8_t *s, size_t len, int mode,
		  uint32_t seed, struct outcome *o)
{
	struct iterproto_opts opts = {
		.iterations = n, .on_iter = hook, .hook_data = o};
	struct iterproto *p;
	size_t at = 0;

	memset(o, 0, sizeof(*o));
	p = iterproto_new(&opts);
	if (!p)
		abort();
	while (at < len || (mode == 0 && at == 0)) {
		size_t chunk = len - at;
		if (mode == 1)
			chunk = 1;
		else if (mode == 2) {
			seed = seed * 1103515245u + 12345u;
			chunk = (seed >> 16) % 200; /* empty chunks too */
			if (chunk > len - at)
				chunk = len - at;
		}
		int rc = iterproto_feed(p, s + at, chunk);
		if (rc != 0 && rc != -EPROTO)
			abort();
		if (rc)
			o->feed_rc = rc;
		at += chunk;
		if (mode == 0)
			break;
	}
	o->finish_rc = iterproto_finish(p);
	if (iterproto_violation(p))
		o->v = *iterproto_violation(p);
	o->lines = iterproto_lines(p);
	o->bytes = iterproto_bytes(p);
	o->has_start = iterproto_start_ns(p, &o->start);
	o->count = iterproto_count(p);
	if (o->count > n)
		abort();
	memcpy(o->ns, iterproto_iter_ns(p), o->count * sizeof(uint64_t));
	o->names = iterproto_metric_names(p);
	if (o->names > ITERPROTO_METRICS_MAX)
		abort();
	for (size_t k = 0; k < o->names; k++) {
		snprintf(o->name[k], sizeof(o->name[k]), "%s",
			 iterproto_metric_name(p, k));
		snprintf(o->unit[k], sizeof(o->unit[k]), "%s",
			 iterproto_metric_unit(p, k));
		for (uint32_t i = 0; i < o->count; i++)
			o->present[k][i] =
				iterproto_metric(p, k, i, &o->value[k][i]);
	}
	iterproto_free(p);
}

static void check_same(const struct outcome *a, const struct outcome *b)
{
	if (a->v.rule != b->v.rule || a->v.line != b->v.line ||
	    a->v.offset != b->v.offset || strcmp(a->v.message, b->v.message) ||
	    a->finish_rc != b->finish_rc || a->lines != b->lines ||
	    a->bytes != b->bytes || a->has_start != b->has_start ||
	    a->start != b->start || a->count != b->count ||
	    memcmp(a->ns, b->ns, a->count * sizeof(uint64_t)) ||
	    a->names != b->names || a->hooks != b->hooks)
		abort();
	for (uint32_t i = 0; i < a->hooks && i < HOOK_MAX; i++)
		if (a->hook_index[i] != b->hook_index[i] ||
		    a->hook_ns[i] != b->hook_ns[i])
			abort();
	for (size_t k = 0; k < a->names; k++) {
		if (strcmp(a->name[k], b->name[k]) ||
		    strcmp(a->unit[k], b->unit[k]))
			abort();
		for (uint32_t i = 0; i < a->count; i++)
			if (a->present[k][i] != b->present[k][i] ||
			    (a->present[k][i] &&
			     memcmp(&a->value[k][i], &b->value[k][i],
				    sizeof(double))))
				abort();
	}
}

/* Properties of one outcome, against a naive reading of the bytes. */
static void check_alone(uint32_t n, const uint8_t *s, size_t len,
			const struct outcome *o)
{
	/* Every iteration read reached the hook, in order, once. */
	if (o->hooks != o->count)
		abort();
	for (uint32_t i = 0; i < o->hooks && i < HOOK_MAX; i++)
		if (o->hook_index[i] != i || o->hook_ns[i] != o->ns[i])
			abort();
	if (o->v.rule == ITERPROTO_OK) {
		uint32_t iters = 0;
		uint64_t newlines = 0;
		size_t begin = 0;
		if (o->finish_rc || o->feed_rc || o->count != n ||
		    o->bytes != len || (len && s[len - 1] != '\n'))
			abort();
		for (size_t i = 0; i < len; i++) {
			if (s[i] != '\n')
				continue;
			newlines++;
			if (i - begin + 1 > ITERPROTO_LINE_MAX)
				abort();
			if (i - begin > 5 && !memcmp(s + begin, "iter ", 5)) {
				char buf[ITERPROTO_LINE_MAX];
				memcpy(buf, s + begin + 5, i - begin - 5);
				buf[i - begin - 5] = '\0';
				if (iters >= n ||
				    strtoull(buf, NULL, 10) != o->ns[iters])
					abort();
				iters++;
			}
			begin = i + 1;
		}
		if (newlines != o->lines || iters != n)
			abort();
		return;
	}
	char head[40];
	snprintf(head, sizeof(head),
		 "line %llu: ", (unsigned long long)o->v.line);
	if (o->finish_rc != -EPROTO || o->v.rule >= ITERPROTO_RULES_NR ||
	    o->v.line != o->lines + 1 || o->v.offset > o->bytes ||
	    o->bytes > len || strncmp(o->v.message, head, strlen(head)) ||
	    strchr(o->v.message, '\n') ||
	    !strcmp(iterproto_rule_name(o->v.rule), "unknown"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct outcome whole, bytes, chunks;

	if (size < 2)
		return 0;
	uint32_t n = 1 + data[0] % 4;
	uint32_t seed = data[1];
	data += 2;
	size -= 2;
	parse(n, data, size, 0, seed, &whole);
	parse(n, data, size, 1, seed, &bytes);
	parse(n, data, size, 2, seed, &chunks);
	check_alone(n, data, size, &whole);
	check_same(&whole, &bytes);
	check_same(&whole, &chunks);
	return 0;
}

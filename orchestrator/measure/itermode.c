#include "measure/itermode.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

/* Called by iterproto_feed() at each valid iter line: sample the cgroup. */
static void on_iter(void *data, uint32_t index, uint64_t ns)
{
	struct iter_exec *ex = data;
	uint64_t cpu, mem;
	(void)ns;
	if (!ex->live || index >= ex->count ||
	    sandbox_live_sample(ex->live, &cpu, &mem))
		return;
	if (!ex->cg_cpu_ns) {
		ex->cg_cpu_ns = xmalloc(ex->count * sizeof(double));
		ex->cg_memory_bytes = xmalloc(ex->count * sizeof(double));
		for (uint32_t i = 0; i < ex->count; i++)
			ex->cg_cpu_ns[i] = ex->cg_memory_bytes[i] = NAN;
	}
	ex->cg_cpu_ns[index] = (double)cpu;
	ex->cg_memory_bytes[index] = (double)mem;
}

static void sink(void *data, const void *buf, size_t len,
		 const struct sandbox_live *live)
{
	struct iter_exec *ex = data;
	ex->live = live;
	iterproto_feed(ex->proto, buf, len);
	ex->live = NULL;
}

void iter_exec_begin(struct iter_exec *ex, uint32_t count, long inner,
		     int round, const char *const *base_env, struct strvec *env,
		     struct sandbox_spec *spec)
{
	memset(ex, 0, sizeof(*ex));
	ex->round = round;
	ex->count = count;
	ex->start_ns = NAN;
	ex->status = STATUS_OK;
	struct iterproto_opts o = {
		.iterations = count, .on_iter = on_iter, .hook_data = ex};
	ex->proto = iterproto_new(&o);
	if (!ex->proto)
		abort(); /* the manifest loader bounds count */
	strvec_clear(env);
	for (size_t i = 0; base_env && base_env[i]; i++)
		if (strncmp(base_env[i], "VERSUS_ITERATIONS=", 18) &&
		    strncmp(base_env[i], "VERSUS_ITER_FD=", 15) &&
		    strncmp(base_env[i], "VERSUS_ITER_INNER=", 18))
			strvec_push(env, base_env[i]);
	strvec_pushf(env, "VERSUS_ITERATIONS=%u", (unsigned)count);
	strvec_pushf(env, "VERSUS_ITER_FD=%d", ITERMODE_FD);
	strvec_pushf(env, "VERSUS_ITER_INNER=%ld", inner);
	spec->envp = (const char *const *)env->v;
	spec->pipe_sink = sink;
	spec->pipe_data = ex;
	/* iterproto's own bound (iterproto.h) plus one byte: the parser sees
	   the excess, and the sandbox stops the writer right after */
	spec->pipe_limit_bytes = (uint64_t)count * ITERPROTO_LINE_MAX *
					 (1 + ITERPROTO_METRICS_MAX) +
				 ITERPROTO_LINE_MAX + 1;
}

void iter_exec_end(struct iter_exec *ex, const struct sandbox_result *res,
		   enum impl_status run_status)
{
	iterproto_finish(ex->proto);
	uint64_t start;
	if (iterproto_start_ns(ex->proto, &start) && res->exec_monotonic_ns &&
	    start >= res->exec_monotonic_ns)
		ex->start_ns = (double)(start - res->exec_monotonic_ns);
	bool broken = iterproto_violation(ex->proto) != NULL;
	ex->status = run_status;
	if (broken && (run_status == STATUS_OK ||
		       (run_status == STATUS_OL && res->pipe_overflow)))
		ex->status = STATUS_PV;
}

char *iter_exec_violation(const struct iter_exec *ex)
{
	const struct iterproto_violation *v = iterproto_violation(ex->proto);
	if (ex->status != STATUS_PV || !v)
		return NULL;
	return xstrfmt("protocol violation (%s): %s",
		       iterproto_rule_name(v->rule), v->message);
}

void iter_exec_release(struct iter_exec *ex)
{
	if (!ex)
		return;
	iterproto_free(ex->proto);
	free(ex->cg_cpu_ns);
	free(ex->cg_memory_bytes);
	memset(ex, 0, sizeof(*ex));
}

#include "measure/schedule.h"

#include "util/banned.h"

const char *schedule_stop_name(enum schedule_stop stop)
{
	switch (stop) {
	case SCHEDULE_STOP_CI:
		return "target_ci";
	case SCHEDULE_STOP_MAX:
		return "max_runs";
	case SCHEDULE_STOP_BUDGET:
		return "time_budget";
	case SCHEDULE_STOP_FIXED:
		return "fixed_runs";
	case SCHEDULE_CONTINUE:
		break;
	}
	return NULL;
}

enum schedule_stop schedule_decide(const struct schedule_rules *rules,
				   const double *wall_ns, size_t n,
				   double spent_s, uint64_t seed)
{
	if (rules->fixed_runs > 0)
		return n >= (size_t)rules->fixed_runs ? SCHEDULE_STOP_FIXED
						      : SCHEDULE_CONTINUE;
	if (rules->max_runs > 0 && n >= (size_t)rules->max_runs)
		return SCHEDULE_STOP_MAX;
	if (n == 0)
		return SCHEDULE_CONTINUE;
	double next_s = stats_median(wall_ns, n) / 1e9;
	if (rules->time_budget_s > 0 && spent_s + next_s > rules->time_budget_s)
		return SCHEDULE_STOP_BUDGET;
	if (n < (size_t)(rules->min_runs > 1 ? rules->min_runs : 2))
		return SCHEDULE_CONTINUE;
	struct stats_summary s;
	stats_summarize(wall_ns, n, seed, &s);
	if (s.median > 0 &&
	    (s.ci_high - s.ci_low) / 2.0 <= rules->target_ci * s.median)
		return SCHEDULE_STOP_CI;
	return SCHEDULE_CONTINUE;
}

void schedule_shuffle(size_t *order, size_t n, struct stats_rng *rng)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)stats_rng_below(rng, i);
		size_t t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

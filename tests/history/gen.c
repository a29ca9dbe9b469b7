/* gen.c: see gen.h. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/stats.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/fs.h"

unsigned gen_workloads = 1;

static double gauss(struct stats_rng *rng)
{
	double u = ((double)(stats_rng_next(rng) >> 11) + 0.5) /
		   9007199254740992.0;
	double v = ((double)(stats_rng_next(rng) >> 11) + 0.5) /
		   9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void scale(struct result_summary *s, double f)
{
	s->median *= f;
	s->mean *= f;
	s->stddev *= f;
	s->mad *= f;
	s->min *= f;
	s->max *= f;
	s->q1 *= f;
	s->q3 *= f;
	s->ci_low *= f;
	s->ci_high *= f;
}

int gen_history(const char *template_path, const char *dir, size_t first,
		size_t n, const struct gen_step *steps, size_t steps_nr,
		double noise_sd, uint64_t seed)
{
	struct versus_err err = {0};
	struct result_file *tpl;
	int rc = result_file_load(template_path, &tpl, &err);
	if (rc < 0)
		return rc;
	if (fs_mkdir_p(dir) < 0) {
		result_file_free(tpl);
		return -EIO;
	}
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	for (size_t i = 0; i < first; i++)
		(void)gauss(&rng); /* the same noise as a longer history */
	for (size_t i = first; i < first + n && rc == 0; i++) {
		struct result_file *rf;
		char *text = result_file_text(tpl);
		rc = result_file_load_buffer("template", text, strlen(text),
					     &rf, &err);
		free(text);
		if (rc < 0)
			break;
		double f = 1 + noise_sd * gauss(&rng);
		for (size_t k = 0; k < steps_nr; k++)
			if (i >= steps[k].at)
				f *= steps[k].factor;
		for (size_t k = 0; k < rf->impls_nr; k++) {
			struct result_impl *im = &rf->impls[k];
			scale(&im->stats[RESULT_WALL], f);
			for (size_t j = 0; j < im->samples_nr; j++)
				im->samples[j].wall_ns *= f;
		}
		time_t t = (time_t)1780000000 + (time_t)i * 3600;
		struct tm tm;
		char when[32];
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		free(rf->revision);
		free(rf->revision_time);
		free(rf->revision_source);
		if (gen_workloads > 1) {
			char *id = xstrfmt("%s-%zu", rf->workload_id,
					   i % gen_workloads);
			free(rf->workload_id);
			rf->workload_id = id;
		}
		rf->revision = xstrfmt("rev-%05zu", i);
		rf->revision_time = xstrdup(when);
		rf->revision_source = xstrdup("git");
		free(rf->started_at);
		rf->started_at = xstrdup(when);
		text = result_file_text(rf);
		char *path =
			xstrfmt("%s/%s-%05zu.json", dir, rf->workload_id, i);
		FILE *fp = fopen(path, "w");
		if (!fp || fputs(text, fp) < 0)
			rc = -EIO;
		if (fp && fclose(fp) != 0)
			rc = -EIO;
		free(path);
		free(text);
		result_file_free(rf);
	}
	result_file_free(tpl);
	return rc;
}

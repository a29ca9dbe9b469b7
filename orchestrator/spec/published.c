/*
 * published.c: the `published:` section of a manifest (workloads/README.md,
 * "published"): where a published comparison comes from, its figures per
 * implementation (ratios, or absolute values versus turns into ratios),
 * optionally per size, how they aggregate and how close a rerun must
 * come. Every problem is reported at its line and column, and loading
 * goes on, so `versus check` lists them all.
 */
#include "spec/manifest_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/suggest.h"
#include "util/banned.h"

#define DEFAULT_TOLERANCE 1.5
/* Above any real ratio or tolerance; refuses typos such as 1e99. */
#define MAX_FIGURE 1e12

static const char *const published_keys[] = {
	"citation", "url",	"version",   "machine",	  "toolchains",
	"metric",   "baseline", "aggregate", "tolerance", "ratios",
	"values",   "sizes",	NULL,
};
static const char *const set_keys[] = {"ratios", "values", NULL};
static const char *const value_keys[] = {"value", "tolerance", "toolchain",
					 NULL};
static const char *const metric_names[] = {
	[PUBLISHED_WALL] = "wall",
	[PUBLISHED_CPU] = "cpu",
	[PUBLISHED_MEMORY] = "memory",
	NULL,
};
static const char *const aggregate_names[] = {
	[PUBLISHED_GEOMEAN] = "geomean",
	[PUBLISHED_SUM] = "sum",
	NULL,
};

const char *published_metric_name(enum published_metric metric)
{
	return metric_names[metric];
}

const char *published_aggregate_name(enum published_aggregate aggregate)
{
	return aggregate_names[aggregate];
}

/* The index of the word n holds in names, or -1 after a located error. */
static int get_word(struct ydoc *doc, const struct ynode *n, const char *what,
		    const char *const *names, const char *choices)
{
	char *word;
	int found = -1;
	if (ydoc_get_string(doc, n, what, &word))
		return -1;
	size_t nr = 0;
	for (; names[nr]; nr++)
		if (!strcmp(names[nr], word))
			found = (int)nr;
	if (found < 0) {
		const char *hint = suggest_closest(word, names, nr);
		ydoc_error(doc, n, "unknown %s '%s'%s%s%s; use %s", what, word,
			   hint ? " (did you mean '" : "", hint ? hint : "",
			   hint ? "'?)" : "", choices);
	}
	free(word);
	return found;
}

/* Report id at n when it names no implementation; true when it does. */
static bool check_impl(struct ydoc *doc, const struct ynode *n,
		       const struct manifest *m, const char *what)
{
	if (manifest_find_impl(m, n->value))
		return true;
	const char **ids = xcalloc(m->impls_nr + 1, sizeof(*ids));
	size_t nr = 0;
	for (size_t i = 0; i < m->impls_nr; i++)
		if (m->impls[i].id)
			ids[nr++] = m->impls[i].id;
	const char *hint = suggest_closest(n->value, ids, nr);
	ydoc_error(doc, n, "%s '%s' names no implementation%s%s%s", what,
		   n->value, hint ? "; did you mean '" : "", hint ? hint : "",
		   hint ? "'?" : "");
	free(ids);
	return false;
}

/* A tolerance factor: a plain number from 1 (exact) up. */
static int get_tolerance(struct ydoc *doc, const struct ynode *n,
			 const char *what, double *out)
{
	return ydoc_get_double(doc, n, what, 1, MAX_FIGURE, out);
}

/* One figure: a ratio, or a duration (wall, cpu) or size (memory). */
static int get_figure(struct ydoc *doc, const struct ynode *n, const char *what,
		      bool absolute, enum published_metric metric, double *out)
{
	if (absolute && metric == PUBLISHED_MEMORY) {
		unsigned long long bytes;
		if (ydoc_get_size(doc, n, what, &bytes))
			return -1;
		*out = (double)bytes;
		return 0;
	}
	if (absolute)
		return ydoc_get_duration(doc, n, what, out) ? -1 : 0;
	if (ydoc_get_double(doc, n, what, 0, MAX_FIGURE, out))
		return -1;
	if (!(*out > 0)) {
		ydoc_error(doc, n, "'%s' must be above 0, not %s", what,
			   n->value);
		return -1;
	}
	return 0;
}

/*
 * ratios: or values: of one set (where: "published" or
 * "published.sizes.NAME"), a mapping from implementation ids to a figure
 * or to {value, tolerance, toolchain}.
 */
static void load_set(struct ydoc *doc, const struct ynode *parent,
		     const char *where, struct manifest *m,
		     struct manifest_published_set *set)
{
	struct manifest_published *p = &m->published;
	const struct ynode *ratios = ydoc_map_get(parent, "ratios");
	const struct ynode *values = ydoc_map_get(parent, "values");
	const struct ynode *n = ratios ? ratios : values;
	char what[256];
	if (ratios && values) {
		ydoc_error(doc, values,
			   "'%s' has both 'ratios' and 'values': give the "
			   "published figures one way",
			   where);
		return;
	}
	if (!n) {
		ydoc_error(doc, parent,
			   "'%s' has no figures: give 'ratios' (to the "
			   "baseline) or 'values' (absolute)",
			   where);
		return;
	}
	set->absolute = n == values;
	snprintf(what, sizeof(what), "%s.%s", where,
		 set->absolute ? "values" : "ratios");
	if (ydoc_get_map(doc, n, what))
		return;
	if (n->nr == 0) {
		ydoc_error(doc, n, "'%s' is empty", what);
		return;
	}
	set->values = xcalloc(n->nr / 2 + 1, sizeof(*set->values));
	bool have_baseline = false;
	for (size_t i = 0; i + 1 < n->nr; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char sub[320];
		snprintf(sub, sizeof(sub), "%s.%s", what, k->value);
		bool known = check_impl(doc, k, m, "published figure");
		struct manifest_published_value pv = {
			.tolerance = NAN,
			.line = k->line,
			.column = k->column,
		};
		const struct ynode *fig = v;
		if (v->kind == YNODE_MAP) {
			char tsub[352];
			ydoc_check_keys(doc, v, value_keys, sub);
			fig = ydoc_require(doc, v, "value", sub);
			snprintf(tsub, sizeof(tsub), "%s.tolerance", sub);
			get_tolerance(doc, ydoc_map_get(v, "tolerance"), tsub,
				      &pv.tolerance);
			snprintf(tsub, sizeof(tsub), "%s.toolchain", sub);
			ydoc_get_string(doc, ydoc_map_get(v, "toolchain"), tsub,
					&pv.toolchain);
			snprintf(sub, sizeof(sub), "%s.%s.value", what,
				 k->value);
		}
		if (!fig ||
		    get_figure(doc, fig, sub, set->absolute, p->metric,
			       &pv.value) ||
		    !known) {
			free(pv.toolchain);
			continue;
		}
		if (p->baseline && !strcmp(k->value, p->baseline)) {
			have_baseline = true;
			if (!set->absolute && pv.value != 1) {
				ydoc_error(doc, fig,
					   "'%s' is the baseline's ratio to "
					   "itself: it must be 1, not %s",
					   sub, fig->value);
				free(pv.toolchain);
				continue;
			}
		}
		pv.id = xstrdup(k->value);
		set->values[set->values_nr++] = pv;
	}
	if (set->absolute && !have_baseline && p->baseline)
		ydoc_error(doc, n,
			   "'%s' has no value for the baseline '%s': ratios "
			   "are derived from it",
			   what, p->baseline);
}

static void load_sizes(struct ydoc *doc, const struct ynode *n,
		       struct manifest *m)
{
	struct manifest_published *p = &m->published;
	if (ydoc_get_map(doc, n, "published.sizes"))
		return;
	for (size_t i = 0; i + 1 < n->nr; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char where[256];
		snprintf(where, sizeof(where), "published.sizes.%s", k->value);
		if (!manifest_find_size(m, k->value)) {
			const char **names =
				xcalloc(m->sizes_nr + 1, sizeof(*names));
			for (size_t j = 0; j < m->sizes_nr; j++)
				names[j] = m->sizes[j].name;
			const char *hint =
				suggest_closest(k->value, names, m->sizes_nr);
			ydoc_error(doc, k,
				   "'%s': no size preset '%s' in 'sizes'%s%s%s",
				   where, k->value,
				   hint ? "; did you mean '" : "",
				   hint ? hint : "", hint ? "'?" : "");
			free(names);
			continue;
		}
		if (ydoc_get_map(doc, v, where))
			continue;
		ydoc_check_keys(doc, v, set_keys, where);
		struct manifest_published_set *set = &p->sets[p->sets_nr++];
		set->size = xstrdup(k->value);
		load_set(doc, v, where, m, set);
	}
}

void published_load(struct ydoc *doc, const struct ynode *n, struct manifest *m)
{
	struct manifest_published *p = &m->published;
	const struct ynode *v;
	int word;
	if (!n || ydoc_get_map(doc, n, "published"))
		return;
	p->present = true;
	p->metric = PUBLISHED_WALL;
	p->aggregate = PUBLISHED_GEOMEAN;
	p->tolerance = DEFAULT_TOLERANCE;
	ydoc_check_keys(doc, n, published_keys, "published");
	ydoc_get_string(doc, ydoc_require(doc, n, "citation", "published"),
			"published.citation", &p->citation);
	ydoc_get_string(doc, ydoc_map_get(n, "url"), "published.url", &p->url);
	ydoc_get_string(doc, ydoc_map_get(n, "version"), "published.version",
			&p->version);
	ydoc_get_string(doc, ydoc_map_get(n, "machine"), "published.machine",
			&p->machine);
	ydoc_get_string(doc, ydoc_map_get(n, "toolchains"),
			"published.toolchains", &p->toolchains);
	v = ydoc_map_get(n, "metric");
	if (v && (word = get_word(doc, v, "published.metric", metric_names,
				  "wall, cpu or memory")) >= 0)
		p->metric = (enum published_metric)word;
	v = ydoc_map_get(n, "aggregate");
	if (v &&
	    (word = get_word(doc, v, "published.aggregate", aggregate_names,
			     "geomean (geometric mean of the ratios) or "
			     "sum (ratio of the sums)")) >= 0)
		p->aggregate = (enum published_aggregate)word;
	get_tolerance(doc, ydoc_map_get(n, "tolerance"), "published.tolerance",
		      &p->tolerance);
	v = ydoc_map_get(n, "baseline");
	if (v) {
		if (!ydoc_get_string(doc, v, "published.baseline",
				     &p->baseline) &&
		    !check_impl(doc, v, m, "published.baseline")) {
			free(p->baseline);
			p->baseline = NULL;
		}
	} else if (m->baseline && manifest_find_impl(m, m->baseline)) {
		p->baseline = xstrdup(m->baseline);
	}

	const struct ynode *sizes = ydoc_map_get(n, "sizes");
	bool top = ydoc_map_get(n, "ratios") || ydoc_map_get(n, "values");
	p->sets = xcalloc((sizes ? sizes->nr / 2 : 0) + 2, sizeof(*p->sets));
	if (top || !sizes)
		load_set(doc, n, "published", m, &p->sets[p->sets_nr++]);
	if (sizes)
		load_sizes(doc, sizes, m);
}

void published_release(struct manifest_published *p)
{
	free(p->citation);
	free(p->url);
	free(p->version);
	free(p->machine);
	free(p->toolchains);
	free(p->baseline);
	for (size_t i = 0; i < p->sets_nr; i++) {
		struct manifest_published_set *s = &p->sets[i];
		free(s->size);
		for (size_t j = 0; j < s->values_nr; j++) {
			free(s->values[j].id);
			free(s->values[j].toolchain);
		}
		free(s->values);
	}
	free(p->sets);
	memset(p, 0, sizeof(*p));
}

const struct manifest_published_set *
manifest_published_for(const struct manifest *m, const char *size)
{
	const struct manifest_published *p = &m->published;
	const struct manifest_published_set *top = NULL;
	if (!p->present)
		return NULL;
	for (size_t i = 0; i < p->sets_nr; i++) {
		const struct manifest_published_set *s = &p->sets[i];
		if (!s->size)
			top = s;
		else if (size && !strcmp(s->size, size))
			return s;
	}
	return top && top->values_nr ? top : NULL;
}

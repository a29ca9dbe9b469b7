/*
 * binarytrees: allocate and walk perfect binary trees (Benchmarks Game
 * definition). Every node is its own malloc'd object, built bottom-up
 * (children before their parent) and freed node by node; min depth 4, a
 * stretch tree of depth max+1, one long-lived tree of depth max, and
 * 2^(max-d+4) trees at each depth d (step 2). check = number of nodes.
 * Plain malloc/free, no pool allocator; no deviation.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PROG "binarytrees"

#define MIN_DEPTH 4

struct node {
	struct node *left, *right;
};

/* Bottom-up: the children exist before their parent is allocated. */
static struct node *tree_new(int depth)
{
	struct node *left = NULL, *right = NULL;

	if (depth > 0) {
		left = tree_new(depth - 1);
		right = tree_new(depth - 1);
	}
	struct node *n = malloc(sizeof(*n));
	if (!n) {
		fputs(PROG ": out of memory\n", stderr);
		exit(1);
	}
	n->left = left;
	n->right = right;
	return n;
}

static long tree_check(const struct node *n)
{
	if (!n->left)
		return 1;
	return 1 + tree_check(n->left) + tree_check(n->right);
}

static void tree_free(struct node *n)
{
	if (n->left) {
		tree_free(n->left);
		tree_free(n->right);
	}
	free(n);
}

/* What a run prints: the checks, one per line of output. */
struct result {
	long stretch;
	long *checks; /* one per depth MIN_DEPTH, MIN_DEPTH + 2, ... max */
	long long_lived;
};

/* One full run up to max_depth, its checks in *r. */
static void run(int max_depth, struct result *r)
{
	struct node *stretch = tree_new(max_depth + 1);
	r->stretch = tree_check(stretch);
	tree_free(stretch);

	struct node *long_lived = tree_new(max_depth);
	for (int depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
		long iterations = 1L << (max_depth - depth + MIN_DEPTH);
		long check = 0;
		for (long i = 0; i < iterations; i++) {
			struct node *t = tree_new(depth);
			check += tree_check(t);
			tree_free(t);
		}
		r->checks[(depth - MIN_DEPTH) / 2] = check;
	}
	r->long_lived = tree_check(long_lived);
	tree_free(long_lived);
}

/*
 * Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
 * and VERSUS_ITER_FD=K set, the workload runs N times in this process;
 * fd K gets "start <ns>" (CLOCK_MONOTONIC when main began) and, after each
 * iteration (VERSUS_ITER_INNER runs, 1 by default) and outside its timed
 * region, "iter <ns>". The output is printed
 * once, after the last run. Without the variables: one run, no protocol.
 */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The decimal value of environment variable name, in [lo, hi], or exit. */
static long env_long(const char *name, long lo, long hi)
{
	const char *s = getenv(name);
	char *end = NULL;
	long v = -1;

	if (s && *s >= '0' && *s <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end)
			v = -1;
	}
	if (v < lo || v > hi) {
		fprintf(stderr, PROG ": %s must be a number in %ld..%ld\n",
			name, lo, hi);
		exit(2);
	}
	return v;
}

/* Iterations asked for, and their fd in *fd; 0 in one-shot mode. */
static long iter_mode(int *fd)
{
	if (!getenv("VERSUS_ITERATIONS") && !getenv("VERSUS_ITER_FD"))
		return 0;
	*fd = (int)env_long("VERSUS_ITER_FD", 3, INT_MAX);
	return env_long("VERSUS_ITERATIONS", 1, 1000000);
}

/* Repetitions of the workload in one iteration: VERSUS_ITER_INNER, 1
 * when unset (docs/iterations.md, "Inner repetitions"). */
static long iter_inner(void)
{
	if (!getenv("VERSUS_ITER_INNER"))
		return 1;
	return env_long("VERSUS_ITER_INNER", 1, 1000000000);
}

static void iter_line(int fd, const char *kind, long long ns)
{
	char line[48];
	int len = snprintf(line, sizeof(line), "%s %lld\n", kind, ns);

	if (write(fd, line, (size_t)len) != len) {
		perror(PROG ": iteration fd");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long long start = now_ns();
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 10;
	int max_depth = n > MIN_DEPTH + 2 ? n : MIN_DEPTH + 2;
	int depths = (max_depth - MIN_DEPTH) / 2 + 1;
	int fd = -1;
	long iterations = iter_mode(&fd);
	/* Read anew by every run: the compiler cannot merge or hoist runs. */
	volatile int max_depth_v = max_depth;
	struct result r = {0}, last = {0};

	r.checks = calloc(depths, sizeof(*r.checks));
	last.checks = calloc(depths, sizeof(*last.checks));
	if (!r.checks || !last.checks) {
		fputs(PROG ": out of memory\n", stderr);
		return 1;
	}
	if (iterations > 0)
		iter_line(fd, "start", start);
	long inner = iterations > 0 ? iter_inner() : 1;
	for (long i = 0; i < (iterations > 0 ? iterations : 1); i++) {
		long long t0 = now_ns();
		for (long k = 0; k < inner; k++)
			run(max_depth_v, &r);
		long long t1 = now_ns();
		int same = r.stretch == last.stretch &&
			   r.long_lived == last.long_lived;

		for (int d = 0; d < depths; d++) {
			same = same && r.checks[d] == last.checks[d];
			last.checks[d] = r.checks[d];
		}
		if (i > 0 && !same) {
			fputs(PROG ": runs gave different results\n", stderr);
			return 1;
		}
		last.stretch = r.stretch;
		last.long_lived = r.long_lived;
		if (iterations > 0)
			iter_line(fd, "iter", t1 - t0);
	}
	printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1,
	       r.stretch);
	for (int depth = MIN_DEPTH; depth <= max_depth; depth += 2)
		printf("%ld\t trees of depth %d\t check: %ld\n",
		       1L << (max_depth - depth + MIN_DEPTH), depth,
		       r.checks[(depth - MIN_DEPTH) / 2]);
	printf("long lived tree of depth %d\t check: %ld\n", max_depth,
	       r.long_lived);
	free(r.checks);
	free(last.checks);
	return 0;
}

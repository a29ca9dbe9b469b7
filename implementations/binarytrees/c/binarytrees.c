/*
 * binarytrees: allocate and walk perfect binary trees (Benchmarks Game
 * definition). Every node is its own malloc'd object, built bottom-up
 * (children before their parent) and freed node by node; min depth 4, a
 * stretch tree of depth max+1, one long-lived tree of depth max, and
 * 2^(max-d+4) trees at each depth d (step 2). check = number of nodes.
 * Plain malloc/free, no pool allocator; no deviation.
 */
#include <stdio.h>
#include <stdlib.h>

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
		fputs("binarytrees: out of memory\n", stderr);
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

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 10;
	int max_depth = n > MIN_DEPTH + 2 ? n : MIN_DEPTH + 2;

	struct node *stretch = tree_new(max_depth + 1);
	printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1,
	       tree_check(stretch));
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
		printf("%ld\t trees of depth %d\t check: %ld\n", iterations,
		       depth, check);
	}
	printf("long lived tree of depth %d\t check: %ld\n", max_depth,
	       tree_check(long_lived));
	tree_free(long_lived);
	return 0;
}

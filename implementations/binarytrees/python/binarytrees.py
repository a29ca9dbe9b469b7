# binarytrees: allocate and walk perfect binary trees (Computer Language
# Benchmarks Game definition): bottom-up creation allocating every node,
# min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
# max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation.
# A node is a (left, right) tuple, a leaf (None, None) built from names: a
# literal (None, None) would be one shared constant, not a node per leaf.
# The default garbage collector settings are kept.
import sys


def make_tree(depth, no_child=None):
    if depth == 0:
        return (no_child, no_child)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def check_tree(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def main():
    n = int(sys.argv[1])
    min_depth = 4
    max_depth = max(min_depth + 2, n)
    stretch_depth = max_depth + 1
    write = sys.stdout.write
    write("stretch tree of depth %d\t check: %d\n"
          % (stretch_depth, check_tree(make_tree(stretch_depth))))
    long_lived = make_tree(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        check = 0
        for _ in range(iterations):
            check += check_tree(make_tree(depth))
        write("%d\t trees of depth %d\t check: %d\n" % (iterations, depth, check))
    write("long lived tree of depth %d\t check: %d\n"
          % (max_depth, check_tree(long_lived)))


main()

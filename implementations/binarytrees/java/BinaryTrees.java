// binarytrees: allocate and walk perfect binary trees (Computer Language
// Benchmarks Game definition): bottom-up creation allocating every node,
// min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
// max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation;
// the JVM's default garbage collector and heap settings are used.

public final class BinaryTrees {
    private static final int MIN_DEPTH = 4;

    private static final class Node {
        final Node left, right;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        int check() {
            return left == null ? 1 : 1 + left.check() + right.check();
        }
    }

    private static Node makeTree(int depth) {
        if (depth == 0) {
            return new Node(null, null);
        }
        return new Node(makeTree(depth - 1), makeTree(depth - 1));
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int maxDepth = Math.max(MIN_DEPTH + 2, n);
        int stretchDepth = maxDepth + 1;
        StringBuilder out = new StringBuilder();
        out.append("stretch tree of depth ").append(stretchDepth)
           .append("\t check: ").append(makeTree(stretchDepth).check()).append('\n');
        Node longLived = makeTree(maxDepth);
        for (int depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
            int iterations = 1 << (maxDepth - depth + MIN_DEPTH);
            long check = 0;
            for (int i = 0; i < iterations; i++) {
                check += makeTree(depth).check();
            }
            out.append(iterations).append("\t trees of depth ").append(depth)
               .append("\t check: ").append(check).append('\n');
        }
        out.append("long lived tree of depth ").append(maxDepth)
           .append("\t check: ").append(longLived.check()).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}

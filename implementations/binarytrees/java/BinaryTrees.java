// binarytrees: allocate and walk perfect binary trees (Computer Language
// Benchmarks Game definition): bottom-up creation allocating every node,
// min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
// max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation;
// the JVM's default garbage collector and heap settings are used.

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public final class BinaryTrees {
    private static final String PROG = "binarytrees";

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

    // One full run up to maxDepth: the checks it prints, in order (the
    // stretch tree, one per depth MIN_DEPTH, MIN_DEPTH + 2, ..., the
    // long-lived tree).
    private static long[] run(int maxDepth) {
        long[] checks = new long[(maxDepth - MIN_DEPTH) / 2 + 3];
        int c = 0;
        checks[c++] = makeTree(maxDepth + 1).check();
        Node longLived = makeTree(maxDepth);
        for (int depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
            int iterations = 1 << (maxDepth - depth + MIN_DEPTH);
            long check = 0;
            for (int i = 0; i < iterations; i++) {
                check += makeTree(depth).check();
            }
            checks[c++] = check;
        }
        checks[c] = longLived.check();
        return checks;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int n = Integer.parseInt(args[0]);
        int maxDepth = Math.max(MIN_DEPTH + 2, n);
        int stretchDepth = maxDepth + 1;
        Iterations iterations = new Iterations(start);
        long[] checks = null;
        for (int i = 0; i < iterations.runs; i++) {
            long t0 = System.nanoTime();
            long[] result = run(maxDepth);
            long t1 = System.nanoTime();
            if (checks != null && !Arrays.equals(result, checks)) {
                iterations.differ();
            }
            checks = result;
            iterations.iter(t1 - t0);
        }
        int c = 0;
        StringBuilder out = new StringBuilder();
        out.append("stretch tree of depth ").append(stretchDepth)
           .append("\t check: ").append(checks[c++]).append('\n');
        for (int depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
            int trees = 1 << (maxDepth - depth + MIN_DEPTH);
            out.append(trees).append("\t trees of depth ").append(depth)
               .append("\t check: ").append(checks[c++]).append('\n');
        }
        out.append("long lived tree of depth ").append(maxDepth)
           .append("\t check: ").append(checks[c]).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    // Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
    // and VERSUS_ITER_FD=K set, the workload runs N times in this process;
    // fd K, opened as /dev/fd/K, gets "start <ns>" (System.nanoTime, which is
    // CLOCK_MONOTONIC on Linux, when main began) and, after each run and
    // outside its timed region, "iter <ns>". The output is printed once,
    // after the last run. Without the variables: one run, no protocol.
    private static final class Iterations {
        final int runs;
        private final FileOutputStream fd;

        Iterations(long start) {
            String n = System.getenv("VERSUS_ITERATIONS");
            String k = System.getenv("VERSUS_ITER_FD");
            FileOutputStream out = null;
            if (n != null || k != null) {
                int fdNumber = envNum("VERSUS_ITER_FD", k, 3, Integer.MAX_VALUE);
                try {
                    out = new FileOutputStream("/dev/fd/" + fdNumber, true);
                } catch (IOException e) {
                    fail("iteration fd: " + e.getMessage(), 1);
                }
            }
            runs = out == null ? 1 : envNum("VERSUS_ITERATIONS", n, 1, 1000000);
            fd = out;
            line("start", start);
        }

        private static int envNum(String name, String s, int lo, int hi) {
            long v = s != null && s.matches("[0-9]{1,10}") ? Long.parseLong(s) : -1;
            if (v < lo || v > hi) {
                fail(name + " must be a number in " + lo + ".." + hi, 2);
            }
            return (int) v;
        }

        private static void fail(String message, int status) {
            System.err.println(PROG + ": " + message);
            System.exit(status);
        }

        void iter(long ns) {
            line("iter", ns);
        }

        void differ() {
            fail("runs gave different results", 1);
        }

        private void line(String kind, long ns) {
            if (fd == null) {
                return;
            }
            try {
                fd.write((kind + " " + ns + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                fail("iteration fd: " + e.getMessage(), 1);
            }
        }
    }
}

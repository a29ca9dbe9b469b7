// fannkuchredux: indexed-access to tiny integer sequences (Computer Language
// Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
// published countdown order, counts prefix-reversal flips until the first
// element is 0, prints the alternating-sign checksum of the flip counts and
// "Pfannkuchen(n) = max flips". No deviation.

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public final class FannkuchRedux {
    private static final String PROG = "fannkuchredux";

    // One full run over the n! permutations: checksum and maximum flips.
    private static int[] run(int n) {
        int[] perm1 = new int[n];
        int[] perm = new int[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            perm1[i] = i;
        }
        int maxFlips = 0;
        int checksum = 0;
        boolean even = true;
        int r = n;
        while (true) {
            while (r != 1) {
                count[r - 1] = r;
                r--;
            }
            System.arraycopy(perm1, 0, perm, 0, n);
            int flips = 0;
            for (int k = perm[0]; k != 0; k = perm[0]) {
                for (int i = 0, j = k; i < j; i++, j--) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                flips++;
            }
            if (flips > maxFlips) {
                maxFlips = flips;
            }
            checksum += even ? flips : -flips;
            even = !even;
            // next permutation: rotate the first r+1 elements left until a
            // counter is not exhausted
            while (true) {
                if (r == n) {
                    return new int[] {checksum, maxFlips};
                }
                int first = perm1[0];
                System.arraycopy(perm1, 1, perm1, 0, r);
                perm1[r] = first;
                if (--count[r] > 0) {
                    break;
                }
                r++;
            }
        }
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int n = Integer.parseInt(args[0]);
        Iterations iterations = new Iterations(start);
        int[] r = null;
        for (int i = 0; i < iterations.runs; i++) {
            long t0 = System.nanoTime();
            int[] result = run(n);
            long t1 = System.nanoTime();
            if (r != null && !Arrays.equals(result, r)) {
                iterations.differ();
            }
            r = result;
            iterations.iter(t1 - t0);
        }
        System.out.print(r[0] + "\nPfannkuchen(" + n + ") = " + r[1] + "\n");
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

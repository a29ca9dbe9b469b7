// spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
// + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
// u = AtA v, v = AtA u by the power method from u = 1, then prints
// sqrt(u.v / v.v) as "%.9f". A is computed on the fly, never stored. No
// deviation. (int arithmetic in a(): valid for n up to 23170.)

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public final class SpectralNorm {
    private static final String PROG = "spectralnorm";

    // 64-bit integer arithmetic, as in C (long), Rust (i64) and Go (int).
    private static double a(int i, int j) {
        long ij = (long) i + j;
        return 1.0 / ((ij * (ij + 1) >>> 1) + i + 1);
    }

    private static void timesA(double[] u, double[] out) {
        int n = u.length;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a(i, j) * u[j];
            }
            out[i] = s;
        }
    }

    private static void timesAt(double[] u, double[] out) {
        int n = u.length;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a(j, i) * u[j];
            }
            out[i] = s;
        }
    }

    private static void timesAtA(double[] u, double[] out, double[] tmp) {
        timesA(u, tmp);
        timesAt(tmp, out);
    }

    // One full run: the norm of the n x n block, n = u.length; v and tmp
    // hold n doubles too.
    private static double run(double[] u, double[] v, double[] tmp) {
        int n = u.length;
        java.util.Arrays.fill(u, 1.0);
        for (int i = 0; i < 10; i++) {
            timesAtA(u, v, tmp);
            timesAtA(v, u, tmp);
        }
        double vBv = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            vBv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        return Math.sqrt(vBv / vv);
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int n = Integer.parseInt(args[0]);
        Iterations iterations = new Iterations(start);
        double[] u = new double[n];
        double[] v = new double[n];
        double[] tmp = new double[n];
        double norm = 0;
        for (int i = 0; i < iterations.runs; i++) {
            long t0 = System.nanoTime();
            double result = run(u, v, tmp);
            long t1 = System.nanoTime();
            if (i > 0 && result != norm) {
                iterations.differ();
            }
            norm = result;
            iterations.iter(t1 - t0);
        }
        System.out.print(String.format(Locale.ROOT, "%.9f\n", norm));
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

// nbody: N-body simulation of the Jovian planets (Computer Language Benchmarks
// Game definition): symplectic Euler steps of dt = 0.01 over all body pairs,
// energy printed before and after as "%.9f". No deviation.

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

public final class NBody {
    private static final String PROG = "nbody";

    private static final double PI = 3.141592653589793;
    private static final double SOLAR_MASS = 4 * PI * PI;
    private static final double DAYS_PER_YEAR = 365.24;

    private static final class Body {
        double x, y, z, vx, vy, vz;
        final double mass;

        Body(double x, double y, double z, double vx, double vy, double vz, double mass) {
            this.x = x;
            this.y = y;
            this.z = z;
            this.vx = vx * DAYS_PER_YEAR;
            this.vy = vy * DAYS_PER_YEAR;
            this.vz = vz * DAYS_PER_YEAR;
            this.mass = mass * SOLAR_MASS;
        }
    }

    private static Body[] makeBodies() {
        return new Body[] {
            new Body(0, 0, 0, 0, 0, 0, 1),
            new Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
                     9.54791938424326609e-04),
            new Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
                     2.85885980666130812e-04),
            new Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
                     4.36624404335156298e-05),
            new Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
                     5.15138902046611451e-05),
        };
    }

    private static void offsetMomentum(Body[] bodies) {
        double px = 0, py = 0, pz = 0;
        for (Body b : bodies) {
            px += b.vx * b.mass;
            py += b.vy * b.mass;
            pz += b.vz * b.mass;
        }
        bodies[0].vx = -px / SOLAR_MASS;
        bodies[0].vy = -py / SOLAR_MASS;
        bodies[0].vz = -pz / SOLAR_MASS;
    }

    private static double energy(Body[] bodies) {
        double e = 0;
        for (int i = 0; i < bodies.length; i++) {
            Body a = bodies[i];
            e += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
            for (int j = i + 1; j < bodies.length; j++) {
                Body b = bodies[j];
                double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
                e -= (a.mass * b.mass) / Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return e;
    }

    private static void advance(Body[] bodies, double dt) {
        for (int i = 0; i < bodies.length; i++) {
            Body a = bodies[i];
            for (int j = i + 1; j < bodies.length; j++) {
                Body b = bodies[j];
                double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
                double distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
                double mag = dt / (distance * distance * distance);
                a.vx -= dx * b.mass * mag;
                a.vy -= dy * b.mass * mag;
                a.vz -= dz * b.mass * mag;
                b.vx += dx * a.mass * mag;
                b.vy += dy * a.mass * mag;
                b.vz += dz * a.mass * mag;
            }
        }
        for (Body b : bodies) {
            b.x += dt * b.vx;
            b.y += dt * b.vy;
            b.z += dt * b.vz;
        }
    }

    // One full run from the initial state: energy before and after.
    private static double[] run(int steps) {
        Body[] bodies = makeBodies();
        offsetMomentum(bodies);
        double before = energy(bodies);
        for (int i = 0; i < steps; i++) {
            advance(bodies, 0.01);
        }
        return new double[] {before, energy(bodies)};
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int steps = Integer.parseInt(args[0]);
        Iterations iterations = new Iterations(start);
        double[] e = null;
        for (int i = 0; i < iterations.runs; i++) {
            long t0 = System.nanoTime();
            double[] result = run(steps);
            long t1 = System.nanoTime();
            if (e != null && !Arrays.equals(result, e)) {
                iterations.differ();
            }
            e = result;
            iterations.iter(t1 - t0);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%.9f\n", e[0]));
        out.append(String.format(Locale.ROOT, "%.9f\n", e[1]));
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

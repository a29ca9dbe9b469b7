// A copy of runners/iteration/java.java named for its class (the java
// recipe runs the class named as the file), for tests/cli/run_iterations.sh.
// Java cannot adopt an inherited fd, so it opens /dev/fd/N (Linux).
// System.nanoTime() is CLOCK_MONOTONIC on Linux.
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

class Main {
    // --- helper ---
    static final String FD = System.getenv("VERSUS_ITER_FD"), N = System.getenv("VERSUS_ITERATIONS");
    static final int ITERATIONS = FD != null && N != null ? Integer.parseInt(N) : 1;
    static FileOutputStream out;
    static void iterLine(String s) throws IOException {
        if (FD != null && N != null && out == null) out = new FileOutputStream("/dev/fd/" + FD, true);
        if (out != null) out.write((s + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    // --- end of helper ---

    static long work() {
        long sum = 0;
        for (long i = 0; i < 100000; i++) sum = (sum + i * i) % 1000000007;
        return sum;
    }

    public static void main(String[] args) throws IOException {
        iterLine("start " + System.nanoTime());
        long result = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long t0 = System.nanoTime();
            result = work();
            long ns = System.nanoTime() - t0; // the timed region ends here
            iterLine("iter " + ns);
        }
        if (out != null) out.close();
        System.out.println(result); // the normal output, once
    }
}

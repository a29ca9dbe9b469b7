// fasta: generate DNA sequences (Computer Language Benchmarks Game
// definition): ">ONE" repeats the ALU sequence for 2n characters, ">TWO"
// and ">THREE" pick 3n and 5n characters from the IUB and Homo sapiens
// tables by weighted random selection with the published LCG (IM 139968,
// IA 3877, IC 29573, seed 42, r = seed / IM, first code whose cumulative
// probability is > r, else the last); lines of 60 characters. No deviation.

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public final class Fasta {
    private static final int IM = 139968;
    private static final int IA = 3877;
    private static final int IC = 29573;
    private static final int WIDTH = 60;
    private static final int BUFFER_BYTES = 1 << 16;

    private static final String ALU =
        "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG"
        + "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
        + "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT"
        + "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
        + "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG"
        + "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
        + "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

    private static final byte[] IUB_CODES = "acgtBDHKMNRSVWY".getBytes(StandardCharsets.US_ASCII);
    private static final double[] IUB_PROBS = {
        0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02,
    };
    private static final byte[] HOMO_SAPIENS_CODES = "acgt".getBytes(StandardCharsets.US_ASCII);
    private static final double[] HOMO_SAPIENS_PROBS = {
        0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008,
    };

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int used;
    private int seed = 42;

    private Fasta(OutputStream out) {
        this.out = out;
    }

    private void flush() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }

    private void writeAscii(String s) throws IOException {
        if (used + s.length() > buf.length) {
            flush();
        }
        for (int i = 0; i < s.length(); i++) {
            buf[used++] = (byte) s.charAt(i);
        }
    }

    private void repeatFasta(String seq, int n) throws IOException {
        byte[] s = seq.getBytes(StandardCharsets.US_ASCII);
        int pos = 0;
        for (int left = n; left > 0; left -= WIDTH) {
            int m = Math.min(WIDTH, left);
            if (used + m + 1 > buf.length) {
                flush();
            }
            for (int i = 0; i < m; i++) {
                buf[used++] = s[pos];
                if (++pos == s.length) {
                    pos = 0;
                }
            }
            buf[used++] = '\n';
        }
    }

    private void randomFasta(byte[] codes, double[] probs, int n) throws IOException {
        double[] cumulative = new double[probs.length];
        double total = 0;
        for (int i = 0; i < probs.length; i++) {
            total += probs[i];
            cumulative[i] = total;
        }
        int last = codes.length - 1;
        for (int left = n; left > 0; left -= WIDTH) {
            int m = Math.min(WIDTH, left);
            if (used + m + 1 > buf.length) {
                flush();
            }
            for (int i = 0; i < m; i++) {
                seed = (seed * IA + IC) % IM;
                double r = (double) seed / IM;
                int k = 0;
                while (k < last && r >= cumulative[k]) {
                    k++;
                }
                buf[used++] = codes[k];
            }
            buf[used++] = '\n';
        }
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Fasta f = new Fasta(new FileOutputStream(FileDescriptor.out));
        f.writeAscii(">ONE Homo sapiens alu\n");
        f.repeatFasta(ALU, n * 2);
        f.writeAscii(">TWO IUB ambiguity codes\n");
        f.randomFasta(IUB_CODES, IUB_PROBS, n * 3);
        f.writeAscii(">THREE Homo sapiens frequency\n");
        f.randomFasta(HOMO_SAPIENS_CODES, HOMO_SAPIENS_PROBS, n * 5);
        f.flush();
    }
}

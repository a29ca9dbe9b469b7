// matmul: multiply two n x n matrices of doubles (plb2's matmul task;
// written here from its description). n is rounded down to an even number;
// both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
// its own double[]; c = a * b with the i-k-j loop order (the inner loop is
// an axpy over a row of b and a row of c). Prints c[n/2][n/2] (%.9f).
// No deviation.

import java.util.Locale;

public final class MatMul {
    static double[][] matGen(int n) {
        final double tmp = 1.0 / n / n;
        final double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = tmp * (double) (i - j) * (double) (i + j);
            }
        }
        return m;
    }

    static double[][] matMul(double[][] a, double[][] b, int n) {
        final double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            final double[] ci = c[i];
            final double[] ai = a[i];
            for (int k = 0; k < n; k++) {
                final double aik = ai[k];
                final double[] bk = b[k];
                for (int j = 0; j < n; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    public static void main(String[] args) {
        int n = 1500;
        if (args.length > 0) {
            try {
                n = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                n = 0;
            }
        }
        n = n / 2 * 2;
        if (n < 2 || n > 100000) {
            System.err.println("matmul: n must be 2..100000");
            System.exit(2);
        }
        final double[][] a = matGen(n);
        final double[][] b = matGen(n);
        final double[][] c = matMul(a, b, n);
        System.out.println(String.format(Locale.ROOT, "%.9f", c[n / 2][n / 2]));
    }
}

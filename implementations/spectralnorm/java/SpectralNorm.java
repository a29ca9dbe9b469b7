// spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
// + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
// u = AtA v, v = AtA u by the power method from u = 1, then prints
// sqrt(u.v / v.v) as "%.9f". A is computed on the fly, never stored. No
// deviation. (int arithmetic in a(): valid for n up to 23170.)

import java.util.Locale;

public final class SpectralNorm {
    private static double a(int i, int j) {
        int ij = i + j;
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

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double[] u = new double[n];
        double[] v = new double[n];
        double[] tmp = new double[n];
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
        System.out.print(String.format(Locale.ROOT, "%.9f\n", Math.sqrt(vBv / vv)));
        System.out.flush();
    }
}

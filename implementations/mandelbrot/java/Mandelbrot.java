// mandelbrot: the Mandelbrot set as a binary PBM bitmap (Computer Language
// Benchmarks Game definition): n x n pixels over [-1.5, 0.5] x [-1, 1],
// c = (2x/n - 1.5, 2y/n - 1), at most 50 iterations of z = z^2 + c, a pixel
// is in the set (bit 1) unless |z|^2 > 4; 8 pixels per byte, most
// significant bit first, each row padded to whole bytes. No deviation.

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public final class Mandelbrot {
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int w = n, h = n;
        int rowBytes = (w + 7) / 8;
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        out.write(("P4\n" + w + " " + h + "\n").getBytes(StandardCharsets.US_ASCII));
        double[] crs = new double[w];
        for (int x = 0; x < w; x++) {
            crs[x] = 2.0 * x / w - 1.5;
        }
        byte[] row = new byte[rowBytes];
        for (int y = 0; y < h; y++) {
            double ci = 2.0 * y / h - 1.0;
            int bits = 0;
            int bitCount = 0;
            int index = 0;
            for (int x = 0; x < w; x++) {
                double cr = crs[x];
                double zr = 0, zi = 0, tr = 0, ti = 0;
                int i = 0;
                while (i < 50 && tr + ti <= 4.0) {
                    zi = 2.0 * zr * zi + ci;
                    zr = tr - ti + cr;
                    tr = zr * zr;
                    ti = zi * zi;
                    i++;
                }
                bits <<= 1;
                if (tr + ti <= 4.0) {
                    bits |= 1;
                }
                if (++bitCount == 8) {
                    row[index++] = (byte) bits;
                    bits = 0;
                    bitCount = 0;
                }
            }
            if (bitCount > 0) {
                row[index] = (byte) (bits << (8 - bitCount));
            }
            out.write(row);
        }
        out.flush();
    }
}

# mandelbrot: the Mandelbrot set as a binary PBM bitmap (Computer Language
# Benchmarks Game definition): n x n pixels over [-1.5, 0.5] x [-1, 1],
# c = (2x/n - 1.5, 2y/n - 1), at most 50 iterations of z = z^2 + c, a pixel
# is in the set (bit 1) unless |z|^2 > 4; 8 pixels per byte, most
# significant bit first, each row padded to whole bytes. No deviation: the
# arithmetic is the C version's, operation for operation, so the bitmap is
# byte-identical (plain floats also run faster than complex in CPython).
import sys


def main():
    n = int(sys.argv[1])
    w = h = n
    out = sys.stdout.buffer
    out.write(b"P4\n%d %d\n" % (w, h))
    crs = [2.0 * x / w - 1.5 for x in range(w)]
    # each output byte covers up to 8 columns; a row's short last group is
    # shifted to the high bits
    groups = [(crs[x:x + 8], 8 - len(crs[x:x + 8])) for x in range(0, w, 8)]
    iterations = range(50)
    bitmap = bytearray()
    append = bitmap.append
    for y in range(h):
        ci = 2.0 * y / h - 1.0
        for group, pad_bits in groups:
            byte = 0
            for cr in group:
                zr = zi = tr = ti = 0.0
                byte <<= 1
                for _ in iterations:
                    zi = 2.0 * zr * zi + ci
                    zr = tr - ti + cr
                    tr = zr * zr
                    ti = zi * zi
                    if tr + ti > 4.0:
                        break
                else:
                    byte |= 1
            append(byte << pad_bits)
        if len(bitmap) >= 1 << 16:
            out.write(bitmap)
            bitmap.clear()
    out.write(bitmap)
    out.flush()


main()

// mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] as an n x n
// bitmap (Benchmarks Game definition): 50 iterations of z = z^2 + c,
// escape when |z|^2 > 4, a set bit for a point that never escapes, eight
// pixels per byte (first pixel in the high bit, rows padded), written as a
// binary PBM ("P4\nW H\n"). One pixel at a time, no SIMD; no deviation.
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

constexpr int iterations = 50;
constexpr double limit_sq = 4.0;

bool in_set(double cr, double ci)
{
    double zr = 0, zi = 0, tr = 0, ti = 0;
    for (int i = 0; i < iterations && tr + ti <= limit_sq; ++i) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
    }
    return tr + ti <= limit_sq;
}

} // namespace

int main(int argc, char** argv)
{
    long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 200;
    std::vector<unsigned char> row((n + 7) / 8);

    std::printf("P4\n%ld %ld\n", n, n);
    for (long y = 0; y < n; ++y) {
        double ci = 2.0 * y / n - 1.0;
        unsigned bits = 0;
        std::size_t out = 0;
        for (long x = 0; x < n; ++x) {
            bits = bits << 1 | (in_set(2.0 * x / n - 1.5, ci) ? 1u : 0u);
            if (x % 8 == 7) {
                row[out++] = static_cast<unsigned char>(bits);
                bits = 0;
            }
        }
        if (n % 8 != 0)
            row[out++] = static_cast<unsigned char>(bits << (8 - n % 8));
        std::fwrite(row.data(), 1, row.size(), stdout);
    }
    return 0;
}

// spectralnorm: spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
// Game definition). Ten rounds of the power method on A^T A; prints
// sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

inline double a_entry(long i, long j)
{
    return 1.0 / static_cast<double>((i + j) * (i + j + 1) / 2 + i + 1);
}

// out = A * in
void mul_a(const std::vector<double>& in, std::vector<double>& out)
{
    const long n = static_cast<long>(in.size());
    for (long i = 0; i < n; ++i) {
        double sum = 0;
        for (long j = 0; j < n; ++j)
            sum += a_entry(i, j) * in[j];
        out[i] = sum;
    }
}

// out = A^T * in
void mul_at(const std::vector<double>& in, std::vector<double>& out)
{
    const long n = static_cast<long>(in.size());
    for (long i = 0; i < n; ++i) {
        double sum = 0;
        for (long j = 0; j < n; ++j)
            sum += a_entry(j, i) * in[j];
        out[i] = sum;
    }
}

// out = A^T * A * in
void mul_ata(const std::vector<double>& in, std::vector<double>& out,
             std::vector<double>& tmp)
{
    mul_a(in, tmp);
    mul_at(tmp, out);
}

} // namespace

int main(int argc, char** argv)
{
    long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 100;
    std::vector<double> u(n, 1.0), v(n), tmp(n);

    for (int round = 0; round < 10; ++round) {
        mul_ata(u, v, tmp);
        mul_ata(v, u, tmp);
    }
    double vbv = 0, vv = 0;
    for (long i = 0; i < n; ++i) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    std::printf("%.9f\n", std::sqrt(vbv / vv));
    return 0;
}

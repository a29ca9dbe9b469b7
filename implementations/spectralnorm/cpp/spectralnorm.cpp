// spectralnorm: spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
// Game definition). Ten rounds of the power method on A^T A; prints
// sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include <unistd.h>

#define PROG "spectralnorm"

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

// One full run: the norm of the n x n block; u, v, tmp hold n doubles.
double run(std::vector<double>& u, std::vector<double>& v,
           std::vector<double>& tmp)
{
    const long n = static_cast<long>(u.size());
    std::fill(u.begin(), u.end(), 1.0);
    for (int round = 0; round < 10; ++round) {
        mul_ata(u, v, tmp);
        mul_ata(v, u, tmp);
    }
    double vbv = 0, vv = 0;
    for (long i = 0; i < n; ++i) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    return std::sqrt(vbv / vv);
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
// and VERSUS_ITER_FD=K set, the workload runs N times in this process;
// fd K gets "start <ns>" (CLOCK_MONOTONIC when main began) and, after each
// run and outside its timed region, "iter <ns>". The output is printed
// once, after the last run. Without the variables: one run, no protocol.
long long now_ns()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// The decimal value of environment variable name, in [lo, hi], or exit.
long env_long(const char* name, long lo, long hi)
{
    const char* s = std::getenv(name);
    char* end = nullptr;
    long v = -1;
    if (s && *s >= '0' && *s <= '9') {
        errno = 0;
        v = std::strtol(s, &end, 10);
        if (errno || *end)
            v = -1;
    }
    if (v < lo || v > hi) {
        std::fprintf(stderr, PROG ": %s must be a number in %ld..%ld\n", name,
                     lo, hi);
        std::exit(2);
    }
    return v;
}

void iter_line(int fd, const char* kind, long long ns)
{
    char line[48];
    int len = std::snprintf(line, sizeof(line), "%s %lld\n", kind, ns);
    if (write(fd, line, static_cast<size_t>(len)) != len) {
        std::perror(PROG ": iteration fd");
        std::exit(1);
    }
}

// Calls run() once, or N times in iteration mode, and returns the last
// result; runs that disagree are an error.
template <typename Run>
auto iterate(long long start, Run run) -> decltype(run())
{
    long iterations = 0;
    int fd = -1;
    if (std::getenv("VERSUS_ITERATIONS") || std::getenv("VERSUS_ITER_FD")) {
        fd = static_cast<int>(env_long("VERSUS_ITER_FD", 3, INT_MAX));
        iterations = env_long("VERSUS_ITERATIONS", 1, 1000000);
        iter_line(fd, "start", start);
    }
    decltype(run()) result{}, last{};
    for (long i = 0; i < (iterations > 0 ? iterations : 1); ++i) {
        long long t0 = now_ns();
        result = run();
        long long t1 = now_ns();
        if (i > 0 && !(result == last)) {
            std::fputs(PROG ": runs gave different results\n", stderr);
            std::exit(1);
        }
        last = result;
        if (iterations > 0)
            iter_line(fd, "iter", t1 - t0);
    }
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    long long start = now_ns();
    long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 100;
    std::vector<double> u(n), v(n), tmp(n);
    // Read anew by every run: the compiler cannot merge or hoist runs.
    std::vector<double>* volatile u_v = &u;

    double norm = iterate(start, [&] { return run(*u_v, v, tmp); });
    std::printf("%.9f\n", norm);
    return 0;
}

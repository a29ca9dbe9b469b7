// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>

#include <unistd.h>

#define PROG "fannkuchredux"

namespace {

constexpr int max_n = 32;
using Perm = std::array<int, max_n>;

// Flips needed to bring 0 to the front of p.
int count_flips(Perm p)
{
    int flips = 0;
    for (int first = p[0]; first != 0; first = p[0]) {
        std::reverse(p.begin(), p.begin() + first + 1);
        ++flips;
    }
    return flips;
}

// One full run over the n! permutations: checksum and maximum flips.
std::pair<long, int> run(int n)
{
    Perm perm{}, count{};
    for (int i = 0; i < n; ++i)
        perm[i] = i;

    long checksum = 0;
    int max_flips = 0;
    long index = 0;
    int r = n;
    for (;;) {
        for (; r != 1; --r)
            count[r - 1] = r;

        if (perm[0] != 0) {
            int flips = count_flips(perm);
            max_flips = std::max(max_flips, flips);
            checksum += index % 2 == 0 ? flips : -flips;
        }

        // Next permutation: rotate the first r+1 elements left until a
        // rotation count is not exhausted.
        for (;;) {
            if (r == n)
                return {checksum, max_flips};
            std::rotate(perm.begin(), perm.begin() + 1,
                        perm.begin() + r + 1);
            if (--count[r] > 0)
                break;
            ++r;
        }
        ++index;
    }
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
    int n = argc > 1 ? static_cast<int>(std::strtol(argv[1], nullptr, 10)) : 7;
    if (n < 1 || n > max_n) {
        std::fprintf(stderr, PROG ": n must be 1..%d\n", max_n);
        return 1;
    }
    // Read anew by every run: the compiler cannot merge or hoist runs.
    volatile int n_v = n;

    std::pair<long, int> result = iterate(start, [&] { return run(n_v); });
    std::printf("%ld\nPfannkuchen(%d) = %d\n", result.first, n,
                result.second);
    return 0;
}

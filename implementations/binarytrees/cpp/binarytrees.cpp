// binarytrees: allocate and walk perfect binary trees (Benchmarks Game
// definition). Every node is its own heap object (new, owned by
// std::unique_ptr), built bottom-up (children before their parent) and
// freed when its owner goes; min depth 4, a stretch tree of depth max+1,
// one long-lived tree of depth max, and 2^(max-d+4) trees at each depth d
// (step 2). check = number of nodes. Default allocator, no pool; no
// deviation.
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <utility>
#include <vector>

#include <unistd.h>

#define PROG "binarytrees"

namespace {

constexpr int min_depth = 4;

struct Node {
    std::unique_ptr<Node> left, right;
};

// Bottom-up: the children exist before their parent is allocated.
std::unique_ptr<Node> make_tree(int depth)
{
    if (depth == 0)
        return std::make_unique<Node>();
    auto left = make_tree(depth - 1);
    auto right = make_tree(depth - 1);
    return std::make_unique<Node>(Node{std::move(left), std::move(right)});
}

long check(const Node& node)
{
    if (!node.left)
        return 1;
    return 1 + check(*node.left) + check(*node.right);
}

// What a run prints: the checks, one per line of output.
struct Result {
    long stretch = 0;
    std::vector<long> checks; // depth min_depth, min_depth + 2, ... max
    long long_lived = 0;

    bool operator==(const Result& o) const
    {
        return stretch == o.stretch && checks == o.checks &&
               long_lived == o.long_lived;
    }
};

// One full run up to max_depth.
Result run(int max_depth)
{
    Result r;
    r.stretch = check(*make_tree(max_depth + 1));

    auto long_lived = make_tree(max_depth);
    for (int depth = min_depth; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + min_depth);
        long sum = 0;
        for (long i = 0; i < iterations; ++i)
            sum += check(*make_tree(depth));
        r.checks.push_back(sum);
    }
    r.long_lived = check(*long_lived);
    return r;
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
    int n = argc > 1 ? static_cast<int>(std::strtol(argv[1], nullptr, 10)) : 10;
    int max_depth = n > min_depth + 2 ? n : min_depth + 2;
    // Read anew by every run: the compiler cannot merge or hoist runs.
    volatile int max_depth_v = max_depth;

    Result r = iterate(start, [&] { return run(max_depth_v); });
    std::printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1,
                r.stretch);
    for (int depth = min_depth; depth <= max_depth; depth += 2)
        std::printf("%ld\t trees of depth %d\t check: %ld\n",
                    1L << (max_depth - depth + min_depth), depth,
                    r.checks[(depth - min_depth) / 2]);
    std::printf("long lived tree of depth %d\t check: %ld\n", max_depth,
                r.long_lived);
    return 0;
}

// versus iteration protocol (docs/iterations.md): the C++ helper.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

// --- helper ---
static int iter_fd = -1;
static long iter_count() {
    const char *n = std::getenv("VERSUS_ITERATIONS"), *fd = std::getenv("VERSUS_ITER_FD");
    if (n && fd) iter_fd = std::atoi(fd);
    return iter_fd >= 0 ? std::atol(n) : 1;
}
static void iter_line(const std::string &s) { if (iter_fd >= 0) (void)!write(iter_fd, s.data(), s.size()); }
// --- end of helper ---

static long long work() {
    long long sum = 0;
    for (long long i = 0; i < 100000; i++) sum = (sum + i * i) % 1000000007;
    return sum;
}

int main() {
    using clock = std::chrono::steady_clock; // CLOCK_MONOTONIC
    auto ns = [](clock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); };
    long n = iter_count();
    iter_line("start " + std::to_string(ns(clock::now().time_since_epoch())) + "\n");
    long long result = 0;
    for (long i = 0; i < n; i++) {
        auto t0 = clock::now();
        result = work();
        auto elapsed = ns(clock::now() - t0); // the timed region ends here
        iter_line("iter " + std::to_string(elapsed) + "\n");
    }
    if (iter_fd >= 0) close(iter_fd);
    std::printf("%lld\n", result); // the normal output, once
}

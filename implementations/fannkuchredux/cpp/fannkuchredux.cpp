// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

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

} // namespace

int main(int argc, char** argv)
{
    int n = argc > 1 ? static_cast<int>(std::strtol(argv[1], nullptr, 10)) : 7;
    if (n < 1 || n > max_n) {
        std::fprintf(stderr, "fannkuchredux: n must be 1..%d\n", max_n);
        return 1;
    }
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
            if (r == n) {
                std::printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n,
                            max_flips);
                return 0;
            }
            std::rotate(perm.begin(), perm.begin() + 1,
                        perm.begin() + r + 1);
            if (--count[r] > 0)
                break;
            ++r;
        }
        ++index;
    }
}

// binarytrees: allocate and walk perfect binary trees (Benchmarks Game
// definition). Every node is its own heap object (new, owned by
// std::unique_ptr), built bottom-up (children before their parent) and
// freed when its owner goes; min depth 4, a stretch tree of depth max+1,
// one long-lived tree of depth max, and 2^(max-d+4) trees at each depth d
// (step 2). check = number of nodes. Default allocator, no pool; no
// deviation.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

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

} // namespace

int main(int argc, char** argv)
{
    int n = argc > 1 ? static_cast<int>(std::strtol(argv[1], nullptr, 10)) : 10;
    int max_depth = n > min_depth + 2 ? n : min_depth + 2;

    {
        auto stretch = make_tree(max_depth + 1);
        std::printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1,
                    check(*stretch));
    }

    auto long_lived = make_tree(max_depth);
    for (int depth = min_depth; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + min_depth);
        long sum = 0;
        for (long i = 0; i < iterations; ++i)
            sum += check(*make_tree(depth));
        std::printf("%ld\t trees of depth %d\t check: %ld\n", iterations, depth,
                    sum);
    }
    std::printf("long lived tree of depth %d\t check: %ld\n", max_depth,
                check(*long_lived));
    return 0;
}

// binarytrees: allocate and walk perfect binary trees (Benchmarks Game
// definition). Every node is its own heap object (Box), built bottom-up
// and dropped when its owner goes; min depth 4, a stretch tree of depth
// max+1, one long-lived tree of depth max, and 2^(max-d+4) trees at each
// depth d (step 2). check = number of nodes. Default allocator, no arena;
// no deviation.
use std::env;
use std::io::{self, Write};

const MIN_DEPTH: u32 = 4;

struct Node {
    children: Option<(Box<Node>, Box<Node>)>,
}

fn make_tree(depth: u32) -> Box<Node> {
    let children = if depth > 0 {
        Some((make_tree(depth - 1), make_tree(depth - 1)))
    } else {
        None
    };
    Box::new(Node { children })
}

fn check(node: &Node) -> u64 {
    match &node.children {
        Some((left, right)) => 1 + check(left) + check(right),
        None => 1,
    }
}

fn main() {
    let n: u32 = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let max_depth = n.max(MIN_DEPTH + 2);
    let stdout = io::stdout();
    let mut out = stdout.lock();

    {
        let stretch = make_tree(max_depth + 1);
        writeln!(
            out,
            "stretch tree of depth {}\t check: {}",
            max_depth + 1,
            check(&stretch)
        )
        .unwrap();
    }

    let long_lived = make_tree(max_depth);
    for depth in (MIN_DEPTH..=max_depth).step_by(2) {
        let iterations: u64 = 1 << (max_depth - depth + MIN_DEPTH);
        let mut sum = 0;
        for _ in 0..iterations {
            sum += check(&make_tree(depth));
        }
        writeln!(
            out,
            "{}\t trees of depth {}\t check: {}",
            iterations, depth, sum
        )
        .unwrap();
    }
    writeln!(
        out,
        "long lived tree of depth {}\t check: {}",
        max_depth,
        check(&long_lived)
    )
    .unwrap();
}

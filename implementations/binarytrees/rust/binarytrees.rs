// binarytrees: allocate and walk perfect binary trees (Benchmarks Game
// definition). Every node is its own heap object (Box), built bottom-up
// and dropped when its owner goes; min depth 4, a stretch tree of depth
// max+1, one long-lived tree of depth max, and 2^(max-d+4) trees at each
// depth d (step 2). check = number of nodes. Default allocator, no arena;
// no deviation.
use std::env;
use std::fs::File;
use std::hint::black_box;
use std::io::{self, Write};
use std::os::fd::FromRawFd;
use std::process;
use std::time::Instant;

const PROG: &str = "binarytrees";

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

// What a run prints: the checks, one per line of output.
#[derive(PartialEq)]
struct Checks {
    stretch: u64,
    depths: Vec<u64>, // depth MIN_DEPTH, MIN_DEPTH + 2, ... max
    long_lived: u64,
}

// One full run up to max_depth.
fn run(max_depth: u32) -> Checks {
    let stretch = check(&make_tree(max_depth + 1));

    let long_lived = make_tree(max_depth);
    let mut depths = Vec::new();
    for depth in (MIN_DEPTH..=max_depth).step_by(2) {
        let iterations: u64 = 1 << (max_depth - depth + MIN_DEPTH);
        let mut sum = 0;
        for _ in 0..iterations {
            sum += check(&make_tree(depth));
        }
        depths.push(sum);
    }
    Checks {
        stretch,
        depths,
        long_lived: check(&long_lived),
    }
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
// and VERSUS_ITER_FD=K set, the workload runs N times in this process and
// fd K gets "iter <ns>" after each run, outside its timed region (Instant:
// CLOCK_MONOTONIC on Linux; no "start" line, as std does not expose its
// absolute value). The output is printed once, after the last run.
// Without the variables: one run, no protocol.
fn env_num(name: &str, lo: u64, hi: u64) -> u64 {
    let value = env::var(name)
        .ok()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<u64>().ok());
    match value {
        Some(v) if v >= lo && v <= hi => v,
        _ => {
            eprintln!("{}: {} must be a number in {}..{}", PROG, name, lo, hi);
            process::exit(2);
        }
    }
}

// Calls run() once, or N times in iteration mode, and returns the last
// result; runs that disagree are an error.
fn iterate<R: PartialEq, F: FnMut() -> R>(mut run: F) -> R {
    let mut fd: Option<File> = None;
    let mut runs = 1;
    if env::var_os("VERSUS_ITERATIONS").is_some() || env::var_os("VERSUS_ITER_FD").is_some() {
        let k = env_num("VERSUS_ITER_FD", 3, i32::MAX as u64) as i32;
        runs = env_num("VERSUS_ITERATIONS", 1, 1_000_000);
        // SAFETY: versus hands this fd to the program, for it alone.
        fd = Some(unsafe { File::from_raw_fd(k) });
    }
    let mut line: Vec<u8> = Vec::with_capacity(48);
    let mut last: Option<R> = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let result = black_box(run());
        let ns = t0.elapsed().as_nanos();
        if last.as_ref().map_or(false, |l| *l != result) {
            eprintln!("{}: runs gave different results", PROG);
            process::exit(1);
        }
        last = Some(result);
        if let Some(f) = fd.as_mut() {
            line.clear();
            writeln!(line, "iter {}", ns).unwrap();
            if let Err(e) = f.write_all(&line) {
                eprintln!("{}: iteration fd: {}", PROG, e);
                process::exit(1);
            }
        }
    }
    last.unwrap()
}

fn main() {
    let n: u32 = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let max_depth = n.max(MIN_DEPTH + 2);

    // black_box: the compiler cannot merge or hoist runs.
    let checks = iterate(|| run(black_box(max_depth)));
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "stretch tree of depth {}\t check: {}",
        max_depth + 1,
        checks.stretch
    )
    .unwrap();
    for (depth, sum) in (MIN_DEPTH..=max_depth).step_by(2).zip(&checks.depths) {
        let iterations: u64 = 1 << (max_depth - depth + MIN_DEPTH);
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
        max_depth, checks.long_lived
    )
    .unwrap();
}

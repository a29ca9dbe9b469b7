// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
use std::env;
use std::fs::File;
use std::hint::black_box;
use std::io::{self, Write};
use std::os::fd::FromRawFd;
use std::process;
use std::time::Instant;

const PROG: &str = "fannkuchredux";

const MAX_N: usize = 32;

/// Flips needed to bring 0 to the front of p.
fn count_flips(mut p: [usize; MAX_N]) -> i32 {
    let mut flips = 0;
    let mut first = p[0];
    while first != 0 {
        p[..=first].reverse();
        flips += 1;
        first = p[0];
    }
    flips
}

// One full run over the n! permutations: checksum and maximum flips.
fn run(n: usize) -> (i64, i32) {
    let mut perm = [0usize; MAX_N];
    let mut count = [0usize; MAX_N];
    for (i, p) in perm.iter_mut().enumerate().take(n) {
        *p = i;
    }

    let mut checksum: i64 = 0;
    let mut max_flips = 0;
    let mut index: u64 = 0;
    let mut r = n;
    loop {
        while r != 1 {
            count[r - 1] = r;
            r -= 1;
        }

        if perm[0] != 0 {
            let flips = count_flips(perm);
            max_flips = max_flips.max(flips);
            checksum += if index % 2 == 0 {
                flips as i64
            } else {
                -(flips as i64)
            };
        }

        // Next permutation: rotate the first r+1 elements left until a
        // rotation count is not exhausted.
        loop {
            if r == n {
                return (checksum, max_flips);
            }
            perm[..=r].rotate_left(1);
            count[r] -= 1;
            if count[r] > 0 {
                break;
            }
            r += 1;
        }
        index += 1;
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
    let n: usize = env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    if n < 1 || n > MAX_N {
        eprintln!("fannkuchredux: n must be 1..{}", MAX_N);
        process::exit(1);
    }
    // black_box: the compiler cannot merge or hoist runs.
    let (checksum, max_flips) = iterate(|| run(black_box(n)));
    let mut out = io::stdout().lock();
    writeln!(out, "{}\nPfannkuchen({}) = {}", checksum, n, max_flips).unwrap();
}

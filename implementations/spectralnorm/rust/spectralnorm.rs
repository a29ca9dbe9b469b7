// spectralnorm: spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
// Game definition). Ten rounds of the power method on A^T A; prints
// sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
use std::env;
use std::fs::File;
use std::hint::black_box;
use std::io::{self, Write};
use std::os::fd::FromRawFd;
use std::process;
use std::time::Instant;

const PROG: &str = "spectralnorm";

// Signed 64-bit, as in C (long) and Go (int): an unsigned usize would make
// "/ 2" a plain shift and the conversion to f64 an unsigned one, which
// x86-64 has no instruction for below AVX-512 (several instructions instead).
#[inline]
fn a_entry(i: i64, j: i64) -> f64 {
    1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

/// out = A * input
fn mul_a(input: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = input
            .iter()
            .enumerate()
            .map(|(j, x)| a_entry(i as i64, j as i64) * x)
            .sum();
    }
}

/// out = A^T * input
fn mul_at(input: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = input
            .iter()
            .enumerate()
            .map(|(j, x)| a_entry(j as i64, i as i64) * x)
            .sum();
    }
}

/// out = A^T * A * input
fn mul_ata(input: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mul_a(input, tmp);
    mul_at(tmp, out);
}

// One full run: the norm of the n x n block; u, v, tmp hold n doubles.
fn run(u: &mut [f64], v: &mut [f64], tmp: &mut [f64]) -> f64 {
    u.fill(1.0);
    for _ in 0..10 {
        mul_ata(u, v, tmp);
        mul_ata(v, u, tmp);
    }
    let vbv: f64 = u.iter().zip(v.iter()).map(|(a, b)| a * b).sum();
    let vv: f64 = v.iter().map(|b| b * b).sum();
    (vbv / vv).sqrt()
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
    let n: usize = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut tmp = vec![0.0; n];

    // black_box: the compiler cannot merge or hoist runs.
    let norm = iterate(|| run(black_box(&mut u), &mut v, &mut tmp));
    let mut out = io::stdout().lock();
    writeln!(out, "{:.9}", norm).unwrap();
}

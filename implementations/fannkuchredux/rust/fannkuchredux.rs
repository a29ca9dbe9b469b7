// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
use std::env;
use std::process;

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

fn main() {
    let n: usize = env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    if n < 1 || n > MAX_N {
        eprintln!("fannkuchredux: n must be 1..{}", MAX_N);
        process::exit(1);
    }
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
                println!("{}\nPfannkuchen({}) = {}", checksum, n, max_flips);
                return;
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

// nqueen: count the placements of n non-attacking queens on an n x n board
// (plb2's nqueen task; written here from its description: depth-first
// backtracking over rows with 32-bit bit masks of the attacked columns and
// diagonals, no recursion). Prints the count. n is 1..31. No deviation.
use std::env;
use std::process;

fn nqueen(n: usize) -> i64 {
    let all: u32 = (1u32 << n) - 1;
    let mut cols = [0u32; 32];
    let mut left = [0u32; 32];
    let mut right = [0u32; 32];
    let mut avail = [0u32; 32];
    let mut count: i64 = 0;
    let mut k: isize = 0;

    avail[0] = all;
    while k >= 0 {
        let r = k as usize;
        if avail[r] == 0 {
            k -= 1;
            continue;
        }
        let bit = avail[r] & avail[r].wrapping_neg();
        avail[r] ^= bit;
        if r == n - 1 {
            count += 1;
            continue;
        }
        cols[r + 1] = cols[r] | bit;
        left[r + 1] = ((left[r] | bit) << 1) & all;
        right[r + 1] = (right[r] | bit) >> 1;
        avail[r + 1] = all & !(cols[r + 1] | left[r + 1] | right[r + 1]);
        k += 1;
    }
    count
}

fn main() {
    let n: i64 = match env::args().nth(1) {
        Some(s) => s.parse().unwrap_or(0),
        None => 15,
    };
    if !(1..=31).contains(&n) {
        eprintln!("nqueen: n must be 1..31");
        process::exit(2);
    }
    println!("{}", nqueen(n as usize));
}

// spectralnorm: spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
// Game definition). Ten rounds of the power method on A^T A; prints
// sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
use std::env;

#[inline]
fn a_entry(i: usize, j: usize) -> f64 {
    1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

/// out = A * input
fn mul_a(input: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = input
            .iter()
            .enumerate()
            .map(|(j, x)| a_entry(i, j) * x)
            .sum();
    }
}

/// out = A^T * input
fn mul_at(input: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = input
            .iter()
            .enumerate()
            .map(|(j, x)| a_entry(j, i) * x)
            .sum();
    }
}

/// out = A^T * A * input
fn mul_ata(input: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mul_a(input, tmp);
    mul_at(tmp, out);
}

fn main() {
    let n: usize = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut tmp = vec![0.0; n];

    for _ in 0..10 {
        mul_ata(&u, &mut v, &mut tmp);
        mul_ata(&v, &mut u, &mut tmp);
    }
    let vbv: f64 = u.iter().zip(&v).map(|(a, b)| a * b).sum();
    let vv: f64 = v.iter().map(|b| b * b).sum();
    println!("{:.9}", (vbv / vv).sqrt());
}

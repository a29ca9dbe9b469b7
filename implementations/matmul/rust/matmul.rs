// matmul: multiply two n x n matrices of doubles (plb2's matmul task;
// written here from its description). n is rounded down to an even number;
// both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
// its own Vec; c = a * b with the i-k-j loop order (the inner loop is an
// axpy over a row of b and a row of c). Prints c[n/2][n/2] (9 decimals).
// No deviation; the inner loop zips the two rows (no bounds checks), which
// the compiler may vectorise, as it may the C loop.
use std::env;
use std::process;

fn mat_gen(n: usize) -> Vec<Vec<f64>> {
    let tmp = 1.0 / n as f64 / n as f64;
    (0..n as i64)
        .map(|i| {
            (0..n as i64)
                .map(|j| tmp * (i - j) as f64 * (i + j) as f64)
                .collect()
        })
        .collect()
}

fn mat_mul(a: &[Vec<f64>], b: &[Vec<f64>], n: usize) -> Vec<Vec<f64>> {
    let mut c = vec![vec![0.0f64; n]; n];
    for (ci, ai) in c.iter_mut().zip(a.iter()) {
        for (aik, bk) in ai.iter().zip(b.iter()) {
            for (cij, bkj) in ci.iter_mut().zip(bk.iter()) {
                *cij += aik * bkj;
            }
        }
    }
    c
}

fn main() {
    let n: i64 = match env::args().nth(1) {
        Some(s) => s.parse().unwrap_or(0),
        None => 1500,
    };
    let n = n / 2 * 2;
    if !(2..=100000).contains(&n) {
        eprintln!("matmul: n must be 2..100000");
        process::exit(2);
    }
    let n = n as usize;
    let a = mat_gen(n);
    let b = mat_gen(n);
    let c = mat_mul(&a, &b, n);
    println!("{:.9}", c[n / 2][n / 2]);
}

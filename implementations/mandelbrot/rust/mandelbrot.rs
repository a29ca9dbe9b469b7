// mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] as an n x n
// bitmap (Benchmarks Game definition): 50 iterations of z = z^2 + c,
// escape when |z|^2 > 4, a set bit for a point that never escapes, eight
// pixels per byte (first pixel in the high bit, rows padded), written as a
// binary PBM ("P4\nW H\n"). One pixel at a time, no SIMD; no deviation.
use std::env;
use std::io::{self, BufWriter, Write};

const ITERATIONS: u32 = 50;
const LIMIT_SQ: f64 = 4.0;

#[inline]
fn in_set(cr: f64, ci: f64) -> bool {
    let (mut zr, mut zi, mut tr, mut ti) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut i = 0;
    while i < ITERATIONS && tr + ti <= LIMIT_SQ {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        i += 1;
    }
    tr + ti <= LIMIT_SQ
}

fn main() -> io::Result<()> {
    let n: usize = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut row = vec![0u8; (n + 7) / 8];

    write!(out, "P4\n{} {}\n", n, n)?;
    for y in 0..n {
        let ci = 2.0 * y as f64 / n as f64 - 1.0;
        let mut bits: u32 = 0;
        let mut pos = 0;
        for x in 0..n {
            let cr = 2.0 * x as f64 / n as f64 - 1.5;
            bits = bits << 1 | in_set(cr, ci) as u32;
            if x % 8 == 7 {
                row[pos] = bits as u8;
                pos += 1;
                bits = 0;
            }
        }
        if n % 8 != 0 {
            row[pos] = (bits << (8 - n % 8)) as u8;
        }
        out.write_all(&row)?;
    }
    out.flush()
}

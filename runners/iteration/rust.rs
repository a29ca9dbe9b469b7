// versus iteration protocol (docs/iterations.md): the Rust helper.
// Rust's Instant hides its absolute value, so there is no start line.
use std::fs::File;
use std::io::Write;
use std::os::unix::io::FromRawFd;
use std::time::Instant;

// --- helper ---
fn iter_setup() -> (u64, Option<File>) {
    match (std::env::var("VERSUS_ITERATIONS"), std::env::var("VERSUS_ITER_FD")) {
        (Ok(n), Ok(fd)) => (n.parse().unwrap(), Some(unsafe { File::from_raw_fd(fd.parse().unwrap()) })),
        _ => (1, None),
    }
}
// --- end of helper ---

fn work() -> i64 {
    let mut sum: i64 = 0;
    for i in 0..100_000i64 {
        sum = (sum + i * i) % 1_000_000_007;
    }
    sum
}

fn main() {
    let (n, mut out) = iter_setup();
    let mut result = 0;
    for _ in 0..n {
        let t0 = Instant::now();
        result = work();
        let ns = t0.elapsed().as_nanos(); // the timed region ends here
        if let Some(f) = out.as_mut() {
            f.write_all(format!("iter {}\n", ns).as_bytes()).unwrap();
        }
    }
    drop(out); // closes the fd: end of the stream
    println!("{}", result); // the normal output, once
}

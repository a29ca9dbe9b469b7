// panic.rs: a Rust panic inside the sandbox (exit code 101).
fn main() {
    let v: Vec<u32> = Vec::new();
    if v.is_empty() {
        panic!("on purpose");
    }
}

// startup: print one line and exit, to measure the cost of starting the
// runtime and a process. No deviation.
fn main() {
    println!("hello, world");
}

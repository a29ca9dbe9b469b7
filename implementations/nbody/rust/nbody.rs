// nbody: N-body simulation of the Jovian planets (Benchmarks Game
// definition). Symplectic-Euler integration of five bodies, dt = 0.01,
// argv[1] steps; prints the system's energy before and after (%.9f).
// Plain scalar code, no deviation.
use std::env;
use std::fs::File;
use std::hint::black_box;
use std::io::{self, Write};
use std::os::fd::FromRawFd;
use std::process;
use std::time::Instant;

const PROG: &str = "nbody";

const PI: f64 = 3.141592653589793;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    x: f64,
    y: f64,
    z: f64,
    vx: f64,
    vy: f64,
    vz: f64,
    mass: f64,
}

#[rustfmt::skip]
const BODIES: [Body; 5] = [
    // sun
    Body { x: 0.0, y: 0.0, z: 0.0, vx: 0.0, vy: 0.0, vz: 0.0, mass: SOLAR_MASS },
    // jupiter
    Body {
        x: 4.84143144246472090e+00, y: -1.16032004402742839e+00, z: -1.03622044471123109e-01,
        vx: 1.66007664274403694e-03 * DAYS_PER_YEAR,
        vy: 7.69901118419740425e-03 * DAYS_PER_YEAR,
        vz: -6.90460016972063023e-05 * DAYS_PER_YEAR,
        mass: 9.54791938424326609e-04 * SOLAR_MASS,
    },
    // saturn
    Body {
        x: 8.34336671824457987e+00, y: 4.12479856412430479e+00, z: -4.03523417114321381e-01,
        vx: -2.76742510726862411e-03 * DAYS_PER_YEAR,
        vy: 4.99852801234917238e-03 * DAYS_PER_YEAR,
        vz: 2.30417297573763929e-05 * DAYS_PER_YEAR,
        mass: 2.85885980666130812e-04 * SOLAR_MASS,
    },
    // uranus
    Body {
        x: 1.28943695621391310e+01, y: -1.51111514016986312e+01, z: -2.23307578892655734e-01,
        vx: 2.96460137564761618e-03 * DAYS_PER_YEAR,
        vy: 2.37847173959480950e-03 * DAYS_PER_YEAR,
        vz: -2.96589568540237556e-05 * DAYS_PER_YEAR,
        mass: 4.36624404335156298e-05 * SOLAR_MASS,
    },
    // neptune
    Body {
        x: 1.53796971148509165e+01, y: -2.59193146099879641e+01, z: 1.79258772950371181e-01,
        vx: 2.68067772490389322e-03 * DAYS_PER_YEAR,
        vy: 1.62824170038242295e-03 * DAYS_PER_YEAR,
        vz: -9.51592254519715870e-05 * DAYS_PER_YEAR,
        mass: 5.15138902046611451e-05 * SOLAR_MASS,
    },
];

/// Give the sun the momentum that makes the system's total zero.
fn offset_momentum(bodies: &mut [Body; 5]) {
    let (mut px, mut py, mut pz) = (0.0, 0.0, 0.0);
    for b in bodies.iter() {
        px += b.vx * b.mass;
        py += b.vy * b.mass;
        pz += b.vz * b.mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for (i, a) in bodies.iter().enumerate() {
        e += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
        for b in &bodies[i + 1..] {
            let dx = a.x - b.x;
            let dy = a.y - b.y;
            let dz = a.z - b.z;
            e -= a.mass * b.mass / (dx * dx + dy * dy + dz * dz).sqrt();
        }
    }
    e
}

fn advance(bodies: &mut [Body; 5], dt: f64) {
    for i in 0..bodies.len() {
        let (head, tail) = bodies.split_at_mut(i + 1);
        let a = &mut head[i];
        for b in tail.iter_mut() {
            let dx = a.x - b.x;
            let dy = a.y - b.y;
            let dz = a.z - b.z;
            let d2 = dx * dx + dy * dy + dz * dz;
            let mag = dt / (d2 * d2.sqrt());
            let mb = b.mass * mag;
            let ma = a.mass * mag;
            a.vx -= dx * mb;
            a.vy -= dy * mb;
            a.vz -= dz * mb;
            b.vx += dx * ma;
            b.vy += dy * ma;
            b.vz += dz * ma;
        }
    }
    for b in bodies.iter_mut() {
        b.x += dt * b.vx;
        b.y += dt * b.vy;
        b.z += dt * b.vz;
    }
}

// One full run from the initial state: energy before and after.
fn run(steps: u64) -> [f64; 2] {
    let mut bodies = BODIES;
    offset_momentum(&mut bodies);
    let before = energy(&bodies);
    for _ in 0..steps {
        advance(&mut bodies, 0.01);
    }
    [before, energy(&bodies)]
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
    let steps: u64 = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    // black_box: the compiler cannot merge or hoist runs.
    let e = iterate(|| run(black_box(steps)));
    let mut out = io::stdout().lock();
    writeln!(out, "{:.9}\n{:.9}", e[0], e[1]).unwrap();
}

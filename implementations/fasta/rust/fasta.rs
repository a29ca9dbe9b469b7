// fasta: generate DNA sequences in FASTA format (Benchmarks Game
// definition): 2n characters repeating the ALU sequence, then 3n drawn
// from the IUB ambiguity codes and 5n from the Homo sapiens frequencies,
// using the benchmark's linear congruential generator (IM 139968,
// IA 3877, IC 29573, seed 42) and cumulative probability tables; 60
// characters a line. One character per random number; no deviation.
use std::env;
use std::io::{self, BufWriter, Write};

const LINE_LENGTH: usize = 60;
const IM: u32 = 139968;
const IA: u32 = 3877;
const IC: u32 = 29573;

const ALU: &[u8] = b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG\
GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA\
CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT\
ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA\
GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG\
AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC\
AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

const IUB: [(u8, f64); 15] = [
    (b'a', 0.27),
    (b'c', 0.12),
    (b'g', 0.12),
    (b't', 0.27),
    (b'B', 0.02),
    (b'D', 0.02),
    (b'H', 0.02),
    (b'K', 0.02),
    (b'M', 0.02),
    (b'N', 0.02),
    (b'R', 0.02),
    (b'S', 0.02),
    (b'V', 0.02),
    (b'W', 0.02),
    (b'Y', 0.02),
];

const HOMO_SAPIENS: [(u8, f64); 4] = [
    (b'a', 0.3029549426680),
    (b'c', 0.1979883004921),
    (b'g', 0.1975473066391),
    (b't', 0.3015094502008),
];

struct Random {
    state: u32,
}

impl Random {
    fn next(&mut self, max: f64) -> f64 {
        self.state = (self.state * IA + IC) % IM;
        max * self.state as f64 / IM as f64
    }
}

/// Symbols with cumulative probabilities.
fn cumulative(table: &[(u8, f64)]) -> Vec<(u8, f64)> {
    let mut sum = 0.0;
    table
        .iter()
        .map(|&(c, p)| {
            sum += p;
            (c, sum)
        })
        .collect()
}

fn pick(table: &[(u8, f64)], r: f64) -> u8 {
    // The last entry is ~1.0; it catches rounding.
    let last = table.len() - 1;
    let mut k = 0;
    while k < last && r >= table[k].1 {
        k += 1;
    }
    table[k].0
}

fn repeat_fasta(out: &mut impl Write, header: &str, seq: &[u8], n: usize) -> io::Result<()> {
    let mut line = [0u8; LINE_LENGTH + 1];
    let mut pos = 0;
    let mut left = n;

    out.write_all(header.as_bytes())?;
    while left > 0 {
        let len = left.min(LINE_LENGTH);
        for c in &mut line[..len] {
            *c = seq[pos];
            pos += 1;
            if pos == seq.len() {
                pos = 0;
            }
        }
        line[len] = b'\n';
        out.write_all(&line[..=len])?;
        left -= len;
    }
    Ok(())
}

fn random_fasta(
    out: &mut impl Write,
    header: &str,
    table: &[(u8, f64)],
    rng: &mut Random,
    n: usize,
) -> io::Result<()> {
    let mut line = [0u8; LINE_LENGTH + 1];
    let mut left = n;

    out.write_all(header.as_bytes())?;
    while left > 0 {
        let len = left.min(LINE_LENGTH);
        for c in &mut line[..len] {
            *c = pick(table, rng.next(1.0));
        }
        line[len] = b'\n';
        out.write_all(&line[..=len])?;
        left -= len;
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let n: usize = env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut rng = Random { state: 42 };

    repeat_fasta(&mut out, ">ONE Homo sapiens alu\n", ALU, 2 * n)?;
    random_fasta(
        &mut out,
        ">TWO IUB ambiguity codes\n",
        &cumulative(&IUB),
        &mut rng,
        3 * n,
    )?;
    random_fasta(
        &mut out,
        ">THREE Homo sapiens frequency\n",
        &cumulative(&HOMO_SAPIENS),
        &mut rng,
        5 * n,
    )?;
    out.flush()
}

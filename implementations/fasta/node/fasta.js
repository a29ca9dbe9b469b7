// fasta: generate DNA sequences (Computer Language Benchmarks Game
// definition): ">ONE" repeats the ALU sequence for 2n characters, ">TWO"
// and ">THREE" pick 3n and 5n characters from the IUB and Homo sapiens
// tables by weighted random selection with the published LCG (IM 139968,
// IA 3877, IC 29573, seed 42, r = seed / IM, first code whose cumulative
// probability is > r, else the last); lines of 60 characters. No deviation.
// Output goes through a Buffer and fs.writeSync on fd 1.
'use strict';

const fs = require('fs');

const IM = 139968;
const IA = 3877;
const IC = 29573;
const WIDTH = 60;
const BUFFER_BYTES = 1 << 16;

const ALU =
  'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG' +
  'GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA' +
  'CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT' +
  'ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA' +
  'GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG' +
  'AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC' +
  'AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

const IUB = [
  ['a', 0.27], ['c', 0.12], ['g', 0.12], ['t', 0.27],
  ['B', 0.02], ['D', 0.02], ['H', 0.02], ['K', 0.02],
  ['M', 0.02], ['N', 0.02], ['R', 0.02], ['S', 0.02],
  ['V', 0.02], ['W', 0.02], ['Y', 0.02],
];

const HOMO_SAPIENS = [
  ['a', 0.3029549426680], ['c', 0.1979883004921],
  ['g', 0.1975473066391], ['t', 0.3015094502008],
];

const buf = Buffer.alloc(BUFFER_BYTES);
let used = 0;
let seed = 42;

// Writes buf[0, used) to stdout; retries when fd 1 is a non-blocking pipe
// that is full.
function flush() {
  let offset = 0;
  while (offset < used) {
    try {
      offset += fs.writeSync(1, buf, offset, used - offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') {
        throw e;
      }
    }
  }
  used = 0;
}

function writeAscii(s) {
  if (used + s.length > buf.length) {
    flush();
  }
  used += buf.write(s, used, 'latin1');
}

function repeatFasta(seq, n) {
  const s = Buffer.from(seq, 'latin1');
  let pos = 0;
  for (let left = n; left > 0; left -= WIDTH) {
    const m = Math.min(WIDTH, left);
    if (used + m + 1 > buf.length) {
      flush();
    }
    for (let i = 0; i < m; i++) {
      buf[used++] = s[pos];
      if (++pos === s.length) {
        pos = 0;
      }
    }
    buf[used++] = 10;
  }
}

function randomFasta(table, n) {
  const codes = Buffer.from(table.map((e) => e[0]).join(''), 'latin1');
  const cumulative = new Float64Array(table.length);
  let total = 0;
  for (let i = 0; i < table.length; i++) {
    total += table[i][1];
    cumulative[i] = total;
  }
  const last = table.length - 1;
  for (let left = n; left > 0; left -= WIDTH) {
    const m = Math.min(WIDTH, left);
    if (used + m + 1 > buf.length) {
      flush();
    }
    for (let i = 0; i < m; i++) {
      seed = (seed * IA + IC) % IM;
      const r = seed / IM;
      let k = 0;
      while (k < last && r >= cumulative[k]) {
        k++;
      }
      buf[used++] = codes[k];
    }
    buf[used++] = 10;
  }
}

function main() {
  const n = parseInt(process.argv[2], 10);
  writeAscii('>ONE Homo sapiens alu\n');
  repeatFasta(ALU, n * 2);
  writeAscii('>TWO IUB ambiguity codes\n');
  randomFasta(IUB, n * 3);
  writeAscii('>THREE Homo sapiens frequency\n');
  randomFasta(HOMO_SAPIENS, n * 5);
  flush();
}

main();

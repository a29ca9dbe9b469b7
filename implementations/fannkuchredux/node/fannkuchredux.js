// fannkuchredux: indexed-access to tiny integer sequences (Computer Language
// Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
// published countdown order, counts prefix-reversal flips until the first
// element is 0, prints the alternating-sign checksum of the flip counts and
// "Pfannkuchen(n) = max flips". No deviation.
'use strict';

const START_NS = process.hrtime.bigint();
const fs = require('fs');

const PROG = 'fannkuchredux';

function fannkuch(n) {
  const perm1 = new Int32Array(n);
  const perm = new Int32Array(n);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    perm1[i] = i;
  }
  let maxFlips = 0;
  let checksum = 0;
  let even = true;
  let r = n;
  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r--;
    }
    perm.set(perm1);
    let flips = 0;
    for (let k = perm[0]; k !== 0; k = perm[0]) {
      for (let i = 0, j = k; i < j; i++, j--) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    if (flips > maxFlips) {
      maxFlips = flips;
    }
    checksum += even ? flips : -flips;
    even = !even;
    // next permutation: rotate the first r+1 elements left until a counter
    // is not exhausted
    for (;;) {
      if (r === n) {
        return [checksum, maxFlips];
      }
      const first = perm1[0];
      for (let i = 0; i < r; i++) {
        perm1[i] = perm1[i + 1];
      }
      perm1[r] = first;
      if (--count[r] > 0) {
        break;
      }
      r++;
    }
  }
}

function sameArray(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N and
// VERSUS_ITER_FD=K set, the workload runs N times in this process; fd K gets
// "start <ns>" (process.hrtime.bigint, which is CLOCK_MONOTONIC on Linux,
// when the script began) and, after each run and outside its timed region,
// "iter <ns>". The output is printed once, after the last run. Without the
// variables: one run, no protocol.
function fail(message, status) {
  process.stderr.write(`${PROG}: ${message}\n`);
  process.exit(status);
}

function envNum(name, lo, hi) {
  const s = process.env[name];
  const v = /^[0-9]{1,10}$/.test(s || '') ? Number(s) : -1;
  if (v < lo || v > hi) {
    fail(`${name} must be a number in ${lo}..${hi}`, 2);
  }
  return v;
}

function iterLine(fd, text) {
  try {
    fs.writeSync(fd, text);
  } catch (e) {
    fail(`iteration fd: ${e.message}`, 1);
  }
}

// Calls run() once, or N times in iteration mode, and returns the last
// result; runs that disagree (by same) are an error.
function iterate(run, same) {
  let fd = -1;
  let runs = 1;
  if (process.env.VERSUS_ITERATIONS !== undefined ||
      process.env.VERSUS_ITER_FD !== undefined) {
    fd = envNum('VERSUS_ITER_FD', 3, 2147483647);
    runs = envNum('VERSUS_ITERATIONS', 1, 1000000);
    iterLine(fd, `start ${START_NS}\n`);
  }
  let result;
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = run();
    const t1 = process.hrtime.bigint();
    if (i > 0 && !same(result, last)) {
      fail('runs gave different results', 1);
    }
    last = result;
    if (fd >= 0) {
      iterLine(fd, `iter ${t1 - t0}\n`);
    }
  }
  return result;
}

function main() {
  const n = parseInt(process.argv[2], 10);
  const [checksum, maxFlips] = iterate(() => fannkuch(n), sameArray);
  process.stdout.write(`${checksum}\nPfannkuchen(${n}) = ${maxFlips}\n`);
}

main();

// spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
// + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
// u = AtA v, v = AtA u by the power method from u = 1, then prints
// sqrt(u.v / v.v) with toFixed(9). A is computed on the fly, never stored.
// No deviation.
'use strict';

const START_NS = process.hrtime.bigint();
const fs = require('fs');

const PROG = 'spectralnorm';

function a(i, j) {
  const ij = i + j;
  return 1 / ((ij * (ij + 1)) / 2 + i + 1);
}

function timesA(u, out) {
  const n = u.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += a(i, j) * u[j];
    }
    out[i] = s;
  }
}

function timesAt(u, out) {
  const n = u.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += a(j, i) * u[j];
    }
    out[i] = s;
  }
}

function timesAtA(u, out, tmp) {
  timesA(u, tmp);
  timesAt(tmp, out);
}

// One full run: the norm of the n x n block, n = u.length; v and tmp hold
// n doubles too.
function run(u, v, tmp) {
  const n = u.length;
  u.fill(1);
  for (let i = 0; i < 10; i++) {
    timesAtA(u, v, tmp);
    timesAtA(v, u, tmp);
  }
  let vBv = 0, vv = 0;
  for (let i = 0; i < n; i++) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  return Math.sqrt(vBv / vv);
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
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  const norm = iterate(() => run(u, v, tmp), (a, b) => a === b);
  process.stdout.write(norm.toFixed(9) + '\n');
}

main();

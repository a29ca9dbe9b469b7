// binarytrees: allocate and walk perfect binary trees (Computer Language
// Benchmarks Game definition): bottom-up creation allocating every node,
// min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
// max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation;
// V8's default garbage collector and heap settings are used.
'use strict';

const START_NS = process.hrtime.bigint();
const fs = require('fs');

const PROG = 'binarytrees';

const MIN_DEPTH = 4;

class Node {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
}

function makeTree(depth) {
  if (depth === 0) {
    return new Node(null, null);
  }
  return new Node(makeTree(depth - 1), makeTree(depth - 1));
}

function checkTree(node) {
  if (node.left === null) {
    return 1;
  }
  return 1 + checkTree(node.left) + checkTree(node.right);
}

// One full run up to maxDepth: the checks it prints, in order (the stretch
// tree, one per depth MIN_DEPTH, MIN_DEPTH + 2, ..., the long-lived tree).
function run(maxDepth) {
  const checks = [checkTree(makeTree(maxDepth + 1))];
  const longLived = makeTree(maxDepth);
  for (let depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
    const iterations = 2 ** (maxDepth - depth + MIN_DEPTH);
    let check = 0;
    for (let i = 0; i < iterations; i++) {
      check += checkTree(makeTree(depth));
    }
    checks.push(check);
  }
  checks.push(checkTree(longLived));
  return checks;
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
  const maxDepth = Math.max(MIN_DEPTH + 2, n);
  const stretchDepth = maxDepth + 1;
  const checks = iterate(() => run(maxDepth), sameArray);
  let c = 0;
  let out = `stretch tree of depth ${stretchDepth}\t check: ${checks[c++]}\n`;
  for (let depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
    const iterations = 2 ** (maxDepth - depth + MIN_DEPTH);
    out += `${iterations}\t trees of depth ${depth}\t check: ${checks[c++]}\n`;
  }
  out += `long lived tree of depth ${maxDepth}\t check: ${checks[c]}\n`;
  process.stdout.write(out);
}

main();

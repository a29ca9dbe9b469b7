// versus iteration protocol (docs/iterations.md): the JavaScript (Node.js)
// helper. process.hrtime.bigint() is CLOCK_MONOTONIC.
'use strict';
const fs = require('fs');

// --- helper ---
const ITER_FD = process.env.VERSUS_ITER_FD !== undefined ? Number(process.env.VERSUS_ITER_FD) : -1;
const ITERATIONS = ITER_FD >= 0 ? Number(process.env.VERSUS_ITERATIONS) : 1;
const iterLine = (s) => { if (ITER_FD >= 0) fs.writeSync(ITER_FD, s + '\n'); };
// --- end of helper ---

function work() {
  let sum = 0;
  for (let i = 0; i < 100000; i++) sum = (sum + ((i * i) % 1000000007)) % 1000000007;
  return sum;
}

iterLine(`start ${process.hrtime.bigint()}`);
let result = 0;
for (let i = 0; i < ITERATIONS; i++) {
  const t0 = process.hrtime.bigint();
  result = work();
  const ns = process.hrtime.bigint() - t0; // the timed region ends here
  iterLine(`iter ${ns}`);
}
if (ITER_FD >= 0) fs.closeSync(ITER_FD);
console.log(result); // the normal output, once

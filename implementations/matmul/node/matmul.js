// matmul: multiply two n x n matrices of doubles (plb2's matmul task;
// written here from its description). n is rounded down to an even number;
// both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
// its own Float64Array; c = a * b with the i-k-j loop order (the inner loop
// is an axpy over a row of b and a row of c). Prints c[n/2][n/2]
// (toFixed(9)). No deviation.
'use strict';

function matGen(n) {
  const tmp = 1.0 / n / n;
  const m = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) row[j] = tmp * (i - j) * (i + j);
    m[i] = row;
  }
  return m;
}

function matMul(a, b, n) {
  const c = new Array(n);
  for (let i = 0; i < n; i++) {
    const ci = new Float64Array(n);
    const ai = a[i];
    for (let k = 0; k < n; k++) {
      const aik = ai[k];
      const bk = b[k];
      for (let j = 0; j < n; j++) ci[j] += aik * bk[j];
    }
    c[i] = ci;
  }
  return c;
}

let n = process.argv.length > 2 ? Number.parseInt(process.argv[2], 10) : 1500;
n = Math.trunc(n / 2) * 2;
if (!(n >= 2 && n <= 100000)) {
  process.stderr.write('matmul: n must be 2..100000\n');
  process.exit(2);
}
const a = matGen(n);
const b = matGen(n);
const c = matMul(a, b, n);
process.stdout.write(`${c[n / 2][n / 2].toFixed(9)}\n`);

// spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
// + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
// u = AtA v, v = AtA u by the power method from u = 1, then prints
// sqrt(u.v / v.v) with toFixed(9). A is computed on the fly, never stored.
// No deviation.
'use strict';

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

function main() {
  const n = parseInt(process.argv[2], 10);
  const u = new Float64Array(n).fill(1);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let i = 0; i < 10; i++) {
    timesAtA(u, v, tmp);
    timesAtA(v, u, tmp);
  }
  let vBv = 0, vv = 0;
  for (let i = 0; i < n; i++) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  process.stdout.write(Math.sqrt(vBv / vv).toFixed(9) + '\n');
}

main();

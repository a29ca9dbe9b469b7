// fannkuchredux: indexed-access to tiny integer sequences (Computer Language
// Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
// published countdown order, counts prefix-reversal flips until the first
// element is 0, prints the alternating-sign checksum of the flip counts and
// "Pfannkuchen(n) = max flips". No deviation.
'use strict';

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

function main() {
  const n = parseInt(process.argv[2], 10);
  const [checksum, maxFlips] = fannkuch(n);
  process.stdout.write(`${checksum}\nPfannkuchen(${n}) = ${maxFlips}\n`);
}

main();

// nqueen: count the placements of n non-attacking queens on an n x n board
// (plb2's nqueen task; written here from its description: depth-first
// backtracking over rows with 32-bit bit masks of the attacked columns and
// diagonals, no recursion). Prints the count. n is 1..31. No deviation:
// the masks live in Uint32Arrays and every bit operation is a 32-bit one
// (>>> 0 keeps them unsigned).
'use strict';

function nqueen(n) {
  const all = n === 31 ? 0x7fffffff : (1 << n) - 1;
  const cols = new Uint32Array(32);
  const left = new Uint32Array(32);
  const right = new Uint32Array(32);
  const avail = new Uint32Array(32);
  let count = 0;
  let k = 0;

  avail[0] = all;
  while (k >= 0) {
    if (avail[k] === 0) {
      k--;
      continue;
    }
    const bit = (avail[k] & -avail[k]) >>> 0;
    avail[k] ^= bit;
    if (k === n - 1) {
      count++;
      continue;
    }
    cols[k + 1] = cols[k] | bit;
    left[k + 1] = ((left[k] | bit) << 1) & all;
    right[k + 1] = (right[k] | bit) >>> 1;
    avail[k + 1] = all & ~(cols[k + 1] | left[k + 1] | right[k + 1]);
    k++;
  }
  return count;
}

const n = process.argv.length > 2 ? Number.parseInt(process.argv[2], 10) : 15;
if (!(n >= 1 && n <= 31)) {
  process.stderr.write('nqueen: n must be 1..31\n');
  process.exit(2);
}
process.stdout.write(`${nqueen(n)}\n`);

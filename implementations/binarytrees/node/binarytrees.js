// binarytrees: allocate and walk perfect binary trees (Computer Language
// Benchmarks Game definition): bottom-up creation allocating every node,
// min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
// max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation;
// V8's default garbage collector and heap settings are used.
'use strict';

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

function main() {
  const n = parseInt(process.argv[2], 10);
  const maxDepth = Math.max(MIN_DEPTH + 2, n);
  const stretchDepth = maxDepth + 1;
  let out = `stretch tree of depth ${stretchDepth}\t check: ${checkTree(makeTree(stretchDepth))}\n`;
  const longLived = makeTree(maxDepth);
  for (let depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
    const iterations = 2 ** (maxDepth - depth + MIN_DEPTH);
    let check = 0;
    for (let i = 0; i < iterations; i++) {
      check += checkTree(makeTree(depth));
    }
    out += `${iterations}\t trees of depth ${depth}\t check: ${check}\n`;
  }
  out += `long lived tree of depth ${maxDepth}\t check: ${checkTree(longLived)}\n`;
  process.stdout.write(out);
}

main();

// mandelbrot: the Mandelbrot set as a binary PBM bitmap (Computer Language
// Benchmarks Game definition): n x n pixels over [-1.5, 0.5] x [-1, 1],
// c = (2x/n - 1.5, 2y/n - 1), at most 50 iterations of z = z^2 + c, a pixel
// is in the set (bit 1) unless |z|^2 > 4; 8 pixels per byte, most
// significant bit first, each row padded to whole bytes. No deviation.
// Output goes through fs.writeSync on fd 1: binary-safe and synchronous.
'use strict';

const fs = require('fs');

const BUFFER_BYTES = 1 << 16;

// Writes all of buf to stdout; retries when fd 1 is a non-blocking pipe
// that is full.
function writeAll(buf, length) {
  let offset = 0;
  while (offset < length) {
    try {
      offset += fs.writeSync(1, buf, offset, length - offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') {
        throw e;
      }
    }
  }
}

function main() {
  const n = parseInt(process.argv[2], 10);
  const w = n, h = n;
  const rowBytes = (w + 7) >> 3;
  const header = Buffer.from(`P4\n${w} ${h}\n`, 'latin1');
  writeAll(header, header.length);
  const crs = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    crs[x] = 2.0 * x / w - 1.5;
  }
  const buf = Buffer.alloc(Math.max(BUFFER_BYTES, rowBytes));
  let used = 0;
  for (let y = 0; y < h; y++) {
    const ci = 2.0 * y / h - 1.0;
    if (used + rowBytes > buf.length) {
      writeAll(buf, used);
      used = 0;
    }
    let bits = 0;
    let bitCount = 0;
    for (let x = 0; x < w; x++) {
      const cr = crs[x];
      let zr = 0, zi = 0, tr = 0, ti = 0;
      for (let i = 0; i < 50 && tr + ti <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
      }
      bits <<= 1;
      if (tr + ti <= 4.0) {
        bits |= 1;
      }
      if (++bitCount === 8) {
        buf[used++] = bits;
        bits = 0;
        bitCount = 0;
      }
    }
    if (bitCount > 0) {
      buf[used++] = bits << (8 - bitCount);
    }
  }
  writeAll(buf, used);
}

main();

// nbody: N-body simulation of the Jovian planets (Computer Language Benchmarks
// Game definition): symplectic Euler steps of dt = 0.01 over all body pairs,
// energy printed before and after with toFixed(9). No deviation.
'use strict';

const START_NS = process.hrtime.bigint();
const fs = require('fs');

const PROG = 'nbody';

const PI = 3.141592653589793;
const SOLAR_MASS = 4 * PI * PI;
const DAYS_PER_YEAR = 365.24;

class Body {
  constructor(x, y, z, vx, vy, vz, mass) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.vx = vx * DAYS_PER_YEAR;
    this.vy = vy * DAYS_PER_YEAR;
    this.vz = vz * DAYS_PER_YEAR;
    this.mass = mass * SOLAR_MASS;
  }
}

function makeBodies() {
  return [
    new Body(0, 0, 0, 0, 0, 0, 1),
    new Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
             1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
             9.54791938424326609e-04),
    new Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
             -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
             2.85885980666130812e-04),
    new Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
             2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
             4.36624404335156298e-05),
    new Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
             2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
             5.15138902046611451e-05),
  ];
}

function offsetMomentum(bodies) {
  let px = 0, py = 0, pz = 0;
  for (const b of bodies) {
    px += b.vx * b.mass;
    py += b.vy * b.mass;
    pz += b.vz * b.mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;
}

function energy(bodies) {
  let e = 0;
  for (let i = 0; i < bodies.length; i++) {
    const a = bodies[i];
    e += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
    for (let j = i + 1; j < bodies.length; j++) {
      const b = bodies[j];
      const dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
      e -= (a.mass * b.mass) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

function advance(bodies, dt) {
  const count = bodies.length;
  for (let i = 0; i < count; i++) {
    const a = bodies[i];
    for (let j = i + 1; j < count; j++) {
      const b = bodies[j];
      const dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
      const distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
      const mag = dt / (distance * distance * distance);
      a.vx -= dx * b.mass * mag;
      a.vy -= dy * b.mass * mag;
      a.vz -= dz * b.mass * mag;
      b.vx += dx * a.mass * mag;
      b.vy += dy * a.mass * mag;
      b.vz += dz * a.mass * mag;
    }
  }
  for (let i = 0; i < count; i++) {
    const b = bodies[i];
    b.x += dt * b.vx;
    b.y += dt * b.vy;
    b.z += dt * b.vz;
  }
}

// One full run from the initial state: energy before and after.
function run(steps) {
  const bodies = makeBodies();
  offsetMomentum(bodies);
  const before = energy(bodies);
  for (let i = 0; i < steps; i++) {
    advance(bodies, 0.01);
  }
  return [before, energy(bodies)];
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
  const steps = parseInt(process.argv[2], 10);
  const e = iterate(() => run(steps), sameArray);
  process.stdout.write(e[0].toFixed(9) + '\n' + e[1].toFixed(9) + '\n');
}

main();

# nbody: N-body simulation of the Jovian planets (Computer Language Benchmarks
# Game definition): symplectic Euler steps of dt = 0.01 over all body pairs,
# energy printed before and after as "%.9f". No deviation. Hot loop works on
# small lists bound to locals: attribute and global lookups are slow in CPython.
import os
import sys
import time
from math import sqrt

START_NS = time.monotonic_ns()
PROG = "nbody"

PI = 3.141592653589793
SOLAR_MASS = 4.0 * PI * PI
DAYS_PER_YEAR = 365.24


def make_bodies():
    """Return [position, velocity, mass] for Sun, Jupiter, Saturn, Uranus, Neptune."""
    planets = (
        (4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
         9.54791938424326609e-04),
        (8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
         2.85885980666130812e-04),
        (1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
         4.36624404335156298e-05),
        (1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
         5.15138902046611451e-05),
    )
    bodies = [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], SOLAR_MASS]]
    for x, y, z, vx, vy, vz, mass in planets:
        bodies.append([[x, y, z],
                       [vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR, vz * DAYS_PER_YEAR],
                       mass * SOLAR_MASS])
    return bodies


def offset_momentum(bodies):
    px = py = pz = 0.0
    for _, (vx, vy, vz), mass in bodies:
        px += vx * mass
        py += vy * mass
        pz += vz * mass
    sun_v = bodies[0][1]
    sun_v[0] = -px / SOLAR_MASS
    sun_v[1] = -py / SOLAR_MASS
    sun_v[2] = -pz / SOLAR_MASS


def energy(bodies):
    e = 0.0
    for i, ((x1, y1, z1), (vx, vy, vz), m1) in enumerate(bodies):
        e += 0.5 * m1 * (vx * vx + vy * vy + vz * vz)
        for (x2, y2, z2), _, m2 in bodies[i + 1:]:
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            e -= (m1 * m2) / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies, steps, dt):
    pairs = [(bodies[i], bodies[j])
             for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    pairs = [(p1, v1, m1, p2, v2, m2)
             for (p1, v1, m1), (p2, v2, m2) in pairs]
    moves = [(p, v) for p, v, _ in bodies]
    for _ in range(steps):
        for p1, v1, m1, p2, v2, m2 in pairs:
            x1, y1, z1 = p1
            x2, y2, z2 = p2
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            distance = sqrt(dx * dx + dy * dy + dz * dz)
            mag = dt / (distance * distance * distance)
            v1[0] -= dx * m2 * mag
            v1[1] -= dy * m2 * mag
            v1[2] -= dz * m2 * mag
            v2[0] += dx * m1 * mag
            v2[1] += dy * m1 * mag
            v2[2] += dz * m1 * mag
        for p, (vx, vy, vz) in moves:
            p[0] += dt * vx
            p[1] += dt * vy
            p[2] += dt * vz


def run(steps):
    """One full run from the initial state: energy before and after."""
    bodies = make_bodies()
    offset_momentum(bodies)
    before = energy(bodies)
    advance(bodies, steps, 0.01)
    return before, energy(bodies)


# Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N and
# VERSUS_ITER_FD=K set, the workload runs N times in this process; fd K gets
# "start <ns>" (time.monotonic_ns, clock_gettime(CLOCK_MONOTONIC) on Linux in
# CPython and PyPy, when the script began) and, after each run and outside
# its timed region, "iter <ns>". The output is printed once, after the last
# run. Without the variables: one run, no protocol.
def fail(message, status):
    sys.stderr.write("%s: %s\n" % (PROG, message))
    sys.exit(status)


def env_num(name, lo, hi):
    s = os.environ.get(name, "")
    v = int(s) if s.isascii() and s.isdigit() and len(s) <= 10 else -1
    if not lo <= v <= hi:
        fail("%s must be a number in %d..%d" % (name, lo, hi), 2)
    return v


def iter_line(fd, data):
    try:
        os.write(fd, data)
    except OSError as e:
        fail("iteration fd: %s" % e.strerror, 1)


def iterate(run):
    """Call run() once, or N times in iteration mode; return the last result.

    Runs that disagree are an error.
    """
    fd = -1
    runs = 1
    if "VERSUS_ITERATIONS" in os.environ or "VERSUS_ITER_FD" in os.environ:
        fd = env_num("VERSUS_ITER_FD", 3, 2**31 - 1)
        runs = env_num("VERSUS_ITERATIONS", 1, 1000000)
        iter_line(fd, b"start %d\n" % START_NS)
    result = last = None
    for i in range(runs):
        t0 = time.monotonic_ns()
        result = run()
        t1 = time.monotonic_ns()
        if i > 0 and result != last:
            fail("runs gave different results", 1)
        last = result
        if fd >= 0:
            iter_line(fd, b"iter %d\n" % (t1 - t0))
    return result


def main():
    steps = int(sys.argv[1])
    before, after = iterate(lambda: run(steps))
    sys.stdout.write("%.9f\n%.9f\n" % (before, after))

main()

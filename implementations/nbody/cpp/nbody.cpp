// nbody: N-body simulation of the Jovian planets (Benchmarks Game
// definition). Symplectic-Euler integration of five bodies, dt = 0.01,
// argv[1] steps; prints the system's energy before and after (%.9f).
// Plain scalar code, no deviation.
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <unistd.h>

#define PROG "nbody"

namespace {

constexpr double pi = 3.141592653589793;
constexpr double solar_mass = 4 * pi * pi;
constexpr double days_per_year = 365.24;

struct Body {
    double x, y, z;
    double vx, vy, vz;
    double mass;
};

using System = std::array<Body, 5>;

System initial_system()
{
    return {{
        // sun
        {0, 0, 0, 0, 0, 0, solar_mass},
        // jupiter
        {4.84143144246472090e+00, -1.16032004402742839e+00,
         -1.03622044471123109e-01, 1.66007664274403694e-03 * days_per_year,
         7.69901118419740425e-03 * days_per_year,
         -6.90460016972063023e-05 * days_per_year,
         9.54791938424326609e-04 * solar_mass},
        // saturn
        {8.34336671824457987e+00, 4.12479856412430479e+00,
         -4.03523417114321381e-01, -2.76742510726862411e-03 * days_per_year,
         4.99852801234917238e-03 * days_per_year,
         2.30417297573763929e-05 * days_per_year,
         2.85885980666130812e-04 * solar_mass},
        // uranus
        {1.28943695621391310e+01, -1.51111514016986312e+01,
         -2.23307578892655734e-01, 2.96460137564761618e-03 * days_per_year,
         2.37847173959480950e-03 * days_per_year,
         -2.96589568540237556e-05 * days_per_year,
         4.36624404335156298e-05 * solar_mass},
        // neptune
        {1.53796971148509165e+01, -2.59193146099879641e+01,
         1.79258772950371181e-01, 2.68067772490389322e-03 * days_per_year,
         1.62824170038242295e-03 * days_per_year,
         -9.51592254519715870e-05 * days_per_year,
         5.15138902046611451e-05 * solar_mass},
    }};
}

// Give the sun the momentum that makes the system's total zero.
void offset_momentum(System& bodies)
{
    double px = 0, py = 0, pz = 0;
    for (const Body& b : bodies) {
        px += b.vx * b.mass;
        py += b.vy * b.mass;
        pz += b.vz * b.mass;
    }
    bodies[0].vx = -px / solar_mass;
    bodies[0].vy = -py / solar_mass;
    bodies[0].vz = -pz / solar_mass;
}

double energy(const System& bodies)
{
    double e = 0;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const Body& a = bodies[i];
        e += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
        for (std::size_t j = i + 1; j < bodies.size(); ++j) {
            const Body& b = bodies[j];
            double dx = a.x - b.x;
            double dy = a.y - b.y;
            double dz = a.z - b.z;
            e -= a.mass * b.mass / std::sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

void advance(System& bodies, double dt)
{
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        Body& a = bodies[i];
        for (std::size_t j = i + 1; j < bodies.size(); ++j) {
            Body& b = bodies[j];
            double dx = a.x - b.x;
            double dy = a.y - b.y;
            double dz = a.z - b.z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * std::sqrt(d2));
            double mb = b.mass * mag;
            double ma = a.mass * mag;
            a.vx -= dx * mb;
            a.vy -= dy * mb;
            a.vz -= dz * mb;
            b.vx += dx * ma;
            b.vy += dy * ma;
            b.vz += dz * ma;
        }
    }
    for (Body& b : bodies) {
        b.x += dt * b.vx;
        b.y += dt * b.vy;
        b.z += dt * b.vz;
    }
}

// One full run from the initial state: energy before and after.
std::array<double, 2> run(long steps)
{
    System bodies = initial_system();
    offset_momentum(bodies);
    double before = energy(bodies);
    for (long s = 0; s < steps; ++s)
        advance(bodies, 0.01);
    return {before, energy(bodies)};
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
// and VERSUS_ITER_FD=K set, the workload runs N times in this process;
// fd K gets "start <ns>" (CLOCK_MONOTONIC when main began) and, after each
// run and outside its timed region, "iter <ns>". The output is printed
// once, after the last run. Without the variables: one run, no protocol.
long long now_ns()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// The decimal value of environment variable name, in [lo, hi], or exit.
long env_long(const char* name, long lo, long hi)
{
    const char* s = std::getenv(name);
    char* end = nullptr;
    long v = -1;
    if (s && *s >= '0' && *s <= '9') {
        errno = 0;
        v = std::strtol(s, &end, 10);
        if (errno || *end)
            v = -1;
    }
    if (v < lo || v > hi) {
        std::fprintf(stderr, PROG ": %s must be a number in %ld..%ld\n", name,
                     lo, hi);
        std::exit(2);
    }
    return v;
}

void iter_line(int fd, const char* kind, long long ns)
{
    char line[48];
    int len = std::snprintf(line, sizeof(line), "%s %lld\n", kind, ns);
    if (write(fd, line, static_cast<size_t>(len)) != len) {
        std::perror(PROG ": iteration fd");
        std::exit(1);
    }
}

// Calls run() once, or N times in iteration mode, and returns the last
// result; runs that disagree are an error.
template <typename Run>
auto iterate(long long start, Run run) -> decltype(run())
{
    long iterations = 0;
    int fd = -1;
    if (std::getenv("VERSUS_ITERATIONS") || std::getenv("VERSUS_ITER_FD")) {
        fd = static_cast<int>(env_long("VERSUS_ITER_FD", 3, INT_MAX));
        iterations = env_long("VERSUS_ITERATIONS", 1, 1000000);
        iter_line(fd, "start", start);
    }
    decltype(run()) result{}, last{};
    for (long i = 0; i < (iterations > 0 ? iterations : 1); ++i) {
        long long t0 = now_ns();
        result = run();
        long long t1 = now_ns();
        if (i > 0 && !(result == last)) {
            std::fputs(PROG ": runs gave different results\n", stderr);
            std::exit(1);
        }
        last = result;
        if (iterations > 0)
            iter_line(fd, "iter", t1 - t0);
    }
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    long long start = now_ns();
    long steps = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1000;
    // Read anew by every run: the compiler cannot merge or hoist runs.
    volatile long steps_v = steps;

    std::array<double, 2> e = iterate(start, [&] { return run(steps_v); });
    std::printf("%.9f\n%.9f\n", e[0], e[1]);
    return 0;
}

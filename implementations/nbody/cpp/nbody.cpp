// nbody: N-body simulation of the Jovian planets (Benchmarks Game
// definition). Symplectic-Euler integration of five bodies, dt = 0.01,
// argv[1] steps; prints the system's energy before and after (%.9f).
// Plain scalar code, no deviation.
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

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

} // namespace

int main(int argc, char** argv)
{
    long steps = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1000;
    System bodies = initial_system();

    offset_momentum(bodies);
    std::printf("%.9f\n", energy(bodies));
    for (long s = 0; s < steps; ++s)
        advance(bodies, 0.01);
    std::printf("%.9f\n", energy(bodies));
    return 0;
}

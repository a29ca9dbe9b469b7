/*
 * nbody: N-body simulation of the Jovian planets (Benchmarks Game
 * definition). Symplectic-Euler integration of five bodies, dt = 0.01,
 * argv[1] steps; prints the system's energy before and after (%.9f).
 * Plain scalar code, no deviation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PI	      3.141592653589793
#define SOLAR_MASS    (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define BODIES	      5

struct body {
	double x, y, z;
	double vx, vy, vz;
	double mass;
};

static struct body system_bodies[BODIES] = {
	/* sun */
	{0, 0, 0, 0, 0, 0, SOLAR_MASS},
	/* jupiter */
	{4.84143144246472090e+00, -1.16032004402742839e+00,
	 -1.03622044471123109e-01, 1.66007664274403694e-03 * DAYS_PER_YEAR,
	 7.69901118419740425e-03 * DAYS_PER_YEAR,
	 -6.90460016972063023e-05 * DAYS_PER_YEAR,
	 9.54791938424326609e-04 * SOLAR_MASS},
	/* saturn */
	{8.34336671824457987e+00, 4.12479856412430479e+00,
	 -4.03523417114321381e-01, -2.76742510726862411e-03 * DAYS_PER_YEAR,
	 4.99852801234917238e-03 * DAYS_PER_YEAR,
	 2.30417297573763929e-05 * DAYS_PER_YEAR,
	 2.85885980666130812e-04 * SOLAR_MASS},
	/* uranus */
	{1.28943695621391310e+01, -1.51111514016986312e+01,
	 -2.23307578892655734e-01, 2.96460137564761618e-03 * DAYS_PER_YEAR,
	 2.37847173959480950e-03 * DAYS_PER_YEAR,
	 -2.96589568540237556e-05 * DAYS_PER_YEAR,
	 4.36624404335156298e-05 * SOLAR_MASS},
	/* neptune */
	{1.53796971148509165e+01, -2.59193146099879641e+01,
	 1.79258772950371181e-01, 2.68067772490389322e-03 * DAYS_PER_YEAR,
	 1.62824170038242295e-03 * DAYS_PER_YEAR,
	 -9.51592254519715870e-05 * DAYS_PER_YEAR,
	 5.15138902046611451e-05 * SOLAR_MASS},
};

/* Give the sun the momentum that makes the system's total zero. */
static void offset_momentum(struct body *b)
{
	double px = 0, py = 0, pz = 0;
	for (int i = 0; i < BODIES; i++) {
		px += b[i].vx * b[i].mass;
		py += b[i].vy * b[i].mass;
		pz += b[i].vz * b[i].mass;
	}
	b[0].vx = -px / SOLAR_MASS;
	b[0].vy = -py / SOLAR_MASS;
	b[0].vz = -pz / SOLAR_MASS;
}

static double energy(const struct body *b)
{
	double e = 0;
	for (int i = 0; i < BODIES; i++) {
		e += 0.5 * b[i].mass *
		     (b[i].vx * b[i].vx + b[i].vy * b[i].vy +
		      b[i].vz * b[i].vz);
		for (int j = i + 1; j < BODIES; j++) {
			double dx = b[i].x - b[j].x;
			double dy = b[i].y - b[j].y;
			double dz = b[i].z - b[j].z;
			e -= b[i].mass * b[j].mass /
			     sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
	return e;
}

static void advance(struct body *b, double dt)
{
	for (int i = 0; i < BODIES; i++) {
		for (int j = i + 1; j < BODIES; j++) {
			double dx = b[i].x - b[j].x;
			double dy = b[i].y - b[j].y;
			double dz = b[i].z - b[j].z;
			double d2 = dx * dx + dy * dy + dz * dz;
			double mag = dt / (d2 * sqrt(d2));
			double mj = b[j].mass * mag;
			double mi = b[i].mass * mag;
			b[i].vx -= dx * mj;
			b[i].vy -= dy * mj;
			b[i].vz -= dz * mj;
			b[j].vx += dx * mi;
			b[j].vy += dy * mi;
			b[j].vz += dz * mi;
		}
	}
	for (int i = 0; i < BODIES; i++) {
		b[i].x += dt * b[i].vx;
		b[i].y += dt * b[i].vy;
		b[i].z += dt * b[i].vz;
	}
}

int main(int argc, char **argv)
{
	long steps = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;

	offset_momentum(system_bodies);
	printf("%.9f\n", energy(system_bodies));
	for (long s = 0; s < steps; s++)
		advance(system_bodies, 0.01);
	printf("%.9f\n", energy(system_bodies));
	return 0;
}

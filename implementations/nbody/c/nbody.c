/*
 * nbody: N-body simulation of the Jovian planets (Benchmarks Game
 * definition). Symplectic-Euler integration of five bodies, dt = 0.01,
 * argv[1] steps; prints the system's energy before and after (%.9f).
 * Plain scalar code, no deviation.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "nbody"

#define PI	      3.141592653589793
#define SOLAR_MASS    (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define BODIES	      5

struct body {
	double x, y, z;
	double vx, vy, vz;
	double mass;
};

static const struct body initial_bodies[BODIES] = {
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

static struct body system_bodies[BODIES];

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

/* One full run from the initial state: energy before and after. */
static void run(long steps, double energies[2])
{
	memcpy(system_bodies, initial_bodies, sizeof(system_bodies));
	offset_momentum(system_bodies);
	energies[0] = energy(system_bodies);
	for (long s = 0; s < steps; s++)
		advance(system_bodies, 0.01);
	energies[1] = energy(system_bodies);
}

/*
 * Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
 * and VERSUS_ITER_FD=K set, the workload runs N times in this process;
 * fd K gets "start <ns>" (CLOCK_MONOTONIC when main began) and, after each
 * iteration (VERSUS_ITER_INNER runs, 1 by default) and outside its timed
 * region, "iter <ns>". The output is printed
 * once, after the last run. Without the variables: one run, no protocol.
 */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The decimal value of environment variable name, in [lo, hi], or exit. */
static long env_long(const char *name, long lo, long hi)
{
	const char *s = getenv(name);
	char *end = NULL;
	long v = -1;

	if (s && *s >= '0' && *s <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end)
			v = -1;
	}
	if (v < lo || v > hi) {
		fprintf(stderr, PROG ": %s must be a number in %ld..%ld\n",
			name, lo, hi);
		exit(2);
	}
	return v;
}

/* Iterations asked for, and their fd in *fd; 0 in one-shot mode. */
static long iter_mode(int *fd)
{
	if (!getenv("VERSUS_ITERATIONS") && !getenv("VERSUS_ITER_FD"))
		return 0;
	*fd = (int)env_long("VERSUS_ITER_FD", 3, INT_MAX);
	return env_long("VERSUS_ITERATIONS", 1, 1000000);
}

/* Repetitions of the workload in one iteration: VERSUS_ITER_INNER, 1
 * when unset (docs/iterations.md, "Inner repetitions"). */
static long iter_inner(void)
{
	if (!getenv("VERSUS_ITER_INNER"))
		return 1;
	return env_long("VERSUS_ITER_INNER", 1, 1000000000);
}

static void iter_line(int fd, const char *kind, long long ns)
{
	char line[48];
	int len = snprintf(line, sizeof(line), "%s %lld\n", kind, ns);

	if (write(fd, line, (size_t)len) != len) {
		perror(PROG ": iteration fd");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long long start = now_ns();
	long steps = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	int fd = -1;
	long iterations = iter_mode(&fd);
	/* Read anew by every run: the compiler cannot merge or hoist runs. */
	volatile long steps_v = steps;
	double e[2] = {0, 0}, last[2] = {0, 0};

	if (iterations > 0)
		iter_line(fd, "start", start);
	long inner = iterations > 0 ? iter_inner() : 1;
	for (long i = 0; i < (iterations > 0 ? iterations : 1); i++) {
		long long t0 = now_ns();
		for (long k = 0; k < inner; k++)
			run(steps_v, e);
		long long t1 = now_ns();

		if (i > 0 && (e[0] != last[0] || e[1] != last[1])) {
			fputs(PROG ": runs gave different results\n", stderr);
			return 1;
		}
		last[0] = e[0];
		last[1] = e[1];
		if (iterations > 0)
			iter_line(fd, "iter", t1 - t0);
	}
	printf("%.9f\n%.9f\n", e[0], e[1]);
	return 0;
}

// nbody: N-body simulation of the Jovian planets (Benchmarks Game
// definition). Symplectic-Euler integration of five bodies, dt = 0.01,
// argv[1] steps; prints the system's energy before and after (%.9f).
// Plain scalar code, no deviation.
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
)

const prog = "nbody"

const (
	solarMass   = 4 * math.Pi * math.Pi
	daysPerYear = 365.24
)

type body struct {
	x, y, z, vx, vy, vz, mass float64
}

func initialSystem() [5]body {
	return [5]body{
		// sun
		{0, 0, 0, 0, 0, 0, solarMass},
		// jupiter
		{4.84143144246472090e+00, -1.16032004402742839e+00,
			-1.03622044471123109e-01, 1.66007664274403694e-03 * daysPerYear,
			7.69901118419740425e-03 * daysPerYear,
			-6.90460016972063023e-05 * daysPerYear,
			9.54791938424326609e-04 * solarMass},
		// saturn
		{8.34336671824457987e+00, 4.12479856412430479e+00,
			-4.03523417114321381e-01, -2.76742510726862411e-03 * daysPerYear,
			4.99852801234917238e-03 * daysPerYear,
			2.30417297573763929e-05 * daysPerYear,
			2.85885980666130812e-04 * solarMass},
		// uranus
		{1.28943695621391310e+01, -1.51111514016986312e+01,
			-2.23307578892655734e-01, 2.96460137564761618e-03 * daysPerYear,
			2.37847173959480950e-03 * daysPerYear,
			-2.96589568540237556e-05 * daysPerYear,
			4.36624404335156298e-05 * solarMass},
		// neptune
		{1.53796971148509165e+01, -2.59193146099879641e+01,
			1.79258772950371181e-01, 2.68067772490389322e-03 * daysPerYear,
			1.62824170038242295e-03 * daysPerYear,
			-9.51592254519715870e-05 * daysPerYear,
			5.15138902046611451e-05 * solarMass},
	}
}

// offsetMomentum gives the sun the momentum that makes the system's total
// zero.
func offsetMomentum(bodies *[5]body) {
	var px, py, pz float64
	for i := range bodies {
		b := &bodies[i]
		px += b.vx * b.mass
		py += b.vy * b.mass
		pz += b.vz * b.mass
	}
	bodies[0].vx = -px / solarMass
	bodies[0].vy = -py / solarMass
	bodies[0].vz = -pz / solarMass
}

func energy(bodies *[5]body) float64 {
	var e float64
	for i := range bodies {
		a := &bodies[i]
		e += 0.5 * a.mass * (a.vx*a.vx + a.vy*a.vy + a.vz*a.vz)
		for j := i + 1; j < len(bodies); j++ {
			b := &bodies[j]
			dx := a.x - b.x
			dy := a.y - b.y
			dz := a.z - b.z
			e -= a.mass * b.mass / math.Sqrt(dx*dx+dy*dy+dz*dz)
		}
	}
	return e
}

func advance(bodies *[5]body, dt float64) {
	for i := range bodies {
		a := &bodies[i]
		for j := i + 1; j < len(bodies); j++ {
			b := &bodies[j]
			dx := a.x - b.x
			dy := a.y - b.y
			dz := a.z - b.z
			d2 := dx*dx + dy*dy + dz*dz
			mag := dt / (d2 * math.Sqrt(d2))
			mb := b.mass * mag
			ma := a.mass * mag
			a.vx -= dx * mb
			a.vy -= dy * mb
			a.vz -= dz * mb
			b.vx += dx * ma
			b.vy += dy * ma
			b.vz += dz * ma
		}
	}
	for i := range bodies {
		b := &bodies[i]
		b.x += dt * b.vx
		b.y += dt * b.vy
		b.z += dt * b.vz
	}
}

// run is one full run from the initial state: energy before and after.
func run(steps int) [2]float64 {
	bodies := initialSystem()
	offsetMomentum(&bodies)
	before := energy(&bodies)
	for s := 0; s < steps; s++ {
		advance(&bodies, 0.01)
	}
	return [2]float64{before, energy(&bodies)}
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
// and VERSUS_ITER_FD=K set, the workload runs N times in this process and
// fd K gets "iter <ns>" after each run, outside its timed region (time.Now
// and time.Since read the monotonic clock; no "start" line, as Go does not
// expose its absolute value). The output is printed once, after the last
// run. Without the variables: one run, no protocol.
func envNum(name string, lo, hi int) int {
	s := os.Getenv(name)
	v, err := strconv.Atoi(s)
	if err != nil || s[0] < '0' || s[0] > '9' || v < lo || v > hi {
		fmt.Fprintf(os.Stderr, "%s: %s must be a number in %d..%d\n",
			prog, name, lo, hi)
		os.Exit(2)
	}
	return v
}

// iterate calls run once, or N times in iteration mode, and returns the
// last result; runs that disagree (by same) are an error.
func iterate[R any](run func() R, same func(a, b R) bool) R {
	var fd *os.File
	runs := 1
	_, haveN := os.LookupEnv("VERSUS_ITERATIONS")
	_, haveFd := os.LookupEnv("VERSUS_ITER_FD")
	if haveN || haveFd {
		k := envNum("VERSUS_ITER_FD", 3, math.MaxInt32)
		runs = envNum("VERSUS_ITERATIONS", 1, 1000000)
		fd = os.NewFile(uintptr(k), "VERSUS_ITER_FD")
	}
	line := make([]byte, 0, 48)
	var result, last R
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		result = run()
		ns := time.Since(t0).Nanoseconds()
		if i > 0 && !same(result, last) {
			fmt.Fprintf(os.Stderr, "%s: runs gave different results\n", prog)
			os.Exit(1)
		}
		last = result
		if fd != nil {
			line = append(strconv.AppendInt(append(line[:0], "iter "...), ns, 10), '\n')
			if _, err := fd.Write(line); err != nil {
				fmt.Fprintf(os.Stderr, "%s: iteration fd: %v\n", prog, err)
				os.Exit(1)
			}
		}
	}
	return result
}

func main() {
	steps := 1000
	if len(os.Args) > 1 {
		steps, _ = strconv.Atoi(os.Args[1])
	}
	e := iterate(func() [2]float64 { return run(steps) }, func(a, b [2]float64) bool { return a == b })
	fmt.Printf("%.9f\n%.9f\n", e[0], e[1])
}

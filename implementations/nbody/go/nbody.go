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
)

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

func main() {
	steps := 1000
	if len(os.Args) > 1 {
		steps, _ = strconv.Atoi(os.Args[1])
	}
	bodies := initialSystem()

	offsetMomentum(&bodies)
	fmt.Printf("%.9f\n", energy(&bodies))
	for s := 0; s < steps; s++ {
		advance(&bodies, 0.01)
	}
	fmt.Printf("%.9f\n", energy(&bodies))
}

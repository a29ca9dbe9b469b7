// fasta: generate DNA sequences in FASTA format (Benchmarks Game
// definition): 2n characters repeating the ALU sequence, then 3n drawn
// from the IUB ambiguity codes and 5n from the Homo sapiens frequencies,
// using the benchmark's linear congruential generator (IM 139968,
// IA 3877, IC 29573, seed 42) and cumulative probability tables; 60
// characters a line. One character per random number; no deviation.
package main

import (
	"bufio"
	"os"
	"strconv"
)

const (
	lineLength = 60
	im         = 139968
	ia         = 3877
	ic         = 29573
)

const alu = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG" +
	"GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA" +
	"CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT" +
	"ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA" +
	"GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG" +
	"AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC" +
	"AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

type symbol struct {
	c byte
	p float64 // probability; cumulative after makeCumulative
}

var iub = []symbol{
	{'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27},
	{'B', 0.02}, {'D', 0.02}, {'H', 0.02}, {'K', 0.02},
	{'M', 0.02}, {'N', 0.02}, {'R', 0.02}, {'S', 0.02},
	{'V', 0.02}, {'W', 0.02}, {'Y', 0.02},
}

var homoSapiens = []symbol{
	{'a', 0.3029549426680},
	{'c', 0.1979883004921},
	{'g', 0.1975473066391},
	{'t', 0.3015094502008},
}

var rngState uint32 = 42

func random(max float64) float64 {
	rngState = (rngState*ia + ic) % im
	return max * float64(rngState) / im
}

func makeCumulative(table []symbol) {
	sum := 0.0
	for i := range table {
		sum += table[i].p
		table[i].p = sum
	}
}

func repeatFasta(out *bufio.Writer, header, seq string, n int) {
	var line [lineLength + 1]byte
	pos := 0

	out.WriteString(header)
	for n > 0 {
		length := min(n, lineLength)
		for i := 0; i < length; i++ {
			line[i] = seq[pos]
			pos++
			if pos == len(seq) {
				pos = 0
			}
		}
		line[length] = '\n'
		out.Write(line[:length+1])
		n -= length
	}
}

func randomFasta(out *bufio.Writer, header string, table []symbol, n int) {
	var line [lineLength + 1]byte
	last := len(table) - 1

	out.WriteString(header)
	for n > 0 {
		length := min(n, lineLength)
		for i := 0; i < length; i++ {
			r := random(1.0)
			// The last entry is ~1.0; it catches rounding.
			k := 0
			for k < last && r >= table[k].p {
				k++
			}
			line[i] = table[k].c
		}
		line[length] = '\n'
		out.Write(line[:length+1])
		n -= length
	}
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	out := bufio.NewWriterSize(os.Stdout, 64*1024)
	defer out.Flush()

	makeCumulative(iub)
	makeCumulative(homoSapiens)
	repeatFasta(out, ">ONE Homo sapiens alu\n", alu, 2*n)
	randomFasta(out, ">TWO IUB ambiguity codes\n", iub, 3*n)
	randomFasta(out, ">THREE Homo sapiens frequency\n", homoSapiens, 5*n)
}

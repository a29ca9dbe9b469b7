/*
 * fasta: generate DNA sequences in FASTA format (Benchmarks Game
 * definition): 2n characters repeating the ALU sequence, then 3n drawn
 * from the IUB ambiguity codes and 5n from the Homo sapiens frequencies,
 * using the benchmark's linear congruential generator (IM 139968,
 * IA 3877, IC 29573, seed 42) and cumulative probability tables; 60
 * characters a line. One character per random number; no deviation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_LENGTH 60
#define IM	    139968
#define IA	    3877
#define IC	    29573

static const char alu[] = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG"
			  "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
			  "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT"
			  "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
			  "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG"
			  "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
			  "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

struct symbol {
	char c;
	double p; /* probability; made cumulative before use */
};

static struct symbol iub[] = {
	{'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27}, {'B', 0.02},
	{'D', 0.02}, {'H', 0.02}, {'K', 0.02}, {'M', 0.02}, {'N', 0.02},
	{'R', 0.02}, {'S', 0.02}, {'V', 0.02}, {'W', 0.02}, {'Y', 0.02},
};

static struct symbol homo_sapiens[] = {
	{'a', 0.3029549426680},
	{'c', 0.1979883004921},
	{'g', 0.1975473066391},
	{'t', 0.3015094502008},
};

static unsigned long rng_state = 42;

static double random_next(double max)
{
	rng_state = (rng_state * IA + IC) % IM;
	return max * (double)rng_state / IM;
}

static void make_cumulative(struct symbol *table, size_t len)
{
	double sum = 0;
	for (size_t i = 0; i < len; i++) {
		sum += table[i].p;
		table[i].p = sum;
	}
}

static void repeat_fasta(const char *header, const char *seq, long n)
{
	size_t seq_len = strlen(seq);
	size_t pos = 0;
	char line[LINE_LENGTH + 1];

	fputs(header, stdout);
	while (n > 0) {
		size_t len = n < LINE_LENGTH ? (size_t)n : LINE_LENGTH;
		for (size_t i = 0; i < len; i++) {
			line[i] = seq[pos++];
			if (pos == seq_len)
				pos = 0;
		}
		line[len] = '\n';
		fwrite(line, 1, len + 1, stdout);
		n -= (long)len;
	}
}

static void random_fasta(const char *header, const struct symbol *table,
			 size_t table_len, long n)
{
	char line[LINE_LENGTH + 1];

	fputs(header, stdout);
	while (n > 0) {
		size_t len = n < LINE_LENGTH ? (size_t)n : LINE_LENGTH;
		for (size_t i = 0; i < len; i++) {
			double r = random_next(1.0);
			size_t k = 0;
			/* The last entry is ~1.0; it catches rounding. */
			while (k < table_len - 1 && r >= table[k].p)
				k++;
			line[i] = table[k].c;
		}
		line[len] = '\n';
		fwrite(line, 1, len + 1, stdout);
		n -= (long)len;
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	size_t iub_len = sizeof(iub) / sizeof(iub[0]);
	size_t hs_len = sizeof(homo_sapiens) / sizeof(homo_sapiens[0]);

	make_cumulative(iub, iub_len);
	make_cumulative(homo_sapiens, hs_len);
	repeat_fasta(">ONE Homo sapiens alu\n", alu, 2 * n);
	random_fasta(">TWO IUB ambiguity codes\n", iub, iub_len, 3 * n);
	random_fasta(">THREE Homo sapiens frequency\n", homo_sapiens, hs_len,
		     5 * n);
	return 0;
}

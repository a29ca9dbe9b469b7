# fasta: generate DNA sequences (Computer Language Benchmarks Game
# definition): ">ONE" repeats the ALU sequence for 2n characters, ">TWO"
# and ">THREE" pick 3n and 5n characters from the IUB and Homo sapiens
# tables by weighted random selection with the published LCG (IM 139968,
# IA 3877, IC 29573, seed 42, r = seed / IM, first code whose cumulative
# probability is > r, else the last); lines of 60 characters. No deviation:
# the first-greater search is bisect over the same cumulative table, which
# picks the same code as the linear scan.
import sys
from bisect import bisect

IM = 139968
IA = 3877
IC = 29573
WIDTH = 60

ALU = (b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG"
       b"GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
       b"CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT"
       b"ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
       b"GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG"
       b"AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
       b"AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA")

IUB = [(b"a", 0.27), (b"c", 0.12), (b"g", 0.12), (b"t", 0.27),
       (b"B", 0.02), (b"D", 0.02), (b"H", 0.02), (b"K", 0.02),
       (b"M", 0.02), (b"N", 0.02), (b"R", 0.02), (b"S", 0.02),
       (b"V", 0.02), (b"W", 0.02), (b"Y", 0.02)]

HOMO_SAPIENS = [(b"a", 0.3029549426680), (b"c", 0.1979883004921),
                (b"g", 0.1975473066391), (b"t", 0.3015094502008)]


def write_lines(out, lines):
    lines.append(b"")
    out.write(b"\n".join(lines))
    lines.clear()


def repeat_fasta(out, seq, n):
    """Write n characters of seq repeated cyclically, WIDTH per line."""
    length = len(seq)
    wrapped = seq * (WIDTH // length + 2)
    pos = 0
    lines = []
    for start in range(0, n, WIDTH):
        m = min(WIDTH, n - start)
        lines.append(wrapped[pos:pos + m])
        pos = (pos + m) % length
        if len(lines) == 1024:
            write_lines(out, lines)
    write_lines(out, lines)


def random_fasta(out, table, n, seed):
    """Write n codes drawn from table, WIDTH per line; return the new seed."""
    cumulative = []
    total = 0.0
    for _, p in table:
        total += p
        cumulative.append(total)
    # bisect gives len(table) when r is not below the rounded total: that
    # index repeats the last code, the fallback of the linear scan
    codes = b"".join(c for c, _ in table) + table[-1][0]
    buf = bytearray()
    for start in range(0, n, WIDTH):
        m = min(WIDTH, n - start)
        line = bytearray(m + 1)
        for i in range(m):
            seed = (seed * IA + IC) % IM
            line[i] = codes[bisect(cumulative, seed / IM)]
        line[m] = 10
        buf += line
        if len(buf) >= 1 << 16:
            out.write(buf)
            buf.clear()
    out.write(buf)
    return seed


def main():
    n = int(sys.argv[1])
    out = sys.stdout.buffer
    out.write(b">ONE Homo sapiens alu\n")
    repeat_fasta(out, ALU, n * 2)
    out.write(b">TWO IUB ambiguity codes\n")
    seed = random_fasta(out, IUB, n * 3, 42)
    out.write(b">THREE Homo sapiens frequency\n")
    random_fasta(out, HOMO_SAPIENS, n * 5, seed)
    out.flush()


main()

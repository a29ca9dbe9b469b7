# nqueen: count the placements of n non-attacking queens on an n x n board
# (plb2's nqueen task; written here from its description: depth-first
# backtracking over rows with bit masks of the attacked columns and
# diagonals, no recursion). Prints the count. n is 1..31. No deviation:
# Python's integers are unbounded, and every mask is kept to n bits by
# "& full", so the values are those of the 32-bit versions.
import sys


def nqueen(n):
    full = (1 << n) - 1
    cols = [0] * 32
    left = [0] * 32
    right = [0] * 32
    avail = [0] * 32
    count = 0
    k = 0

    avail[0] = full
    while k >= 0:
        a = avail[k]
        if a == 0:
            k -= 1
            continue
        bit = a & -a
        avail[k] = a ^ bit
        if k == n - 1:
            count += 1
            continue
        c = cols[k] | bit
        lft = ((left[k] | bit) << 1) & full
        rgt = (right[k] | bit) >> 1
        cols[k + 1] = c
        left[k + 1] = lft
        right[k + 1] = rgt
        avail[k + 1] = full & ~(c | lft | rgt)
        k += 1
    return count


def main():
    try:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    except ValueError:
        n = 0
    if not 1 <= n <= 31:
        sys.stderr.write("nqueen: n must be 1..31\n")
        sys.exit(2)
    sys.stdout.write("%d\n" % nqueen(n))


main()

# fannkuchredux: indexed-access to tiny integer sequences (Computer Language
# Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
# published countdown order, counts prefix-reversal flips until the first
# element is 0, prints the alternating-sign checksum of the flip counts and
# "Pfannkuchen(n) = max flips". No deviation: reversal by slice assignment
# and rotation by pop/insert are the list operations CPython runs fastest.
import sys


def fannkuch(n):
    """Return (checksum, max_flips) over all permutations of range(n)."""
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    even = True
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += flips if even else -flips
        even = not even
        # next permutation: rotate the first r+1 elements left until a
        # counter is not exhausted
        while True:
            if r == n:
                return checksum, max_flips
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def main():
    n = int(sys.argv[1])
    checksum, max_flips = fannkuch(n)
    sys.stdout.write("%d\nPfannkuchen(%d) = %d\n" % (checksum, n, max_flips))


main()

# spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
# + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
# u = AtA v, v = AtA u by the power method from u = 1, then prints
# sqrt(u.v / v.v) as "%.9f". A is computed on the fly, never stored. No
# deviation: the triangular numbers (i+j)(i+j+1)/2 come from a table of 2n
# integers, and each term is (1.0 / d) * u[j] summed in index order, as in C.
import sys
from math import sqrt


def times_a(u, n, base, sign):
    """Return A u (base = tri, sign = 1) or A-transposed u (base = tri_k, sign = -1).

    Row i of A has d = tri[i+j] + i + 1; row i of A transposed has
    d = tri[i+j] + j + 1 = tri_k[i+j] - i + 1 with tri_k[k] = tri[k] + k.
    """
    out = []
    for i in range(n):
        offset = sign * i + 1
        s = 0.0
        for b, uj in zip(base[i:i + n], u):
            s += 1.0 / (b + offset) * uj
        out.append(s)
    return out


def main():
    n = int(sys.argv[1])
    tri = [k * (k + 1) // 2 for k in range(2 * n)]
    tri_k = [t + k for k, t in enumerate(tri)]
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = times_a(times_a(u, n, tri, 1), n, tri_k, -1)
        u = times_a(times_a(v, n, tri, 1), n, tri_k, -1)
    vbv = vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    sys.stdout.write("%.9f\n" % sqrt(vbv / vv))


main()

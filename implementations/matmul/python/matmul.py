# matmul: multiply two n x n matrices of doubles (plb2's matmul task;
# written here from its description). n is rounded down to an even number;
# both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
# its own list; c = a * b with the i-k-j loop order (the inner loop is an
# axpy over a row of b and a row of c). Prints c[n/2][n/2] ("%.9f").
# No deviation: plain lists and loops, no numpy (standard library only).
import sys


def mat_gen(n):
    tmp = 1.0 / n / n
    return [[tmp * float(i - j) * float(i + j) for j in range(n)]
            for i in range(n)]


def mat_mul(a, b, n):
    c = []
    rng = range(n)
    for i in rng:
        ai = a[i]
        ci = [0.0] * n
        for k in rng:
            aik = ai[k]
            bk = b[k]
            for j in rng:
                ci[j] += aik * bk[j]
        c.append(ci)
    return c


def main():
    try:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    except ValueError:
        n = 0
    n = n // 2 * 2
    if not 2 <= n <= 100000:
        sys.stderr.write("matmul: n must be 2..100000\n")
        sys.exit(2)
    a = mat_gen(n)
    b = mat_gen(n)
    c = mat_mul(a, b, n)
    sys.stdout.write("%.9f\n" % c[n // 2][n // 2])


main()

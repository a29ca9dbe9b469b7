// fannkuchredux: indexed-access to tiny integer sequences (Computer Language
// Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
// published countdown order, counts prefix-reversal flips until the first
// element is 0, prints the alternating-sign checksum of the flip counts and
// "Pfannkuchen(n) = max flips". No deviation.

public final class FannkuchRedux {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int[] perm1 = new int[n];
        int[] perm = new int[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            perm1[i] = i;
        }
        int maxFlips = 0;
        int checksum = 0;
        boolean even = true;
        int r = n;
        while (true) {
            while (r != 1) {
                count[r - 1] = r;
                r--;
            }
            System.arraycopy(perm1, 0, perm, 0, n);
            int flips = 0;
            for (int k = perm[0]; k != 0; k = perm[0]) {
                for (int i = 0, j = k; i < j; i++, j--) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                flips++;
            }
            if (flips > maxFlips) {
                maxFlips = flips;
            }
            checksum += even ? flips : -flips;
            even = !even;
            // next permutation: rotate the first r+1 elements left until a
            // counter is not exhausted
            while (true) {
                if (r == n) {
                    System.out.print(checksum + "\nPfannkuchen(" + n + ") = " + maxFlips + "\n");
                    System.out.flush();
                    return;
                }
                int first = perm1[0];
                System.arraycopy(perm1, 1, perm1, 0, r);
                perm1[r] = first;
                if (--count[r] > 0) {
                    break;
                }
                r++;
            }
        }
    }
}

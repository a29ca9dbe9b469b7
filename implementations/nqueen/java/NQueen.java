// nqueen: count the placements of n non-attacking queens on an n x n board
// (plb2's nqueen task; written here from its description: depth-first
// backtracking over rows with 32-bit bit masks of the attacked columns and
// diagonals, no recursion). Prints the count. n is 1..31. No deviation
// (Java's int is a 32-bit two's-complement integer: the masks use >>>).

public final class NQueen {
    static long nqueen(int n) {
        final int all = (1 << n) - 1;
        final int[] cols = new int[32];
        final int[] left = new int[32];
        final int[] right = new int[32];
        final int[] avail = new int[32];
        long count = 0;
        int k = 0;

        avail[0] = all;
        while (k >= 0) {
            if (avail[k] == 0) {
                k--;
                continue;
            }
            final int bit = avail[k] & -avail[k];
            avail[k] ^= bit;
            if (k == n - 1) {
                count++;
                continue;
            }
            cols[k + 1] = cols[k] | bit;
            left[k + 1] = ((left[k] | bit) << 1) & all;
            right[k + 1] = (right[k] | bit) >>> 1;
            avail[k + 1] = all & ~(cols[k + 1] | left[k + 1] | right[k + 1]);
            k++;
        }
        return count;
    }

    public static void main(String[] args) {
        int n = 15;
        if (args.length > 0) {
            try {
                n = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                n = 0;
            }
        }
        if (n < 1 || n > 31) {
            System.err.println("nqueen: n must be 1..31");
            System.exit(2);
        }
        System.out.println(nqueen(n));
    }
}

public class Hello {
    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1;
        System.out.println(n * 2);
    }
}

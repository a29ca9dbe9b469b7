// startup: JVM start-up cost; prints exactly one line "hello, world" and
// exits. No deviation.

public final class Startup {
    public static void main(String[] args) {
        System.out.print("hello, world\n");
        System.out.flush();
    }
}

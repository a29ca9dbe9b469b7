// Net.java: IPv4/IPv6 TCP and UDP refused; threads still work. Exit 0 when
// the sandbox behaved. With the argument "throw": an uncaught exception.
import java.net.*;

public class Net {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("throw"))
            throw new IllegalStateException("uncaught on purpose");
        int bad = 0;
        String[] hosts = {"127.0.0.1", "::1"};
        for (String h : hosts) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(h, 9), 1000);
                bad = 1;
                System.out.println("tcp " + h + " allowed");
            } catch (Exception e) {
                System.out.println("tcp " + h + " refused");
            }
            try (DatagramSocket d = new DatagramSocket()) {
                d.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName(h), 9));
                bad = 1;
                System.out.println("udp " + h + " allowed");
            } catch (Exception e) {
                System.out.println("udp " + h + " refused");
            }
        }
        Thread t = new Thread(() -> System.out.println("thread ok"));
        t.start();
        t.join();
        System.exit(bad);
    }
}

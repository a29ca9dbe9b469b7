// Ncpu.java: the CPUs the JVM sizes itself from (sandbox_cpus.sh).
public class Ncpu {
	public static void main(String[] args) {
		System.out.println("processors " + Runtime.getRuntime().availableProcessors());
	}
}

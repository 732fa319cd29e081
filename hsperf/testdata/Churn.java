import java.io.BufferedReader;
import java.io.InputStreamReader;

// Churn allocates short-lived garbage so the hsperf tests can watch young
// collections in a real JVM. It reads commands from stdin, one per line:
// "pause" stops allocating (so the counters hold still while the test compares
// them with jstat), "resume" starts again; end of input exits. Every command is
// acknowledged with a line so the test knows it took effect.
public class Churn {
    static volatile Object sink;
    static volatile boolean paused;
    static final Object idle = new Object();
    static boolean churnerRunning = true; // guarded by idle

    public static void main(String[] args) throws Exception {
        Thread churner = new Thread(Churn::churn, "churner");
        churner.setDaemon(true);
        churner.start();
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "pause":
                    paused = true;
                    // Wait until the churner is parked, so no allocation is in flight.
                    synchronized (idle) {
                        while (churnerRunning) {
                            idle.wait();
                        }
                    }
                    break;
                case "resume":
                    synchronized (idle) {
                        paused = false;
                        idle.notifyAll();
                    }
                    break;
                default:
                    System.out.println("unknown command: " + line);
                    continue;
            }
            System.out.println("ok " + line.trim());
        }
    }

    static void churn() {
        try {
            while (true) {
                if (paused) {
                    synchronized (idle) {
                        churnerRunning = false;
                        idle.notifyAll();
                        while (paused) {
                            idle.wait();
                        }
                        churnerRunning = true;
                    }
                }
                // 64 KiB at a time fills a young generation of a few MB in milliseconds.
                sink = new byte[64 * 1024];
                Thread.sleep(0, 200_000);
            }
        } catch (InterruptedException e) {
            // The JVM is exiting.
        }
    }
}

// Stands in for WSO2's bootstrap, for the real-JVM tests of the collector
// (realjvm_helpers_test.go) and for scripts/footprint.sh: it writes its pid to
// <carbon.home>/wso2carbon.pid the way WSO2 does (pid, newline, NUL bytes),
// unless -Dtest.nopidfile=true, then sleeps until killed. With
// -Dtest.garbage.mib=N it first allocates N MiB of short-lived garbage, so
// that the garbage collector has run by the time the pid file appears.
package org.wso2.carbon.bootstrap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

public class Bootstrap {
    static volatile byte[] sink;

    public static void main(String[] args) throws Exception {
        // 64 KiB at a time: ordinary young-generation objects under every collector.
        for (long i = Long.getLong("test.garbage.mib", 0) * 16; i > 0; i--) {
            sink = new byte[64 * 1024];
        }
        if (!Boolean.getBoolean("test.nopidfile")) {
            byte[] text = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            Path home = Paths.get(System.getProperty("carbon.home"));
            Path partial = home.resolve("wso2carbon.pid.partial");
            Files.write(partial, Arrays.copyOf(text, text.length + 16));
            Files.move(partial, home.resolve("wso2carbon.pid"), StandardCopyOption.ATOMIC_MOVE);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}

package org.samreg.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.Prerequisites;
import org.samreg.sam.ModelManifest;

/** {@code samreg listen} as an operator runs it: a separate process, stopped by SIGTERM (a service manager's stop). */
class ListenCommandTest {
    @TempDir
    Path dir;

    @Test
    void anIdleNodeStopsPromptlyOnSigterm() throws Exception {
        Prerequisites.require(ModelManifest.loadDefault().filesPresent(), "SAM model files absent");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("samreg-node.json"), "{\"aeTitle\": \"SAMREG\", \"port\": " + port
                + ", \"storage\": \"storage\", \"peers\": []}");
        Path log = dir.resolve("listen.log");
        Process node = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SamRegCommand.class.getName(), "listen", "--config",
                config.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("listening as SAMREG") && System.nanoTime() < deadline) {
                assertTrue(node.isAlive(), "the node ended: " + Files.readString(log));
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains("listening as SAMREG"), Files.readString(log));
            node.destroy(); // SIGTERM
            // generous for a loaded machine: before the fix the JVM waited 30 s for its main thread
            assertTrue(node.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
            assertTrue(Files.readString(log).contains("stopping"), Files.readString(log));
        } finally {
            node.destroyForcibly().waitFor();
        }
    }
}

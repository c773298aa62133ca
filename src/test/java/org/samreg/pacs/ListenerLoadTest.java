package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20 series sent to the listener by four concurrent storescu processes: all received, each queued exactly once. */
class ListenerLoadTest {
    private static final int SERIES = 20;
    private static final int SLICES = 20;
    private static final int SENDERS = 4;

    @TempDir
    Path dir;

    @Test
    void receivesAndQueuesEverySeriesOnce() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        Set<String> sent = new HashSet<>();
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            if (i < SENDERS) {
                batches.add(new ArrayList<>());
            }
            Path folder = dir.resolve("series-" + i);
            sent.add(TestSeries.copy(hfs, SLICES, null, folder));
            batches.get(i % SENDERS).add(folder.toString());
        }
        NodeConfig.Peer pacs = new NodeConfig.Peer("pacs", "PACS", PacsTestSupport.LOOPBACK, PacsTestSupport.freePort(), true);
        NodeConfig config = PacsTestSupport.node(dir.resolve("node"), PacsTestSupport.freePort(), List.of(pacs),
                "\"maxAssociations\": 8, \"allowedCallingAeTitles\": [\"LOAD0\", \"LOAD1\", \"LOAD2\", \"LOAD3\"], "
                        + "\"rules\": [{\"name\": \"all-mr\", \"modality\": \"MR\", \"queryPeer\": \"pacs\"}]");
        List<String> log = new CopyOnWriteArrayList<>();
        try (Listener listener = Listener.start(config, log::add)) {
            long start = System.nanoTime();
            List<Process> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "LOAD" + s, "-aec", "SAMREG", "+sd",
                        "+r", PacsTestSupport.LOOPBACK, String.valueOf(listener.port())));
                cmd.addAll(batches.get(s));
                senders.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("storescu-" + s + ".log").toFile()).start());
            }
            for (Process p : senders) {
                assertTrue(p.waitFor(300, TimeUnit.SECONDS), "storescu did not finish");
                assertEquals(0, p.exitValue(), "storescu failed");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int instances = PacsTestSupport.filesUnder(config.storage().resolve("instances")).size();
            assertEquals(SERIES * SLICES, instances);
            System.out.printf("LOAD: %d instances (%d series) from %d concurrent storescu in %.2f s = %.0f instances/s%n",
                    instances, SERIES, SENDERS, seconds, instances / seconds);
            long deadline = System.currentTimeMillis() + 30_000;
            while (listener.queue().all().size() < SERIES && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2 * (long) (config.seriesQuietSeconds() * 1000)); // a late duplicate would show by now
            List<Job> jobs = listener.queue().all();
            assertEquals(SERIES, jobs.size(), log.toString());
            Set<String> queued = new HashSet<>();
            jobs.forEach(j -> queued.add(j.seriesUid()));
            assertEquals(sent, queued);
            assertEquals(SERIES, log.stream().filter(m -> m.startsWith("queued ") && m.contains("(" + SLICES + " instances"))
                    .count(), log.toString());
        }
        assertTrue(PacsTestSupport.files(config.storage().resolve("incoming")).isEmpty(), "nothing left half received");
    }
}

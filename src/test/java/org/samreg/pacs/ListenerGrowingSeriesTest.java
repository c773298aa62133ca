package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A series that arrives in parts (a sender that pauses longer than seriesQuietSeconds, a crash, a resend of the
 * whole series): nothing is lost and nothing is silently dropped.
 */
class ListenerGrowingSeriesTest {
    @TempDir
    Path dir;

    @Test
    void laterInstancesJoinAWaitingJobOrLeadToOneNewRegistration() throws Exception {
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        Path all = dir.resolve("all");
        String series = TestSeries.copy(PacsTestSupport.hfs(), 7, null, all);
        List<Path> files = PacsTestSupport.files(all);
        NodeConfig.Peer pacs = new NodeConfig.Peer("pacs", "PACS", PacsTestSupport.LOOPBACK, PacsTestSupport.freePort(),
                true);
        NodeConfig config = PacsTestSupport.node(dir.resolve("node"), PacsTestSupport.freePort(), List.of(pacs),
                "\"allowedCallingAeTitles\": [\"ORTHANC\"], "
                        + "\"rules\": [{\"name\": \"all-mr\", \"modality\": \"MR\", \"queryPeer\": \"pacs\"}]");
        List<String> log = new CopyOnWriteArrayList<>();
        try (Listener listener = Listener.start(config, log::add)) {
            send(listener, files.subList(0, 3), "part1");
            awaitLog(log, "queued series " + series);
            Job first = listener.queue().all().get(0);

            send(listener, files.subList(0, 5), "part2"); // before the job ran: it will take all five
            awaitLog(log, "joins job " + first.key());
            assertEquals(1, listener.queue().all().size());

            // the job registers the five instances it finds and is pushed
            listener.queue().save(first.withResults(List.of(), 5).at(Job.Stage.DONE));
            send(listener, files.subList(0, 5), "resend"); // the same five again: nothing new to register
            awaitLog(log, "already registered with 5 instances, not again");
            assertEquals(1, listener.queue().all().size());

            send(listener, files, "grown"); // two more: one new registration of the seven
            awaitLog(log, "queued again as all-mr_" + series + "_7");
            List<Job> jobs = listener.queue().all();
            assertEquals(2, jobs.size(), log.toString());
            assertEquals(Job.Stage.FIND_PRIOR, jobs.get(0).stage());
            assertEquals(Job.Stage.DONE, jobs.get(1).stage());
        }
    }

    private void send(Listener listener, List<Path> files, String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (Path f : files) {
            Files.copy(f, folder.resolve(f.getFileName()));
        }
        OrthancIntegrationTest.storescu(listener.port(), folder);
    }

    private static void awaitLog(List<String> log, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (log.stream().noneMatch(m -> m.contains(text)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(log.stream().anyMatch(m -> m.contains(text)), "expected '" + text + "' in " + log);
    }
}

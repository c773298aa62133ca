package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobQueueTest {
    @TempDir
    Path dir;

    private static Job job(String series) {
        NodeConfig.Rule rule = new NodeConfig.Rule("t1", "MR", Pattern.compile(".*"), "pacs");
        return Job.triggered(rule, new ReceivedInstance("PACS", "p", "1.2", series, "1.2.3.1", "MR", "t1",
                "20220407151958", Path.of("x")));
    }

    @Test
    void aSeriesIsQueuedOnceAndSurvivesANewQueueObject() throws Exception {
        JobQueue queue = new JobQueue(dir);
        assertTrue(queue.offer(job("1.2.3")));
        assertFalse(queue.offer(job("1.2.3")), "duplicate trigger");
        queue.save(job("1.2.3").at(Job.Stage.PUSH));
        List<Job> reloaded = new JobQueue(dir).all();
        assertEquals(1, reloaded.size());
        assertEquals(Job.Stage.PUSH, reloaded.get(0).stage());
        assertFalse(new JobQueue(dir).offer(job("1.2.3").at(Job.Stage.DONE)), "finished jobs still block a duplicate");
    }

    @Test
    void damagedJobFilesAreQuarantinedAndTheQueueGoesOn() throws Exception {
        JobQueue queue = new JobQueue(dir);
        assertTrue(queue.offer(job("1.2.3")));
        Files.writeString(dir.resolve("jobs/empty.json"), "");
        Files.writeString(dir.resolve("jobs/truncated.json"), "{\"key\": \"t1_1.2.4\", \"rule\": \"t1");
        Job due = queue.nextDue(Long.MAX_VALUE).orElseThrow();
        assertEquals("t1_1.2.3", due.key());
        assertEquals(1, queue.all().size());
        for (String damaged : List.of("empty.json", "truncated.json")) {
            assertTrue(Files.exists(dir.resolve("jobs/damaged").resolve(damaged)), damaged);
            assertFalse(Files.readString(dir.resolve("jobs/damaged").resolve(damaged + ".reason.txt")).isBlank());
        }
    }

    @Test
    void damagedPendingSeriesNotesAreQuarantinedToo() throws Exception {
        PendingSeries pending = new PendingSeries(dir);
        pending.remember(new ReceivedInstance("PACS", "p", "1.2", "1.2.3", "1.2.3.1", "MR", "t1", "20220407151958",
                Path.of("x")));
        Files.writeString(dir.resolve("pending/empty.json"), "");
        Files.writeString(dir.resolve("pending/truncated.json"), "{\"seriesUid\": \"1.2");
        List<ReceivedInstance> all = new PendingSeries(dir).all();
        assertEquals(List.of("1.2.3"), all.stream().map(ReceivedInstance::seriesUid).toList());
        assertTrue(Files.exists(dir.resolve("pending/damaged/empty.json")));
        assertTrue(Files.exists(dir.resolve("pending/damaged/truncated.json")));
    }

    @Test
    void finishedJobsLeaveThePolledFolderAndStillBlockADuplicate() throws Exception {
        JobQueue queue = new JobQueue(dir);
        queue.offer(job("1.2.3"));
        queue.save(job("1.2.3").at(Job.Stage.DONE));
        try (var active = Files.list(dir.resolve("jobs"))) {
            assertEquals(List.of(), active.filter(f -> f.toString().endsWith(".json")).toList());
        }
        assertTrue(queue.nextDue(Long.MAX_VALUE).isEmpty());
        assertEquals(Job.Stage.DONE, queue.all().get(0).stage());
        assertFalse(queue.offer(job("1.2.3")), "a finished job still makes a duplicate trigger a no-op");
    }

    @Test
    void retriesBackOffDoublingUpToTheMaximumAndWaitTheirTurn() throws Exception {
        JobQueue queue = new JobQueue(dir);
        Job j = job("1.2.3").at(Job.Stage.PUSH);
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            j = j.retryLater("down", 1000, 100, 1000);
            delays[i] = j.nextAttemptMillis() - 1000;
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), java.util.Arrays.stream(delays).boxed().toList());
        assertEquals(6, j.attempts());
        assertEquals(Job.Stage.PUSH, j.stage(), "a failed push stays a push");
        queue.save(j);
        assertTrue(queue.nextDue(1999).isEmpty());
        assertEquals("down", queue.nextDue(2000).orElseThrow().lastError());
        queue.save(j.failed("bad input"));
        assertTrue(queue.nextDue(Long.MAX_VALUE).isEmpty(), "failed jobs wait for an operator");
    }

    @Test
    void finishedJobsOlderThanTheRetentionAreDeletedWhenAnotherFinishes() throws Exception {
        JobQueue queue = new JobQueue(dir, java.time.Duration.ofDays(30));
        queue.save(job("1.2.3").at(Job.Stage.DONE));
        Path old = dir.resolve("jobs/finished").resolve(SafeNames.of(job("1.2.3").key()) + ".json");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(31))));
        queue.save(job("1.2.4").at(Job.Stage.DONE));
        assertEquals(List.of("t1_1.2.4"), queue.all().stream().map(Job::key).toList());
    }

    @Test
    void instanceStoreRemovesWhatADeadProcessLeftInIncomingButNotALiveReception() throws Exception {
        Path killed = Files.createDirectories(dir.resolve("incoming/killed-before-locking"));
        Files.writeString(killed.resolve("1.2.3-x.part"), "half an instance");
        Path unlocked = Files.createDirectories(dir.resolve("incoming/killed-while-receiving"));
        Files.writeString(unlocked.resolve(".owner"), ""); // its lock went with its process
        Files.writeString(unlocked.resolve("1.2.4-y.part"), "half an instance");
        InstanceStore store = new InstanceStore(dir);
        assertFalse(Files.exists(killed));
        assertFalse(Files.exists(unlocked));
        Path live = store.newReceivingFolder();
        new InstanceStore(dir); // a second store of this process, e.g. a C-GET while the listener runs
        assertTrue(Files.isDirectory(live), "a reception in progress is left alone");
        store.discard(live);
        assertFalse(Files.exists(live));
    }

    @Test
    void resultStoreRemovesScratchFoldersLeftByACrash() throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("results/.scratch-123"));
        Files.writeString(scratch.resolve("half.dcm"), "x");
        new ResultStore(dir);
        assertFalse(Files.exists(scratch));
    }
}

package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.samreg.cli.SamRegCommand;
import org.samreg.dicom.DicomSeriesReader;
import org.samreg.sam.SamModel;
import picocli.CommandLine;

/** Against a real Orthanc: C-ECHO, C-FIND, C-MOVE of the decubitus series, pacs-register and listen. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancIntegrationTest {
    private Path dir;
    private PeerProcess orthanc;
    private NodeConfig config;
    private String shortHfs;
    private String followUp;
    private Path newFollowUp;

    @BeforeAll
    void startOrthanc() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        Path hfp = PacsTestSupport.hfp();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        dir = Files.createTempDirectory("samreg-orthanc-test");
        int scpPort = PacsTestSupport.freePort();
        orthanc = PeerProcess.orthanc(dir.resolve("orthanc"), "ORTHANC", Map.of("samreg", new Object[] {"SAMREG", scpPort}));
        // few-slice copies of HFS acquired later play the follow-ups: real registrations of them are quick
        shortHfs = TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "150536", dir.resolve("short-hfs"));
        followUp = TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "160000", dir.resolve("follow-up"));
        TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "170000", newFollowUp = dir.resolve("new-follow-up"));
        orthanc.seed(hfs, hfp, dir.resolve("short-hfs"), dir.resolve("follow-up"));
        config = PacsTestSupport.node(dir.resolve("node"), scpPort, List.of(orthanc.peer),
                "\"rules\": [{\"name\": \"t1-followup\", \"modality\": \"MR\", \"descriptionRegex\": \"t1_.*\", "
                        + "\"prior\": \"same-description\", \"queryPeer\": \"orthanc\"}]");
    }

    @AfterAll
    void stopOrthanc() throws Exception {
        try {
            if (orthanc != null) {
                orthanc.close();
            }
        } finally {
            PacsTestSupport.deleteTree(dir);
        }
    }

    @Test
    void echoCommandReachesOrthanc() {
        StringWriter out = new StringWriter();
        int code = run(out, "echo", "--config", dir.resolve("node/samreg-node.json").toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("orthanc (ORTHANC@127.0.0.1:" + orthanc.peer.port() + "): ok"), out.toString());
    }

    @Test
    void findsTheDecubitusSeries() throws Exception {
        PacsClient client = new PacsClient(orthanc.peer, "SAMREG");
        SeriesInfo hfs = SeriesQuery.parse("patient=crlab,description=t1_fl2d_sag,number=3").resolve(client);
        SeriesInfo hfp = SeriesQuery.parse("patient=crlab,number=2").resolve(client);
        assertEquals("1.3.12.2.1107.5.2.43.67060.2022040715044210837860713.0.0.0", hfs.seriesUid());
        assertEquals("1.3.12.2.1107.5.2.43.67060.2022040715190633831465751.0.0.0", hfp.seriesUid());
        assertEquals(35, client.findInstances(hfs.studyUid(), hfs.seriesUid()).size());
        List<String> numbers = client.findSeries(Map.of(TagFromName.PatientID, "crlab",
                TagFromName.SeriesDescription, "t1_fl2d_sag")).stream().map(SeriesInfo::number).toList();
        assertTrue(numbers.containsAll(List.of("2", "3", "103")), numbers.toString());
    }

    @Test
    void movesBothDecubitusSeriesToOurScp() throws Exception {
        InstanceStore store = new InstanceStore(config.storage());
        PacsClient client = new PacsClient(orthanc.peer, "SAMREG");
        List<String> progress = new ArrayList<>();
        try (StorageScp scp = StorageScp.start(config, store, i -> { })) {
            SeriesRetriever retriever = new SeriesRetriever(client, store,
                    new InstanceReception(store, config.maxObjectBytes(), i -> { }), "SAMREG", progress::add);
            for (String number : List.of("3", "2")) {
                SeriesInfo s = SeriesQuery.parse("patient=crlab,number=" + number).resolve(client);
                Path folder = retriever.retrieve(s, (stage, done, total) -> progress.add(done + "/" + total));
                assertEquals(35, PacsTestSupport.files(folder).size());
                assertEquals(35, DicomSeriesReader.read(folder).slices().size());
            }
        }
        assertTrue(progress.contains("35/35"), progress.toString());
    }

    @Test
    void pacsRegisterPushesSegsRegistrationAndDerivedSeriesToOrthanc() throws Exception {
        StringWriter out = new StringWriter();
        long start = System.nanoTime();
        int code = run(out, "pacs-register", "--config", dir.resolve("node/samreg-node.json").toString(),
                "--pacs", "ORTHANC@127.0.0.1:" + orthanc.peer.port(), "--fixed", shortHfs, "--moving", followUp,
                "--points-per-side", "8", "--iou", "0.6", "--stability", "0.6", "--min-area", "50",
                "--similarity", "0.5", "--iterations", "10");
        System.out.printf("pacs-register took %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(0, code, out.toString());
        Path results = Path.of(out.toString().replaceAll("(?s).*kept in (\\S+).*", "$1"));
        assertPushed(PacsTestSupport.filesUnder(results));
    }

    /** Every result series is found on Orthanc with C-FIND: SEG x2, REG x1 and the derived MR series. */
    private void assertPushed(List<Path> files) throws Exception {
        Map<String, String> modalityBySeries = new TreeMap<>();
        for (Path f : files.stream().filter(f -> f.toString().endsWith(".dcm")).toList()) { // not the run record
            AttributeList a = new AttributeList();
            a.read(new File(f.toString()), TagFromName.PixelData);
            modalityBySeries.put(Attribute.getSingleStringValueOrEmptyString(a, TagFromName.SeriesInstanceUID),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.Modality));
        }
        PacsClient client = new PacsClient(orthanc.peer, "SAMREG");
        List<String> found = new ArrayList<>();
        for (String series : modalityBySeries.keySet()) {
            for (SeriesInfo s : client.findSeries(Map.of(TagFromName.SeriesInstanceUID, series))) {
                found.add(s.modality());
            }
        }
        found.sort(null);
        assertEquals(List.of("MR", "REG", "SEG", "SEG"), found, modalityBySeries.toString());
    }

    @Test
    void listenerRegistersANewSeriesToItsPriorAcrossARestartAndOnlyOnce() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // 1. received and queued, then the listener stops before any work is done
        try (Listener listener = Listener.start(config, log::add)) {
            storescu(listener.port(), newFollowUp);
            awaitJob(listener.queue(), j -> true, 20);
        }
        Job queued = new JobQueue(config.storage()).all().get(0);
        assertEquals(Job.Stage.FIND_PRIOR, queued.stage());
        assertEquals(PacsTestSupport.QUICK_SLICES, PacsTestSupport.files(new InstanceStore(config.storage())
                .seriesFolder(queued.studyUid(), queued.seriesUid())).size());
        // 2. a new listener picks the job up: prior found and fetched, registered, results pushed
        try (SamModel model = SamModel.openDefault();
             Listener listener = Listener.start(config, log::add);
             JobRunner runner = new JobRunner(config, listener, PacsTestSupport.quickRegistrar(model), log::add)) {
            Job done = awaitJob(listener.queue(), Job::finished, 300);
            assertEquals(Job.Stage.DONE, done.stage(), log.toString());
            assertEquals(followUp, done.priorSeriesUid(), "the most recent earlier series");
            assertPushed(done.results().stream().map(Path::of).toList());
            // 3. the same series again: no second registration
            storescu(listener.port(), newFollowUp);
            long deadline = System.currentTimeMillis() + 20_000;
            assertEquals(PacsTestSupport.QUICK_SLICES, done.instances(), "the job records the instances it used");
            while (log.stream().noneMatch(m -> m.startsWith("already registered")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(log.stream().anyMatch(m -> m.startsWith("already registered with " + PacsTestSupport.QUICK_SLICES
                    + " instances")), log.toString());
            assertEquals(1, listener.queue().all().size());
            assertEquals(Job.Stage.DONE, listener.queue().all().get(0).stage());
        }
    }

    static Job awaitJob(JobQueue queue, java.util.function.Predicate<Job> condition, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            List<Job> jobs = queue.all();
            if (!jobs.isEmpty() && condition.test(jobs.get(0))) {
                return jobs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job reached the expected state in " + seconds + " s: " + queue.all());
    }

    static void storescu(int port, Path folder) throws Exception {
        Process p = new ProcessBuilder("storescu", "-aet", "ORTHANC", "-aec", "SAMREG", "+sd", "+r",
                PacsTestSupport.LOOPBACK, String.valueOf(port), folder.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cl = new CommandLine(new SamRegCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }
}

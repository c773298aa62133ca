package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.samreg.dicom.DicomSeriesReader;

/**
 * What goes wrong on the network gives a clear message, loses no received instance and leaves no result behind.
 * The peer is dcmqrscp holding the full HFS series. (A listener restarted with a job in its queue is covered by
 * {@link OrthancIntegrationTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkFaultTest {
    private static final String HFS_UID = "1.3.12.2.1107.5.2.43.67060.2022040715044210837860713.0.0.0";
    private Path dir;
    private int scpPort;
    private PeerProcess qr;
    private NodeConfig config;

    @BeforeAll
    void startPeer() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        dir = Files.createTempDirectory("samreg-fault-test");
        scpPort = PacsTestSupport.freePort();
        qr = PeerProcess.dcmqrscp(dir.resolve("dcmqrscp"), "DCMQR", Map.of("samreg", new Object[] {"SAMREG", scpPort}));
        qr.seed(hfs);
        config = PacsTestSupport.node(dir.resolve("node"), scpPort, List.of(qr.peer), "");
    }

    @AfterAll
    void stopPeer() throws Exception {
        try {
            if (qr != null) {
                qr.close();
            }
        } finally {
            PacsTestSupport.deleteTree(dir);
        }
    }

    private PacsException pullFails(NodeConfig node, NodeConfig.Peer source, String fixed) throws Exception {
        PacsException e = assertThrows(PacsException.class, () -> new PullRegistration(node,
                (f, m, out, p) -> { throw new AssertionError("must not register"); }, s -> { })
                .run(source, source, SeriesQuery.parse(fixed), SeriesQuery.parse(HFS_UID), (s, d, t) -> { }));
        assertTrue(PacsTestSupport.filesUnder(node.storage().resolve("results")).isEmpty(), "no result left behind");
        return e;
    }

    @Test
    void unreachablePacs() throws Exception {
        NodeConfig.Peer nobody = new NodeConfig.Peer("nobody", "NOBODY", PacsTestSupport.LOOPBACK,
                PacsTestSupport.freePort(), true);
        PacsException e = pullFails(config, nobody, HFS_UID);
        assertTrue(e.getMessage().startsWith("C-FIND to nobody (NOBODY@127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void associationRejectedForAnUnknownAeTitle() throws Exception {
        NodeConfig.Peer wrongAe = new NodeConfig.Peer("qr", "NOT_DCMQR", PacsTestSupport.LOOPBACK, qr.peer.port(), true);
        PacsException e = pullFails(config, wrongAe, HFS_UID);
        assertTrue(e.getMessage().contains("refused the association"), e.getMessage());
    }

    @Test
    void seriesThatDoesNotExist() throws Exception {
        PacsException e = pullFails(config, qr.peer, "1.2.3.4.5.404");
        assertEquals("no series matches '1.2.3.4.5.404' on " + qr.peer, e.getMessage());
    }

    @Test
    void moveDestinationUnknownFallsBackToGet() throws Exception {
        // Orthanc does not know our AE title STRANGER, so it cannot C-MOVE to us; it lets unknown AEs C-FIND and
        // C-GET. (dcmqrscp aborts PixelMed's C-GET, so Orthanc plays this peer.)
        PacsTestSupport.requireBinary("/usr/sbin/Orthanc");
        NodeConfig node = PacsTestSupport.node(dir.resolve("stranger"), "STRANGER", PacsTestSupport.freePort(),
                List.of(), "\"allowedCallingAeTitles\": [\"ORTHANC\"]");
        InstanceStore store = new InstanceStore(node.storage());
        List<String> log = new CopyOnWriteArrayList<>();
        try (PeerProcess orthanc = PeerProcess.orthanc(dir.resolve("orthanc"), "ORTHANC", Map.of(),
                "\"DicomAlwaysAllowFind\": true, \"DicomAlwaysAllowGet\": true, \"DicomAlwaysAllowMove\": true,");
             StorageScp scp = StorageScp.start(node, store, i -> { })) {
            orthanc.seed(PacsTestSupport.hfs());
            PacsClient client = new PacsClient(orthanc.peer, "STRANGER");
            Path folder = new SeriesRetriever(client, store, new InstanceReception(store, node.maxObjectBytes(), i -> { }),
                    "STRANGER", log::add).retrieve(SeriesQuery.parse(HFS_UID).resolve(client), (s, d, t) -> { });
            assertEquals(35, DicomSeriesReader.read(folder).slices().size());
        }
        assertTrue(log.stream().anyMatch(m -> m.contains("did not send series") && m.contains("C-GET instead")), log.toString());
    }

    @Test
    void peerKilledInTheMiddleOfATransferThenResumed() throws Exception {
        Path qrDir = dir.resolve("dcmqrscp-killed");
        int port = PacsTestSupport.freePort();
        NodeConfig node = PacsTestSupport.node(dir.resolve("killed-node"), port, List.of(qr.peer), "");
        InstanceStore store = new InstanceStore(node.storage());
        AtomicInteger received = new AtomicInteger();
        try (PeerProcess victim = PeerProcess.dcmqrscp(qrDir, "DCMQR", Map.of("samreg", new Object[] {"SAMREG", port}))) {
            victim.seed(PacsTestSupport.hfs());
            PacsClient client = new PacsClient(victim.peer, "SAMREG");
            SeriesInfo series = SeriesQuery.parse(HFS_UID).resolve(client);
            try (StorageScp scp = StorageScp.start(node, store, i -> {
                if (received.incrementAndGet() == 10) {
                    try {
                        victim.kill(); // crash after the 10th instance is on disk
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            })) {
                PacsException e = assertThrows(PacsException.class, () -> new SeriesRetriever(client, store,
                        new InstanceReception(store, node.maxObjectBytes(), i -> { }), "SAMREG", s -> { })
                        .retrieve(series, (s, d, t) -> { }));
                assertTrue(e.getMessage().matches("(?s).*received (10|11) of 35 instances of series 3 .*kept in .*"),
                        e.getMessage());
            }
            Path folder = store.seriesFolder(series.studyUid(), series.seriesUid());
            List<Path> kept = PacsTestSupport.files(folder);
            assertTrue(kept.size() >= 10, kept.toString());
            for (Path f : kept) {
                DicomSeriesReader.read(f); // every kept instance is whole
            }
        }
        // the same peer back up: the retrieval completes, the kept instances included
        try (PeerProcess back = PeerProcess.dcmqrscpAgain(qrDir, "DCMQR");
             StorageScp scp = StorageScp.start(node, store, i -> { })) {
            PacsClient client = new PacsClient(back.peer, "SAMREG");
            Path folder = new SeriesRetriever(client, store, new InstanceReception(store, node.maxObjectBytes(), i -> { }),
                    "SAMREG", s -> { }).retrieve(SeriesQuery.parse(HFS_UID).resolve(client), (s, d, t) -> { });
            assertEquals(35, PacsTestSupport.files(folder).size());
        }
    }
}

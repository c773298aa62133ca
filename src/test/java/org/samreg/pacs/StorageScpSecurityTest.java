package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.File;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our storage SCP's limits: calling and called AE titles, association count, object size, file paths. */
class StorageScpSecurityTest {
    @TempDir
    Path dir;

    private final List<ReceivedInstance> received = new CopyOnWriteArrayList<>();

    private StorageScp start(int maxAssociations, double maxObjectMb) throws Exception {
        int port = PacsTestSupport.freePort();
        NodeConfig c = PacsTestSupport.node(dir, port, List.of(self(port)),
                "\"maxAssociations\": " + maxAssociations + ", \"maxObjectSizeMb\": " + maxObjectMb
                        + ", \"associationRequestSeconds\": 1, \"bindAddress\": \"" + PacsTestSupport.LOOPBACK + "\"");
        return StorageScp.start(c, new InstanceStore(c.storage()), received::add);
    }

    private static NodeConfig.Peer self(int port) {
        return new NodeConfig.Peer("self", "SAMREG", PacsTestSupport.LOOPBACK, port, true);
    }

    @Test
    void refusesUnknownCallingAndCalledAeTitles() throws Exception {
        try (StorageScp scp = start(4, 100)) {
            new PacsClient(self(scp.port()), "SAMREG").echo();
            PacsException intruder = assertThrows(PacsException.class,
                    () -> new PacsClient(self(scp.port()), "INTRUDER").echo());
            assertTrue(intruder.getMessage().contains("refused the association"), intruder.getMessage());
            NodeConfig.Peer wrongCalled = new NodeConfig.Peer("x", "NOTUS", PacsTestSupport.LOOPBACK, scp.port(), true);
            assertThrows(PacsException.class, () -> new PacsClient(wrongCalled, "SAMREG").echo());
        }
    }

    @Test
    void refusesAssociationsOverTheLimitOfLiveOnes() throws Exception {
        try (StorageScp scp = start(1, 100)) {
            try (RawAssociation live = new RawAssociation(scp.port())) {
                assertEquals(0x02, live.associate(), "A-ASSOCIATE-AC");
                PacsException e = assertThrows(PacsException.class, () -> new PacsClient(self(scp.port()), "SAMREG").echo());
                assertTrue(e.getMessage().contains("refused the association"), e.getMessage());
            }
            awaitEcho(scp, 5_000); // the slot is free again once the live association is gone
        }
    }

    @Test
    void silentConnectionsTakeNoSlotAndAreClosedSoon() throws Exception {
        try (StorageScp scp = start(2, 100)) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    silent.add(new Socket(PacsTestSupport.LOOPBACK, scp.port()));
                }
                new PacsClient(self(scp.port()), "SAMREG").echo(); // at once: no slot is held by a silent peer
                for (Socket s : silent) {
                    s.setSoTimeout(10_000);
                    assertEquals(-1, s.getInputStream().read(), "closed by the node after its request timeout");
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aReleasedAssociationGivesItsSlotBackAtOnce() throws Exception {
        try (StorageScp scp = start(1, 100)) {
            for (int i = 0; i < 5; i++) { // PixelMed waits up to 5 s after each release before it closes
                new PacsClient(self(scp.port()), "SAMREG").echo();
            }
        }
    }

    private void awaitEcho(StorageScp scp, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                new PacsClient(self(scp.port()), "SAMREG").echo();
                return;
            } catch (PacsException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void refusesAnObjectOverTheSizeLimitWhileItArrives() throws Exception {
        Path file = PacsTestSupport.files(PacsTestSupport.hfs()).get(0); // 265 kB
        try (StorageScp scp = start(4, 0.1)) {
            PacsException e = assertThrows(PacsException.class,
                    () -> new PacsClient(self(scp.port()), "SAMREG").store(List.of(file)));
            assertTrue(e.getMessage().contains("stored 0 of 1"), e.getMessage());
        }
        assertTrue(received.isEmpty());
        assertEquals(List.of(), PacsTestSupport.filesUnder(dir.resolve("storage")));
    }

    @Test
    void theLimitIsPerObjectNotPerAssociation() throws Exception {
        List<Path> files = PacsTestSupport.files(PacsTestSupport.hfs()).subList(0, 5); // 5 x 265 kB, one association
        try (StorageScp scp = start(4, 0.3)) {
            new PacsClient(self(scp.port()), "SAMREG").store(files);
        }
        assertEquals(5, received.size());
    }

    @Test
    void neverWritesOutsideItsStorageFolderWhateverTheUids() throws Exception {
        Path evil = dir.resolve("evil.dcm");
        AttributeList list = new AttributeList();
        list.read(new File(PacsTestSupport.files(PacsTestSupport.hfs()).get(0).toString()));
        put(list, TagFromName.StudyInstanceUID, "../../../../tmp/escape");
        put(list, TagFromName.SeriesInstanceUID, "/etc");
        put(list, TagFromName.SOPInstanceUID, "1.2.3/../../../x");
        put(list, TagFromName.MediaStorageSOPInstanceUID, "1.2.3/../../../x");
        list.write(new File(evil.toString()), TransferSyntax.ExplicitVRLittleEndian, true, true);
        try (StorageScp scp = start(4, 100)) {
            new PacsClient(self(scp.port()), "SAMREG").store(List.of(evil));
        }
        assertEquals(1, received.size());
        Path stored = received.get(0).file();
        assertTrue(stored.startsWith(dir.resolve("storage/instances")), stored.toString());
        assertTrue(stored.getFileName().toString().matches("x[0-9a-f]{32}\\.dcm"), stored.toString());
        assertEquals(List.of(stored), PacsTestSupport.filesUnder(dir.resolve("storage/instances")));
    }

    @Test
    void refusesObjectsWithoutTheirUidsInsteadOfStoringThemAllInOneFile() throws Exception {
        List<Path> objects = new ArrayList<>();
        for (Path source : PacsTestSupport.files(PacsTestSupport.hfs()).subList(0, 2)) {
            AttributeList list = new AttributeList();
            list.read(new File(source.toString()));
            list.putNewAttribute(TagFromName.SOPInstanceUID); // present, empty
            Path file = dir.resolve("no-uid-" + objects.size() + ".dcm");
            list.write(new File(file.toString()), TransferSyntax.ExplicitVRLittleEndian, true, true);
            objects.add(file);
        }
        try (StorageScp scp = start(4, 100)) {
            PacsException e = assertThrows(PacsException.class,
                    () -> new PacsClient(self(scp.port()), "SAMREG").store(objects));
            assertTrue(e.getMessage().contains("stored 0 of 2"), e.getMessage());
        }
        assertTrue(received.isEmpty());
        assertEquals(List.of(), PacsTestSupport.filesUnder(dir.resolve("storage/instances")));
    }

    @Test
    void anIncompleteCopyIsRefusedAndNeverReplacesAGoodOne() throws Exception {
        Path good = PacsTestSupport.files(PacsTestSupport.hfs()).get(0);
        AttributeList list = new AttributeList();
        list.read(new File(good.toString()));
        list.remove(TagFromName.PixelData); // the data set ends before its pixels, as a cut transfer leaves it
        Path incomplete = dir.resolve("incomplete.dcm");
        list.write(new File(incomplete.toString()), TransferSyntax.ExplicitVRLittleEndian, true, true);
        try (StorageScp scp = start(4, 100)) {
            new PacsClient(self(scp.port()), "SAMREG").store(List.of(good));
            Path stored = received.get(0).file();
            byte[] before = Files.readAllBytes(stored);
            PacsException e = assertThrows(PacsException.class,
                    () -> new PacsClient(self(scp.port()), "SAMREG").store(List.of(incomplete)));
            assertTrue(e.getMessage().contains("stored 0 of 1"), e.getMessage());
            assertEquals(1, received.size());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(stored)), "the good copy is untouched");
        }
    }

    @Test
    void pdusClaimingGigabytesAreAbortedBeforeAnythingIsAllocated() throws Exception {
        try (StorageScp scp = start(4, 100)) {
            List<RawAssociation> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawAssociation peer = new RawAssociation(scp.port());
                    peer.send(RawAssociation.associateRequestHeader(0x7FFF_FFF0L)); // 2 GB claimed, none sent
                    peers.add(peer);
                }
                for (RawAssociation peer : peers) {
                    int reply = peer.readPdu(); // an A-ABORT or the connection closed, not a wait for 2 GB
                    assertTrue(reply == 0x07 || reply == -1, "reply PDU type " + reply);
                }
            } finally {
                for (RawAssociation peer : peers) {
                    peer.close();
                }
            }
            new PacsClient(self(scp.port()), "SAMREG").echo(); // and the node goes on
        }
    }

    @Test
    void aPeerClosingInTheMiddleOfAPduIsLoggedInOneLineThatSaysSo() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(StorageScp.class.getName());
        log.addHandler(handler);
        try (StorageScp scp = start(4, 100)) {
            try (RawAssociation peer = new RawAssociation(scp.port())) {
                peer.send(java.util.Arrays.copyOf(RawAssociation.associateRequestHeader(1000), 10)); // 1000 claimed
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (records.stream().noneMatch(r -> r.getMessage().contains("ended")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            new PacsClient(self(scp.port()), "SAMREG").echo(); // and the node goes on
        } finally {
            log.removeHandler(handler);
        }
        LogRecord ended = records.stream().filter(r -> r.getMessage().contains("ended")).findFirst().orElseThrow();
        assertTrue(ended.getMessage().endsWith("ended: the peer closed the connection in the middle of a PDU"),
                ended.getMessage());
        assertEquals(null, ended.getThrown(), "one line, no stack trace");
    }

    @Test
    void fragmentsFlaggedAsCommandsCountTowardsTheSizeLimit() throws Exception {
        try (StorageScp scp = start(4, 0.1); RawAssociation peer = new RawAssociation(scp.port())) {
            assertEquals(0x02, peer.associate(), "A-ASSOCIATE-AC");
            peer.pData(true, true, RawAssociation.storeCommand("1.2.3.4.5"));
            byte[] chunk = new byte[16_000];
            int reply;
            try {
                for (int i = 0; i < 40; i++) { // 640 kB under a 100 kB limit, flagged as a command that never ends
                    peer.pData(true, false, chunk);
                }
                peer.pData(false, true, new byte[2]);
                reply = peer.readPdu();
            } catch (java.io.IOException e) {
                reply = -1; // the node closed the connection while we sent
            }
            assertTrue(reply == 0x07 || reply == -1, "the association must be aborted, got PDU type " + reply);
        }
        assertEquals(List.of(), PacsTestSupport.filesUnder(dir.resolve("storage/instances")));
    }

    private static void put(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String value) throws Exception {
        Attribute a = list.putNewAttribute(tag);
        a.addValue(value);
    }
}

package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {
    private static final String PEER = "{\"name\": \"pacs\", \"aeTitle\": \"ORTHANC\", \"host\": \"127.0.0.1\", \"port\": 4242}";
    private static final String VALID = "{\"aeTitle\": \"SAMREG\", \"port\": 11112, \"storage\": \"store\", \"peers\": ["
            + PEER + "], \"rules\": [{\"name\": \"t1\", \"modality\": \"MR\", \"descriptionRegex\": \"t1.*\", "
            + "\"queryPeer\": \"pacs\"}]}";

    @TempDir
    Path dir;

    @Test
    void readsAValidFileWithDefaults() throws Exception {
        NodeConfig c = load(VALID);
        assertEquals("SAMREG", c.aeTitle());
        assertEquals(dir.resolve("store"), c.storage());
        assertEquals(List.of("ORTHANC"), c.allowedCallingAeTitles(), "peers may call us by default");
        assertEquals(8, c.maxAssociations());
        assertEquals("2.25", c.uidRoot());
        assertTrue(c.peer("pacs").supportsMove());
        assertTrue(c.rules().get(0).matches("MR", "t1_fl2d_sag"));
        assertTrue(!c.rules().get(0).matches("CT", "t1_fl2d_sag"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"aeTitle\": \"SAMREG\"|\"aeTitle\": \"MUCH_TOO_LONG_AE_TITLE\"|'aeTitle' \"MUCH_TOO_LONG_AE_TITLE\" is not an AE title",
        "\"port\": 11112|\"port\": 70000|'port' must be between 1 and 65535",
        "\"port\": 11112|\"port\": \"x\"|'port' must be a number",
        "\"storage\": \"store\"|\"storage\": null|'storage' is missing",
        "\"peers\"|\"peerz\"|'peerz' is not a known field",
        "\"t1.*\"|\"t1[\"|'rules[0].descriptionRegex' is not a valid regular expression",
        "\"queryPeer\": \"pacs\"|\"queryPeer\": \"other\"|'rules[0].queryPeer' 'other' is not the name of a peer",
        "\"port\": 4242|\"port\": 0|'peers[0].port' must be between 1 and 65535",
        "\"port\": 11112|\"port\": 11112, \"pushTo\": \"nowhere\"|'pushTo' 'nowhere' is not the name of a peer",
        "\"port\": 11112|\"port\": 11112, \"uidRoot\": \"1.2.abc\"|'uidRoot' \"1.2.abc\" is not a UID root",
        "\"port\": 11112|\"port\": 11112, \"maxAssociations\": 0|'maxAssociations' must be between 1 and 1000",
    })
    void namesTheFaultyField(String from, String to, String message) throws Exception {
        PacsException e = assertThrows(PacsException.class, () -> load(VALID.replace(from, to)));
        assertTrue(e.getMessage().contains("field " + message), e.getMessage());
    }

    @Test
    void rejectsTwoPeersWithOneName() throws Exception {
        PacsException e = assertThrows(PacsException.class, () -> load(VALID.replace(PEER, PEER + "," + PEER)));
        assertTrue(e.getMessage().contains("two peers are named 'pacs'"), e.getMessage());
    }

    @Test
    void reportsBrokenJson() throws Exception {
        PacsException e = assertThrows(PacsException.class, () -> load("{\"aeTitle\": "));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void readsPeersWrittenOnOneLine() throws Exception {
        assertEquals(new NodeConfig.Peer("main", "ORTHANC", "localhost", 4242, true),
                NodeConfig.Peer.parse(" main=ORTHANC@localhost:4242"));
        assertEquals(new NodeConfig.Peer("ARCHIVE", "ARCHIVE", "10.0.0.2", 104, false),
                NodeConfig.Peer.parse("ARCHIVE@10.0.0.2:104/get"));
        NodeConfig.Peer p = NodeConfig.Peer.parse("old=ARCHIVE@10.0.0.2:104/get");
        assertEquals(p, NodeConfig.Peer.parse(p.written()));
        for (String bad : List.of("ORTHANC@localhost", "ORTHANC@localhost:0", "ORTHANC@localhost:65536",
                "A_TITLE_OF_17_CHAR@h:104", "x=y=Z@h:1", "ORTHANC@localhost:4242/move")) {
            PacsException e = assertThrows(PacsException.class, () -> NodeConfig.Peer.parse(bad), bad);
            assertTrue(e.getMessage().contains("is not [NAME=]AETITLE@host:port[/get]"), e.getMessage());
        }
    }

    private NodeConfig load(String json) throws Exception {
        Path f = dir.resolve("samreg-node.json");
        Files.writeString(f, json);
        return NodeConfig.load(f);
    }
}

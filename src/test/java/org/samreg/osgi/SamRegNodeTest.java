package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsException;

/** The node's Configuration Admin properties read as the node file's fields, with the node file's checks. */
class SamRegNodeTest {
    private static Map<String, Object> valid() {
        Map<String, Object> p = new HashMap<>(Map.of("aeTitle", "SAMREG", "port", 11113, "storage", "/var/samreg",
                "peers", new String[] {"pacs=ORTHANC@127.0.0.1:4242", "old=ARCHIVE@127.0.0.1:104/get"},
                "rules", List.of("{\"name\": \"t1\", \"modality\": \"MR\", \"descriptionRegex\": \"t1.*\", "
                        + "\"queryPeer\": \"pacs\"}"),
                "seriesQuietSeconds", 2.5, "reregisterGrownSeries", false));
        p.put("service.pid", SamRegNodeConfig.PID); // Configuration Admin's own properties are not node fields
        p.put("felix.fileinstall.filename", "file:/etc/org.samreg.node.config");
        return p;
    }

    @Test
    void readsTheFieldsOfTheNodeFile() throws Exception {
        NodeConfig c = SamRegNode.config(valid());
        assertEquals("SAMREG", c.aeTitle());
        assertEquals(11113, c.port());
        assertEquals(Path.of("/var/samreg"), c.storage());
        assertEquals(List.of(new NodeConfig.Peer("pacs", "ORTHANC", "127.0.0.1", 4242, true),
                new NodeConfig.Peer("old", "ARCHIVE", "127.0.0.1", 104, false)), c.peers());
        assertEquals("t1", c.rules().get(0).name());
        assertTrue(c.rules().get(0).matches("MR", "t1_fl2d_sag"));
        assertEquals(2.5, c.seriesQuietSeconds());
        assertFalse(c.reregisterGrownSeries());
        assertEquals(List.of("ORTHANC", "ARCHIVE"), c.allowedCallingAeTitles(), "the node file's default");
        assertEquals(8, c.maxAssociations(), "the node file's default");
    }

    @Test
    void refusesWhatTheNodeFileRefusesNamingTheField() {
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
                Map.entry("port", 0), Map.entry("aeTitle", "NOT\\VALID"), Map.entry("rules", new String[] {"t1"}),
                Map.entry("rules", new String[] {"{\"name\": \"t1\", \"queryPeer\": \"nobody\"}"}),
                Map.entry("peers", new String[] {"ORTHANC@127.0.0.1"}), Map.entry("uidRoot", "1.2.3"),
                Map.entry("model", "/m.json"))) {
            Map<String, Object> p = valid();
            p.put(bad.getKey(), bad.getValue());
            PacsException e = assertThrows(PacsException.class, () -> SamRegNode.config(p), bad.toString());
            assertTrue(e.getMessage().contains(SamRegNodeConfig.PID) || e.getMessage().contains("PACS peer"),
                    e.getMessage());
        }
        Map<String, Object> p = valid();
        p.remove("storage");
        PacsException e = assertThrows(PacsException.class, () -> SamRegNode.config(p));
        assertTrue(e.getMessage().contains("field 'storage' is missing"), e.getMessage());
    }
}

package org.samreg.pacs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.samreg.dicom.UidGenerator;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.PromptPlacement;
import org.samreg.field.FieldSettings;
import org.samreg.field.InitialAlignment;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;
import org.samreg.match.MatchSettings;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.pipeline.SamRegistration;
import org.samreg.sam.SamModel;

/** Shared data, free loopback ports, binaries and a quick real registrar for the DICOM network tests. */
public final class PacsTestSupport {
    public static final String LOOPBACK = "127.0.0.1";
    /** Slices in the copies registered by the network tests: enough for ROI pairs, few enough to be quick. */
    static final int QUICK_SLICES = 3;
    private static final java.util.Set<Integer> GIVEN_PORTS = new java.util.HashSet<>();

    private PacsTestSupport() {
    }

    static Path hfs() {
        return SharedData.require("data/dicom/decubitus/HFS_t1_sag");
    }

    static Path hfp() {
        return SharedData.require("data/dicom/decubitus/HFP_t1_sag");
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Removes a folder a test class made for itself (JUnit's @TempDir covers single tests only). */
    static void deleteTree(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A port free now and not handed out before in this JVM (the OS may offer a just-closed port again). */
    public static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (GIVEN_PORTS.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** Writes and loads a node configuration: AE SAMREG on {@code port}, storage in {@code dir}, these peers. */
    static NodeConfig node(Path dir, int port, List<NodeConfig.Peer> peers, String extra) throws Exception {
        return node(dir, "SAMREG", port, peers, extra);
    }

    static NodeConfig node(Path dir, String aeTitle, int port, List<NodeConfig.Peer> peers, String extra)
            throws Exception {
        StringBuilder p = new StringBuilder();
        for (NodeConfig.Peer peer : peers) {
            p.append(p.length() == 0 ? "" : ",").append(String.format(
                    "{\"name\": \"%s\", \"aeTitle\": \"%s\", \"host\": \"%s\", \"port\": %d, \"supportsMove\": %b}",
                    peer.name(), peer.aeTitle(), peer.host(), peer.port(), peer.supportsMove()));
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("samreg-node.json");
        Files.writeString(file, String.format("""
                {"aeTitle": "%s", "port": %d, "storage": "storage", %s
                 "retryInitialSeconds": 0.5, "retryMaxSeconds": 2, "peers": [%s]%s}
                """, aeTitle, port, extra.contains("seriesQuietSeconds") ? "" : "\"seriesQuietSeconds\": 1,", p, extra.isEmpty() ? "" : ", " + extra));
        return NodeConfig.load(file);
    }

    static Path requireBinary(String path) {
        Path p = Path.of(path);
        Prerequisites.require(Files.isExecutable(p), path + " is not installed");
        return p;
    }

    /**
     * A real SAMReg registrar made cheap for {@link #QUICK_SLICES}-slice series: an 8x8 prompt grid, looser mask
     * and match thresholds, few field steps. Its SEGs, registration and derived series are real writer output.
     */
    static SeriesRegistrar quickRegistrar(SamModel model) {
        EverythingSettings d = EverythingSettings.defaults();
        RegistrationSettings settings = new RegistrationSettings(new EverythingSettings(8, d.minPromptSpacing(), 0.6, 0.6,
                d.stabilityOffset(), 50, d.maxArea(), d.overlapThresh(), true, d.backgroundLevel(), true,
                PromptPlacement.GRID, false),
                new MatchSettings(0.5, false, 0, 11), FieldSettings.defaults().withIterations(10, 1), 1024);
        return new SamSeriesRegistrar(new SamRegistration(model, settings), new UidGenerator(),
                InitialAlignment.HEADER);
    }
}

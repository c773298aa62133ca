package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A DICOM peer (Orthanc, dcmqrscp) run by a test on loopback: started from a generated configuration, ready when
 * it answers C-ECHO, stopped (or killed) by the test. Its output goes to a log file in its folder.
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    public final NodeConfig.Peer peer;

    private PeerProcess(String name, Process process, Path log, NodeConfig.Peer peer) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.peer = peer;
    }

    static PeerProcess start(String name, List<String> command, Path dir, NodeConfig.Peer peer) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PeerProcess peerProcess = new PeerProcess(name, p, log, peer);
        long deadline = System.currentTimeMillis() + 30_000;
        PacsException last = null;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try {
                new PacsClient(peer, "SAMREG").echo();
                return peerProcess;
            } catch (PacsException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        peerProcess.close();
        throw new IllegalStateException(name + " did not start: " + (last == null ? "" : last.getMessage()) + "\n"
                + Files.readString(log));
    }

    /** Series Instance UID and modality of every series the peer holds (series-level C-FIND). */
    public List<String[]> findSeries() throws PacsException {
        return new PacsClient(peer, "SAMREG")
                .findSeries(java.util.Map.of(com.pixelmed.dicom.TagFromName.PatientID, "*"))
                .stream().map(s -> new String[] {s.seriesUid(), s.modality()}).toList();
    }

    /** Stores files with dcmtk's storescu, independent of our own C-STORE code. */
    public void seed(Path... folders) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("storescu", "-aet", "SEEDER", "-aec", peer.aeTitle(),
                "+sd", "+r", peer.host(), String.valueOf(peer.port())));
        for (Path f : folders) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("storescu into " + name + " failed: " + out);
        }
    }

    /** Simulates a crash: SIGKILL to the peer and the children it forked for associations, no goodbye. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Orthanc from Debian, no plugins, loopback, known modalities: name -> {AET, port} on 127.0.0.1. */
    public static PeerProcess orthanc(Path dir, String aeTitle, java.util.Map<String, Object[]> modalities)
            throws Exception {
        return orthanc(dir, aeTitle, modalities, "");
    }

    /** @param extra more configuration entries, e.g. {@code "DicomAlwaysAllowGet": true,} */
    static PeerProcess orthanc(Path dir, String aeTitle, java.util.Map<String, Object[]> modalities, String extra)
            throws Exception {
        PacsTestSupport.requireBinary("/usr/sbin/Orthanc");
        int dicomPort = PacsTestSupport.freePort();
        StringBuilder mods = new StringBuilder();
        for (var m : modalities.entrySet()) {
            mods.append(mods.length() == 0 ? "" : ",").append(String.format("\"%s\": [\"%s\", \"127.0.0.1\", %d]",
                    m.getKey(), m.getValue()[0], (Integer) m.getValue()[1]));
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, String.format("""
                {  %s
                  "Name": "samreg-test", "StorageDirectory": "%s", "IndexDirectory": "%s",
                  "Plugins": [], "HttpServerEnabled": false, "HttpPort": %d, "RemoteAccessAllowed": false,
                  "DicomServerEnabled": true, "DicomAet": "%s", "DicomPort": %d, "DicomCheckCalledAet": true,
                  "DicomModalities": { %s }, "DicomAssociationCloseDelay": 0, "SaveJobs": false,
                  "StorageCompression": false, "UnknownSopClassAccepted": true
                }
                """, extra, dir.resolve("storage"), dir.resolve("index"), PacsTestSupport.freePort(), aeTitle, dicomPort,
                mods));
        return start("orthanc", List.of("/usr/sbin/Orthanc", "--no-jobs", config.toString()), dir,
                new NodeConfig.Peer("orthanc", aeTitle, PacsTestSupport.LOOPBACK, dicomPort, true));
    }

    /** dcmtk's dcmqrscp (it forks per association; Debian's --single-process crashes on the second one). */
    static PeerProcess dcmqrscp(Path dir, String aeTitle, java.util.Map<String, Object[]> destinations)
            throws Exception {
        return dcmqrscp(dir, aeTitle, PacsTestSupport.freePort(), destinations);
    }

    static PeerProcess dcmqrscp(Path dir, String aeTitle, int port, java.util.Map<String, Object[]> destinations)
            throws Exception {
        PacsTestSupport.requireBinary("/usr/bin/dcmqrscp");
        Files.createDirectories(dir.resolve("db"));
        StringBuilder hosts = new StringBuilder();
        for (var d : destinations.entrySet()) {
            hosts.append(String.format("%s = (%s, 127.0.0.1, %d)%n", d.getKey(), d.getValue()[0], (Integer) d.getValue()[1]));
        }
        Path config = dir.resolve("dcmqrscp.cfg");
        Files.writeString(config, String.format("""
                NetworkTCPPort = %d
                MaxPDUSize = 16384
                MaxAssociations = 16
                HostTable BEGIN
                %sHostTable END
                VendorTable BEGIN
                VendorTable END
                AETable BEGIN
                %s %s RW (200, 1024mb) ANY
                AETable END
                """, port, hosts, aeTitle, dir.resolve("db")));
        return dcmqrscpAgain(dir, aeTitle);
    }

    /** dcmqrscp started again on the configuration and database a first {@link #dcmqrscp} left in {@code dir}. */
    static PeerProcess dcmqrscpAgain(Path dir, String aeTitle) throws Exception {
        Path config = dir.resolve("dcmqrscp.cfg");
        int port = Integer.parseInt(Files.readString(config).replaceAll("(?s).*NetworkTCPPort = (\\d+).*", "$1"));
        return start("dcmqrscp", List.of("/usr/bin/dcmqrscp", "-c", config.toString()), dir,
                new NodeConfig.Peer("dcmqrscp", aeTitle, PacsTestSupport.LOOPBACK, port, true));
    }
}

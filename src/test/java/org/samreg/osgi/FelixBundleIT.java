package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;
import org.samreg.pacs.PacsTestSupport;
import org.samreg.pacs.PeerProcess;
import org.samreg.pacs.TestSeries;
import org.samreg.pipeline.ResultWriter;
import org.samreg.sam.ModelManifest;

/**
 * Runs the built bundle (target/samreg-bundle.jar) in a real Apache Felix with SCR, Configuration Admin, Metatype
 * and the Gogo runtime: it must resolve, take its configuration, register a real 2D pair and a small DICOM pair
 * through {@code samreg:register}, hand the DICOM results Weasis draws to {@code dicom:get}, take a new
 * configuration without restarting, and release its model and threads on stop.
 * <p>
 * The test class path has its own copies of the OSGi service APIs, so the services inside the framework are
 * driven through the interfaces as their providing bundles load them (reflection), never cast.
 */
class FelixBundleIT {
    private Framework framework;

    /** Stands in for Weasis's {@code dicom:get}: remembers what it was asked to load. */
    public static final class DicomGetStub {
        final List<String> calls = new CopyOnWriteArrayList<>();

        public void get(String[] arguments) {
            calls.add(String.join(" ", arguments));
        }
    }

    @AfterEach
    void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    void registersThroughGogoAndReleasesEverythingOnStop(@TempDir Path tmp) throws Exception {
        Path pair = SharedData.require("data/pairs/2d/cardiac_2d");
        Path series = SharedData.require("data/dicom/decubitus/HFS_t1_sag");
        Path manifest = modelManifest();
        Bundle samreg = startFramework(tmp);
        BundleContext context = framework.getBundleContext();
        assertEveryMandatoryImportWired(samreg);

        DicomGetStub dicomGet = new DicomGetStub();
        Hashtable<String, Object> commandProperties = new Hashtable<>(Map.of(
                "osgi.command.scope", "dicom", "osgi.command.function", new String[] {"get"}));
        context.registerService(Object.class, dicomGet, commandProperties);

        Path out = tmp.resolve("out");
        Map<String, Object> settings = new HashMap<>(Map.of("model", manifest.toString(), "pointsPerSide", 8,
                "outputFolder", tmp.toString()));
        configure(context, SamRegConfig.PID, settings);
        ServiceReference<?> service = awaitService(context, "(&(objectClass=org.samreg.osgi.RegistrationService)"
                + "(pointsPerSide=8))");
        awaitService(context, "(&(osgi.command.scope=samreg)(osgi.command.function=register))");

        Gogo gogo = new Gogo(context);
        assertTrue(gogo.execute("samreg:status").contains("not loaded"));
        long t0 = System.nanoTime();
        String summary = gogo.execute("samreg:register " + pair.resolve("image1.png") + " "
                + pair.resolve("image2.png") + " " + out);
        System.out.printf("samreg:register in Felix took %.1f s:%n%s%n", (System.nanoTime() - t0) / 1e9, summary);
        for (String name : List.of(ResultWriter.FIXED_ROIS, ResultWriter.MOVING_ROIS, ResultWriter.FIELD,
                ResultWriter.WARPED, ResultWriter.WARPED_PNG, ResultWriter.PAIRS, ResultWriter.OVERVIEW)) {
            assertTrue(Files.size(out.resolve(name)) > 0, name + " written");
            assertTrue(summary.contains(name), summary);
        }
        assertEquals(List.of(), dicomGet.calls, "a viewer is given DICOM results only");
        assertTrue(gogo.execute("samreg:status").contains("(loaded)"));
        assertTrue(gogo.execute("samreg:jobs").contains("#1 DONE"));

        // DICOM in and out through the embedded PixelMed: three slices of a real MR series, registered to a copy
        Path dicomOut = tmp.resolve("dicom-out");
        String dicomSummary = gogo.execute("samreg:register " + middleSlices(series, tmp.resolve("fixed"), 3) + " "
                + middleSlices(series, tmp.resolve("moving"), 3) + " " + dicomOut);
        for (String kind : List.of("SEG_", "REG_", "DERIVED_")) {
            assertTrue(dicomSummary.contains(kind), dicomSummary);
        }
        // what Weasis draws, resampled series first: 3 derived slices, then the fixed and the moving SEG; no REG
        assertEquals(1, dicomGet.calls.size(), dicomGet.calls.toString());
        String[] loaded = dicomGet.calls.get(0).split(" ");
        assertEquals(10, loaded.length, dicomGet.calls.toString());
        for (int k = 0; k < loaded.length; k += 2) {
            assertEquals("-l", loaded[k]);
            assertTrue(Path.of(loaded[k + 1]).startsWith(dicomOut.toAbsolutePath()), loaded[k + 1]);
        }
        assertEquals(List.of("DERIVED", "DERIVED", "DERIVED", "SEG_fixed", "SEG_moving"), Stream.of(1, 3, 5, 7, 9)
                .map(k -> Path.of(loaded[k]).getFileName().toString())
                .map(name -> name.startsWith("DERIVED_") ? "DERIVED" : name.substring(0, name.indexOf('_', 4)))
                .toList());

        settings.put("similarity", 0.7);
        configure(context, SamRegConfig.PID, settings);
        ServiceReference<?> reconfigured = awaitService(context,
                "(&(objectClass=org.samreg.osgi.RegistrationService)(similarity=0.7))");
        assertEquals(service.getProperty(Constants.SERVICE_ID), reconfigured.getProperty(Constants.SERVICE_ID),
                "a new configuration applies without restarting the service");
        assertTrue(gogo.execute("samreg:status").contains("(loaded)"));

        Object registrationService = context.getService(service);
        samreg.stop();
        assertFalse((Boolean) registrationService.getClass().getMethod("modelLoaded").invoke(registrationService),
                "the ONNX sessions are closed on stop");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("samreg") && t.isAlive()), "no SAMReg thread survives stop");
    }

    /**
     * The PACS side inside the framework, configured through Configuration Admin only: {@code samreg:register} given
     * two Series Instance UIDs retrieves them from a real Orthanc on loopback with C-MOVE, registers them and sends
     * the results back, and Orthanc then answers C-FIND with the two SEGs, the registration and the resampled series.
     */
    @Test
    void registersSeriesOfAPacsByUidAndSendsTheResultsBack(@TempDir Path tmp) throws Exception {
        Path series = seriesForAPacs();
        Path manifest = modelManifest();
        int scpPort = PacsTestSupport.freePort();
        try (PeerProcess orthanc = PeerProcess.orthanc(tmp.resolve("orthanc"), "ORTHANC",
                Map.of("samreg", new Object[] {"SAMREG", scpPort}))) {
            String fixedUid = TestSeries.copy(series, 3, "150000", tmp.resolve("fixed"));
            String movingUid = TestSeries.copy(series, 3, "160000", tmp.resolve("moving"));
            orthanc.seed(tmp.resolve("fixed"), tmp.resolve("moving"));
            int before = orthanc.findSeries().size();

            startFramework(tmp);
            BundleContext context = framework.getBundleContext();
            context.registerService(Object.class, new DicomGetStub(), new Hashtable<>(Map.of(
                    "osgi.command.scope", "dicom", "osgi.command.function", new String[] {"get"})));
            configure(context, SamRegConfig.PID, Map.of("model", manifest.toString(), "pointsPerSide", 8,
                    "outputFolder", tmp.toString(), "localAeTitle", "SAMREG", "storagePort", scpPort,
                    "storageBindAddress", PacsTestSupport.LOOPBACK,
                    "pacsPeers", new String[] {orthanc.peer.written()}, "uidRoot", "1.2.826.0.1.3680043.10.1138"));
            awaitService(context, "(&(objectClass=org.samreg.osgi.RegistrationService)(storagePort=" + scpPort + "))");
            awaitService(context, "(&(osgi.command.scope=samreg)(osgi.command.function=register))");
            Gogo gogo = new Gogo(context);
            assertTrue(gogo.execute("samreg:echo orthanc").contains(": ok"));

            String summary = gogo.execute("samreg:register " + fixedUid + " " + movingUid + " " + tmp.resolve("out"));
            System.out.println(summary);
            assertTrue(summary.contains("sent 6 objects to orthanc"), summary);
            List<String[]> added = orthanc.findSeries();
            assertEquals(before + 4, added.size(), "two SEGs, the registration and the resampled series: " + added);
            Map<String, Long> modalities = seriesPerModality(added);
            assertEquals(2L, modalities.get("SEG"), modalities.toString());
            assertEquals(1L, modalities.get("REG"), modalities.toString());
            assertEquals(3L, modalities.get("MR"), "the two series and the resampled one: " + modalities);
            assertTrue(added.stream().filter(a -> !a[0].equals(fixedUid) && !a[0].equals(movingUid))
                    .allMatch(a -> a[0].startsWith("1.2.826.0.1.3680043.10.1138.")), "the configured UID root");
        }
    }

    /**
     * The PACS-triggered node inside the framework, configured through Configuration Admin only: a series stored into
     * its SCP matches a rule, the prior is fetched from a real Orthanc with C-MOVE, the pair registered, and Orthanc
     * then answers C-FIND with the two SEGs, the registration and the resampled series.
     */
    @Test
    void nodeRegistersAReceivedSeriesToItsPriorAndSendsTheResultsBack(@TempDir Path tmp) throws Exception {
        Path series = seriesForAPacs();
        Path manifest = modelManifest();
        int nodePort = PacsTestSupport.freePort();
        try (PeerProcess orthanc = PeerProcess.orthanc(tmp.resolve("orthanc"), "ORTHANC",
                Map.of("samreg", new Object[] {"SAMREG", nodePort}))) {
            String priorUid = TestSeries.copy(series, 3, "150000", tmp.resolve("prior"));
            String followUpUid = TestSeries.copy(series, 3, "160000", tmp.resolve("follow-up"));
            orthanc.seed(tmp.resolve("prior"));

            startFramework(tmp);
            BundleContext context = framework.getBundleContext();
            configure(context, SamRegConfig.PID, Map.of("model", manifest.toString(), "pointsPerSide", 8,
                    "outputFolder", tmp.toString()));
            configure(context, SamRegNodeConfig.PID, Map.of("aeTitle", "SAMREG", "port", nodePort,
                    "storage", tmp.resolve("node").toString(), "bindAddress", PacsTestSupport.LOOPBACK,
                    "seriesQuietSeconds", 1.0, "peers", new String[] {orthanc.peer.written()},
                    "rules", new String[] {"{\"name\": \"t1-followup\", \"modality\": \"MR\", "
                            + "\"descriptionRegex\": \"t1_.*\", \"queryPeer\": \"orthanc\"}"}));
            // SCR registers the node's service before its activation ends; getting the service waits for it
            ServiceReference<?> nodeRef = awaitService(context, "(objectClass=org.samreg.osgi.RegistrationNode)");
            Object node = context.getService(nodeRef);
            assertEquals(nodePort, node.getClass().getMethod("port").invoke(node), "the node listens on its port");
            awaitService(context, "(&(osgi.command.scope=samreg)(osgi.command.function=jobs))");

            Process send = new ProcessBuilder("storescu", "-aet", "ORTHANC", "-aec", "SAMREG", "+sd",
                    PacsTestSupport.LOOPBACK, String.valueOf(nodePort), tmp.resolve("follow-up").toString())
                    .redirectErrorStream(true).start();
            String sent = new String(send.getInputStream().readAllBytes());
            assertEquals(0, send.waitFor(), sent);

            long deadline = System.currentTimeMillis() + 300_000;
            List<String[]> held = orthanc.findSeries();
            while (held.size() < 5 && System.currentTimeMillis() < deadline) {
                Thread.sleep(1000);
                held = orthanc.findSeries();
            }
            Gogo gogo = new Gogo(context);
            String jobs = gogo.execute("samreg:jobs");
            System.out.println(jobs);
            assertTrue(jobs.contains("t1-followup_" + followUpUid + " DONE"), jobs);
            assertTrue(jobs.contains("#1 DONE"), "the registration ran as a service job: " + jobs);
            Map<String, Long> modalities = seriesPerModality(held);
            assertEquals(Map.of("SEG", 2L, "REG", 1L, "MR", 2L), modalities,
                    "the prior, two SEGs, the registration and the resampled series");
            assertTrue(held.stream().anyMatch(a -> a[0].equals(priorUid)));
        }
    }

    /** How many of {@code series} (UID, modality; see {@link PeerProcess#findSeries}) each modality has. */
    private static Map<String, Long> seriesPerModality(List<String[]> series) {
        return series.stream().collect(java.util.stream.Collectors.groupingBy(a -> a[1],
                java.util.stream.Collectors.counting()));
    }

    /** The default model's manifest; its files absent, a skip (a failure under CI). */
    private static Path modelManifest() {
        Path manifest = ModelManifest.defaultManifestPath().toAbsolutePath();
        Prerequisites.require(ModelManifest.load(manifest).filesPresent(), "SAM model files absent for " + manifest);
        return manifest;
    }

    /** The MR series the PACS tests copy, once dcmtk's storescu (which seeds Orthanc) is known to be there. */
    private static Path seriesForAPacs() {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/storescu")), "dcmtk's storescu is not installed");
        return SharedData.require("data/dicom/decubitus/HFS_t1_sag");
    }

    /** Starts Felix with the runtime bundles of the test and then the SAMReg bundle; returns the latter. */
    private Bundle startFramework(Path tmp) throws Exception {
        Path bundleJar = Path.of(System.getProperty("samreg.bundle"));
        assertTrue(Files.isRegularFile(bundleJar), "the bundle jar must be built first: " + bundleJar);
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, tmp.resolve("felix-cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> runtime = new ArrayList<>();
        for (File jar : Path.of(System.getProperty("samreg.felixBundles")).toFile().listFiles()) {
            runtime.add(context.installBundle(jar.toURI().toString()));
        }
        for (Bundle b : runtime) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        Bundle samreg = context.installBundle(bundleJar.toUri().toString());
        samreg.start();
        assertEquals(Bundle.ACTIVE, samreg.getState());
        return samreg;
    }

    /** Copies the middle {@code count} files of a one-series folder into {@code target}. */
    private static Path middleSlices(Path series, Path target, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(series)) {
            files = list.sorted().toList();
        }
        Files.createDirectories(target);
        int first = (files.size() - count) / 2;
        for (Path f : files.subList(first, first + count)) {
            Files.copy(f, target.resolve(f.getFileName()));
        }
        return target;
    }

    /** "No missing imports": every non-optional Import-Package of the bundle is wired to an exporter. */
    private static void assertEveryMandatoryImportWired(Bundle bundle) {
        List<String> wired = bundle.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)
                .stream().map(BundleWire::getRequirement).map(FelixBundleIT::packageOf).toList();
        List<String> missing = new ArrayList<>();
        List<String> absentOptional = new ArrayList<>();
        for (BundleRequirement r : bundle.adapt(BundleRevision.class)
                .getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (!wired.contains(packageOf(r))) {
                boolean optional = PackageNamespace.RESOLUTION_OPTIONAL
                        .equals(r.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
                (optional ? absentOptional : missing).add(packageOf(r));
            }
        }
        System.out.println("optional imports not present in this framework: " + absentOptional);
        assertEquals(List.of(), missing, "mandatory imports without an exporter");
    }

    private static String packageOf(BundleRequirement r) {
        String filter = r.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE);
        int start = filter.indexOf(PackageNamespace.PACKAGE_NAMESPACE + "=") + PackageNamespace.PACKAGE_NAMESPACE.length() + 1;
        int end = filter.indexOf(')', start);
        return filter.substring(start, end);
    }

    /** ConfigurationAdmin.getConfiguration(pid, "?").update(properties), through the admin bundle's interfaces. */
    private static void configure(BundleContext context, String pid, Map<String, Object> properties) throws Exception {
        ServiceReference<?> ref = awaitService(context, "(objectClass=org.osgi.service.cm.ConfigurationAdmin)");
        Bundle provider = ref.getBundle();
        Class<?> adminType = provider.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = provider.loadClass("org.osgi.service.cm.Configuration");
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(context.getService(ref), pid, "?");
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, new Hashtable<>(properties));
    }

    private static ServiceReference<?> awaitService(BundleContext context, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
            if (refs != null) {
                return refs[0];
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no service " + filter + " within 30 s");
    }

    /** A Gogo session of the framework's CommandProcessor; returns each command's result as text. */
    private static final class Gogo {
        private final Object session;
        private final Method execute;
        private final ByteArrayOutputStream console = new ByteArrayOutputStream();

        Gogo(BundleContext context) throws Exception {
            ServiceReference<?> ref = awaitService(context,
                    "(objectClass=org.apache.felix.service.command.CommandProcessor)");
            Bundle gogo = ref.getBundle();
            Class<?> processorType = gogo.loadClass("org.apache.felix.service.command.CommandProcessor");
            Class<?> sessionType = gogo.loadClass("org.apache.felix.service.command.CommandSession");
            session = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(context.getService(ref), new ByteArrayInputStream(new byte[0]), console, console);
            execute = sessionType.getMethod("execute", CharSequence.class);
        }

        String execute(String command) throws Exception {
            Object result = execute.invoke(session, command);
            System.out.print(console);
            console.reset();
            return String.valueOf(result);
        }
    }
}

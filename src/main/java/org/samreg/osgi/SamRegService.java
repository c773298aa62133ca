package org.samreg.osgi;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.samreg.dicom.DicomSeriesReader;
import org.samreg.dicom.UidGenerator;
import org.samreg.everything.PromptPlacement;
import org.samreg.field.FieldResult;
import org.samreg.field.InitialAlignment;
import org.samreg.image.ImageFiles;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.pacs.NodeConfig;
import org.samreg.pacs.PacsClient;
import org.samreg.pacs.PacsException;
import org.samreg.pacs.PullRegistration;
import org.samreg.pacs.SeriesQuery;
import org.samreg.pipeline.Choice;
import org.samreg.pipeline.DicomRegistration;
import org.samreg.pipeline.Method;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.SamRegistration;
import org.samreg.pipeline.SettingsRequest;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;
import org.samreg.sam.Weights;

/**
 * The registration service: one worker thread runs the jobs in order with one SAM model, opened at the first job
 * and closed (with its ONNX sessions) when the component is deactivated, e.g. on bundle stop. A new configuration
 * applies from the next job on (a new model or provider reopens the model then); running jobs are not disturbed.
 */
@Component(service = RegistrationService.class, configurationPid = SamRegConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SamRegConfig.class)
public final class SamRegService implements RegistrationService {
    static final String WORKER_THREAD = "samreg-worker";
    /** Finished jobs {@link #jobs()} keeps, the most recent; their folders stay on disk. */
    static final int KEPT_FINISHED_JOBS = 100;
    /** Framework or system property: folder of the default model's manifest (e.g. set in Weasis's JSON config). */
    static final String MODELS_PROPERTY = "samreg.models";
    private static final Logger LOG = Logger.getLogger(SamRegService.class.getName());
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final AtomicInteger jobIds = new AtomicInteger();
    private final List<RegistrationJob> jobs = new CopyOnWriteArrayList<>();
    private ExecutorService worker;
    private volatile SamRegConfig config;
    private String modelsFolder;
    /** The model and what it was opened from: touched only by the worker thread, and by deactivate once it ended. */
    private volatile SamModel model;
    private Path modelOpenedFrom;
    private boolean modelOnCuda;
    private int modelThreads;

    @Activate
    void activate(SamRegConfig config, BundleContext context) {
        start(config, context.getProperty(MODELS_PROPERTY));
    }

    /** @param modelsFolder the framework's (or JVM's) {@value #MODELS_PROPERTY}, used when no model is configured */
    void start(SamRegConfig config, String modelsFolder) {
        modified(config);
        this.modelsFolder = modelsFolder;
        worker = Executors.newSingleThreadExecutor(SamRegService::workerThread);
    }

    /**
     * The worker's context class loader is the bundle's: libraries that look classes up through it (PixelMed
     * probes for SLF4J that way) then see only what the bundle can load, not the host's class path.
     */
    private static Thread workerThread(Runnable jobs) {
        Thread thread = new Thread(jobs, WORKER_THREAD);
        thread.setContextClassLoader(SamRegService.class.getClassLoader());
        return thread;
    }

    @Modified
    void modified(SamRegConfig config) {
        // refuse malformed settings now rather than at the first job
        node(config);
        alignment(config);
        settings(config, null);
        this.config = config;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // cancelled queued jobs still run, to end at once and complete their futures
        jobs.forEach(RegistrationJob::cancel);
        worker.shutdown();
        if (!worker.awaitTermination(1, TimeUnit.MINUTES)) {
            worker.shutdownNow();
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                // closing ONNX sessions under a running inference would crash the JVM: leave them to the GC
                LOG.severe("SAMReg worker does not stop; its model stays open");
                return;
            }
        }
        SamModel open = model;
        model = null;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public RegistrationJob submit(String fixed, String moving, Path outputFolder) {
        int id = jobIds.incrementAndGet();
        Path out = outputFolder != null ? outputFolder
                : outputRoot(config).resolve("job-" + id + "-" + LocalDateTime.now().format(FOLDER_TIME));
        RegistrationJob job = new RegistrationJob(id, fixed, moving, out);
        jobs.add(job);
        forgetOldestFinished();
        worker.execute(() -> run(job));
        return job;
    }

    /** Keeps the list of a long-running service (a PACS node's registrations are jobs too) from growing without end. */
    private void forgetOldestFinished() {
        List<RegistrationJob> finished = jobs.stream().filter(RegistrationJob::finished).toList();
        for (int i = 0; i < finished.size() - KEPT_FINISHED_JOBS; i++) {
            jobs.remove(finished.get(i));
        }
    }

    @Override
    public List<RegistrationJob> jobs() {
        return List.copyOf(jobs);
    }

    @Override
    public Optional<RegistrationJob> job(int id) {
        return jobs.stream().filter(j -> j.id() == id).findFirst();
    }

    @Override
    public boolean modelLoaded() {
        return model != null;
    }

    @Override
    public Path modelManifest() {
        return modelManifest(config);
    }

    private Path modelManifest(SamRegConfig config) {
        if (!config.model().isBlank()) {
            return Path.of(config.model());
        }
        return modelsFolder == null || modelsFolder.isBlank() ? ModelManifest.defaultManifestPath()
                : Path.of(modelsFolder, ModelManifest.DEFAULT_NAME + ".json");
    }

    @Override
    public List<String> pacsPeers() {
        return node(config).peers().stream().map(NodeConfig.Peer::written).toList();
    }

    @Override
    public String localAeTitle() {
        return config.localAeTitle();
    }

    @Override
    public String echo(String name) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SamRegService.class.getClassLoader()); // as on the worker: see workerThread
        NodeConfig.Peer peer = null;
        long t0 = System.nanoTime();
        try {
            NodeConfig node = node(config);
            peer = node.peer(name);
            new PacsClient(peer, node.aeTitle()).echo();
            return String.format(Locale.ROOT, "C-ECHO %s: ok (%d ms)", peer, (System.nanoTime() - t0) / 1_000_000);
        } catch (PacsException e) {
            return "C-ECHO " + (peer == null ? name : peer) + ": failed: " + e.getMessage();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The PACS side of the configuration as a DICOM node configuration (the fields of samreg-node.json, checked the
     * same way): our AE title and storage SCP port, the storage folder, the peers, the UID root.
     */
    private static NodeConfig node(SamRegConfig config) {
        JsonObject o = new JsonObject();
        o.addProperty("aeTitle", config.localAeTitle());
        o.addProperty("port", config.storagePort());
        if (!config.storageBindAddress().isBlank()) {
            o.addProperty("bindAddress", config.storageBindAddress());
        }
        o.addProperty("storage", config.storageFolder().isBlank()
                ? outputRoot(config).resolve("pacs-storage").toString() : config.storageFolder());
        if (!config.uidRoot().isBlank()) {
            o.addProperty("uidRoot", config.uidRoot());
        }
        try {
            o.add("peers", NodeConfig.Peer.jsonArray(List.of(config.pacsPeers())));
            NodeConfig node = NodeConfig.of(o, "configuration " + SamRegConfig.PID, Path.of("."));
            if (!config.retrieveFrom().isBlank()) {
                node.peer(config.retrieveFrom());
            }
            return node;
        } catch (PacsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The peer series given by UID or query are retrieved from. */
    private static NodeConfig.Peer retrievalPeer(NodeConfig node, SamRegConfig config) throws PacsException {
        if (!config.retrieveFrom().isBlank()) {
            return node.peer(config.retrieveFrom());
        }
        if (node.peers().isEmpty()) {
            throw new PacsException("a series given by UID or query needs a PACS peer to retrieve it from: none is "
                    + "configured (pacsPeers in configuration " + SamRegConfig.PID + ")");
        }
        return node.peers().get(0);
    }

    private void run(RegistrationJob job) {
        long t0 = System.nanoTime();
        try {
            job.checkCancelled();
            job.running();
            JobResult r = register(job, t0);
            job.done(r);
            LOG.info(() -> "SAMReg job #" + job.id() + " wrote " + r.files().size() + " files to " + r.outputFolder());
        } catch (Throwable t) {
            job.failed(t);
            if (!job.cancelRequested()) {
                LOG.log(Level.WARNING, "SAMReg job #" + job.id() + " failed", t);
            }
        }
    }

    private JobResult register(RegistrationJob job, long t0) throws Exception {
        SeriesInput fixed = SeriesInput.parse(job.fixed());
        SeriesInput moving = SeriesInput.parse(job.moving());
        if (fixed.kind() != moving.kind()) {
            throw new IllegalArgumentException("both series must be DICOM, both image files or both on a PACS: "
                    + job.fixed() + " is " + fixed.kind() + ", " + job.moving() + " is " + moving.kind());
        }
        Progress progress = job.progress();
        SamRegConfig settings = config; // one configuration for the whole job
        NodeConfig node = node(settings);
        NodeConfig.Peer source = fixed.kind() == SeriesInput.Kind.PACS ? retrievalPeer(node, settings) : null;
        SamModel samModel = openModel(settings);
        SamRegistration engine = new SamRegistration(samModel, settings(settings, samModel.manifest()));
        InitialAlignment alignment = alignment(settings);
        DicomRegistration dicom = new DicomRegistration(engine, new UidGenerator(node.uidRoot()));
        if (source != null) {
            PullRegistration pull = new PullRegistration(node, null, LOG::info);
            PullRegistration.Retrieved series = pull.retrieve(source, SeriesQuery.parse(job.fixed()),
                    SeriesQuery.parse(job.moving()), progress);
            job.checkCancelled();
            DicomRegistration.Outputs out = dicom.register(DicomSeriesReader.read(series.fixedFolder()),
                    DicomSeriesReader.read(series.movingFolder()), alignment, job.outputFolder(),
                    progress);
            job.checkCancelled();
            if (settings.sendResults()) {
                pull.send(source, out.allFiles(), progress);
            }
            return result(job, out.allFiles(), out.viewerFiles(), out.result(), t0,
                    settings.sendResults() ? source.toString() : null);
        }
        if (fixed.kind() == SeriesInput.Kind.DICOM) {
            DicomRegistration.Outputs out = dicom.register(DicomSeriesReader.read(fixed.path()),
                    DicomSeriesReader.read(moving.path()), alignment, job.outputFolder(), progress);
            return result(job, out.allFiles(), out.viewerFiles(), out.result(), t0, null);
        }
        Volume f = ImageFiles.read(fixed.path());
        Volume m = ImageFiles.read(moving.path());
        RegistrationResult r = engine.register(f, m, alignment, progress);
        job.checkCancelled();
        return result(job, ResultWriter.write(job.outputFolder(), f, m, r), List.of(), r, t0, null);
    }

    private SamModel openModel(SamRegConfig config) {
        Path manifest = modelManifest(config);
        Weights weights = config.weights().isBlank() ? Weights.defaultFor(config.cuda())
                : Choice.of(Weights.class, "weights", config.weights());
        if (model != null && !(manifest.equals(modelOpenedFrom) && config.cuda() == modelOnCuda
                && config.threads() == modelThreads && weights == model.weights())) {
            model.close();
            model = null;
        }
        if (model == null) {
            model = new SamModel(ModelManifest.load(manifest), config.cuda(), Math.max(0, config.threads()), weights);
            modelOpenedFrom = manifest;
            modelOnCuda = config.cuda();
            modelThreads = config.threads();
        }
        return model;
    }

    private static InitialAlignment alignment(SamRegConfig config) {
        return Choice.of(InitialAlignment.class, "initialAlignment", config.initialAlignment());
    }

    /** {@code manifest}: the model's, whose calibration applies; null only to check the configuration. */
    private static RegistrationSettings settings(SamRegConfig config, ModelManifest manifest) {
        // 0 in the configuration stands for the model's calibrated value
        PromptPlacement prompts = Choice.of(PromptPlacement.class, "prompts", config.prompts());
        Method method = Choice.of(Method.class, "method", config.method());
        return new SettingsRequest(config.pointsPerSide(), prompts,
                config.predIouThresh() > 0 ? config.predIouThresh() : null,
                config.stabilityThresh() > 0 ? config.stabilityThresh() : null, null, null, null, false,
                config.similarity(), false, null, null, null, null, method, null, null, null,
                null, config.maxSegmentedSlices(), config.localContrast(),
                Math.max(0, config.threads()), null).resolve(manifest);
    }

    private static Path outputRoot(SamRegConfig config) {
        return config.outputFolder().isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "samreg")
                : Path.of(config.outputFolder());
    }

    /** {@code sentTo}: the peer the DICOM results were sent to, or null. */
    private static JobResult result(RegistrationJob job, List<Path> files, List<Path> viewerFiles,
                                    RegistrationResult r, long t0, String sentTo) {
        FieldResult field = r.field();
        return new JobResult(job.outputFolder(), files, viewerFiles, r.fixedRois(), r.movingRois(), r.pairs().size(),
                field.meanDiceBefore(), field.meanDiceAfter(), (System.nanoTime() - t0) / 1e9, field.warnings(),
                sentTo);
    }
}

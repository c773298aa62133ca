package org.samreg.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.samreg.onnx.AttentionRewrite;
import org.samreg.onnx.OnnxGraphs;
import org.samreg.onnx.SplitDecoder;
import org.samreg.onnx.UpscalingRewrite;
import org.samreg.onnx.WeightQuantization;
import org.samreg.onnx.proto.ModelProto;

/**
 * The SAM encoder and prompt decoder as ONNX Runtime sessions. Not thread-safe; one instance per worker thread.
 * Internally, {@link #submitCandidates} runs prompts concurrently, one per core.
 */
public final class SamModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SamModel.class.getName());

    // SAM's point labels
    private static final float POSITIVE_POINT = 1f;
    private static final float PADDING_POINT = -1f;
    private static final float BOX_TOP_LEFT = 2f;
    private static final float BOX_BOTTOM_RIGHT = 3f;
    /** Side of the decoder's (unused) previous-mask input. */
    private static final int MASK_INPUT_SIDE = 256;

    private final ModelManifest manifest;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession encoder;
    private final SplitDecoder decoder;
    private final Weights weights;
    /**
     * Prompts decoded at once. On the CPU, one single-threaded decoder run per core gets through about 1.5 times
     * more prompts than one run using every core: the decoder's operations are too small to split well.
     */
    private final int decoderWorkers;
    private final ExecutorService decoderPool;
    /**
     * Held shared by each decoder run, alone by whoever replaces the prompt context or closes the sessions, so that
     * no run reads freed native memory (a run goes on after its task is cancelled).
     */
    private final ReentrantReadWriteLock runs = new ReentrantReadWriteLock();
    /** Decoder inputs that stay the same for every prompt on one embedding, built once per embedding. */
    private ImageEmbedding promptContextOwner;
    private Map<String, OnnxTensor> promptContext = Map.of();

    /**
     * Verifies the model files and opens both sessions.
     *
     * @param useCuda ask for the CUDA execution provider; without CUDA (or with the CPU-only runtime jar) a warning
     *                is logged and the CPU is used
     * @throws ModelException when files are missing, corrupt or do not have the expected tensors
     */
    public SamModel(ModelManifest manifest, boolean useCuda) {
        this(manifest, useCuda, 0, Weights.defaultFor(useCuda));
    }

    /**
     * As {@link #SamModel(ModelManifest, boolean)}, on at most {@code threads} threads (0: one per core), with the
     * weight matrices in {@code weights}.
     */
    public SamModel(ModelManifest manifest, boolean useCuda, int threads, Weights weights) {
        this.manifest = manifest;
        this.weights = weights;
        manifest.verifyFiles();
        this.decoderWorkers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.decoderPool = Executors.newFixedThreadPool(decoderWorkers, task -> {
            Thread t = new Thread(task, "samreg-decoder");
            t.setDaemon(true);
            return t;
        });
        OrtSession enc = null;
        try {
            enc = openSession(encoderGraph(), manifest.encoderFile().toString(), useCuda, decoderWorkers);
            this.encoder = enc;
            this.decoder = openDecoder(useCuda);
        } catch (OrtException | ModelException e) {
            closeQuietly(enc);
            decoderPool.shutdownNow();
            throw e instanceof ModelException m ? m
                    : new ModelException("cannot open model " + manifest.modelDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** The default model (see {@link ModelManifest#defaultManifestPath()}) on the CPU. */
    public static SamModel openDefault() {
        return new SamModel(ModelManifest.loadDefault(), false);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Weights weights() {
        return weights;
    }

    /** Runs the encoder on an image in the 8-bit range. */
    public ImageEmbedding encode(SliceImage image) {
        int size = manifest.inputSize();
        float[] input = SamPreprocessor.encoderInput(image, size, manifest.pixelMean(), manifest.pixelStd());
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, size, size});
                OrtSession.Result result = encoder.run(Map.of(manifest.encoderInput(), tensor))) {
            float[] features = floats(result, manifest.encoderOutput());
            return new ImageEmbedding(features, manifest.embeddingShape(), size, image.width(), image.height());
        } catch (OrtException e) {
            throw new IllegalStateException("SAM encoder failed on a " + image.width() + "x" + image.height()
                    + " image: " + e.getMessage(), e);
        }
    }

    /**
     * Mask for one positive point prompt at original pixel coordinates (x, y), as SAM's predictor takes them: they
     * are multiplied by {@link ImageEmbedding#scale()}. A padding point (label -1) is appended, as SAM's ONNX export
     * expects when no box is given. The export then returns the candidate mask with the highest predicted IoU.
     */
    public MaskPrediction decode(ImageEmbedding embedding, double x, double y) {
        return decodePrompt(embedding, pointPrompt(embedding, x, y), new float[] {POSITIVE_POINT, PADDING_POINT});
    }

    /**
     * Every candidate mask for one positive point prompt: SAM's three multimask candidates when the manifest names
     * the decoder's candidate tensors, else the single mask the export returns. Candidates below
     * {@code minPredictedIou} are dropped before they are upsampled, which saves most of the post-processing.
     */
    public List<MaskPrediction> decodeCandidates(ImageEmbedding embedding, double x, double y, double minPredictedIou) {
        if (manifest.candidates() == null) {
            MaskPrediction single = decode(embedding, x, y);
            return single.predictedIou() >= minPredictedIou ? List.of(single) : List.of();
        }
        return candidates(embedding, pointPrompt(embedding, x, y), new float[] {POSITIVE_POINT, PADDING_POINT},
                minPredictedIou);
    }

    /** A point prompt in encoder input coordinates, with the padding point SAM's export expects without a box. */
    private static float[] pointPrompt(ImageEmbedding embedding, double x, double y) {
        float s = (float) embedding.scale();
        return new float[] {(float) x * s, (float) y * s, 0f, 0f};
    }

    /** The manifest's candidate masks for prompt points in encoder input coordinates. */
    private List<MaskPrediction> candidates(ImageEmbedding embedding, float[] inputCoords, float[] labels,
            double minPredictedIou) {
        ModelManifest.MaskCandidates c = manifest.candidates();
        float[][] out = runDecoder(embedding, inputCoords, labels, c.lowResMasks(), c.iouPredictions());
        float[] lowRes = out[0], iou = out[1];
        int side = (int) Math.round(Math.sqrt(lowRes.length / (double) iou.length));
        List<MaskPrediction> masks = new ArrayList<>();
        for (int t = c.first(); t < c.first() + c.count(); t++) {
            if (iou[t] >= minPredictedIou) {
                masks.add(new MaskPrediction(LowResMasks.toImage(lowRes, t * side * side, side, embedding), 
                        embedding.imageWidth(), embedding.imageHeight(), iou[t]));
            }
        }
        return masks;
    }

    /**
     * {@link #decodeCandidates(ImageEmbedding, double, double, double)} on one of the decoder workers, one per
     * core.
     */
    public Future<List<MaskPrediction>> submitCandidates(ImageEmbedding embedding, double x, double y,
            double minPredictedIou) {
        return decoderPool.submit(() -> decodeCandidates(embedding, x, y, minPredictedIou));
    }

    /**
     * Prompts a caller should keep submitted at a time: two per worker, so that no worker waits while the caller
     * handles the answer of another.
     */
    public int promptsInFlight() {
        return 2 * decoderWorkers;
    }

    /**
     * Mask for a box prompt, corners in original pixel coordinates. Unlike a single point, a box is not ambiguous:
     * with one point the export returns the best-scored of SAM's three candidate masks, often a large enclosing
     * region.
     */
    public MaskPrediction decodeBox(ImageEmbedding embedding, double x0, double y0, double x1, double y1) {
        float s = (float) embedding.scale();
        float[] corners = {(float) x0 * s, (float) y0 * s, (float) x1 * s, (float) y1 * s};
        return decodePrompt(embedding, corners, new float[] {BOX_TOP_LEFT, BOX_BOTTOM_RIGHT});
    }

    /**
     * Prompt points in encoder input coordinates, with SAM's point labels: the export's single mask. With the
     * manifest's candidates that is the candidate of highest predicted IoU (the export's own pick for a prompt of
     * two points), upsampled by the engine; the decoder then never computes its own full-size mask.
     */
    private MaskPrediction decodePrompt(ImageEmbedding embedding, float[] inputCoords, float[] labels) {
        if (manifest.candidates() != null) {
            return candidates(embedding, inputCoords, labels, Double.NEGATIVE_INFINITY).stream()
                    .max(Comparator.comparingDouble(MaskPrediction::predictedIou)).orElseThrow();
        }
        int w = embedding.imageWidth(), h = embedding.imageHeight();
        float[][] out = runDecoder(embedding, inputCoords, labels, manifest.decoderMasks(),
                manifest.decoderIouPredictions());
        if (out[0].length != w * h) {
            throw new IllegalStateException("SAM decoder returned " + out[0].length + " mask values for a " + w
                    + "x" + h + " image; expected a single mask");
        }
        return new MaskPrediction(out[0], w, h, out[1][0]);
    }

    /** Runs the decoder's per-prompt part and returns {@code wanted} outputs in that order. */
    private float[][] runDecoder(ImageEmbedding embedding, float[] inputCoords, float[] labels, String... wanted) {
        try (PromptTensors prompt = PromptTensors.of(env, manifest, inputCoords, labels)) {
            Map<String, OnnxTensor> context = lockedPromptContext(embedding);
            try {
                Map<String, OnnxTensor> inputs = new HashMap<>(context);
                inputs.putAll(prompt.inputs());
                try (OrtSession.Result result = decoder.perPromptSession().run(inputs, Set.of(wanted))) {
                    float[][] out = new float[wanted.length][];
                    for (int i = 0; i < wanted.length; i++) {
                        out[i] = floats(result, wanted[i]);
                    }
                    return out;
                }
            } finally {
                runs.readLock().unlock();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("SAM decoder failed on prompt " + Arrays.toString(inputCoords)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Embedding, empty previous mask, image size and the decoder's per-image tensors, kept while prompts arrive for
     * the same embedding; returned with {@link #runs}' read lock held, which the caller releases after its run.
     */
    private Map<String, OnnxTensor> lockedPromptContext(ImageEmbedding embedding) throws OrtException {
        runs.readLock().lock();
        if (embedding == promptContextOwner) {
            return promptContext;
        }
        runs.readLock().unlock();
        runs.writeLock().lock();
        try {
            if (embedding != promptContextOwner) {
                replacePromptContext(embedding);
            }
            runs.readLock().lock();
            return promptContext;
        } finally {
            runs.writeLock().unlock();
        }
    }

    private void replacePromptContext(ImageEmbedding embedding) throws OrtException {
        closePromptContext();
        Map<String, OnnxTensor> image = imageInputs(env, manifest, embedding.features(), embedding.imageHeight(),
                embedding.imageWidth());
        promptContext = new HashMap<>(image);
        try (PromptTensors any = PromptTensors.point(env, manifest, 0, 0)) {
            promptContext.putAll(decoder.perImageTensors(image, any.inputs()));
        }
        promptContextOwner = embedding;
    }

    /** The decoder inputs given once per image: embedding, empty previous mask, original image size. */
    static Map<String, OnnxTensor> imageInputs(OrtEnvironment env, ModelManifest manifest, float[] features,
            int height, int width) throws OrtException {
        int[] shape = manifest.embeddingShape();
        return Map.of(
                manifest.decoderImageEmbeddings(), OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(features), new long[] {1, shape[0], shape[1], shape[2]}),
                manifest.decoderMaskInput(), OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(new float[MASK_INPUT_SIDE * MASK_INPUT_SIDE]),
                        new long[] {1, 1, MASK_INPUT_SIDE, MASK_INPUT_SIDE}),
                manifest.decoderHasMaskInput(), OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0f}),
                        new long[] {1}),
                manifest.decoderOrigImSize(), OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(new float[] {height, width}), new long[] {2}));
    }

    /** The decoder inputs of one prompt: its points in encoder input coordinates and their SAM labels. */
    record PromptTensors(OnnxTensor coords, OnnxTensor labels, Map<String, OnnxTensor> inputs)
            implements AutoCloseable {
        static PromptTensors of(OrtEnvironment env, ModelManifest manifest, float[] inputCoords, float[] pointLabels)
                throws OrtException {
            OnnxTensor coords = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputCoords),
                    new long[] {1, pointLabels.length, 2});
            OnnxTensor labels;
            try {
                labels = OnnxTensor.createTensor(env, FloatBuffer.wrap(pointLabels),
                        new long[] {1, pointLabels.length});
            } catch (OrtException | RuntimeException e) {
                coords.close();
                throw e;
            }
            return new PromptTensors(coords, labels,
                    Map.of(manifest.decoderPointCoords(), coords, manifest.decoderPointLabels(), labels));
        }

        /** One positive point, with the padding point SAM's export expects without a box. */
        static PromptTensors point(OrtEnvironment env, ModelManifest manifest, float x, float y) throws OrtException {
            return of(env, manifest, new float[] {x, y, 0f, 0f}, new float[] {POSITIVE_POINT, PADDING_POINT});
        }

        @Override
        public void close() {
            coords.close();
            labels.close();
        }
    }

    private void closePromptContext() {
        promptContext.values().forEach(OnnxTensor::close);
        promptContext = Map.of();
        promptContextOwner = null;
    }

    @Override
    public void close() {
        decoderPool.shutdownNow();
        runs.writeLock().lock(); // waits for decoder runs still under way, e.g. of a cancelled everything mode
        try {
            closePromptContext();
            closeQuietly(encoder);
            if (decoder != null) {
                try {
                    decoder.close();
                } catch (OrtException e) {
                    LOG.log(Level.FINE, "closing an ONNX session failed", e);
                }
            }
        } finally {
            runs.writeLock().unlock();
        }
    }

    /**
     * The decoder file, checked against the manifest, then with its multimask candidate tensors exposed when the
     * manifest names them, cut down to the outputs the engine reads and split into a per-image and a per-prompt part.
     */
    private SplitDecoder openDecoder(boolean useCuda) throws OrtException {
        ModelManifest.MaskCandidates c = manifest.candidates();
        String file = manifest.decoderFile().toString();
        ModelProto model;
        try {
            model = OnnxGraphs.parse(Files.readAllBytes(manifest.decoderFile()));
            if (c != null) {
                model = OnnxGraphs.expose(model, List.of(c.lowResMasks(), c.iouPredictions()),
                        Map.of(c.lowResMasks(), OnnxGraphs.FLOAT, c.iouPredictions(), OnnxGraphs.FLOAT));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelException("cannot read decoder " + file + ": " + e.getMessage(), e);
        }
        Set<String> outputs = c != null ? Set.of(c.lowResMasks(), c.iouPredictions())
                : Set.of(manifest.decoderMasks(), manifest.decoderIouPredictions());
        // one thread per session: see decoderWorkers
        SplitDecoder.SessionOpener opener = bytes -> openSession(bytes, file, useCuda, 1);
        Set<String> promptInputs = Set.of(manifest.decoderPointCoords(), manifest.decoderPointLabels());
        try (OrtSession whole = openSession(model.toByteArray(), file, useCuda, 1)) {
            manifest.verifySessions(encoder, whole);
            String mismatch;
            SplitDecoder engine = null;
            boolean keep = false;
            try {
                ModelProto graph = engineGraph(model, manifest, outputs);
                engine = SplitDecoder.open(env, graph, promptInputs, opener);
                mismatch = DecoderCheck.mismatch(env, manifest, whole, engine, outputs);
                if (mismatch == null) {
                    // the upscaling's products only: with the prompt tokens' products in int8 too, candidate masks
                    // changed wholly on acdc (mask IoU down to 0, predicted IoU by up to 0.45) for 3 ms a prompt
                    ModelProto quantized = weights == Weights.INT8
                            ? WeightQuantization.apply(graph, UpscalingRewrite::isRewritten) : null;
                    keep = quantized == null;
                    return keep ? engine : SplitDecoder.open(env, quantized, promptInputs, opener);
                }
            } catch (OrtException | RuntimeException e) {
                mismatch = e.getMessage();
            } finally {
                if (engine != null && !keep) { // also when the check or the int8 decoder failed
                    engine.close();
                }
            }
            LOG.warning("the decoder as the engine rewrites it does not give what " + file + " gives (" + mismatch
                    + "); every prompt runs the exported graph");
            return SplitDecoder.unsplit(env, OnnxGraphs.prunedTo(model, outputs), opener);
        }
    }

    /**
     * The decoder as the engine runs it: cut down to {@code outputs}, with its mask upscaling and image-to-token
     * attentions rewritten for the CPU (see {@link UpscalingRewrite} and {@link AttentionRewrite}) where they have the
     * form of SAM's.
     */
    public static ModelProto engineGraph(ModelProto decoder, ModelManifest manifest, Set<String> outputs) {
        int[] embedding = manifest.embeddingShape();
        ModelProto graph = OnnxGraphs.prunedTo(decoder, outputs);
        graph = rewritten(graph, UpscalingRewrite.apply(graph, embedding[1], embedding[2]), outputs,
                "the decoder's mask upscaling is not SAM's");
        return rewritten(graph, AttentionRewrite.apply(graph, (long) embedding[1] * embedding[2],
                Set.of(manifest.decoderPointCoords(), manifest.decoderPointLabels())), outputs,
                "the decoder has no image-to-token attention of SAM's form");
    }

    /** {@code rewrite} pruned to {@code outputs}, or {@code graph} as it is, with a log line, when it is null. */
    private static ModelProto rewritten(ModelProto graph, ModelProto rewrite, Set<String> outputs, String whyNot) {
        if (rewrite == null) {
            LOG.info(whyNot + "; it runs as exported");
            return graph;
        }
        return OnnxGraphs.prunedTo(rewrite, outputs);
    }

    /**
     * The encoder's bytes with its weight products in int8, or null to open the file as it is (float weights, or
     * no weight product to quantize).
     */
    private byte[] encoderGraph() {
        if (weights != Weights.INT8) {
            return null;
        }
        try {
            ModelProto file = OnnxGraphs.parse(Files.readAllBytes(manifest.encoderFile()));
            ModelProto quantized = WeightQuantization.apply(file);
            return quantized == null ? null : quantized.toByteArray();
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelException("cannot read encoder " + manifest.encoderFile() + ": " + e.getMessage(), e);
        }
    }

    /** Opens {@code model} bytes when given, else the file. */
    private OrtSession openSession(byte[] model, String file, boolean useCuda, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            if (useCuda) {
                try {
                    options.addCUDA();
                } catch (OrtException | RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "CUDA execution provider unavailable for " + file + " (" + e.getMessage()
                            + "); running it on the CPU");
                }
            }
            return model != null ? env.createSession(model, options) : env.createSession(file, options);
        }
    }

    static float[] floats(OrtSession.Result result, String name) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new IllegalStateException("SAM model produced no output '" + name + "'"));
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.log(Level.FINE, "closing an ONNX session failed", e);
        }
    }
}

package org.samreg.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SAM encoder and prompt decoder as ONNX Runtime sessions. Not thread-safe; one instance per worker thread.
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
    private final OrtSession decoder;

    /**
     * Verifies the model files and opens both sessions.
     *
     * @param useCuda ask for the CUDA execution provider; without CUDA (or with the CPU-only runtime jar) a warning
     *                is logged and the CPU is used
     * @throws ModelException when files are missing, corrupt or do not have the expected tensors
     */
    public SamModel(ModelManifest manifest, boolean useCuda) {
        this.manifest = manifest;
        manifest.verifyFiles();
        OrtSession enc = null;
        try {
            enc = openSession(manifest.encoderFile().toString(), useCuda);
            this.encoder = enc;
            this.decoder = openSession(manifest.decoderFile().toString(), useCuda);
        } catch (OrtException e) {
            closeQuietly(enc);
            throw new ModelException("cannot open model " + manifest.modelDirectory() + ": " + e.getMessage(), e);
        }
        try {
            manifest.verifySessions(encoder, decoder);
        } catch (ModelException e) {
            close();
            throw e;
        }
    }

    /** The default model (see {@link ModelManifest#defaultManifestPath()}) on the CPU. */
    public static SamModel openDefault() {
        return new SamModel(ModelManifest.loadDefault(), false);
    }

    public ModelManifest manifest() {
        return manifest;
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
        float s = (float) embedding.scale();
        float[] points = {(float) x * s, (float) y * s, 0f, 0f};
        return decodePrompt(embedding, points, new float[] {POSITIVE_POINT, PADDING_POINT});
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

    /** Prompt points in encoder input coordinates, with SAM's point labels. */
    MaskPrediction decodePrompt(ImageEmbedding embedding, float[] inputCoords, float[] labels) {
        int[] shape = manifest.embeddingShape();
        int w = embedding.imageWidth(), h = embedding.imageHeight();
        try (OnnxTensor features = OnnxTensor.createTensor(env, FloatBuffer.wrap(embedding.features()),
                        new long[] {1, shape[0], shape[1], shape[2]});
                OnnxTensor coords = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputCoords),
                        new long[] {1, labels.length, 2});
                OnnxTensor pointLabels = OnnxTensor.createTensor(env, FloatBuffer.wrap(labels),
                        new long[] {1, labels.length});
                OnnxTensor maskInput = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[MASK_INPUT_SIDE * MASK_INPUT_SIDE]),
                        new long[] {1, 1, MASK_INPUT_SIDE, MASK_INPUT_SIDE});
                OnnxTensor hasMask = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0f}), new long[] {1});
                OnnxTensor size = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {h, w}), new long[] {2});
                OrtSession.Result result = decoder.run(Map.of(
                        manifest.decoderImageEmbeddings(), features,
                        manifest.decoderPointCoords(), coords,
                        manifest.decoderPointLabels(), pointLabels,
                        manifest.decoderMaskInput(), maskInput,
                        manifest.decoderHasMaskInput(), hasMask,
                        manifest.decoderOrigImSize(), size))) {
            float[] logits = floats(result, manifest.decoderMasks());
            if (logits.length != w * h) {
                throw new IllegalStateException("SAM decoder returned " + logits.length + " mask values for a " + w
                        + "x" + h + " image; expected a single mask");
            }
            float iou = floats(result, manifest.decoderIouPredictions())[0];
            return new MaskPrediction(logits, w, h, iou);
        } catch (OrtException e) {
            throw new IllegalStateException("SAM decoder failed on prompt " + Arrays.toString(inputCoords)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(encoder);
        closeQuietly(decoder);
    }

    private OrtSession openSession(String file, boolean useCuda) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            if (useCuda) {
                try {
                    options.addCUDA();
                } catch (OrtException | RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "CUDA execution provider unavailable for " + file + " (" + e.getMessage()
                            + "); running it on the CPU");
                }
            }
            return env.createSession(file, options);
        }
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
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

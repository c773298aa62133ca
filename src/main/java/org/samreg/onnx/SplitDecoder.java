package org.samreg.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.samreg.onnx.proto.ModelProto;

/**
 * A SAM prompt decoder cut in two ONNX Runtime sessions: the part that reads only the image embedding runs once per
 * image, the rest once per prompt with the first part's tensors as inputs. In SAM's decoder the first two-way
 * attention block projects the image tokens three times before any prompt token reaches them; cutting that out
 * takes about a fifth off a prompt's time on the CPU. Graphs that cannot be cut (see {@link OnnxGraphs#staticPart})
 * run whole.
 */
public final class SplitDecoder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SplitDecoder.class.getName());

    /** Opens a session on model bytes. */
    @FunctionalInterface
    public interface SessionOpener {
        OrtSession open(byte[] model) throws OrtException;
    }

    private final OrtEnvironment env;
    private final OrtSession perImage;
    private final OrtSession perPrompt;
    private final List<String> frontier;

    private SplitDecoder(OrtEnvironment env, OrtSession perImage, OrtSession perPrompt, List<String> frontier) {
        this.env = env;
        this.perImage = perImage;
        this.perPrompt = perPrompt;
        this.frontier = frontier;
    }

    /** @param promptInputs the graph inputs that change from prompt to prompt */
    public static SplitDecoder open(OrtEnvironment env, ModelProto model, Set<String> promptInputs,
            SessionOpener opener)
            throws OrtException {
        OnnxGraphs.StaticPart part = OnnxGraphs.staticPart(model, promptInputs);
        if (!part.isEmpty()) {
            OrtSession perImage = opener.open(OnnxGraphs.expose(model, part.frontier(), null).toByteArray());
            try {
                Map<String, OnnxGraphs.TensorType> types = new HashMap<>();
                for (String name : part.frontier()) {
                    TensorInfo info = (TensorInfo) perImage.getOutputInfo().get(name).getInfo();
                    String type = info.onnxType.name();
                    types.put(name, new OnnxGraphs.TensorType(
                            OnnxGraphs.elementType(type.substring(type.lastIndexOf('_') + 1)), info.getShape()));
                }
                OrtSession perPrompt = opener.open(OnnxGraphs.withoutStaticPart(model, part, types).toByteArray());
                return new SplitDecoder(env, perImage, perPrompt, part.frontier());
            } catch (OrtException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot split the SAM decoder (" + e.getMessage() + "); every prompt runs it whole");
                perImage.close();
            }
        }
        return unsplit(env, model, opener);
    }

    /** The decoder run whole for every prompt. */
    public static SplitDecoder unsplit(OrtEnvironment env, ModelProto model, SessionOpener opener)
            throws OrtException {
        return new SplitDecoder(env, null, opener.open(model.toByteArray()), List.of());
    }

    /** False when the graph could not be cut and runs whole for every prompt. */
    public boolean isSplit() {
        return perImage != null;
    }

    /** The session that decodes prompts: its inputs and outputs are the decoder's. */
    public OrtSession perPromptSession() {
        return perPrompt;
    }

    /**
     * The tensors to give with every prompt on one image, besides {@code imageInputs}; owned by the caller.
     *
     * @param anyPrompt prompt inputs of the shapes every later prompt will have (the per-image part may hold
     *                  tensor shapes derived from them, never their values)
     */
    public Map<String, OnnxTensor> perImageTensors(Map<String, OnnxTensor> imageInputs,
            Map<String, OnnxTensor> anyPrompt) throws OrtException {
        if (perImage == null) {
            return Map.of();
        }
        Map<String, OnnxTensor> inputs = new HashMap<>(imageInputs);
        inputs.putAll(anyPrompt);
        Map<String, OnnxTensor> out = new HashMap<>();
        try (OrtSession.Result result = perImage.run(inputs, new HashSet<>(frontier))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                out.put(e.getKey(), copy((OnnxTensor) e.getValue()));
            }
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    /** A copy that outlives the run's result. */
    private OnnxTensor copy(OnnxTensor t) throws OrtException {
        long[] shape = t.getInfo().getShape();
        return switch (t.getInfo().type) {
            case FLOAT -> OnnxTensor.createTensor(env, t.getFloatBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(env, t.getLongBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, t.getIntBuffer(), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, t.getDoubleBuffer(), shape);
            default -> OnnxTensor.createTensor(env, t.getValue());
        };
    }

    @Override
    public void close() throws OrtException {
        if (perImage != null) {
            perImage.close();
        }
        perPrompt.close();
    }
}

package org.samreg.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.samreg.onnx.SplitDecoder;

/**
 * The decoder as the engine runs it (pruned, rewritten, split) checked against the exported file on a few prompts
 * when the model is opened: the rewrites go by the form and node names of SAM's export, and a decoder that matches
 * them without being SAM's must not give other masks unnoticed.
 */
final class DecoderCheck {
    /** Prompts in encoder input coordinates, spread over the 1024 x 1024 input. */
    private static final float[][] PROMPTS = {{500, 420}, {240, 600}, {800, 160}};
    /**
     * Relative to a value's size (at least 1): the rewrites sum the same products in another order, which moves a
     * mask logit by float rounding only.
     */
    private static final double TOLERANCE = 1e-4;

    private DecoderCheck() {
    }

    /**
     * Null when {@code engine} gives what {@code whole} gives for each prompt, else where they first differ. The
     * embedding is pseudo-random (a fixed seed, values of an embedding's size): the rewrites are identities, whatever
     * the image.
     */
    static String mismatch(OrtEnvironment env, ModelManifest manifest, OrtSession whole, SplitDecoder engine,
            Set<String> outputs) throws OrtException {
        int[] shape = manifest.embeddingShape();
        float[] features = new float[shape[0] * shape[1] * shape[2]];
        Random random = new Random(1);
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (0.5 * random.nextGaussian());
        }
        int side = manifest.inputSize();
        Map<String, OnnxTensor> image = SamModel.imageInputs(env, manifest, features, side, side);
        Map<String, OnnxTensor> perImage = Map.of();
        try (SamModel.PromptTensors any = SamModel.PromptTensors.point(env, manifest, 0, 0)) {
            perImage = engine.perImageTensors(image, any.inputs());
            for (float[] xy : PROMPTS) {
                try (SamModel.PromptTensors prompt = SamModel.PromptTensors.point(env, manifest, xy[0], xy[1])) {
                    Map<String, OnnxTensor> inputs = new HashMap<>(image);
                    inputs.putAll(prompt.inputs());
                    try (OrtSession.Result expected = whole.run(inputs, outputs)) {
                        inputs.putAll(perImage);
                        try (OrtSession.Result actual = engine.perPromptSession().run(inputs, outputs)) {
                            for (String name : outputs) {
                                String difference = difference(SamModel.floats(expected, name), SamModel.floats(actual, name));
                                if (difference != null) {
                                    return name + " of the prompt at (" + xy[0] + ", " + xy[1] + "): " + difference;
                                }
                            }
                        }
                    }
                }
            }
            return null;
        } finally {
            image.values().forEach(OnnxTensor::close);
            perImage.values().forEach(OnnxTensor::close);
        }
    }

    private static String difference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return actual.length + " values instead of " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(expected[i])))) {
                return "value " + i + " is " + actual[i] + " instead of " + expected[i];
            }
        }
        return null;
    }
}

package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.samreg.image.Volume;

/**
 * The decoder as the engine runs it (cut down to the candidate outputs, then cut in a per-image and a per-prompt part)
 * gives what the whole decoder gives, prompt for prompt.
 */
class SplitDecoderTest extends RealModelTest {

    @Test
    void perPromptPartGivesTheWholeDecodersCandidates() throws Exception {
        ModelManifest m = model.manifest();
        ModelManifest.MaskCandidates c = m.candidates();
        byte[] decoder = OnnxGraphs.expose(Files.readAllBytes(m.decoderFile()),
                List.of(c.lowResMasks(), c.iouPredictions()),
                Map.of(c.lowResMasks(), OnnxGraphs.FLOAT, c.iouPredictions(), OnnxGraphs.FLOAT));
        Volume image = TestResources.cardiacImage();
        ImageEmbedding embedding = model.encode(IntensityWindow.of(image).slice(image, 0));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Set<String> outputs = Set.of(c.lowResMasks(), c.iouPredictions());
        try (OrtSession whole = env.createSession(decoder);
                SplitDecoder split = SplitDecoder.open(env, OnnxGraphs.prunedTo(decoder, outputs),
                        Set.of(m.decoderPointCoords(), m.decoderPointLabels()), env::createSession)) {
            assertTrue(split.isSplit(), "the standard SAM decoder export can be cut");
            Map<String, OnnxTensor> imageInputs = imageInputs(env, m, embedding);
            Map<String, OnnxTensor> perImage = split.perImageTensors(imageInputs, prompt(env, m, 0, 0));
            for (float[] xy : new float[][] {{500, 420}, {240, 600}, {800, 160}}) {
                Map<String, OnnxTensor> inputs = new HashMap<>(imageInputs);
                inputs.putAll(prompt(env, m, xy[0], xy[1]));
                try (OrtSession.Result expected = whole.run(inputs, outputs)) {
                    inputs.putAll(perImage);
                    try (OrtSession.Result actual = split.perPromptSession().run(inputs, outputs)) {
                        for (String name : outputs) {
                            assertArrayEquals(floats(expected, name), floats(actual, name), 1e-5f, name);
                        }
                    }
                }
            }
        }
    }

    private static Map<String, OnnxTensor> imageInputs(OrtEnvironment env, ModelManifest m, ImageEmbedding e)
            throws Exception {
        int[] s = m.embeddingShape();
        return Map.of(
                m.decoderImageEmbeddings(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.features()),
                        new long[] {1, s[0], s[1], s[2]}),
                m.decoderMaskInput(), OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[256 * 256]),
                        new long[] {1, 1, 256, 256}),
                m.decoderHasMaskInput(), OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0}),
                        new long[] {1}),
                m.decoderOrigImSize(), OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(new float[] {e.imageHeight(), e.imageWidth()}), new long[] {2}));
    }

    private static Map<String, OnnxTensor> prompt(OrtEnvironment env, ModelManifest m, float x, float y)
            throws Exception {
        return Map.of(
                m.decoderPointCoords(), OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {x, y, 0, 0}),
                        new long[] {1, 2, 2}),
                m.decoderPointLabels(), OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, -1}),
                        new long[] {1, 2}));
    }

    private static float[] floats(OrtSession.Result result, String name) throws Exception {
        FloatBuffer b = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}

package org.samreg.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.samreg.image.Volume;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.sam.ImageEmbedding;
import org.samreg.sam.IntensityWindow;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.RealModelTest;
import org.samreg.sam.SamModel;
import org.samreg.sam.TestResources;

/**
 * The decoder as the engine runs it (cut down to the candidate outputs, its upscaling rewritten channels-last, then cut
 * in a per-image and a per-prompt part) gives what the whole decoder gives, prompt for prompt.
 */
class SplitDecoderTest extends RealModelTest {

    @Test
    void perPromptPartGivesTheWholeDecodersCandidates() throws Exception {
        ModelManifest m = model.manifest();
        ModelManifest.MaskCandidates c = m.candidates();
        ModelProto decoder = OnnxGraphs.expose(OnnxGraphs.parse(Files.readAllBytes(m.decoderFile())),
                List.of(c.lowResMasks(), c.iouPredictions()),
                Map.of(c.lowResMasks(), OnnxGraphs.FLOAT, c.iouPredictions(), OnnxGraphs.FLOAT));
        Volume image = TestResources.cardiacImage();
        ImageEmbedding embedding = model.encode(IntensityWindow.of(image).slice(image, 0));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Set<String> outputs = Set.of(c.lowResMasks(), c.iouPredictions());
        try (OrtSession whole = env.createSession(decoder.toByteArray());
                SplitDecoder split = SplitDecoder.open(env, SamModel.engineGraph(decoder, m, outputs),
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
                            assertSameToRounding(floats(expected, name), floats(actual, name), name);
                        }
                    }
                }
            }
        }
    }

    @Test
    void engineRewritesUpscalingAndAttentionsAndLeavesOtherGraphsAlone() throws Exception {
        ModelManifest m = model.manifest();
        ModelProto decoder = OnnxGraphs.parse(Files.readAllBytes(m.decoderFile()));
        Set<String> outputs = Set.of(m.decoderMasks(), m.decoderIouPredictions());
        List<String> exported = OnnxGraphs.Graph.of(OnnxGraphs.prunedTo(decoder, outputs)).nodes().stream()
                .map(OnnxGraphs.Node::opType).toList();
        OnnxGraphs.Graph engineGraph = OnnxGraphs.Graph.of(SamModel.engineGraph(decoder, m, outputs));
        List<String> engine = engineGraph.nodes().stream().map(OnnxGraphs.Node::opType).toList();
        assertEquals(2, Collections.frequency(exported, "ConvTranspose"));
        assertFalse(engine.contains("ConvTranspose"), "transposed convolutions became MatMuls");
        assertEquals(Collections.frequency(exported, "ReduceMean") - 2, Collections.frequency(engine, "ReduceMean"),
                "the channel LayerNorm's two ReduceMeans became one LayerNormalization");
        List<String> projections = engineGraph.nodes().stream().map(OnnxGraphs.Node::name)
                .filter(n -> n.matches(".*_to_.*/(q|k|v|out)_proj/MatMul")).toList();
        assertEquals(List.of("/transformer/layers.0/cross_attn_token_to_image/q_proj/MatMul",
                "/transformer/layers.0/cross_attn_token_to_image/k_proj/MatMul",
                "/transformer/layers.0/cross_attn_token_to_image/v_proj/MatMul",
                "/transformer/layers.0/cross_attn_token_to_image/out_proj/MatMul",
                "/transformer/layers.0/cross_attn_image_to_token/q_proj/MatMul",
                "/transformer/layers.0/cross_attn_image_to_token/k_proj/MatMul",
                "/transformer/layers.0/cross_attn_image_to_token/v_proj/MatMul",
                "/transformer/layers.1/cross_attn_token_to_image/q_proj/MatMul",
                "/transformer/layers.1/cross_attn_token_to_image/out_proj/MatMul",
                "/transformer/layers.1/cross_attn_image_to_token/k_proj/MatMul",
                "/transformer/layers.1/cross_attn_image_to_token/v_proj/MatMul",
                "/transformer/final_attn_token_to_image/q_proj/MatMul",
                "/transformer/final_attn_token_to_image/out_proj/MatMul"), projections,
                "left: projections of the prompt tokens, and of the image tokens of the first block (once per image)");
        ModelProto encoder = OnnxGraphs.parse(Files.readAllBytes(m.encoderFile()));
        assertNull(UpscalingRewrite.apply(encoder, 64, 64), "a graph without SAM's mask upscaling is not rewritten");
        assertNull(AttentionRewrite.apply(encoder, 4096, Set.of(m.encoderInput())),
                "a graph without SAM's attentions is not rewritten");
    }

    /** Equal but for float rounding: the rewrite sums the same products in another order. */
    private static void assertSameToRounding(float[] expected, float[] actual, String name) {
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-4 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, name + " at " + i);
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

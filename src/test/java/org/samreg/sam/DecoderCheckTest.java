package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.samreg.onnx.OnnxGraphs;
import org.samreg.onnx.SplitDecoder;
import org.samreg.onnx.proto.GraphProto;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.TensorProto;

/** The check made when the model opens: the engine's decoder passes it, a rewrite that changes the masks does not. */
class DecoderCheckTest extends RealModelTest {

    @Test
    void engineDecoderAgreesAndAChangedRewriteIsCaught() throws Exception {
        ModelManifest m = model.manifest();
        ModelManifest.MaskCandidates c = m.candidates();
        Set<String> outputs = Set.of(c.lowResMasks(), c.iouPredictions());
        ModelProto decoder = OnnxGraphs.expose(OnnxGraphs.parse(Files.readAllBytes(m.decoderFile())),
                List.of(c.lowResMasks(), c.iouPredictions()),
                Map.of(c.lowResMasks(), OnnxGraphs.FLOAT, c.iouPredictions(), OnnxGraphs.FLOAT));
        ModelProto engine = SamModel.engineGraph(decoder, m, outputs);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Set<String> prompts = Set.of(m.decoderPointCoords(), m.decoderPointLabels());
        try (OrtSession whole = env.createSession(decoder.toByteArray());
                SplitDecoder good = SplitDecoder.open(env, engine, prompts, env::createSession);
                SplitDecoder bad = SplitDecoder.open(env, withUpscalingBiasShifted(engine), prompts,
                        env::createSession)) {
            assertNull(DecoderCheck.mismatch(env, m, whole, good, outputs));
            String mismatch = DecoderCheck.mismatch(env, m, whole, bad, outputs);
            assertNotNull(mismatch, "a rewrite that changes the masks is caught");
            assertTrue(mismatch.startsWith(c.lowResMasks()), mismatch);
        }
    }

    /** The engine graph with 1 added to one channel's bias of the rewritten first upscaling product. */
    private static ModelProto withUpscalingBiasShifted(ModelProto engine) {
        GraphProto.Builder graph = engine.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto t = graph.getInitializer(i);
            if (t.getName().startsWith("samreg_upscaling/") && t.getDataType() == OnnxGraphs.FLOAT
                    && t.getDimsCount() == 1 && t.getDims(0) > 1) {
                ByteBuffer values = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer shifted = ByteBuffer.allocate(values.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                shifted.putFloat(values.getFloat() + 1f); // one channel: a shift of all would be normalised away
                while (values.hasRemaining()) {
                    shifted.putFloat(values.getFloat());
                }
                graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(shifted.array())));
                return engine.toBuilder().setGraph(graph).build();
            }
        }
        throw new AssertionError("no rewritten upscaling bias in the engine graph");
    }
}

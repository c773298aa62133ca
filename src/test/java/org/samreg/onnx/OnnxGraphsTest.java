package org.samreg.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.samreg.onnx.proto.GraphProto;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.TensorProto;

/** Models that are not what they claim fail with a message, and fields the schema does not declare survive edits. */
class OnnxGraphsTest {

    @Test
    void damagedModelsFailWithAMessage() {
        byte[] model = tiny().toByteArray();
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> OnnxGraphs.parse(Arrays.copyOf(model, model.length - 3)));
        assertTrue(truncated.getMessage().startsWith("not an ONNX model"), truncated.getMessage());
        assertEquals("not an ONNX model: no graph",
                assertThrows(IllegalArgumentException.class, () -> OnnxGraphs.parse(new byte[0])).getMessage());

        ModelProto short4 = tiny().toBuilder().setGraph(tiny().getGraph().toBuilder().setInitializer(0,
                OnnxGraphs.floatTensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5}))).build();
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                () -> OnnxGraphs.Graph.of(short4).floats("w"));
        assertEquals("not a valid ONNX model: tensor 'w' has 20 bytes of data for 6 floats", wrongSize.getMessage());
    }

    @Test
    void undeclaredFieldsSurviveAnEdit() {
        // ModelProto 2 = producer_name and GraphProto 10 = doc_string are not in the engine's schema
        byte[] producer = {0x12, 3, 'x', 'y', 'z'};
        byte[] docString = {0x52, 2, 'h', 'i'};
        byte[] graph = concat(tiny().getGraph().toByteArray(), docString);
        byte[] model = concat(tiny().toBuilder().clearGraph().build().toByteArray(), producer);
        model = concat(model, concat(new byte[] {0x3A, (byte) graph.length}, graph));

        ModelProto edited = OnnxGraphs.prunedTo(OnnxGraphs.parse(model), Set.of("y"));
        byte[] out = edited.toByteArray();
        assertTrue(contains(out, producer), "producer_name kept");
        assertTrue(contains(edited.getGraph().toByteArray(), docString), "the graph's doc_string kept");
        assertEquals(List.of("y"), OnnxGraphs.Graph.of(edited).outputs());
    }

    /** y = x * w, and an unused output z = x + w. */
    private static ModelProto tiny() {
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(OnnxGraphs.floatTensor("w", new long[] {1}, new float[] {2}))
                .addNode(OnnxGraphs.node("Mul", List.of("x", "w"), List.of("y")))
                .addNode(OnnxGraphs.node("Add", List.of("x", "w"), List.of("z")))
                .addInput(org.samreg.onnx.proto.ValueInfoProto.newBuilder().setName("x"))
                .addOutput(org.samreg.onnx.proto.ValueInfoProto.newBuilder().setName("y"))
                .addOutput(org.samreg.onnx.proto.ValueInfoProto.newBuilder().setName("z"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

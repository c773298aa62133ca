package org.samreg.sam;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Declares internal tensors of an ONNX model as extra graph outputs, editing the protobuf directly (ModelProto
 * field 7 = graph, GraphProto field 12 = output, ValueInfoProto name + float tensor type). SAM's standard decoder
 * export computes all four mask tokens and then keeps one; exposing the tensors before that choice gives the three
 * multimask candidates that SAM's automatic mask generator works with, from the unmodified published file.
 */
final class OnnxGraphOutputs {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_OUTPUT = 12;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int FLOAT = 1;

    private OnnxGraphOutputs() {
    }

    static byte[] expose(byte[] model, List<String> tensorNames) {
        Cursor c = new Cursor(model);
        while (c.pos < model.length) {
            int fieldStart = c.pos;
            long key = c.varint();
            int field = (int) (key >>> 3), wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> c.varint();
                case 1 -> c.pos += 8;
                case 5 -> c.pos += 4;
                case 2 -> {
                    int length = (int) c.varint();
                    int payloadStart = c.pos, payloadEnd = c.pos + length;
                    if (field == MODEL_GRAPH) {
                        ByteArrayOutputStream graph = new ByteArrayOutputStream();
                        graph.write(model, payloadStart, length);
                        for (String name : tensorNames) {
                            graph.writeBytes(lengthDelimited(GRAPH_OUTPUT, floatValueInfo(name)));
                        }
                        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 256);
                        out.write(model, 0, fieldStart);
                        out.writeBytes(lengthDelimited(MODEL_GRAPH, graph.toByteArray()));
                        out.write(model, payloadEnd, model.length - payloadEnd);
                        return out.toByteArray();
                    }
                    c.pos = payloadEnd;
                }
                default -> throw new IllegalArgumentException("not an ONNX model: protobuf wire type " + wireType);
            }
        }
        throw new IllegalArgumentException("not an ONNX model: no graph");
    }

    private static byte[] floatValueInfo(String name) {
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        writeVarint(tensorType, (TENSOR_ELEM_TYPE << 3));
        writeVarint(tensorType, FLOAT);
        byte[] type = lengthDelimited(TYPE_TENSOR, tensorType.toByteArray());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(lengthDelimited(VALUE_INFO_NAME, name.getBytes(StandardCharsets.UTF_8)));
        info.writeBytes(lengthDelimited(VALUE_INFO_TYPE, type));
        return info.toByteArray();
    }

    private static byte[] lengthDelimited(int field, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Reading position in a protobuf message. */
    private static final class Cursor {
        private final byte[] bytes;
        private int pos;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[pos++] & 0xFF;
                result |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return result;
                }
            }
        }
    }
}

package org.samreg.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits of an ONNX model's graph, made on the protobuf bytes directly so that the published file is used as it is.
 * Field numbers are those of onnx.proto: ModelProto 7 = graph, 8 = opset_import; OperatorSetIdProto 1 = domain,
 * 2 = version; GraphProto 1 = node, 5 = initializer, 11 = input, 12 = output; NodeProto 1 = input, 2 = output,
 * 3 = name, 4 = op_type, 5 = attribute; AttributeProto 1 = name, 2 = f, 3 = i, 5 = t, 6 = g, 8 = ints, 11 = graphs,
 * 20 = type; TensorProto 1 = dims, 2 = data_type, 4 = float_data, 8 = name, 9 = raw_data; ValueInfoProto 1 = name,
 * 2 = type; TypeProto 1 = tensor_type; TypeProto.Tensor 1 = elem_type, 2 = shape; TensorShapeProto 1 = dim;
 * Dimension 1 = dim_value.
 */
public final class OnnxGraphs {
    public static final int FLOAT = 1;
    private static final int INT64 = 7;
    /** TensorProto.DataType numbers by name. */
    private static final List<String> ELEMENT_TYPES = List.of("UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16",
            "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64",
            "COMPLEX128", "BFLOAT16");

    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_FLOAT = 2;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TENSOR = 5;
    private static final int ATTRIBUTE_GRAPH = 6;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_FLOAT = 1;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;

    private OnnxGraphs() {
    }

    /** The ONNX element type number of a type name such as {@code INT64}. */
    static int elementType(String name) {
        int type = ELEMENT_TYPES.indexOf(name);
        if (type <= 0) {
            throw new IllegalArgumentException("unsupported tensor element type " + name);
        }
        return type;
    }

    /**
     * Declares internal tensors as extra graph outputs. SAM's standard decoder export computes all four mask tokens
     * and then keeps one; exposing the tensors before that choice gives the three multimask candidates that SAM's
     * automatic mask generator works with.
     *
     * @param elemTypes ONNX element type of each tensor, or null to leave the type to the runtime's inference
     */
    public static byte[] expose(byte[] model, List<String> tensorNames, Map<String, Integer> elemTypes) {
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        for (String name : tensorNames) {
            Integer type = elemTypes == null ? null : elemTypes.get(name);
            extra.writeBytes(field(GRAPH_OUTPUT, valueInfo(name, type == null ? null : new TensorType(type, null))));
        }
        return withGraph(model, graph -> concat(graph, extra.toByteArray()));
    }

    /**
     * The part of a graph that does not depend on {@code varyingInputs}: for a SAM decoder, everything computed from
     * the image embedding alone (mostly the first two-way attention block's projections of the image tokens), which
     * stays the same for every prompt on one image.
     *
     * @param frontier tensors computed by the static part and read by the rest, in graph order
     */
    record StaticPart(Set<Integer> staticNodes, List<String> frontier) {
        boolean isEmpty() {
            return frontier.isEmpty();
        }
    }

    /**
     * Finds the static part. Constants stay in the rest of the graph (they cost nothing). The shape of a varying
     * input counts as static: every prompt is given with the same tensor shapes, and SAM's export derives the batch
     * of image tokens from the shape of the prompt tensor. Returns an empty part for graphs it cannot safely cut:
     * control-flow nodes (whose subgraphs read outer tensors implicitly) or a graph output computed by the static
     * part alone.
     */
    static StaticPart staticPart(byte[] model, Set<String> varyingInputs) {
        Graph g = Graph.parse(graphOf(model));
        Set<String> known = new HashSet<>(g.initializerFields.keySet());
        known.add(""); // an omitted optional input
        for (String input : g.inputs) {
            if (!varyingInputs.contains(input)) {
                known.add(input);
            }
        }
        Set<String> produced = new HashSet<>();
        Set<Integer> staticNodes = new LinkedHashSet<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            Node n = g.nodes.get(i);
            if (n.hasSubgraph) {
                return new StaticPart(Set.of(), List.of());
            }
            if (n.opType.equals("Constant")) {
                known.addAll(n.outputs);
            } else if (known.containsAll(n.inputs) || n.opType.equals("Shape")) {
                staticNodes.add(i);
                known.addAll(n.outputs);
                produced.addAll(n.outputs);
            }
        }
        Set<String> frontier = new LinkedHashSet<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!staticNodes.contains(i)) {
                for (String input : g.nodes.get(i).inputs) {
                    if (produced.contains(input)) {
                        frontier.add(input);
                    }
                }
            }
        }
        for (String output : g.outputs) {
            if (produced.contains(output)) {
                return new StaticPart(Set.of(), List.of());
            }
        }
        return new StaticPart(staticNodes, List.copyOf(frontier));
    }

    /**
     * Element type and shape of a tensor; a negative or absent dimension is unknown.
     *
     * @param shape null when even the rank is unknown
     */
    record TensorType(int elemType, long[] shape) {
    }

    /**
     * The graph without its static part: its nodes, and the constants only they read, are removed, and the frontier
     * tensors become graph inputs of the given types.
     */
    static byte[] withoutStaticPart(byte[] model, StaticPart part, Map<String, TensorType> frontierTypes) {
        List<String> outputs = Graph.parse(graphOf(model)).outputs;
        byte[] cut = withGraph(model, graph -> {
            List<byte[]> inputs = new ArrayList<>();
            for (String name : part.frontier()) {
                inputs.add(valueInfo(name, frontierTypes.get(name)));
            }
            return rewrite(graph, Graph.parse(graph), part.staticNodes(), Set.copyOf(outputs), inputs);
        });
        return prunedTo(cut, Set.copyOf(outputs));
    }

    /**
     * The graph computing only {@code outputs}: the other outputs, and the nodes none of these needs, are removed.
     * (ONNX Runtime runs every node of a graph, whichever outputs a run asks for.)
     */
    public static byte[] prunedTo(byte[] model, Set<String> outputs) {
        return withGraph(model, graph -> {
            Graph g = Graph.parse(graph);
            Set<String> needed = new HashSet<>(outputs);
            Set<Integer> dropped = new HashSet<>();
            for (int i = g.nodes.size() - 1; i >= 0; i--) { // nodes are stored in topological order
                Node n = g.nodes.get(i);
                if (n.outputs.stream().anyMatch(needed::contains)) {
                    needed.addAll(n.inputs);
                } else {
                    dropped.add(i);
                }
            }
            return rewrite(graph, g, dropped, outputs, List.of());
        });
    }

    /**
     * A GraphProto without {@code droppedNodes}, without the outputs not in {@code keptOutputs} and the initializers
     * no remaining node reads, and with {@code extraInputs} (ValueInfoProtos).
     */
    private static byte[] rewrite(byte[] graph, Graph g, Set<Integer> droppedNodes, Set<String> keptOutputs,
            List<byte[]> extraInputs) {
        Set<String> read = new HashSet<>(keptOutputs);
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!droppedNodes.contains(i)) {
                read.addAll(g.nodes.get(i).inputs);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(graph.length);
        Cursor c = new Cursor(graph);
        int node = 0;
        while (c.hasMore()) {
            Field f = c.next();
            boolean drop = switch (f.number) {
                case GRAPH_NODE -> droppedNodes.contains(node++);
                case GRAPH_INITIALIZER -> !read.contains(stringField(graph, f, TENSOR_NAME));
                case GRAPH_OUTPUT -> !keptOutputs.contains(stringField(graph, f, VALUE_INFO_NAME));
                default -> false;
            };
            if (!drop) {
                out.write(graph, f.start, f.end - f.start);
            }
        }
        for (byte[] input : extraInputs) {
            out.writeBytes(field(GRAPH_INPUT, input));
        }
        return out.toByteArray();
    }

    /** The nodes, initializers (by name), inputs and outputs of a GraphProto. */
    record Graph(byte[] bytes, List<Node> nodes, Map<String, Field> initializerFields, List<String> inputs,
            List<String> outputs) {
        static Graph parse(byte[] graph) {
            Graph g = new Graph(graph, new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
            Cursor c = new Cursor(graph);
            while (c.hasMore()) {
                Field f = c.next();
                switch (f.number) {
                    case GRAPH_NODE -> g.nodes.add(Node.parse(graph, f));
                    case GRAPH_INITIALIZER -> g.initializerFields.put(stringField(graph, f, TENSOR_NAME), f);
                    case GRAPH_INPUT -> g.inputs.add(stringField(graph, f, VALUE_INFO_NAME));
                    case GRAPH_OUTPUT -> g.outputs.add(stringField(graph, f, VALUE_INFO_NAME));
                    default -> { }
                }
            }
            return g;
        }

        /** The graph of a ModelProto. */
        static Graph of(byte[] model) {
            return parse(graphOf(model));
        }

        /** Index of the node computing {@code tensor}, or -1 for a graph input, initializer or unknown name. */
        int producer(String tensor) {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).outputs.contains(tensor)) {
                    return i;
                }
            }
            return -1;
        }

        /** Indices of the nodes reading {@code tensor}. */
        List<Integer> consumers(String tensor) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).inputs.contains(tensor)) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Dimensions of an initializer, or null when there is none of that name. */
        long[] dims(String initializer) {
            Field f = initializerFields.get(initializer);
            return f == null ? null : tensorDims(bytes, f);
        }

        /**
         * Values of a float tensor: an initializer, or the value of the Constant node computing it; null when it is
         * neither or not of type float.
         */
        float[] floats(String tensor) {
            Field f = initializerFields.get(tensor);
            if (f != null) {
                return tensorFloats(bytes, f);
            }
            int p = producer(tensor);
            return p >= 0 && nodes.get(p).constantValue != null ? tensorFloats(bytes, nodes.get(p).constantValue) : null;
        }
    }

    /**
     * A NodeProto: name, op type, inputs, outputs, integer and integer-list attributes, and for a Constant node its value
     * (a TensorProto field).
     */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, boolean hasSubgraph,
            Map<String, long[]> ints, Field constantValue) {
        static Node parse(byte[] bytes, Field node) {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            Map<String, long[]> ints = new HashMap<>();
            String opType = "", name = "";
            boolean subgraph = false;
            Field value = null;
            Cursor c = new Cursor(bytes, node.payloadStart, node.end);
            while (c.hasMore()) {
                Field f = c.next();
                switch (f.number) {
                    case NODE_INPUT -> inputs.add(f.string(bytes));
                    case NODE_OUTPUT -> outputs.add(f.string(bytes));
                    case NODE_NAME -> name = f.string(bytes);
                    case NODE_OP_TYPE -> opType = f.string(bytes);
                    case NODE_ATTRIBUTE -> {
                        subgraph |= hasField(bytes, f, ATTRIBUTE_GRAPH) || hasField(bytes, f, ATTRIBUTE_GRAPHS);
                        String attribute = stringField(bytes, f, ATTRIBUTE_NAME);
                        Cursor a = new Cursor(bytes, f.payloadStart, f.end);
                        List<Long> values = new ArrayList<>();
                        while (a.hasMore()) {
                            Field af = a.next();
                            switch (af.number) {
                                case ATTRIBUTE_INT -> values.add(af.value);
                                case ATTRIBUTE_INTS -> values.addAll(af.varints(bytes));
                                case ATTRIBUTE_TENSOR -> value = af;
                                default -> { }
                            }
                        }
                        if (!values.isEmpty()) {
                            ints.put(attribute, values.stream().mapToLong(Long::longValue).toArray());
                        }
                    }
                    default -> { }
                }
            }
            return new Node(name, opType, inputs, outputs, subgraph, ints,
                    opType.equals("Constant") ? value : null);
        }

        /** An integer or integer-list attribute, or {@code fallback} when the node does not set it. */
        long[] ints(String name, long... fallback) {
            return ints.getOrDefault(name, fallback);
        }
    }

    private static long[] tensorDims(byte[] bytes, Field tensor) {
        List<Long> dims = new ArrayList<>();
        Cursor c = new Cursor(bytes, tensor.payloadStart, tensor.end);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == TENSOR_DIMS) {
                dims.addAll(f.varints(bytes));
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** The values of a float TensorProto (raw_data or float_data), or null for another element type. */
    private static float[] tensorFloats(byte[] bytes, Field tensor) {
        Cursor c = new Cursor(bytes, tensor.payloadStart, tensor.end);
        long type = 0;
        Field data = null;
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == TENSOR_DATA_TYPE) {
                type = f.value;
            } else if (f.number == TENSOR_RAW_DATA || f.number == TENSOR_FLOAT_DATA) {
                data = f;
            }
        }
        if (type != FLOAT || data == null) {
            return null;
        }
        FloatBuffer values = ByteBuffer.wrap(bytes, data.payloadStart, data.end - data.payloadStart)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[values.remaining()];
        values.get(out);
        return out;
    }

    /** The version of the default (ai.onnx) operator set a model imports, or 0. */
    static long opsetVersion(byte[] model) {
        Cursor c = new Cursor(model);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == MODEL_OPSET_IMPORT && stringField(model, f, OPSET_DOMAIN).isEmpty()) {
                Cursor o = new Cursor(model, f.payloadStart, f.end);
                while (o.hasMore()) {
                    Field v = o.next();
                    if (v.number == OPSET_VERSION) {
                        return v.value;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * The model with the nodes {@code dropped} removed, the NodeProtos {@code inserted} before the node of their key
     * (so that they follow every node before it) and the TensorProtos {@code initializers} appended.
     */
    static byte[] replaced(byte[] model, Set<Integer> dropped, Map<Integer, List<byte[]>> inserted,
            List<byte[]> initializers) {
        return withGraph(model, graph -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(graph.length);
            Cursor c = new Cursor(graph);
            int node = 0;
            while (c.hasMore()) {
                Field f = c.next();
                if (f.number == GRAPH_NODE) {
                    inserted.getOrDefault(node, List.of()).forEach(n -> out.writeBytes(field(GRAPH_NODE, n)));
                    if (dropped.contains(node++)) {
                        continue;
                    }
                }
                out.write(graph, f.start, f.end - f.start);
            }
            initializers.forEach(t -> out.writeBytes(field(GRAPH_INITIALIZER, t)));
            return out.toByteArray();
        });
    }

    /** A NodeProto of the default domain; {@code attributes} are AttributeProtos. */
    static byte[] node(String opType, List<String> inputs, List<String> outputs, byte[]... attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inputs.forEach(i -> out.writeBytes(field(NODE_INPUT, utf8(i))));
        outputs.forEach(o -> out.writeBytes(field(NODE_OUTPUT, utf8(o))));
        out.writeBytes(field(NODE_NAME, utf8(outputs.get(0))));
        out.writeBytes(field(NODE_OP_TYPE, utf8(opType)));
        for (byte[] a : attributes) {
            out.writeBytes(field(NODE_ATTRIBUTE, a));
        }
        return out.toByteArray();
    }

    /** An AttributeProto of type INTS. */
    static byte[] intsAttribute(String name, long... values) {
        return integerAttribute(name, ATTRIBUTE_INTS, ATTRIBUTE_TYPE_INTS, values);
    }

    /** An AttributeProto of type INT. */
    static byte[] intAttribute(String name, long value) {
        return integerAttribute(name, ATTRIBUTE_INT, ATTRIBUTE_TYPE_INT, value);
    }

    private static byte[] integerAttribute(String name, int field, int type, long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(field(ATTRIBUTE_NAME, utf8(name)));
        for (long v : values) {
            writeVarint(out, (long) field << 3);
            writeVarint(out, v);
        }
        writeVarint(out, (long) ATTRIBUTE_TYPE << 3);
        writeVarint(out, type);
        return out.toByteArray();
    }

    /** An AttributeProto of type FLOAT. */
    static byte[] floatAttribute(String name, float value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(field(ATTRIBUTE_NAME, utf8(name)));
        writeVarint(out, ((long) ATTRIBUTE_FLOAT << 3) | 5);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
        writeVarint(out, (long) ATTRIBUTE_TYPE << 3);
        writeVarint(out, ATTRIBUTE_TYPE_FLOAT);
        return out.toByteArray();
    }

    /** A float TensorProto. */
    static byte[] floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, dims, FLOAT, raw.array());
    }

    /** An int64 TensorProto of one dimension. */
    static byte[] longTensor(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, new long[] {values.length}, INT64, raw.array());
    }

    private static byte[] tensor(String name, long[] dims, int elemType, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
        for (long d : dims) {
            writeVarint(out, (long) TENSOR_DIMS << 3);
            writeVarint(out, d);
        }
        writeVarint(out, (long) TENSOR_DATA_TYPE << 3);
        writeVarint(out, elemType);
        out.writeBytes(field(TENSOR_NAME, utf8(name)));
        out.writeBytes(field(TENSOR_RAW_DATA, raw));
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private interface GraphEdit {
        byte[] apply(byte[] graph);
    }

    private static byte[] withGraph(byte[] model, GraphEdit edit) {
        Field f = graphField(model);
        byte[] graph = edit.apply(Arrays.copyOfRange(model, f.payloadStart, f.end));
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
        out.write(model, 0, f.start);
        out.writeBytes(field(MODEL_GRAPH, graph));
        out.write(model, f.end, model.length - f.end);
        return out.toByteArray();
    }

    private static byte[] graphOf(byte[] model) {
        Field f = graphField(model);
        return Arrays.copyOfRange(model, f.payloadStart, f.end);
    }

    private static Field graphField(byte[] model) {
        Cursor c = new Cursor(model);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == MODEL_GRAPH && f.wireType == 2) {
                return f;
            }
        }
        throw new IllegalArgumentException("not an ONNX model: no graph");
    }

    private static String stringField(byte[] bytes, Field message, int number) {
        Cursor c = new Cursor(bytes, message.payloadStart, message.end);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == number) {
                return f.string(bytes);
            }
        }
        return "";
    }

    private static boolean hasField(byte[] bytes, Field message, int number) {
        Cursor c = new Cursor(bytes, message.payloadStart, message.end);
        while (c.hasMore()) {
            if (c.next().number == number) {
                return true;
            }
        }
        return false;
    }

    /** A tensor ValueInfoProto; without a type the type is left out. */
    private static byte[] valueInfo(String name, TensorType type) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(field(VALUE_INFO_NAME, name.getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
            writeVarint(tensorType, TENSOR_ELEM_TYPE << 3);
            writeVarint(tensorType, type.elemType());
            if (type.shape() != null) {
                ByteArrayOutputStream shape = new ByteArrayOutputStream();
                for (long d : type.shape()) {
                    ByteArrayOutputStream dim = new ByteArrayOutputStream();
                    if (d >= 0) {
                        writeVarint(dim, DIM_VALUE << 3);
                        writeVarint(dim, d);
                    }
                    shape.writeBytes(field(SHAPE_DIM, dim.toByteArray()));
                }
                tensorType.writeBytes(field(TENSOR_SHAPE, shape.toByteArray()));
            }
            info.writeBytes(field(VALUE_INFO_TYPE, field(TYPE_TENSOR, tensorType.toByteArray())));
        }
        return info.toByteArray();
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeVarint(out, ((long) number << 3) | 2);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /**
     * One field of a protobuf message: bytes [start, end), payload of a length-delimited field from payloadStart,
     * the value of a varint field.
     */
    record Field(int number, int wireType, int start, int payloadStart, int end, long value) {
        String string(byte[] bytes) {
            return new String(bytes, payloadStart, end - payloadStart, StandardCharsets.UTF_8);
        }

        /** The varints of a repeated field's entry: its value, or the values packed in it. */
        List<Long> varints(byte[] bytes) {
            if (wireType == 0) {
                return List.of(value);
            }
            List<Long> out = new ArrayList<>();
            Cursor c = new Cursor(bytes, payloadStart, end);
            while (c.hasMore()) {
                out.add(c.varint());
            }
            return out;
        }
    }

    /** Reads the fields of a protobuf message in order. */
    static final class Cursor {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Cursor(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        Cursor(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        Field next() {
            int start = pos;
            long key = varint();
            int number = (int) (key >>> 3), wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> {
                    long value = varint();
                    return new Field(number, wireType, start, pos, pos, value);
                }
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                case 2 -> {
                    int length = (int) varint();
                    int payloadStart = pos;
                    pos += length;
                    return new Field(number, wireType, start, payloadStart, pos, 0);
                }
                default -> throw new IllegalArgumentException("not an ONNX model: protobuf wire type " + wireType);
            }
            return new Field(number, wireType, start, pos, pos, 0);
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

package org.samreg.pacs;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A DICOM upper-layer peer written byte by byte (PS3.8 9.3), for probes no well-behaved toolkit would send:
 * PDU headers claiming any length, fragments in any order.
 */
final class RawAssociation implements AutoCloseable {
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    private static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    private final Socket socket;

    RawAssociation(int port) throws IOException {
        socket = new Socket(PacsTestSupport.LOOPBACK, port);
        socket.setSoTimeout(10_000);
    }

    /** The fixed part of an A-ASSOCIATE-RQ between our test AE titles, its PDU length as given. */
    static byte[] associateRequestHeader(long claimedLength) {
        ByteBuffer b = ByteBuffer.allocate(74);
        b.put((byte) 0x01).put((byte) 0).putInt((int) claimedLength).putShort((short) 1).putShort((short) 0);
        b.put(ae("SAMREG")).put(ae("SAMREG")).put(new byte[32]);
        return b.array();
    }

    /** A complete A-ASSOCIATE-RQ offering MR Image Storage, explicit VR little endian; returns the reply's type. */
    int associate() throws IOException {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, "1.2.840.10008.3.1.1.1".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        context.write(new byte[] {1, 0, 0, 0});
        item(context, 0x30, MR_IMAGE_STORAGE.getBytes(StandardCharsets.US_ASCII));
        item(context, 0x40, EXPLICIT_LITTLE.getBytes(StandardCharsets.US_ASCII));
        item(items, 0x20, context.toByteArray());
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt(16384).array());
        item(user, 0x52, "1.2.3.4".getBytes(StandardCharsets.US_ASCII));
        item(items, 0x50, user.toByteArray());
        byte[] variable = items.toByteArray();
        byte[] header = associateRequestHeader(68 + variable.length);
        socket.getOutputStream().write(header);
        socket.getOutputStream().write(variable);
        socket.getOutputStream().flush();
        return readPdu();
    }

    /** One P-DATA-TF PDU with one PDV on presentation context 1. */
    void pData(boolean command, boolean last, byte[] value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + value.length);
        b.put((byte) 0x04).put((byte) 0).putInt(6 + value.length);
        b.putInt(2 + value.length).put((byte) 1).put((byte) ((command ? 1 : 0) | (last ? 2 : 0))).put(value);
        socket.getOutputStream().write(b.array());
        socket.getOutputStream().flush();
    }

    /** The command set of a C-STORE-RQ (implicit VR little endian, PS3.7 9.3.1.1) for an MR image. */
    static byte[] storeCommand(String sopInstanceUid) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        element(elements, 0x0002, uid(MR_IMAGE_STORAGE));
        element(elements, 0x0100, ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 1).array());
        element(elements, 0x0110, ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 7).array());
        element(elements, 0x0700, new byte[2]);
        element(elements, 0x0800, new byte[2]); // a data set follows
        element(elements, 0x1000, uid(sopInstanceUid));
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        element(command, 0x0000, ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(elements.size()).array());
        command.writeBytes(elements.toByteArray());
        return command.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(8 + value.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) element).putInt(value.length).put(value);
        out.writeBytes(b.array());
    }

    private static byte[] uid(String uid) {
        byte[] ascii = uid.getBytes(StandardCharsets.US_ASCII);
        return ascii.length % 2 == 0 ? ascii : java.util.Arrays.copyOf(ascii, ascii.length + 1);
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The type of the next PDU the node sends (its body skipped), -1 when it closed the connection. */
    int readPdu() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int type = in.read();
        if (type < 0) {
            return -1;
        }
        in.readByte();
        long length = in.readInt() & 0xFFFFFFFFL;
        in.skipNBytes(length);
        return type;
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >> 8);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static byte[] ae(String title) {
        return String.format("%-16s", title).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package org.samreg.pacs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The start of an A-ASSOCIATE-RQ (PS3.8 9.3.2): PDU type, length, protocol version, called and calling AE titles.
 * Read before the association is handed to PixelMed so that we can refuse it with a proper A-ASSOCIATE-RJ.
 */
record AssociationRequest(byte[] rawHeader, String calledAeTitle, String callingAeTitle) {
    static final int HEADER_LENGTH = 42;

    /** Reasons of PS3.8 table 9-21, with the result and source that go with them. */
    enum Rejection {
        CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
        CALLED_AE_NOT_RECOGNIZED(1, 1, 7),
        LOCAL_LIMIT_EXCEEDED(2, 3, 2);

        private final int result;
        private final int source;
        private final int reason;

        Rejection(int result, int source, int reason) {
            this.result = result;
            this.source = source;
            this.reason = reason;
        }
    }

    static AssociationRequest read(DataInputStream in) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        in.readFully(header);
        if (header[0] != 0x01) {
            throw new IOException("not an A-ASSOCIATE-RQ (PDU type " + header[0] + ")");
        }
        return new AssociationRequest(header, ae(header, 10), ae(header, 26));
    }

    static void reject(OutputStream out, Rejection why) throws IOException {
        out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) why.result, (byte) why.source, (byte) why.reason});
        out.flush();
    }

    private static String ae(byte[] header, int offset) {
        return new String(header, offset, 16, StandardCharsets.US_ASCII).strip();
    }
}

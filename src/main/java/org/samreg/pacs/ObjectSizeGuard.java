package org.samreg.pacs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the PDUs of an association as PixelMed reads them (PS3.8 9.3) and fails the read as soon as the data
 * set of one message (the P-DATA-TF data fragments since the last command fragment) exceeds the limit, so that
 * an oversized object is refused while it arrives instead of after it has filled the disk.
 */
final class ObjectSizeGuard extends FilterInputStream {
    private static final int P_DATA_TF = 0x04;

    private final long maxObjectBytes;
    private final byte[] pduHeader = new byte[6];
    private final byte[] pdvHeader = new byte[6];
    private int pduHeaderFill;
    private int pduType;
    private long pduRemaining;
    private int pdvHeaderFill;
    private long pdvRemaining;
    private boolean dataFragment;
    private long objectBytes;

    ObjectSizeGuard(InputStream in, long maxObjectBytes) {
        super(in);
        this.maxObjectBytes = maxObjectBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            scan(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            scan(b, off, n);
        }
        return n;
    }

    private void scan(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (pduHeaderFill < 6) {
                pduHeader[pduHeaderFill++] = b[i++];
                if (pduHeaderFill == 6) {
                    pduType = pduHeader[0] & 0xFF;
                    pduRemaining = uint32(pduHeader, 2);
                    pdvHeaderFill = 0;
                    pdvRemaining = 0;
                }
            } else if (pduType == P_DATA_TF && pdvRemaining == 0) {
                pdvHeader[pdvHeaderFill++] = b[i++];
                pduRemaining--;
                if (pdvHeaderFill == 6) {
                    pdvRemaining = uint32(pdvHeader, 0) - 2;
                    dataFragment = (pdvHeader[5] & 0x01) == 0;
                    if (!dataFragment) {
                        objectBytes = 0; // a command starts the next message
                    }
                    pdvHeaderFill = 0;
                }
            } else {
                long n = Math.min(end - i, pduRemaining);
                if (pduType == P_DATA_TF) {
                    n = Math.min(n, pdvRemaining);
                    pdvRemaining -= n;
                    if (dataFragment && (objectBytes += n) > maxObjectBytes) {
                        throw new IOException("object over the limit of " + maxObjectBytes + " bytes; association aborted");
                    }
                }
                i += (int) n;
                pduRemaining -= n;
            }
            if (pduHeaderFill == 6 && pduRemaining == 0) {
                pduHeaderFill = 0;
            }
        }
    }

    private static long uint32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}

package org.samreg.pacs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the PDUs of an association as PixelMed reads them (PS3.8 9.3) and fails the read, which aborts the
 * association, as soon as
 * <ul>
 * <li>a PDU header claims more than the maximum PDU length we offered (P-DATA-TF) or than any other PDU needs,
 *     before PixelMed allocates a buffer of that length;</li>
 * <li>the data set of one message (its data fragments, up to the one flagged last) exceeds the object limit, so
 *     that an oversized object is refused while it arrives instead of after it has filled the disk;</li>
 * <li>a command fragment arrives inside a data set (it would otherwise restart the count).</li>
 * </ul>
 * It also tells when the peer releases or aborts the association (A-RELEASE-RQ, A-ABORT), the moment the
 * association stops counting as live, before PixelMed's wait for the connection to close.
 */
final class ObjectSizeGuard extends FilterInputStream {
    private static final int P_DATA_TF = 0x04;
    private static final int A_RELEASE_RQ = 0x05;
    private static final int A_ABORT = 0x07;
    /** Association, release and abort PDUs: an A-ASSOCIATE-RQ with every storage SOP class is some 20 kB. */
    static final long MAX_OTHER_PDU_LENGTH = 1 << 16;

    private final long maxObjectBytes;
    private final long maxDataPduLength;
    private final Runnable onEnd;
    private final byte[] pduHeader = new byte[6];
    private final byte[] pdvHeader = new byte[6];
    private int pduHeaderFill;
    private int pduType;
    private long pduRemaining;
    private int pdvHeaderFill;
    private long pdvRemaining;
    private boolean dataFragment;
    private boolean lastFragment;
    /** A data fragment not flagged last has been seen: the message's data set is still arriving. */
    private boolean inDataSet;
    /** The previous fragment ended a command: a command fragment now starts a new message. */
    private boolean commandEnded;
    private long messageBytes;

    /** {@code maxDataPduLength}: the maximum PDU length we offered in the association (our receive limit). */
    ObjectSizeGuard(InputStream in, long maxObjectBytes, long maxDataPduLength, Runnable onEnd) {
        super(in);
        this.maxObjectBytes = maxObjectBytes;
        this.maxDataPduLength = maxDataPduLength;
        this.onEnd = onEnd;
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
                    long limit = pduType == P_DATA_TF ? maxDataPduLength : MAX_OTHER_PDU_LENGTH;
                    if (pduRemaining > limit) {
                        throw new IOException("PDU of type " + pduType + " claims " + pduRemaining
                                + " bytes, over the limit of " + limit + "; association aborted");
                    }
                    pdvHeaderFill = 0;
                    pdvRemaining = 0;
                    if (pduType == A_RELEASE_RQ || pduType == A_ABORT) {
                        onEnd.run();
                    }
                }
            } else if (pduType == P_DATA_TF && pdvRemaining == 0) {
                pdvHeader[pdvHeaderFill++] = b[i++];
                pduRemaining--;
                if (pdvHeaderFill == 6) {
                    pdvRemaining = uint32(pdvHeader, 0) - 2;
                    dataFragment = (pdvHeader[5] & 0x01) == 0;
                    lastFragment = (pdvHeader[5] & 0x02) != 0;
                    if (!dataFragment && inDataSet) {
                        throw new IOException("command fragment inside a data set; association aborted");
                    }
                    if (!dataFragment && commandEnded) {
                        messageBytes = 0; // the previous message had no data set
                    }
                    commandEnded = false;
                    pdvHeaderFill = 0;
                    endOfFragment();
                }
            } else {
                long n = Math.min(end - i, pduRemaining);
                if (pduType == P_DATA_TF) {
                    n = Math.min(n, pdvRemaining);
                    pdvRemaining -= n;
                    // every fragment of a message counts, whatever its flags say
                    if ((messageBytes += n) > maxObjectBytes) {
                        throw new IOException("object over the limit of " + maxObjectBytes + " bytes; association aborted");
                    }
                    endOfFragment();
                }
                i += (int) n;
                pduRemaining -= n;
            }
            if (pduHeaderFill == 6 && pduRemaining == 0) {
                pduHeaderFill = 0;
            }
        }
    }

    /** Bookkeeping once the current fragment's value has passed completely. */
    private void endOfFragment() {
        if (pdvRemaining > 0) {
            return;
        }
        if (dataFragment) {
            inDataSet = !lastFragment;
            if (lastFragment) {
                messageBytes = 0; // the data set is complete: the next message may begin
            }
        } else {
            commandEnded = lastFragment;
        }
    }

    private static long uint32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}

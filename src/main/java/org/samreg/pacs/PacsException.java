package org.samreg.pacs;

/** A failure of the DICOM network side that the user can act on; the message says what and where. */
public class PacsException extends Exception {
    public PacsException(String message) {
        super(message);
    }

    public PacsException(String message, Throwable cause) {
        super(message, cause);
    }
}

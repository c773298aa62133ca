package org.samreg.dicom;

/** DICOM input that cannot be used; the message names the file or series and the problem. */
public class DicomInputException extends Exception {
    public DicomInputException(String message) {
        super(message);
    }

    public DicomInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

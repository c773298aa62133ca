package org.samreg.sam;

/** The SAM model files are missing, corrupt or not the network the manifest describes. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

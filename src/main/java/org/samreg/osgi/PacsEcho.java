package org.samreg.osgi;

import com.pixelmed.network.VerificationSOPClassSCU;

/** DICOM C-ECHO to a configured peer, straight through PixelMed until org.samreg.pacs provides it. */
final class PacsEcho {
    private PacsEcho() {
    }

    /**
     * Runs on the caller's (e.g. the Gogo shell's) thread, with the bundle's class loader as context class loader
     * as on the registration worker (see {@link SamRegService}).
     *
     * @return a one-line outcome, success or the reason of the failure
     */
    static String echo(PacsPeer peer, String callingAeTitle) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PacsEcho.class.getClassLoader());
        long t0 = System.nanoTime();
        try {
            new VerificationSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), callingAeTitle, false);
            return String.format("C-ECHO %s: ok (%d ms)", peer, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            return "C-ECHO " + peer + ": failed: " + e.getMessage();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

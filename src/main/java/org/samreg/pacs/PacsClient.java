package org.samreg.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.FindSOPClassSCU;
import com.pixelmed.network.GetSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.MoveSOPClassSCU;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.VerificationSOPClassSCU;
import java.io.File;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The DIMSE services we ask of one peer (C-ECHO, C-FIND, C-MOVE, C-GET, C-STORE), as user {@code callingAe}. */
public final class PacsClient {
    private static final Map<Integer, String> MOVE_FAILURES = Map.of(
            0xA801, "move destination unknown",
            0xA701, "out of resources (number of matches)",
            0xA702, "out of resources (sub-operations)",
            0xA900, "identifier does not match SOP class",
            0xFE00, "cancelled");

    private static final Pattern FAILURE_STATUS = Pattern.compile("failure status 0x([0-9a-fA-F]{4})");

    private final NodeConfig.Peer peer;
    private final String callingAe;

    public PacsClient(NodeConfig.Peer peer, String callingAe) {
        this.peer = peer;
        this.callingAe = callingAe;
    }

    public NodeConfig.Peer peer() {
        return peer;
    }

    public void echo() throws PacsException {
        call("C-ECHO", () -> new VerificationSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), callingAe, false));
    }

    /** Series-level C-FIND; {@code keys} are matching values (empty or missing keys are returned only). */
    public List<SeriesInfo> findSeries(Map<AttributeTag, String> keys) throws PacsException {
        List<SeriesInfo> found = new ArrayList<>();
        AttributeList query = identifier("SERIES", keys, TagFromName.PatientID, TagFromName.StudyInstanceUID,
                TagFromName.StudyDate, TagFromName.SeriesInstanceUID, TagFromName.Modality,
                TagFromName.SeriesDescription, TagFromName.SeriesNumber, TagFromName.SeriesDate,
                TagFromName.SeriesTime);
        find(query, a -> found.add(new SeriesInfo(v(a, TagFromName.PatientID), v(a, TagFromName.StudyInstanceUID),
                v(a, TagFromName.StudyDate), v(a, TagFromName.SeriesInstanceUID), v(a, TagFromName.Modality),
                v(a, TagFromName.SeriesDescription), v(a, TagFromName.SeriesNumber), v(a, TagFromName.SeriesDate),
                v(a, TagFromName.SeriesTime))));
        return found;
    }

    /** The SOP Class UID of every instance of a series, by SOP Instance UID (image-level C-FIND). */
    public Map<String, String> findInstances(String studyUid, String seriesUid) throws PacsException {
        Map<String, String> found = new java.util.HashMap<>();
        AttributeList query = identifier("IMAGE", Map.of(TagFromName.StudyInstanceUID, studyUid,
                TagFromName.SeriesInstanceUID, seriesUid), TagFromName.SOPInstanceUID, TagFromName.SOPClassUID);
        find(query, a -> found.put(v(a, TagFromName.SOPInstanceUID), v(a, TagFromName.SOPClassUID)));
        return found;
    }

    /** Asks the peer to send a series to {@code destinationAe} (normally us); fails unless every instance went. */
    public void move(String studyUid, String seriesUid, String destinationAe) throws PacsException {
        AttributeList id = identifier("SERIES", Map.of(TagFromName.StudyInstanceUID, studyUid,
                TagFromName.SeriesInstanceUID, seriesUid));
        int status;
        try {
            status = call("C-MOVE", () -> new MoveSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), callingAe,
                    destinationAe, SOPClass.StudyRootQueryRetrieveInformationModelMove, id)).getStatus();
        } catch (PacsException e) {
            // PixelMed reports a failed C-MOVE as an exception with the status in its message
            Matcher m = FAILURE_STATUS.matcher(String.valueOf(e.getCause() == null ? "" : e.getCause().getMessage()));
            if (!m.find()) {
                throw e;
            }
            status = Integer.parseInt(m.group(1), 16);
        }
        if (status != 0) {
            String what = MOVE_FAILURES.getOrDefault(status, status == 0xB000 ? "some instances could not be sent"
                    : "status 0x" + Integer.toHexString(status));
            throw new MoveFailedException(peer + " did not send series " + seriesUid + " to " + destinationAe
                    + ": " + what + (status == 0xA801 ? " (add " + destinationAe + " to the PACS's known modalities)" : ""));
        }
    }

    /** Retrieves a series over our own association (C-GET), for peers that cannot connect back to us. */
    public void get(String studyUid, String seriesUid, Set<String> sopClasses, InstanceStore store,
                    InstanceReception reception) throws PacsException {
        AttributeList id = identifier("SERIES", Map.of(TagFromName.StudyInstanceUID, studyUid,
                TagFromName.SeriesInstanceUID, seriesUid));
        Path receiving;
        try {
            receiving = store.newReceivingFolder();
        } catch (java.io.IOException e) {
            throw new PacsException("cannot create a folder to receive into: " + e.getMessage(), e);
        }
        try {
            call("C-GET", () -> new GetSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), callingAe,
                    SOPClass.StudyRootQueryRetrieveInformationModelGet, id, new IdentifierHandler(),
                    new File(receiving.toString()), InstanceReception.PATHS, reception, new HashSet<>(sopClasses),
                    true, false, false));
        } finally {
            try {
                store.discard(receiving);
            } catch (java.io.IOException e) {
                // only leftovers of an aborted transfer; the instances received are already filed
            }
        }
    }

    /** Sends files with C-STORE; fails if any one of them is not accepted. */
    public void store(List<Path> files) throws PacsException {
        SetOfDicomFiles set = new SetOfDicomFiles();
        files.forEach(f -> set.add(f.toString()));
        int[] completed = new int[1];
        int[] failed = new int[1];
        StorageSOPClassSCU scu = call("C-STORE", () -> new StorageSOPClassSCU(peer.host(), peer.port(),
                peer.aeTitle(), callingAe, set, 0, new MultipleInstanceTransferStatusHandler() {
                    @Override
                    public void updateStatus(int remaining, int nCompleted, int nFailed, int warning, String uid) {
                        // PixelMed counts every attempted object as completed, failed ones included
                        completed[0] = nCompleted;
                        failed[0] = nFailed;
                    }
                }));
        if (failed[0] > 0 || completed[0] < files.size() || scu.encounteredTrappedExceptions()) {
            // PixelMed keeps the cause of a failed association to itself; a C-ECHO tells whether the peer is there
            String why;
            try {
                echo();
                why = failed[0] + " refused by the peer";
            } catch (PacsException e) {
                why = e.getMessage();
            }
            throw new PacsException("C-STORE to " + peer + " stored " + (completed[0] - failed[0]) + " of " + files.size()
                    + " objects: " + why);
        }
    }

    private void find(AttributeList query, ResultHandler handler) throws PacsException {
        call("C-FIND", () -> new FindSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), callingAe,
                SOPClass.StudyRootQueryRetrieveInformationModelFind, query, new IdentifierHandler() {
                    @Override
                    public void doSomethingWithIdentifier(AttributeList a) {
                        handler.accept(a);
                    }
                }));
    }

    private interface ResultHandler {
        void accept(AttributeList result);
    }

    private interface Operation<T> {
        T run() throws Exception;
    }

    /** Runs one network operation and turns PixelMed's exceptions into a message naming the peer and the step. */
    private <T> T call(String what, Operation<T> op) throws PacsException {
        try {
            return op.run();
        } catch (PacsException e) {
            throw e;
        } catch (Exception e) {
            String m = String.valueOf(e.getMessage());
            if (e instanceof ConnectException || m.contains("ConnectException")) {
                throw new PacsException(what + " to " + peer + " failed: cannot connect (connection refused); "
                        + "is the peer running and is host:port right?", e);
            }
            String hint = m.contains("reject") || m.contains("Reject")
                    ? "; the peer refused the association: does it know our AE title " + callingAe
                    + " and is its AE title " + peer.aeTitle() + "?" : "";
            throw new PacsException(what + " to " + peer + " failed: " + m + hint, e);
        }
    }

    private static AttributeList identifier(String level, Map<AttributeTag, String> keys, AttributeTag... returned)
            throws PacsException {
        try {
            AttributeList list = new AttributeList();
            list.putNewAttribute(TagFromName.QueryRetrieveLevel).addValue(level);
            for (AttributeTag tag : returned) {
                list.putNewAttribute(tag);
            }
            for (Map.Entry<AttributeTag, String> key : keys.entrySet()) {
                Attribute a = list.putNewAttribute(key.getKey());
                if (key.getValue() != null && !key.getValue().isEmpty()) {
                    a.addValue(key.getValue());
                }
            }
            return list;
        } catch (DicomException e) {
            throw new PacsException("cannot build the query identifier: " + e.getMessage(), e);
        }
    }

    private static String v(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    /** A C-MOVE the peer answered with a failure status (as opposed to a network failure). */
    public static final class MoveFailedException extends PacsException {
        MoveFailedException(String message) {
            super(message);
        }
    }
}

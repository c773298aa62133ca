package org.samreg.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * New DICOM UIDs. Without a configured root, UIDs are {@code 2.25.<random UUID as an unsigned integer>}, which
 * are valid without a registered root (PS3.5 B.2). With a root, the UID is {@code root.<random digits>}, filled
 * up to the 64-character limit.
 */
public final class UidGenerator {
    private static final Pattern UID_ROOT = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final int MAX_LENGTH = 64;
    /** Fewer random digits than this would make collisions plausible. */
    private static final int MIN_RANDOM_DIGITS = 20;

    private final String root;

    public UidGenerator() {
        this.root = null;
    }

    public UidGenerator(String root) {
        if (root == null || !UID_ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("not a valid UID root: " + root);
        }
        if (root.length() + 1 + MIN_RANDOM_DIGITS > MAX_LENGTH) {
            throw new IllegalArgumentException("UID root " + root + " is too long to leave " + MIN_RANDOM_DIGITS
                    + " unique digits within " + MAX_LENGTH + " characters");
        }
        this.root = root;
    }

    public String newUid() {
        String digits = randomUuidDigits();
        if (root == null) {
            return "2.25." + digits;
        }
        int room = MAX_LENGTH - root.length() - 1;
        return root + "." + (digits.length() > room ? digits.substring(0, room) : digits);
    }

    private static String randomUuidDigits() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return new BigInteger(1, bytes).toString();
    }
}

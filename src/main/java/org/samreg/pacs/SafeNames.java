package org.samreg.pacs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * File and folder names made from UIDs sent by peers. A well-formed UID (digits and dots, not only dots, at most
 * 64 characters) is used as it is; anything else becomes a hash, so no incoming value can name a path outside
 * the storage folder.
 */
public final class SafeNames {
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private SafeNames() {
    }

    public static String of(String uid) {
        String u = uid == null ? "" : uid.strip();
        if (u.length() <= 64 && UID.matcher(u).matches()) {
            return u;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(u.getBytes(StandardCharsets.UTF_8));
            return "x" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

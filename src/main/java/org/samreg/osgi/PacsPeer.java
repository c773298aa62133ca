package org.samreg.osgi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DICOM peer from the configuration, written {@code NAME=AETITLE@host:port}. */
public record PacsPeer(String name, String aeTitle, String host, int port) {
    private static final Pattern FORMAT = Pattern.compile("([^=\\s]+)=([^@\\s]{1,16})@([^:\\s]+):(\\d{1,5})");

    public static PacsPeer parse(String entry) {
        Matcher m = FORMAT.matcher(entry.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("PACS peer '" + entry + "' is not NAME=AETITLE@host:port");
        }
        return new PacsPeer(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return name + "=" + aeTitle + "@" + host + ":" + port;
    }
}

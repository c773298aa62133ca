package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UidGeneratorTest {
    private static final String VALID = "(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*";

    @Test
    void defaultUidsAreUuidDerivedAndUnique() {
        UidGenerator g = new UidGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String uid = g.newUid();
            assertTrue(uid.startsWith("2.25.") && uid.matches(VALID) && uid.length() <= 64, uid);
            assertTrue(seen.add(uid));
        }
    }

    @Test
    void configuredRootGetsUniqueDigitsWithin64Characters() {
        String root = "1.2.826.0.1.3680043.10.999";
        UidGenerator g = new UidGenerator(root);
        String uid = g.newUid();
        assertTrue(uid.startsWith(root + ".") && uid.matches(VALID), uid);
        assertTrue(uid.length() <= 64 && uid.length() > root.length() + 20, uid);
        assertNotEquals(uid, g.newUid());
    }

    @Test
    void invalidRootsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UidGenerator("1.02.3"));
        assertThrows(IllegalArgumentException.class, () -> new UidGenerator("1.2.x"));
        assertThrows(IllegalArgumentException.class, () -> new UidGenerator("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20"));
    }
}

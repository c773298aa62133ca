package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test's prerequisite (an installed package, a data set): on a user's machine a missing one skips the test with
 * the message; under CI ({@code CI=true}) it fails it, so that CI cannot pass by skipping.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static void require(boolean present, String whatIsMissing) {
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, "CI: " + whatIsMissing + " (src/scripts/setup.sh installs it)");
        }
        assumeTrue(present, "skipped: " + whatIsMissing);
    }
}

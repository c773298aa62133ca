package org.samreg.osgi;

import java.util.List;

/**
 * The PACS-triggered registration node, while it is configured (PID {@value SamRegNodeConfig#PID}): its storage SCP
 * receives series, and each that matches a rule is registered to its prior through the {@link RegistrationService}.
 */
public interface RegistrationNode {

    /** The port the storage SCP listens on. */
    int port();

    /** Every job of the node's durable queue, one line each (key, stage, last error), oldest first. */
    List<String> jobs();
}

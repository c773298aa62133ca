package org.samreg.pacs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The DICOM node's configuration, one JSON file ({@code samreg-node.json}): our AE, storage, limits, peers, the
 * push destination, the listener's rules and the model. {@link #load} validates and names the faulty field.
 * Relative paths are resolved against the file's folder.
 */
public record NodeConfig(String aeTitle, int port, Path storage, String uidRoot, Path model,
                         List<String> allowedCallingAeTitles, int maxAssociations, long maxObjectBytes,
                         double seriesQuietSeconds, double retryInitialSeconds, double retryMaxSeconds,
                         List<Peer> peers, String pushTo, List<Rule> rules, String bindAddress,
                         double associationRequestSeconds, boolean reregisterGrownSeries, double keepFinishedJobsDays) {

    /** A PACS or other DICOM node we talk to; {@code supportsMove=false} retrieves from it with C-GET. */
    public record Peer(String name, String aeTitle, String host, int port, boolean supportsMove) {
        private static final Pattern WRITTEN = Pattern.compile(
                "(?:([A-Za-z0-9._-]{1,64})=)?([^@=\\s\\\\]{1,16})@([^:\\s]+):(\\d{1,5})(/get)?");

        /**
         * A peer written {@code [NAME=]AETITLE@host:port[/get]} (the command line's and the OSGi configuration's
         * form): without a name it is named by its AE title; {@code /get} retrieves from it with C-GET.
         */
        public static Peer parse(String written) throws PacsException {
            java.util.regex.Matcher m = WRITTEN.matcher(written.strip());
            int port = m.matches() ? Integer.parseInt(m.group(4)) : 0;
            if (port < 1 || port > 65535) {
                throw new PacsException("PACS peer '" + written + "' is not [NAME=]AETITLE@host:port[/get]");
            }
            return new Peer(m.group(1) != null ? m.group(1) : m.group(2), m.group(2), m.group(3), port,
                    m.group(5) == null);
        }

        /** This peer as an entry of the node file's {@code peers}. */
        public JsonObject json() {
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("aeTitle", aeTitle);
            o.addProperty("host", host);
            o.addProperty("port", port);
            o.addProperty("supportsMove", supportsMove);
            return o;
        }

        /** Peers written as {@link #parse} reads them (blank entries skipped), as the node file's {@code peers}. */
        public static JsonArray jsonArray(Iterable<String> written) throws PacsException {
            JsonArray peers = new JsonArray();
            for (String entry : written) {
                if (!entry.isBlank()) {
                    peers.add(parse(entry).json());
                }
            }
            return peers;
        }

        /** The form {@link #parse} reads. */
        public String written() {
            return name + "=" + aeTitle + "@" + host + ":" + port + (supportsMove ? "" : "/get");
        }

        @Override
        public String toString() {
            return name + " (" + aeTitle + "@" + host + ":" + port + ")";
        }
    }

    /**
     * When a received series of {@code modality} whose description matches {@code description} is complete,
     * register it (moving) to the most recent earlier series of the same patient with the same description
     * (fixed), found with C-FIND on {@code queryPeer}.
     */
    public record Rule(String name, String modality, Pattern description, String queryPeer) {
        public boolean matches(String seriesModality, String seriesDescription) {
            return (modality == null || modality.equalsIgnoreCase(seriesModality))
                    && description.matcher(seriesDescription == null ? "" : seriesDescription).matches();
        }
    }

    public Peer peer(String name) throws PacsException {
        return peers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new PacsException("no peer named '" + name + "' in the configuration; known: "
                        + peers.stream().map(Peer::name).toList()));
    }

    public Optional<Peer> peerByAeTitle(String ae) {
        return peers.stream().filter(p -> p.aeTitle().equals(ae)).findFirst();
    }

    public static NodeConfig load(Path file) throws PacsException {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PacsException("configuration file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new PacsException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new PacsException(file + ": the configuration must be a JSON object");
            }
            return of(root.getAsJsonObject(), file.toString(), file.toAbsolutePath().getParent());
        } catch (JsonParseException e) {
            throw new PacsException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration in {@code o}, fields as in the JSON file, checked the same way; {@code source} names it in
     * messages, relative paths are resolved against {@code base}.
     */
    public static NodeConfig of(JsonObject o, String source, Path base) throws PacsException {
        return new Parser(source, base).node(o);
    }

    /** Reads and checks one field at a time so that every message names the field at fault. */
    private static final class Parser {
        private static final Pattern AE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");
        private static final Pattern UID_ROOT = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
        private final String file;
        private final Path base;

        Parser(String file, Path base) {
            this.file = file;
            this.base = base;
        }

        NodeConfig node(JsonObject o) throws PacsException {
            known(o, "", "aeTitle", "port", "storage", "uidRoot", "model", "allowedCallingAeTitles", "maxAssociations",
                    "maxObjectSizeMb", "seriesQuietSeconds", "retryInitialSeconds", "retryMaxSeconds", "peers", "pushTo",
                    "rules", "bindAddress", "associationRequestSeconds", "reregisterGrownSeries",
                    "keepFinishedJobsDays");
            List<Peer> peers = new java.util.ArrayList<>();
            if (o.has("peers")) {
                int i = 0;
                for (JsonElement e : array(o, "peers")) {
                    peers.add(peer(object(e, "peers[" + i + "]"), "peers[" + i++ + "]."));
                }
            }
            Set<String> names = new HashSet<>();
            for (Peer p : peers) {
                if (!names.add(p.name())) {
                    throw error("peers", "two peers are named '" + p.name() + "'");
                }
            }
            List<String> allowed = new java.util.ArrayList<>();
            if (o.has("allowedCallingAeTitles")) {
                for (JsonElement e : array(o, "allowedCallingAeTitles")) {
                    allowed.add(ae(e, "allowedCallingAeTitles"));
                }
            } else {
                peers.forEach(p -> allowed.add(p.aeTitle()));
            }
            String pushTo = string(o, "pushTo", null);
            if (pushTo != null && !names.contains(pushTo)) {
                throw error("pushTo", "'" + pushTo + "' is not the name of a peer");
            }
            List<Rule> rules = new java.util.ArrayList<>();
            if (o.has("rules")) {
                int i = 0;
                for (JsonElement e : array(o, "rules")) {
                    Rule r = rule(object(e, "rules[" + i + "]"), "rules[" + i++ + "].");
                    if (!names.contains(r.queryPeer())) {
                        throw error("rules[" + (i - 1) + "].queryPeer", "'" + r.queryPeer() + "' is not the name of a peer");
                    }
                    rules.add(r);
                }
            }
            double retryInitial = number(o, "retryInitialSeconds", 30, 0.01, 86400);
            return new NodeConfig(ae(o.get("aeTitle"), "aeTitle"), (int) number(o, "port", -1, 1, 65535),
                    path(o, "storage", null), uidRoot(o), path(o, "model", null), List.copyOf(allowed),
                    (int) number(o, "maxAssociations", 8, 1, 1000),
                    (long) (number(o, "maxObjectSizeMb", 1024, 0.001, 1 << 20) * 1024 * 1024),
                    number(o, "seriesQuietSeconds", 5, 0.05, 3600), retryInitial,
                    number(o, "retryMaxSeconds", 3600, retryInitial, 7 * 86400), List.copyOf(peers), pushTo,
                    List.copyOf(rules), bindAddress(o), number(o, "associationRequestSeconds", 3, 0.1, 600),
                    !o.has("reregisterGrownSeries") || bool(o.get("reregisterGrownSeries"), "reregisterGrownSeries"),
                    number(o, "keepFinishedJobsDays", 90, 0.001, 36500));
        }

        /** The local address to listen on: every interface unless given (a host name or an IP address). */
        private String bindAddress(JsonObject o) throws PacsException {
            String address = string(o, "bindAddress", "");
            if (address == null) {
                return "0.0.0.0";
            }
            try {
                java.net.InetAddress.getByName(address);
            } catch (java.net.UnknownHostException e) {
                throw error("bindAddress", "'" + address + "' is not an address of this machine");
            }
            return address;
        }

        private Peer peer(JsonObject o, String at) throws PacsException {
            known(o, at, "name", "aeTitle", "host", "port", "supportsMove");
            String name = string(o, "name", at);
            if (name == null || name.isBlank()) {
                throw error(at + "name", "is missing");
            }
            String host = string(o, "host", at);
            if (host == null || host.isBlank()) {
                throw error(at + "host", "is missing");
            }
            boolean move = !o.has("supportsMove") || bool(o.get("supportsMove"), at + "supportsMove");
            return new Peer(name, ae(o.get("aeTitle"), at + "aeTitle"), host,
                    (int) numberAt(o, "port", at, -1, 1, 65535), move);
        }

        private Rule rule(JsonObject o, String at) throws PacsException {
            known(o, at, "name", "modality", "descriptionRegex", "prior", "queryPeer");
            String name = string(o, "name", at);
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw error(at + "name", "is missing or has characters other than letters, digits, '.', '_', '-'");
            }
            String prior = string(o, "prior", at);
            if (prior != null && !prior.equals("same-description")) {
                throw error(at + "prior", "only \"same-description\" is supported, got \"" + prior + "\"");
            }
            String regex = string(o, "descriptionRegex", at);
            Pattern description;
            try {
                description = Pattern.compile(regex == null ? ".*" : regex);
            } catch (PatternSyntaxException e) {
                throw error(at + "descriptionRegex", "is not a valid regular expression: " + e.getDescription());
            }
            String queryPeer = string(o, "queryPeer", at);
            if (queryPeer == null) {
                throw error(at + "queryPeer", "is missing (the peer searched for the prior series)");
            }
            return new Rule(name, string(o, "modality", at), description, queryPeer);
        }

        private String uidRoot(JsonObject o) throws PacsException {
            String root = string(o, "uidRoot", null);
            if (root == null) {
                return "2.25";
            }
            if (!UID_ROOT.matcher(root).matches() || root.length() > 40) {
                throw error("uidRoot", "\"" + root + "\" is not a UID root (digits and dots, at most 40 characters)");
            }
            return root;
        }

        private void known(JsonObject o, String at, String... fields) throws PacsException {
            Set<String> allowed = new HashSet<>(Arrays.asList(fields));
            for (String key : o.keySet()) {
                if (!allowed.contains(key)) {
                    throw error(at + key, "is not a known field; expected one of " + Arrays.toString(fields));
                }
            }
        }

        private String ae(JsonElement e, String field) throws PacsException {
            if (e == null) {
                throw error(field, "is missing");
            }
            String ae = text(e, field).strip();
            if (!AE.matcher(ae).matches()) {
                throw error(field, "\"" + ae + "\" is not an AE title (1 to 16 printable characters, no backslash)");
            }
            return ae;
        }

        private Path path(JsonObject o, String field, String at) throws PacsException {
            String p = string(o, field, at);
            if (p == null) {
                if (field.equals("storage")) {
                    throw error(field, "is missing (the folder where received instances and jobs are kept)");
                }
                return null;
            }
            return base.resolve(p).normalize();
        }

        private double number(JsonObject o, String field, double dflt, double min, double max) throws PacsException {
            return numberAt(o, field, "", dflt, min, max);
        }

        private double numberAt(JsonObject o, String field, String at, double dflt, double min, double max)
                throws PacsException {
            JsonElement e = o.get(field);
            if (e == null) {
                if (dflt < 0) {
                    throw error(at + field, "is missing");
                }
                return dflt;
            }
            double v;
            try {
                v = e.getAsJsonPrimitive().getAsDouble();
            } catch (RuntimeException ex) {
                throw error(at + field, "must be a number, got " + e);
            }
            if (v < min || v > max) {
                throw error(at + field, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v));
            }
            return v;
        }

        private String string(JsonObject o, String field, String at) throws PacsException {
            JsonElement e = o.get(field);
            return e == null || e.isJsonNull() ? null : text(e, (at == null ? "" : at) + field);
        }

        private String text(JsonElement e, String field) throws PacsException {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(field, "must be a string, got " + e);
            }
            return e.getAsString();
        }

        private boolean bool(JsonElement e, String field) throws PacsException {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw error(field, "must be true or false, got " + e);
            }
            return e.getAsBoolean();
        }

        private Iterable<JsonElement> array(JsonObject o, String field) throws PacsException {
            if (!o.get(field).isJsonArray()) {
                throw error(field, "must be a list");
            }
            return o.getAsJsonArray(field);
        }

        private JsonObject object(JsonElement e, String field) throws PacsException {
            if (!e.isJsonObject()) {
                throw error(field, "must be an object");
            }
            return e.getAsJsonObject();
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }

        private PacsException error(String field, String what) {
            return new PacsException(file + ": field '" + field + "' " + what);
        }
    }
}

#!/usr/bin/env bash
# Prepares a plain Apache Felix for a headless SAMReg node in bundle/felix/runtime: the framework launcher, SCR,
# Configuration Admin, Metatype, FileInstall (reads load/*.config into Configuration Admin) and Gogo, all from Maven
# Central, plus the SAMReg bundle built by `mvn package` (target/samreg-bundle.jar). Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runtime="$here/runtime"
bundles=(
  org.osgi:org.osgi.util.function:1.2.0
  org.osgi:org.osgi.util.promise:1.3.0
  org.osgi:org.osgi.service.component:1.5.1
  org.osgi:org.osgi.service.log:1.5.0
  org.apache.felix:org.apache.felix.scr:2.2.12
  org.apache.felix:org.apache.felix.configadmin:1.9.26
  org.apache.felix:org.apache.felix.metatype:1.2.4
  org.apache.felix:org.apache.felix.fileinstall:3.7.4
  org.apache.felix:org.apache.felix.gogo.runtime:1.1.6
  org.apache.felix:org.apache.felix.gogo.command:1.1.2
  org.apache.felix:org.apache.felix.gogo.shell:1.1.4
)
copy() { # groupId:artifactId:version folder
  (cd "$root" && mvn -q -B -ntp dependency:copy -Dartifact="$1" -DoutputDirectory="$2" -Dmdep.stripVersion=true)
}
mkdir -p "$runtime/bundle"
copy org.apache.felix:org.apache.felix.main:7.0.5 "$runtime"
for b in "${bundles[@]}"; do copy "$b" "$runtime/bundle"; done
jar="$root/target/samreg-bundle.jar"
[ -f "$jar" ] || { echo "setup: $jar missing: run 'mvn package' first" >&2; exit 1; }
cp "$jar" "$runtime/bundle/"
echo "setup: Felix ready in $runtime; start it with $here/run.sh"

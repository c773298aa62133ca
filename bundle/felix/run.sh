#!/usr/bin/env bash
# Starts the headless SAMReg node prepared by setup.sh (native access is enabled for ONNX Runtime, which Java 24+
# would otherwise warn about). Extra arguments go to the JVM, e.g.
#   bundle/felix/run.sh -Dgosh.args=--nointeractive      (no console, e.g. as a service)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
exec java -Xmx4g --enable-native-access=ALL-UNNAMED -Dfelix.config.properties="file:$here/conf/config.properties" \
  -Dsamreg.models="${SAMREG_MODELS:-$here/../../models}" "$@" -jar runtime/org.apache.felix.main.jar

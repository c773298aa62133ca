#!/usr/bin/env bash
# Starts the headless SAMReg node prepared by setup.sh. Extra arguments go to the JVM, e.g.
#   bundle/felix/run.sh -Dgosh.args=--nointeractive      (no console, e.g. as a service)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
exec java -Xmx4g -Dfelix.config.properties="file:$here/conf/config.properties" \
  -Dsamreg.models="${SAMREG_MODELS:-$here/../../models}" "$@" -jar runtime/org.apache.felix.main.jar

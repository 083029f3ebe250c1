#!/usr/bin/env bash
# Rebuilds vendor/postgres-3.4.9-sibyl.1.tgz: postgres@3.4.9 from the npm registry with
# patches/postgres+3.4.9.patch applied (porsager/postgres#1208, see the README). package.json
# depends on that tarball, so every install (npm ci, npm install, --omit=dev) gets the patched
# library without install scripts, which .npmrc keeps off.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent postgres@3.4.9 >/dev/null && tar xzf postgres-3.4.9.tgz)
(cd "$work/package" && patch -p3 --forward --no-backup-if-mismatch < "$root/patches/postgres+3.4.9.patch")
(cd "$work/package" && npm pack --silent --ignore-scripts --pack-destination "$work" >/dev/null)
mkdir -p vendor
mv "$work/postgres-3.4.9.tgz" vendor/postgres-3.4.9-sibyl.1.tgz
sha256sum vendor/postgres-3.4.9-sibyl.1.tgz

#!/usr/bin/env bash
# The README's main job: on a fresh machine, install and run the whole release pipeline
# locally on embedded defaults (an OCI layout directory as the registry, a generated key,
# example services). Extra arguments go to `stella pipeline run`.
set -euo pipefail
cd "$(dirname "$0")/.."
for p in umoci skopeo; do
  if ! dpkg -s "$p" >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends umoci skopeo >/dev/null
    break
  fi
done
npm ci --no-audit --no-fund --loglevel=error
export PATH="$PWD/node_modules/.bin:$PATH"
exec node dist/cli/stella.js pipeline run --out .stella-run "$@"

#!/usr/bin/env bash
# The README's main job: on a fresh machine, install and run the whole release pipeline
# locally on embedded defaults (an OCI layout directory as the registry, a generated key,
# example services, example feeds). No Docker engine, CI runner or network needed beyond
# `npm ci`. Extra arguments go to `stella pipeline run` (see `--help`).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
export PATH="$PWD/node_modules/.bin:$PATH"   # Node 24 from the `node` devDependency
exec node --no-deprecation dist/cli/stella.js pipeline run --out .stella-run "$@"

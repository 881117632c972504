#!/usr/bin/env bash
# Exports ABI + creation bytecode of each deployable contract from the forge build into
# src/Otr.Chain/Artifacts/<Contract>.json (committed; embedded in Otr.Chain, used by OtrDeployer).
#   contracts/export-artifacts.sh           rebuild and (re)write the artifacts
#   contracts/export-artifacts.sh --check   rebuild and exit 1 if a committed artifact differs
# Bytecode is deterministic (no metadata hash, fixed optimizer settings in foundry.toml), so a diff
# means the committed artifacts are stale: rerun without --check and commit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-write}"
case "$mode" in write|--check) ;; *) echo "usage: $0 [--check]" >&2; exit 2 ;; esac

"$root/tools/setup.sh"
(cd "$here" && "$root/tools/bin/forge" build --quiet)

OTR_MODE="$mode" OTR_OUT="$here/out" OTR_DEST="$root/src/Otr.Chain/Artifacts" node - <<'JS'
const fs = require('fs');
const path = require('path');
// Deployable contracts, by source file. Keep in sync with src/Otr.Chain/Artifacts/ContractArtifacts.cs.
const contracts = ['DevAttestationVerifier', 'ModelRegistry', 'ExecutorRegistry', 'OtrRollup', 'DisputeGame', 'Q8OneStepVerifier', 'CommitteeAttestationVerifier'];
const { OTR_MODE: mode, OTR_OUT: out, OTR_DEST: dest } = process.env;
let stale = [];
for (const name of contracts) {
  const built = JSON.parse(fs.readFileSync(path.join(out, `${name}.sol`, `${name}.json`), 'utf8'));
  const artifact = {
    contractName: name,
    compiler: 'solc 0.8.30, optimizer 200 runs, evm prague, no metadata',
    abi: built.abi,
    bytecode: built.bytecode.object,
    deployedBytecode: built.deployedBytecode.object,
  };
  const text = JSON.stringify(artifact, null, 2) + '\n';
  const file = path.join(dest, `${name}.json`);
  if (mode === '--check') {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (committed !== text) stale.push(path.relative(process.cwd(), file));
  } else {
    fs.mkdirSync(dest, { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
if (stale.length > 0) {
  console.error(`stale contract artifacts (run contracts/export-artifacts.sh and commit): ${stale.join(', ')}`);
  process.exit(1);
}
if (mode === '--check') console.log('contract artifacts are up to date');
JS

// Validates Kubernetes objects against the Kubernetes OpenAPI schemas (npm kubernetes-models):
// types, required fields, enums and formats of every built-in kind.
// Input (stdin): a JSON array of objects. Output (stdout): a JSON array of
// {kind, name, status: "valid" | "invalid" | "unchecked", error?}, one per object, in order;
// "unchecked" = no model for that apiVersion/kind (e.g. CRD kinds such as ServiceMonitor).
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
if (!Array.isArray(objects)) {
  console.error("validate-manifests: stdin must be a JSON array of Kubernetes objects");
  process.exit(2);
}

const results = [];
for (const obj of objects) {
  const kind = obj?.kind;
  const apiVersion = obj?.apiVersion;
  const name = obj?.metadata?.name ?? "";
  let Model;
  try {
    const module = await import(`kubernetes-models/${apiVersion}`);
    Model = module[kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== "function") {
    results.push({ kind, apiVersion, name, status: "unchecked" });
    continue;
  }
  try {
    new Model(obj).validate();
    results.push({ kind, apiVersion, name, status: "valid" });
  } catch (e) {
    results.push({ kind, apiVersion, name, status: "invalid", error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));

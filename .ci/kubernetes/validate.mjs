// Validates Kubernetes manifests against the API's JSON schemas, offline: kubernetes-models bundles
// the schemas of every built-in kind (generated from the Kubernetes OpenAPI document, compiled to ajv
// validators). kubeconform, the usual tool, is a binary fetched from GitHub, which CI cannot reach.
// It checks kinds, required fields, types, enums and formats; like kubeconform without -strict, it
// does not reject unknown fields (the schemas leave objects open).
//
// usage: node validate.mjs FILE.yml...   (exit 1 on any error)
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failures = 0;
let checked = 0;

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      fail(file, "(yaml)", doc.errors.map(String).join("; "));
      continue;
    }
    const resource = doc.toJS();
    if (!resource) continue;
    const { apiVersion, kind } = resource;
    const where = `${kind ?? "?"} ${resource.metadata?.name ?? "?"}`;
    let Model;
    try {
      Model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
    } catch {
      fail(file, where, `unknown apiVersion/kind ${apiVersion}/${kind}`);
      continue;
    }
    checked++;
    try {
      new Model(resource).validate();
      console.log(`ok   ${file}: ${where} (${apiVersion})`);
    } catch (e) {
      fail(file, where, e.message ?? String(e));
    }
  }
}

function fail(file, where, message) {
  failures++;
  console.error(`FAIL ${file}: ${where}: ${message}`);
}

console.log(`${checked} resources checked, ${failures} failures`);
process.exit(failures || !checked ? 1 : 0);

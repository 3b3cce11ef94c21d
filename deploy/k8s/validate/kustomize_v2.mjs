// Checks that kustomization files stay within what kustomize v2.0.3 (the
// one in Debian 12's kubectl 1.20) can build, so that a machine with a newer
// kubectl cannot let a v3+ field slip in unnoticed (deploy/k8s/check runs it):
//   node kustomize_v2.mjs <kustomization.yaml>...
// v2 refuses fields it does not know (replicas, patches, components, ...)
// and takes only files as resources: a folder goes under bases.
// Prints every problem and exits 1 if there is any.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";

// The fields kubectl 1.20's kustomize takes. Not patches: v2 reads it as an
// old spelling of patchesStrategicMerge, in a form newer versions refuse.
const v2Fields = new Set([
  "apiVersion", "kind", "namePrefix", "nameSuffix", "namespace", "commonLabels",
  "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "crds", "resources",
  "bases", "configMapGenerator", "secretGenerator", "generatorOptions", "vars", "images",
  "imageTags", "configurations",
]);

const problems = [];
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node kustomize_v2.mjs <kustomization.yaml>...");
  process.exit(2);
}
for (const file of files) {
  const k = parse(readFileSync(file, "utf8")) ?? {};
  for (const field of Object.keys(k)) {
    if (!v2Fields.has(field)) problems.push(`${file}: ${field}: kustomize v2 has no such field`);
  }
  for (const r of k.resources ?? []) {
    let isDir = false;
    try {
      isDir = statSync(resolve(dirname(file), r)).isDirectory();
    } catch {
      problems.push(`${file}: resources: ${r} does not exist`);
    }
    if (isDir) problems.push(`${file}: resources: ${r} is a folder; kustomize v2 takes it only under bases`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`not for kustomize v2: ${p}`);
  process.exit(1);
}
console.log(`${files.length} kustomization files within kustomize v2`);

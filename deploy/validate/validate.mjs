// Schema check of Kubernetes manifests, offline, with the JSON schemas bundled in the npm
// package kubernetes-models. Catches missing required fields and wrong types; it cannot see
// unknown fields (the schemas allow additional properties): k8s_strict.py covers those.
//
// usage: node validate.mjs <file.yaml>...   exit 0 when every document of every file is valid.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

// "apps/v1" -> "kubernetes-models/apps/v1/<Kind>", "v1" -> "kubernetes-models/v1/<Kind>".
function modulePathFor(apiVersion, kind) {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return ['kubernetes-models', group, version, kind].filter(Boolean).join('/');
}

async function loadModel(apiVersion, kind) {
  const specifier = modulePathFor(apiVersion, kind);
  try {
    const mod = await import(specifier);
    return mod[kind] ?? null;
  } catch {
    return null;
  }
}

function describe(doc, index) {
  const kind = doc?.kind ?? '?';
  const name = doc?.metadata?.name ?? `#${index}`;
  return `${kind}/${name}`;
}

// Returns the list of problems of one parsed document (empty when valid).
async function checkDocument(doc) {
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return ['document is not a mapping'];
  }
  if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
    return ['apiVersion and kind must be strings'];
  }
  if (typeof doc.metadata?.name !== 'string' || doc.metadata.name === '') {
    return ['metadata.name is missing'];
  }
  const Model = await loadModel(doc.apiVersion, doc.kind);
  if (!Model) {
    return [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`];
  }
  try {
    new Model(doc).validate();
    return [];
  } catch (err) {
    return String(err?.message ?? err).split('\n').filter((l) => l.trim() !== '');
  }
}

async function checkFile(file) {
  const label = path.relative(process.cwd(), file) || file;
  let docs;
  try {
    docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`FAIL ${label}: ${String(err?.message ?? err).split('\n')[0]}`);
    return false;
  }
  let ok = true;
  let count = 0;
  for (const [index, doc] of docs.entries()) {
    if (doc === null || doc === undefined) continue;
    count++;
    const problems = await checkDocument(doc);
    if (problems.length === 0) {
      console.log(`  ok   ${describe(doc, index)}`);
    } else {
      ok = false;
      console.log(`  FAIL ${describe(doc, index)}\n       ${problems.join('\n       ')}`);
    }
  }
  if (count === 0) {
    console.log(`FAIL ${label}: no documents`);
    return false;
  }
  console.log(`${ok ? 'OK  ' : 'FAIL'} ${label}: ${count} documents (schema)`);
  return ok;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs <file.yaml>...');
  process.exit(2);
}
let allOk = true;
for (const file of files) {
  allOk = (await checkFile(file)) && allOk;
}
process.exit(allOk ? 0 : 1);

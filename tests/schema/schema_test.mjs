// scenarios/schema.json and the loader must agree. Every scenario we ship or test with validates
// against the schema; every bad file of tests/scenario/bad/ that a schema can judge is rejected
// by it, at a place the loader (`insideout validate`) also names.
//   node tests/schema/schema_test.mjs ROOT RUNNER
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, runner] = process.argv.slice(2);
if (!root || !runner) {
  console.log('usage: node schema_test.mjs ROOT RUNNER');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;

// Bad files a JSON Schema cannot judge, and why; each is checked by the loader's own tests
// (tests/scenario/validation_test.cpp). The schema must accept each one that is JSON: a gap that
// closes should move its file out of this list.
const loaderOnly = {
  'not_json.json': 'not JSON at all',
  'duplicate_key.json': 'JSON.parse keeps the last of duplicate keys; only the loader sees both',
  'unknown_reference.json': 'whether a name exists in another section is beyond a schema',
  'integer_with_fraction.json': 'JSON Schema counts 100.0 as the integer 100; the loader wants no fraction part',
  'name_bytes_at_limit.json': 'maxLength counts 32 characters; the loader counts 33 bytes of UTF-8',
  'text_bytes_at_limit.json': 'maxLength counts 8192 characters; the loader counts 8193 bytes of UTF-8',
  'duplicate_name.json': 'uniqueItems compares whole objects, not one key of each',
  'unknown_metric.json': 'metric names depend on the scenario\'s own derivers, accounts and groups',
  'min_above_max.json': 'a schema cannot compare two elements of a pair',
  'partition_ends_before_start.json': 'a schema cannot compare two fields of an object',
  'pays_only_itself.json': 'a schema cannot compare the elements of two arrays',
  'lone_surrogate.json': 'JSON.parse accepts a lone surrogate escape; the loader wants UTF-8 text',
};

let failures = 0;
const fail = (message) => { console.log(`FAIL: ${message}`); failures += 1; };

// Strict, but a "required" in an if/then may name a key defined beside it (the command's).
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const schema = JSON.parse(readFileSync(path.join(root, 'scenarios/schema.json'), 'utf8'));
const validate = ajv.compile(schema);  // throws if the schema itself is not valid 2020-12

const jsonFiles = (dir, keep = () => true) => readdirSync(path.join(root, dir))
  .filter((f) => f.endsWith('.json') && keep(f)).sort().map((f) => path.join(root, dir, f));

// Where ajv says an error is, as the loader would say it: a missing or unknown key is named at
// its own pointer, not at its object's.
const escape = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const pointers = (errors) => errors.map((e) => {
  if (e.keyword === 'required') return `${e.instancePath}/${escape(e.params.missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${escape(e.params.additionalProperty)}`;
  if (e.propertyName !== undefined) return `${e.instancePath}/${escape(e.propertyName)}`;  // inside propertyNames
  if (e.keyword === 'propertyNames') return `${e.instancePath}/${escape(e.params.propertyName)}`;
  return e.instancePath;
});
// Two pointers name the same mistake if one is the other or inside it ("" is too vague to count).
const related = (a, b) => a !== '' && b !== '' && (a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`));

// 1. What we ship and test with is valid.
const valid = [
  ...jsonFiles('scenarios', (f) => f !== 'schema.json' && f !== 'course.json'),
  path.join(root, 'bench/heavy.json'),
  ...jsonFiles('tests/property'),
  ...jsonFiles('tests/fuzz/corpus', (f) => f.startsWith('valid_')),
];
for (const file of valid) {
  if (!validate(JSON.parse(readFileSync(file, 'utf8')))) {
    fail(`${path.relative(root, file)} does not validate against the schema:\n  ${
      validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('\n  ')}`);
  }
}

// 2. What the loader rejects for a reason a schema can state, the schema rejects too.
const bad = jsonFiles('tests/scenario/bad');
let judged = 0;
for (const file of bad) {
  const name = path.basename(file);
  const loader = spawnSync(runner, ['validate', file], { encoding: 'utf8' });
  if (loader.status !== 2) fail(`insideout validate ${name} exited ${loader.status}, wanted 2`);
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if (!(name in loaderOnly)) fail(`${name} is not JSON (${e.message}); list it in loaderOnly with the reason`);
    continue;
  }
  if (name in loaderOnly) {
    if (!validate(doc)) {
      fail(`${name} is listed as loader-only (${loaderOnly[name]}), but the schema rejects it too: judge it\n  ${
        validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('\n  ')}`);
    }
    continue;
  }
  judged += 1;
  if (validate(doc)) {
    fail(`${name}: the loader rejects it but the schema accepts it (or list it in loaderOnly with the reason)`);
    continue;
  }
  const schemaAt = pointers(validate.errors);
  const loaderAt = [...loader.stderr.matchAll(/: at (\S+): /g)].map((m) => m[1]);
  if (!loaderAt.some((l) => schemaAt.some((s) => related(l, s)))) {
    fail(`${name}: the loader and the schema name different places:\n  loader: ${loaderAt.join(' ')}\n  schema: ${
      schemaAt.join(' ')}`);
  }
}

console.log(`schema: ${valid.length} files valid, ${judged} bad files rejected by schema and loader alike, ` +
            `${bad.length - judged} left to the loader`);
if (valid.length < 20 || judged < 5) fail('too few files checked');
process.exit(failures ? 1 : 0);

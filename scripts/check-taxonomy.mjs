#!/usr/bin/env node
// Validate the Papergraph concept taxonomy (seeds/taxonomy.json).
// Plain Node ESM, no dependencies.
//
// Usage: node scripts/check-taxonomy.mjs [FILE]   (default: seeds/taxonomy.json)
//        node scripts/check-taxonomy.mjs --help
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = ['FIELD', 'TASK', 'METHOD', 'THEORY', 'MODEL', 'PROPERTY', 'METRIC', 'DATASET'];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const HELP = `Usage: node scripts/check-taxonomy.mjs [FILE]

Validates a Papergraph concept taxonomy JSON file (default: seeds/taxonomy.json).

Checks:
  - top level: version (number), description (string), kinds (subset of
    ${KINDS.join(', ')}), concepts (array, sorted by id)
  - every id is a unique kebab-case slug
  - every kind is one of the file's kinds
  - name and description are non-empty single-line strings
  - aliases is an array of non-empty single-line strings, with no alias
    repeating the concept's own name or another alias
  - broader/related ids exist, are not self-links and are not repeated
  - no cycles through 'broader'
  - a concept is not both broader and related to the same concept
  - each related pair is listed once, on the concept with the smaller id
  - exclude (optional) lists phrases that each hold one of the concept's
    forms and are longer than it; technique (optional) is true, on a
    concept that is not of kind METHOD
  - no name/alias is shared by two concepts (case-insensitive, hyphens
    treated as spaces, a trailing plural s/es ignored)

Exits 0 and prints a one-line summary when valid; otherwise prints one
line per problem ("<concept id>: <field>: <message>") and exits 1.`;

function isLine(s) {
  return typeof s === 'string' && s.trim() !== '' && !/[\r\n]/.test(s);
}

// Normalise a surface form the way the matcher compares them: case-insensitive,
// hyphens/underscores as spaces, collapsed whitespace.
function norm(s) {
  return s
    .toLowerCase()
    .replace(/[-_\u2010-\u2015]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Keys under which a surface form collides with another: the form itself and
// its plural inflections (-s, -es). Two forms collide iff their key sets meet.
function keys(s) {
  const n = norm(s);
  return [n, n + 's', n + 'es'];
}

export function checkTaxonomy(data) {
  const errors = [];
  const err = (id, field, msg) => errors.push(`${id}: ${field}: ${msg}`);

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    err('(file)', 'root', 'must be a JSON object');
    return { errors, stats: null };
  }
  if (typeof data.version !== 'number') err('(file)', 'version', 'must be a number');
  if (!isLine(data.description)) err('(file)', 'description', 'must be a non-empty single-line string');
  let kinds = KINDS;
  if (!Array.isArray(data.kinds) || data.kinds.length === 0) {
    err('(file)', 'kinds', 'must be a non-empty array');
  } else {
    for (const k of data.kinds) if (!KINDS.includes(k)) err('(file)', 'kinds', `unknown kind ${JSON.stringify(k)}`);
    if (new Set(data.kinds).size !== data.kinds.length) err('(file)', 'kinds', 'contains duplicates');
    kinds = data.kinds;
  }
  if (!Array.isArray(data.concepts)) {
    err('(file)', 'concepts', 'must be an array');
    return { errors, stats: null };
  }

  const concepts = data.concepts;
  const ids = new Map();
  concepts.forEach((c, i) => {
    const id = c && typeof c.id === 'string' ? c.id : `(concept #${i})`;
    if (!c || typeof c !== 'object') {
      err(id, 'concept', 'must be an object');
      return;
    }
    if (typeof c.id !== 'string' || !SLUG.test(c.id)) err(id, 'id', 'must be a kebab-case slug');
    else if (ids.has(c.id)) err(id, 'id', `duplicate id (also concept #${ids.get(c.id)})`);
    else ids.set(c.id, i);
  });

  for (let i = 1; i < concepts.length; i++) {
    const a = concepts[i - 1]?.id,
      b = concepts[i]?.id;
    if (typeof a === 'string' && typeof b === 'string' && a > b) {
      err(b, 'id', `concepts not sorted by id (comes after ${a})`);
    }
  }

  const surface = new Map(); // key -> {id, form}
  const broaderOf = new Map();

  for (const c of concepts) {
    if (!c || typeof c !== 'object' || typeof c.id !== 'string') continue;
    const id = c.id;
    if (!kinds.includes(c.kind)) err(id, 'kind', `invalid kind ${JSON.stringify(c.kind)}`);
    if (!isLine(c.name)) err(id, 'name', 'must be a non-empty single-line string');
    if (!isLine(c.description)) err(id, 'description', 'must be a non-empty single-line string');

    // aliases
    const forms = isLine(c.name) ? [c.name] : [];
    if (!Array.isArray(c.aliases)) err(id, 'aliases', 'must be an array');
    else {
      const own = new Map();
      if (isLine(c.name)) for (const k of keys(c.name)) own.set(k, c.name);
      for (const a of c.aliases) {
        if (!isLine(a)) {
          err(id, 'aliases', `invalid alias ${JSON.stringify(a)}`);
          continue;
        }
        const clash = keys(a)
          .map((k) => own.get(k))
          .find((x) => x !== undefined);
        if (clash !== undefined) {
          err(id, 'aliases', `alias ${JSON.stringify(a)} duplicates ${JSON.stringify(clash)} (case/hyphen/plural variant)`);
          continue;
        }
        for (const k of keys(a)) own.set(k, a);
        forms.push(a);
      }
    }
    // cross-concept collisions
    for (const f of forms) {
      for (const k of keys(f)) {
        const prev = surface.get(k);
        if (prev && prev.id !== id) {
          err(
            id,
            f === c.name ? 'name' : 'aliases',
            `${JSON.stringify(f)} collides with ${JSON.stringify(prev.form)} of concept ${prev.id}`,
          );
          break;
        }
      }
      for (const k of keys(f)) if (!surface.has(k)) surface.set(k, { id, form: f });
    }

    // context rules: each excluded phrase is longer than, and holds, one of the concept's forms
    if (c.exclude !== undefined) {
      if (!Array.isArray(c.exclude)) err(id, 'exclude', 'must be an array');
      else {
        for (const phrase of c.exclude) {
          if (!isLine(phrase)) {
            err(id, 'exclude', `invalid phrase ${JSON.stringify(phrase)}`);
            continue;
          }
          const p = ` ${norm(phrase)} `;
          const holds = forms.some((f) => keys(f).some((k) => p.includes(` ${k} `) && k !== norm(phrase)));
          if (!holds) err(id, 'exclude', `${JSON.stringify(phrase)} holds none of the concept's forms; it would exclude nothing`);
        }
      }
    }
    if (c.technique !== undefined && c.technique !== true) err(id, 'technique', 'must be true when given');
    if (c.technique === true && c.kind === 'METHOD') err(id, 'technique', 'METHOD concepts are techniques already');

    // links
    for (const field of ['broader', 'related']) {
      const list = c[field];
      if (!Array.isArray(list)) {
        err(id, field, 'must be an array');
        continue;
      }
      const seen = new Set();
      for (const t of list) {
        if (typeof t !== 'string') {
          err(id, field, `invalid id ${JSON.stringify(t)}`);
          continue;
        }
        if (t === id) err(id, field, 'self-link');
        else if (!ids.has(t)) err(id, field, `unknown id ${JSON.stringify(t)}`);
        if (seen.has(t)) err(id, field, `repeated id ${JSON.stringify(t)}`);
        seen.add(t);
        if (field === 'related' && typeof t === 'string' && t < id && ids.has(t)) {
          err(id, field, `pair with ${t} must be listed on ${t} (the smaller id)`);
        }
      }
    }
    if (Array.isArray(c.broader))
      broaderOf.set(
        id,
        c.broader.filter((t) => ids.has(t) && t !== id),
      );
    if (Array.isArray(c.broader) && Array.isArray(c.related)) {
      for (const t of c.related) if (c.broader.includes(t)) err(id, 'related', `${t} is also listed as broader`);
    }
  }

  // related pairs listed twice (on both ends)
  const pairSeen = new Set();
  for (const c of concepts) {
    if (!c || !Array.isArray(c.related) || typeof c.id !== 'string') continue;
    for (const t of c.related) {
      const key = [c.id, t].sort().join('|');
      if (pairSeen.has(key)) err(c.id, 'related', `pair with ${t} listed twice`);
      pairSeen.add(key);
    }
  }

  // broader cycles (iterative DFS, colours: 1 = on stack, 2 = done)
  const colour = new Map();
  for (const start of broaderOf.keys()) {
    if (colour.get(start)) continue;
    const stack = [[start, 0]];
    const pathIds = [start];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, idx] = top;
      const parents = broaderOf.get(node) || [];
      if (idx < parents.length) {
        top[1]++;
        const p = parents[idx];
        const st = colour.get(p);
        if (st === 1) {
          const cyc = pathIds.slice(pathIds.indexOf(p)).concat(p);
          err(node, 'broader', `cycle: ${cyc.join(' -> ')}`);
        } else if (!st) {
          colour.set(p, 1);
          stack.push([p, 0]);
          pathIds.push(p);
        }
      } else {
        colour.set(node, 2);
        stack.pop();
        pathIds.pop();
      }
    }
  }

  const byKind = {};
  let aliasCount = 0,
    roots = 0;
  for (const c of concepts) {
    if (!c) continue;
    byKind[c.kind] = (byKind[c.kind] || 0) + 1;
    aliasCount += Array.isArray(c.aliases) ? c.aliases.length : 0;
    if (Array.isArray(c.broader) && c.broader.length === 0) roots++;
  }
  return { errors, stats: { concepts: concepts.length, aliases: aliasCount, roots, byKind } };
}

function main(argv) {
  const args = argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-'));
  if (unknown.length || args.length > 1) {
    console.error(`check-taxonomy: unexpected arguments: ${args.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = args[0] ?? path.join(here, '..', 'seeds', 'taxonomy.json');
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`check-taxonomy: cannot read ${file}: ${e.message}`);
    return 1;
  }
  const { errors, stats } = checkTaxonomy(data);
  if (errors.length) {
    for (const e of errors) console.error(e);
    console.error(`check-taxonomy: ${errors.length} problem(s) in ${file}`);
    return 1;
  }
  const kinds = Object.entries(stats.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(`OK ${file}: ${stats.concepts} concepts (${kinds}), ${stats.aliases} aliases, ${stats.roots} without broader`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}

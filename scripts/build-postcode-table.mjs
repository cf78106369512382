#!/usr/bin/env node
// Build kil's postcode table (data/postcode-localities.json, read by src/geo/) from a postcode
// directory CSV: the ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup
// (NSPL), which anyone may download from the ONS Open Geography Portal under the Open Government
// Licence v3.0, together with the local authority names file in the download's Documents folder.
//
//   node scripts/build-postcode-table.mjs                 the hand-made sample in data/postcode-sample/
//   node scripts/build-postcode-table.mjs \
//     --source ONSPD_MAY_2025_UK.csv \
//     --lad-names "Documents/LA_UA names and codes UK as at 04_25.csv" \
//     --name "ONS Postcode Directory (ONSPD) May 2025" [--out FILE] [--region-names FILE]
//   ... --check                                           rebuild in memory, exit 1 if FILE differs
//
// Columns are found by name, old or new style: the postcode in pcds (or pcd, pcd7, pcd8), the
// end date in doterm, the local authority district in oslaua, laua or ladNNcd, the region in rgn
// or rgnNNcd, the country in ctry or ctryNNcd. Postcodes with an end date (terminated) are left
// out unless --include-terminated; so are those with no district (the Channel Islands' and the
// Isle of Man's pseudo codes, ?99999999). Outside England the region is the nation.
//
// The output is deterministic: the same input gives the same bytes (sorted, no dates added).
import { createReadStream, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

const root = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE_DIR = join(root, 'data', 'postcode-sample');

const ATTRIBUTION = [
  'Contains OS data © Crown copyright and database right',
  'Contains Royal Mail data © Royal Mail copyright and database right',
  'Contains National Statistics data © Crown copyright and database right',
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
];

/** Names used when no names file gives one: the English regions and the four nations (GSS codes are stable). */
const BUILT_IN_REGIONS = new Map([
  ['E12000001', 'North East'],
  ['E12000002', 'North West'],
  ['E12000003', 'Yorkshire and The Humber'],
  ['E12000004', 'East Midlands'],
  ['E12000005', 'West Midlands'],
  ['E12000006', 'East of England'],
  ['E12000007', 'London'],
  ['E12000008', 'South East'],
  ['E12000009', 'South West'],
  ['E92000001', 'England'],
  ['W92000004', 'Wales'],
  ['S92000003', 'Scotland'],
  ['N92000002', 'Northern Ireland'],
]);

function usage(message) {
  if (message) console.error(`build-postcode-table: ${message}`);
  console.error('usage: node scripts/build-postcode-table.mjs [--source ONSPD-or-NSPL.csv --lad-names NAMES.csv [--region-names NAMES.csv] [--name TEXT]] [--include-terminated] [--allow-missing-names] [--out FILE] [--check]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { includeTerminated: false, allowMissingNames: false, check: false };
  const valued = { '--source': 'source', '--lad-names': 'ladNames', '--region-names': 'regionNames', '--name': 'name', '--out': 'out' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in valued) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts[valued[a]] = argv[++i];
    } else if (a === '--include-terminated') opts.includeTerminated = true;
    else if (a === '--allow-missing-names') opts.allowMissingNames = true;
    else if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!opts.source) {
    if (opts.ladNames || opts.regionNames || opts.name) usage('--lad-names, --region-names and --name go with --source');
    opts.sample = true;
    opts.source = join(SAMPLE_DIR, 'sample-postcodes.csv');
    opts.ladNames = join(SAMPLE_DIR, 'sample-lad-names.csv');
    opts.includeTerminated = true; // the sample's split sector is made of terminated postcodes; see its README
  } else if (!opts.ladNames && !opts.allowMissingNames) usage('--lad-names is needed with --source (or --allow-missing-names, to use codes as names)');
  opts.out ??= join(root, 'data', 'postcode-localities.json');
  return opts;
}

async function* csvRows(file) {
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  for await (const row of parser) yield row;
}

/** The first column whose lower-cased name passes the test, or -1. */
function column(header, ...tests) {
  const lower = header.map((h) => String(h).trim().toLowerCase());
  for (const t of tests) {
    const i = lower.findIndex((h) => (typeof t === 'string' ? h === t : t.test(h)));
    if (i >= 0) return i;
  }
  return -1;
}

/** A code-to-name file: its first column named ...CD and its first named ...NM. */
async function readNames(file) {
  const names = new Map();
  let code = -1;
  let name = -1;
  for await (const row of csvRows(file)) {
    if (code < 0) {
      code = column(row, /cd$/);
      name = column(row, /nm$/);
      if (code < 0 || name < 0) throw new Error(`${file}: no code column (…CD) and name column (…NM) in its header`);
      continue;
    }
    const c = String(row[code] ?? '').trim();
    const n = String(row[name] ?? '').trim();
    if (c && n) names.set(c, n);
  }
  return names;
}

const POSTCODE = /^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})$/;
const PSEUDO = /^[A-Z]99999999$/;

/** Read the directory: live postcodes grouped by sector, with their district and region codes. */
async function readDirectory(file, includeTerminated) {
  const sectors = new Map(); // "LS1 1" -> [[unit, ladCode]]
  const regionVotes = new Map(); // ladCode -> Map(regionCode -> count)
  const counts = { rows: 0, used: 0, terminated: 0, noDistrict: 0, badPostcode: 0 };
  let cols;
  for await (const row of csvRows(file)) {
    if (!cols) {
      cols = {
        postcode: column(row, 'pcds', 'pcd', 'pcd7', 'pcd8', 'pcd2'),
        doterm: column(row, 'doterm'),
        lad: column(row, 'oslaua', 'laua', /^lad\d\dcd$/, /^ltla\d*cd$/),
        region: column(row, 'rgn', /^rgn\d\dcd$/),
        country: column(row, 'ctry', /^ctry\d\dcd$/),
      };
      if (cols.postcode < 0 || cols.lad < 0) throw new Error(`${file}: its header has no postcode column (pcds) or no local authority column (oslaua, laua, ladNNcd)`);
      continue;
    }
    counts.rows++;
    if (cols.doterm >= 0 && String(row[cols.doterm] ?? '').trim() !== '' && !includeTerminated) {
      counts.terminated++;
      continue;
    }
    const lad = String(row[cols.lad] ?? '').trim().toUpperCase();
    if (lad === '' || PSEUDO.test(lad)) {
      counts.noDistrict++;
      continue;
    }
    const m = POSTCODE.exec(String(row[cols.postcode] ?? '').toUpperCase().replace(/\s+/g, ' ').trim());
    if (!m) {
      counts.badPostcode++;
      continue;
    }
    const sector = `${m[1]} ${m[2][0]}`;
    const unit = m[2].slice(1);
    let list = sectors.get(sector);
    if (!list) sectors.set(sector, (list = []));
    list.push([unit, lad]);
    counts.used++;
    const rgn = cols.region >= 0 ? String(row[cols.region] ?? '').trim().toUpperCase() : '';
    const ctry = cols.country >= 0 ? String(row[cols.country] ?? '').trim().toUpperCase() : '';
    const region = rgn && !PSEUDO.test(rgn) ? rgn : ctry && !PSEUDO.test(ctry) && ctry !== 'E92000001' ? ctry : '';
    let votes = regionVotes.get(lad);
    if (!votes) regionVotes.set(lad, (votes = new Map()));
    votes.set(region, (votes.get(region) ?? 0) + 1);
  }
  if (!cols) throw new Error(`${file}: empty`);
  return { sectors, regionVotes, counts };
}

const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The table from what readDirectory found; everything sorted so that the output is deterministic. */
function buildTable(found, ladNames, regionNames, source, allowMissingNames) {
  const ladCodes = [...found.regionVotes.keys()].sort(byKey);
  const missing = ladCodes.filter((c) => !ladNames.has(c));
  if (missing.length > 0 && !allowMissingNames) throw new Error(`no name for ${missing.length} local authority code(s): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} (give the names file of the same edition, or --allow-missing-names)`);
  // Each district's region: the one most of its postcodes give (ties: the lower code).
  const ladRegion = new Map();
  for (const code of ladCodes) {
    const votes = [...found.regionVotes.get(code)].filter(([r]) => r !== '').sort((a, b) => b[1] - a[1] || byKey(a[0], b[0]));
    ladRegion.set(code, votes[0]?.[0] ?? '');
  }
  const regionCodes = [...new Set(ladRegion.values())].filter((r) => r !== '').sort(byKey);
  const regionIndex = new Map(regionCodes.map((c, i) => [c, i]));
  const regions = regionCodes.map((c) => {
    const name = regionNames.get(c) ?? BUILT_IN_REGIONS.get(c);
    if (!name && !allowMissingNames) throw new Error(`no name for region ${c} (give --region-names)`);
    return [c, name ?? c];
  });
  const ladIndex = new Map(ladCodes.map((c, i) => [c, i]));
  const authorities = ladCodes.map((c) => [c, ladNames.get(c) ?? c, regionIndex.get(ladRegion.get(c)) ?? -1]);
  const sectors = [];
  let split = 0;
  for (const sector of [...found.sectors.keys()].sort(byKey)) {
    const units = found.sectors.get(sector).sort((a, b) => byKey(a[0], b[0]));
    const distinct = new Set(units.map((u) => u[1]));
    if (distinct.size === 1) {
      sectors.push([sector, ladIndex.get(units[0][1])]);
      continue;
    }
    split++;
    const runs = [];
    for (const [unit, lad] of units) {
      const last = runs[runs.length - 1];
      const index = ladIndex.get(lad);
      if (last && last[1] === unit) throw new Error(`${sector}${unit} is in the directory twice`);
      if (last && last[2] === index) last[1] = unit;
      else runs.push([unit, unit, index]);
    }
    sectors.push([sector, runs]);
  }
  return { table: { format: 'kil-postcode-localities', version: 1, source, regions, authorities, sectors }, split };
}

/** JSON with one region, authority or sector a line: readable diffs, still one JSON.parse. */
function serialise(table) {
  const lines = (items) => items.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  return (
    '{\n' +
    `  "format": ${JSON.stringify(table.format)},\n` +
    `  "version": ${table.version},\n` +
    `  "source": ${JSON.stringify(table.source)},\n` +
    `  "regions": [\n${lines(table.regions)}\n  ],\n` +
    `  "authorities": [\n${lines(table.authorities)}\n  ],\n` +
    `  "sectors": [\n${lines(table.sectors)}\n  ]\n` +
    '}\n'
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const found = await readDirectory(opts.source, opts.includeTerminated);
  const ladNames = opts.ladNames ? await readNames(opts.ladNames) : new Map();
  const regionNames = opts.regionNames ? await readNames(opts.regionNames) : new Map();
  const source = opts.sample
    ? {
        name: 'Hand-made sample: a few postcodes, not the ONS Postcode Directory',
        sample: true,
        licence: 'Open Government Licence v3.0 (ONS codes and postcode records; see data/postcode-sample/README.md for where each row comes from)',
        attribution: ATTRIBUTION,
        note: 'Covers only the postcodes in data/postcode-sample/; every other postcode resolves to none. Build the real table from ONSPD or NSPL with scripts/build-postcode-table.mjs (see data/POSTCODE-DATA-LICENCE.md) and point KIL_POSTCODE_TABLE at it, or ship it here.',
      }
    : {
        name: opts.name ?? basename(opts.source).replace(/\.csv$/i, ''),
        sample: false,
        licence: 'Open Government Licence v3.0',
        attribution: ATTRIBUTION,
        ...(opts.includeTerminated ? { note: 'Includes terminated postcodes.' } : {}),
      };
  const { table, split } = buildTable(found, ladNames, regionNames, source, opts.allowMissingNames);
  const text = serialise(table);
  const summary = `${found.counts.used} postcodes (of ${found.counts.rows} rows; ${found.counts.terminated} terminated, ${found.counts.noDistrict} without a district, ${found.counts.badPostcode} unreadable, left out) in ${table.sectors.length} sectors (${split} split between authorities), ${table.authorities.length} authorities, ${table.regions.length} regions; ${Buffer.byteLength(text)} bytes`;
  if (opts.check) {
    let current = '';
    try {
      current = readFileSync(opts.out, 'utf8');
    } catch {
      // a missing file differs
    }
    if (current !== text) {
      console.error(`build-postcode-table: ${opts.out} is not what the source builds (${summary}); run the script without --check to rebuild it`);
      process.exit(1);
    }
    console.log(`build-postcode-table: ${opts.out} is up to date: ${summary}`);
    return;
  }
  writeFileSync(`${opts.out}.tmp`, text);
  renameSync(`${opts.out}.tmp`, opts.out);
  console.log(`build-postcode-table: wrote ${opts.out}: ${summary}`);
}

main().catch((e) => {
  console.error(`build-postcode-table: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

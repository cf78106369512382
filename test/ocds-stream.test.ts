/**
 * Reading OCDS in a stream: the same imports whatever the shape (package, array, JSON Lines),
 * the chunking, the compression or the way in (whole, streamed, set aside on disk); bad lines
 * of JSON Lines reported by number and skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importedFiles } from '../src/cli/import-files.js';
import { ProcessStore, removeStaleSpills } from '../src/cli/process-store.js';
import { ProcessGroups, type Process } from '../src/import/ocds/group.js';
import { importOcds, OcdsReader, shippedRules, type ReaderOptions } from '../src/import/ocds/index.js';
import type { Json, OcdsItem } from '../src/import/ocds/items.js';
import { jsonLinesVerdict, looksLikeJsonLines } from '../src/import/ocds/reader.js';
import { CLI, ROOT, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'ocds');
const fixtureReleases = (): Json[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const d = JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Json;
      return Array.isArray(d.releases) ? (d.releases as Json[]) : [d];
    });

const bytes = (text: string) => new TextEncoder().encode(text);

/** Everything a reader hands over, fed in the given chunk sizes (cycled). */
function read(input: Uint8Array, options: ReaderOptions = {}, sizes: number[] = [input.length || 1]) {
  const items: OcdsItem[] = [];
  const diagnostics: { line: number; col: number; message: string }[] = [];
  const reader = new OcdsReader('in.json', { item: (i) => items.push(i), diagnostic: (d) => diagnostics.push({ line: d.line, col: d.col, message: d.message }) }, options);
  for (let at = 0, k = 0; at < input.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]!);
    reader.write(input.slice(at, at + n));
    at += n;
  }
  reader.end();
  return { items, diagnostics };
}

const ocids = (items: OcdsItem[]) => items.map((i) => i.ocid);
const STREAM: ReaderOptions = { wholeBelow: 0 };

describe('OcdsReader', () => {
  const releases = fixtureReleases();
  const pkg = JSON.stringify({ uri: 'u', version: '1.1', publisher: { name: 'p' }, releases }, null, 2);

  it('reads a release package the same whole and streamed, in any chunking', () => {
    const whole = read(bytes(pkg));
    expect(ocids(whole.items)).toEqual(releases.map((r) => r.ocid));
    expect(whole.diagnostics).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const streamed = read(bytes(pkg), STREAM, sizes);
        expect(streamed.diagnostics).toEqual([]);
        expect(streamed.items).toEqual(whole.items);
      }),
      { numRuns: 25, seed: 15 },
    );
  });

  it('reads a record package, an array of releases and one bare release streamed as whole', () => {
    const records = JSON.stringify({ records: [{ ocid: 'ocds-r-1', compiledRelease: releases[0], releases: [releases[0]] }, { ocid: 'ocds-r-2', releases: [releases[1]] }] });
    const array = JSON.stringify(releases.slice(0, 3));
    for (const text of [records, array]) {
      const whole = read(bytes(text));
      expect(whole.items.length).toBeGreaterThan(0);
      expect(read(bytes(text), STREAM, [97]).items).toEqual(whole.items);
    }
    // A bare release: read whole, or (larger than wholeBelow) rebuilt from its standard fields.
    const bare = JSON.stringify({ ...releases[0], uri: 'not a release field' });
    const streamedBare = read(bytes(bare), STREAM, [101]);
    expect(streamedBare.diagnostics).toEqual([]);
    expect(ocids(streamedBare.items)).toEqual([releases[0]!.ocid]);
    expect(streamedBare.items[0]!.releases[0]!.tender).toEqual(releases[0]!.tender);
    expect(streamedBare.items[0]!.releases[0]).not.toHaveProperty('uri');
  });

  it('reads JSON Lines: a release, a record or a package a line, CRLF, a BOM and blank lines', () => {
    const lines = ['\uFEFF' + JSON.stringify(releases[0]), '', JSON.stringify({ releases: [releases[1], releases[2]] }), JSON.stringify({ ocid: 'ocds-r-9', releases: [releases[3]] }).replace('"releases"', '"releases"')];
    const text = lines.join('\r\n') + '\r\n';
    for (const options of [{}, STREAM]) {
      const r = read(bytes(text), options, [13]);
      expect(r.diagnostics).toEqual([]);
      expect(ocids(r.items)).toEqual([releases[0]!.ocid, releases[1]!.ocid, releases[2]!.ocid, releases[3]!.ocid]);
    }
  });

  it('reports bad lines of JSON Lines by number and reads the rest', () => {
    const good = (i: number) => JSON.stringify({ ...releases[i % releases.length], ocid: `ocds-l-${i}` });
    const text = [good(1), '{"ocid": "ocds-bad", "tender": ', good(3), 'not json', '{"tender": {}}', '[1, 2]', good(7), '\u00ff'].join('\n');
    const input = bytes(text);
    input[input.length - 2] = 0xff; // an invalid UTF-8 byte on the last line
    for (const options of [{}, STREAM]) {
      const r = read(input, options, [50]);
      expect(ocids(r.items)).toEqual(['ocds-l-1', 'ocds-l-3', 'ocds-l-7']);
      expect(r.diagnostics.map((d) => d.line)).toEqual([2, 4, 5, 6, 6, 8]);
      expect(r.diagnostics[0]!.message).toMatch(/^line 2 is not valid JSON \(.+\); skipped$/);
      expect(r.diagnostics[2]!.message).toMatch(/^line 5: the release has no ocid/);
      expect(r.diagnostics[5]!.message).toMatch(/^line 8 is not UTF-8 text/);
    }
  });

  it('skips a line longer than the limit and says so, keeping the lines around it', () => {
    const text = [JSON.stringify(releases[0]), JSON.stringify({ ...releases[1], description: 'x'.repeat(70_000) }), JSON.stringify(releases[2])].join('\n');
    const r = read(bytes(text), { ...STREAM, maxLineBytes: 64 * 1024 }, [1000]);
    expect(ocids(r.items)).toEqual([releases[0]!.ocid, releases[2]!.ocid]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ line: 2 });
    expect(r.diagnostics[0]!.message).toMatch(/^line 2 is longer than .* MiB/);
  });

  it('tells JSON Lines from a pretty-printed or one-line document', () => {
    expect(looksLikeJsonLines(bytes('{"a":1}\n{"b":2}\n'), true)).toBe(true);
    expect(looksLikeJsonLines(bytes('garbage\n{"b":2}\n'), true)).toBe(true); // a bad first line
    expect(looksLikeJsonLines(bytes('{\n  "releases": [\n'), false)).toBe(false);
    expect(looksLikeJsonLines(bytes('{"releases":[]}'), true)).toBe(false);
    expect(looksLikeJsonLines(bytes('{"releases":[{"ocid":"a"}, '), false)).toBe(false);
    expect(jsonLinesVerdict(bytes('{"a":1}\n{"b"'), false)).toBe('unsure');
    expect(jsonLinesVerdict(bytes('{"a":1}'), true)).toBe('no');
  });

  it('stops at a syntax error in a streamed document, with its line and column, keeping what came before', () => {
    const text = `{"releases": [\n${JSON.stringify(releases[0])},\n  {"ocid": "x", oops}\n]}`;
    const r = read(bytes(text), STREAM, [7]);
    expect(ocids(r.items)).toEqual([releases[0]!.ocid]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ line: 3, col: 17 });
    expect(r.diagnostics[0]!.message).toMatch(/^not valid JSON \(Unexpected "o"\); the release or record before it was read; the rest of the file is skipped$/);
    const cut = read(bytes(pkg.slice(0, pkg.length - 40)), STREAM, [4096]);
    expect(cut.diagnostics.at(-1)!.message).toMatch(/the file ends inside the JSON: was it cut short\?/);
  });

  it('names bad elements of a streamed package as the whole read does', () => {
    for (const text of [JSON.stringify({ releases: [1, { tender: {} }, releases[0]] }), JSON.stringify({ records: [null, { ocid: 'r' }, { ocid: 'ocds-r', releases: [7, releases[0]] }] })]) {
      const whole = read(bytes(text));
      const streamed = read(bytes(text), STREAM, [5]);
      expect(whole.items).toHaveLength(1);
      expect(streamed.items).toEqual(whole.items);
      expect(streamed.diagnostics.map((d) => d.message)).toEqual(whole.diagnostics.map((d) => d.message));
    }
  });

  it('imports the same contracts from a package and from the same releases as JSON Lines', () => {
    const asLines = releases.map((r) => JSON.stringify(r)).join('\n');
    const a = importOcds('p.json', pkg);
    const b = importOcds('p.jsonl', asLines, STREAM);
    expect(b.diagnostics).toEqual([]);
    expect(b.imported).toEqual(a.imported);
  });
});

describe('ProcessStore', () => {
  const releases = fixtureReleases();
  /** 300 releases of 100 processes, each process's releases far apart (every 100th). */
  const items: OcdsItem[] = Array.from({ length: 300 }, (_, i) => ({ ocid: `ocds-s-${i % 100}`, releases: [{ ...releases[i % releases.length]!, ocid: `ocds-s-${i % 100}`, id: `r${i}` }] }));
  const key = (p: Process) => JSON.stringify(p);
  const inMemory = (): Process[] => {
    const g = new ProcessGroups();
    items.forEach((item, i) => g.add(item, i < 150 ? 'a.json' : 'b.json'));
    return g.processes();
  };

  it('groups the same processes when it sets the input aside on disk, and leaves nothing behind', () => {
    const dir = tempDir();
    const store = new ProcessStore(dir, { skipped: () => expect.unreachable() }, 20_000);
    items.forEach((item, i) => store.add(item, i < 150 ? 'a.json' : 'b.json', 5000));
    const grouped = [...store.processes()];
    store.dispose();
    expect(store.spilled).toBe(true);
    expect(grouped.map(key).sort()).toEqual(inMemory().map(key).sort());
    expect(readdirSync(dir)).toEqual([]);
  });

  it('splits a bucket too large to group in memory, by another hash', () => {
    const dir = tempDir();
    // A budget smaller than a bucket: every bucket is split again (and again) before grouping.
    const store = new ProcessStore(dir, { skipped: () => expect.unreachable() }, 1000);
    items.forEach((item, i) => store.add(item, i < 150 ? 'a.json' : 'b.json', 5000));
    const grouped = [...store.processes()];
    store.dispose();
    expect(grouped.map(key).sort()).toEqual(inMemory().map(key).sort());
    expect(readdirSync(dir)).toEqual([]);
  });

  it('holds no bucket file open between writes (256 open buckets failed an import under ulimit -n 256)', () => {
    const dir = tempDir();
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    const store = new ProcessStore(dir, { skipped: () => expect.unreachable() }, 20_000);
    items.forEach((item, i) => store.add(item, i < 150 ? 'a.json' : 'b.json', 5000));
    expect(store.spilled).toBe(true);
    expect(open() - before).toBeLessThan(4);
    store.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the spill folders of imports that are gone, and nothing else (30 killed imports left 828 MB)', () => {
    const dir = tempDir();
    const gone = '.kil-import-999999999-AbC123';
    const running = `.kil-import-${process.pid}-AbC123`;
    for (const d of [gone, running, '.kil-import-notes']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, '0.jsonl'), '[]\n');
    }
    expect(removeStaleSpills(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([running, '.kil-import-notes'].sort());
    // kil import ocds does it as it starts.
    mkdirSync(join(dir, gone));
    writeFileSync(join(dir, '.kil-999999999-0badf00d.tmp'), 'half a file');
    const r = spawnSync(process.execPath, [CLI, 'import', 'ocds', '-', '--out-dir', dir], { input: JSON.stringify(releases[0]), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir)).not.toContain(gone);
    expect(readdirSync(dir)).not.toContain('.kil-999999999-0badf00d.tmp');
  });

  it('gives the same contract files, in the same order, from a worker thread as from the main thread', async () => {
    // Half the releases come with their text as read (a line of JSON Lines), set aside as it is.
    const fill = () => {
      const store = new ProcessStore(tempDir(), { skipped: () => expect.unreachable() }, 20_000);
      items.forEach((item, i) => store.add(item, i < 150 ? 'a.json' : 'b.json', 5000, i % 2 === 0 ? JSON.stringify(item.releases[0]) : undefined));
      expect(store.spilled).toBe(true);
      return store;
    };
    // The worker as built (npm test builds first): it runs compiled code, as kil does.
    const workerUrl = pathToFileURL(join(ROOT, 'dist', 'cli', 'import-worker.js'));
    const files = async (store: ProcessStore, workers: number) => {
      const out: { ocid: string; text: string; facts: number; flagged: boolean }[] = [];
      for await (const f of importedFiles(store, shippedRules(), { workers, workerUrl })) out.push({ ocid: f.ocid, text: Buffer.from(f.bytes).toString('utf8'), facts: f.facts, flagged: f.flagged });
      store.dispose();
      return out;
    };
    const inThread = await files(fill(), 0);
    expect(inThread).toHaveLength(100);
    expect(await files(fill(), 1)).toEqual(inThread);
    expect(await files(fill(), 3)).toEqual(inThread);
  });

  it('keeps processes in memory, in first-seen order, while the input is small', () => {
    const store = new ProcessStore(tempDir(), { skipped: () => expect.unreachable() });
    items.forEach((item, i) => store.add(item, i < 150 ? 'a.json' : 'b.json', 100));
    expect(store.spilled).toBe(false);
    expect([...store.processes()].map(key)).toEqual(inMemory().map(key));
  });
});

describe('kil import ocds, streamed', () => {
  const releases = fixtureReleases();
  const run = (args: string[], input?: Buffer) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000' }, input, encoding: 'utf8', timeout: 60_000 });
  const contracts = (dir: string) => readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8').replace(/\(.*?\)\.\n/, '(INPUT).\n')]);

  it('imports gzipped JSON Lines from a file (no .gz name needed) and from stdin, as the plain package', () => {
    const dir = tempDir();
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, JSON.stringify({ releases }));
    const lines = `${releases.map((r) => JSON.stringify(r)).join('\n')}\n`;
    writeFileSync(join(dir, 'notices.data'), gzipSync(lines));
    const a = run(['import', 'ocds', pkg, '--out-dir', join(dir, 'a')]);
    const b = run(['import', 'ocds', join(dir, 'notices.data'), '--out-dir', join(dir, 'b')]);
    const c = run(['import', 'ocds', '-', '--out-dir', join(dir, 'c')], gzipSync(lines));
    for (const r of [a, b, c]) expect(r.status, r.stderr).toBe(0);
    expect(contracts(join(dir, 'b'))).toEqual(contracts(join(dir, 'a')));
    expect(contracts(join(dir, 'c'))).toEqual(contracts(join(dir, 'a')));
    expect(readFileSync(join(dir, 'c', readdirSync(join(dir, 'c'))[0]!), 'utf8')).toMatch(/\(standard input\)\./);
  });

  it('groups one process whose releases are in two inputs into one file naming both', () => {
    const dir = tempDir();
    const [first, second] = [{ ...releases[0]!, ocid: 'ocds-two-1', date: '2025-01-01T00:00:00Z' }, { ...releases[0]!, ocid: 'ocds-two-1', date: '2025-06-01T00:00:00Z', tender: { title: 'Newer title' } }];
    writeFileSync(join(dir, 'jan.jsonl'), `${JSON.stringify(first)}\n`);
    writeFileSync(join(dir, 'jun.jsonl'), `${JSON.stringify(second)}\n`);
    const r = run(['import', 'ocds', join(dir, 'jan.jsonl'), join(dir, 'jun.jsonl'), '--out-dir', join(dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['ocds-two-1.yaml']);
    const text = readFileSync(join(dir, 'out', 'ocds-two-1.yaml'), 'utf8');
    expect(text).toMatch(/jan\.jsonl, .*jun\.jsonl\)/);
    expect(text).toMatch(/title: Newer title/);
  });

  it('reports damaged gzip and bad lines, imports the rest, and exits 2', () => {
    const dir = tempDir();
    const lines = [JSON.stringify(releases[0]), '{oops', JSON.stringify(releases[1])].join('\n');
    writeFileSync(join(dir, 'lines.jsonl'), lines);
    const gz = gzipSync(Buffer.from(`${releases.map((r) => JSON.stringify(r)).join('\n')}\n`.repeat(3)));
    writeFileSync(join(dir, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    mkdirSync(join(dir, 'out'));
    const r = run(['import', 'ocds', join(dir, 'lines.jsonl'), join(dir, 'cut.jsonl.gz'), '--out-dir', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lines\.jsonl:2:2: line 2 is not valid JSON/);
    expect(r.stderr).toMatch(/cut\.jsonl\.gz: the gzip data is damaged at byte \d+ of the compressed input \(unexpected end of file\); the \d+ releases and records read before it were kept/);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(readdirSync(join(dir, 'out')).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps every release of gzip data with a wrong checksum or garbage after it, as gzip -dc does, and says where the damage is (exit 2; kept 0 of 50)', () => {
    const dir = tempDir();
    const body = Array.from({ length: 50 }, (_, i) => JSON.stringify({ ...releases[0]!, ocid: `ocds-gz-${i}`, id: `r-${i}` })).join('\n');
    const gz = gzipSync(Buffer.from(`${body}\n`));
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 8]! ^= 0xff;
    const cases: [string, Buffer, RegExp][] = [
      ['crc.jsonl.gz', badCrc, new RegExp(`damaged at byte ${gz.length - 8} of the compressed input \\(incorrect data check\\); the 50 releases and records read before it were kept`)],
      ['trail.jsonl.gz', Buffer.concat([gz, Buffer.from('trailing garbage')]), new RegExp(`damaged at byte ${gz.length} of the compressed input \\(garbage after the gzip data\\); the 50 releases`)],
    ];
    for (const [name, bytes, said] of cases) {
      writeFileSync(join(dir, name), bytes);
      const out = join(dir, `out-${name}`);
      const r = run(['import', 'ocds', join(dir, name), '--out-dir', out]);
      expect(r.stderr).toMatch(said);
      expect(r.status).toBe(2);
      expect(readdirSync(out).filter((f) => f.endsWith('.yaml'))).toHaveLength(50);
    }
    // Two gzip members one after the other (cat a.gz b.gz) are one input, as gzip -dc reads them.
    writeFileSync(join(dir, 'two.jsonl.gz'), Buffer.concat([gzipSync(Buffer.from(`${body}\n`)), gzipSync(Buffer.from(body.replace(/ocds-gz-/g, 'ocds-gz2-')))]));
    const two = run(['import', 'ocds', join(dir, 'two.jsonl.gz'), '--out-dir', join(dir, 'out-two')]);
    expect(two.status, two.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out-two')).filter((f) => f.endsWith('.yaml'))).toHaveLength(100);
  });

  it('writes thousands of files within a small limit of open files (ulimit -n 256)', () => {
    const dir = tempDir();
    const small = JSON.stringify({ ...releases[0]!, ocid: 'OCID', tender: { title: 'A small service' }, awards: [], contracts: [] });
    writeFileSync(join(dir, 'many.jsonl'), Array.from({ length: 2500 }, (_, i) => small.replace('OCID', `ocds-many-${i}`)).join('\n'));
    // Held open until they were made durable, a thousand files at a time ran out of descriptors.
    const r = spawnSync('bash', ['-c', 'ulimit -n 256 && exec "$@"', 'bash', process.execPath, CLI, 'import', 'ocds', join(dir, 'many.jsonl'), '--out-dir', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).length).toBe(2500);
  }, 60_000);
});

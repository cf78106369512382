import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { checkTable, findPostcode, localityOf, normalisePostcode, postcodeTableInfo, SHIPPED_TABLE, usePostcodeTable, type PostcodeTable } from '../src/geo/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(root, 'scripts/build-postcode-table.mjs');
const SAMPLE = join(root, 'data/postcode-sample/sample-postcodes.csv');
const NAMES = join(root, 'data/postcode-sample/sample-lad-names.csv');
const work = mkdtempSync(join(tmpdir(), 'kil-geo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => usePostcodeTable(undefined));

/** The sample source's rows, read plainly (its fields are quoted, none holds a comma). */
function sampleRows(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const cols = (line: string) => line.split(',').map((f) => f.replace(/^"|"$/g, ''));
  const names = cols(header as string);
  return lines.map((l) => Object.fromEntries(cols(l).map((v, i) => [names[i], v])));
}
const ladNames = new Map(
  readFileSync(NAMES, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',') as [string, string]),
);

describe('normalisePostcode', () => {
  it.each([
    ['LS1 1UR', 'LS1 1UR'],
    ['ls11ur', 'LS1 1UR'],
    ['  Ls1   1uR ', 'LS1 1UR'],
    ['SW1A2AA', 'SW1A 2AA'],
    ['ec1a 1bb', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['BT70 1HX', 'BT70 1HX'],
    ['GY1 3AQ', 'GY1 3AQ'],
    ['BX1 1LT', 'BX1 1LT'],
  ])('%s is %s', (text, expected) => {
    expect(normalisePostcode(text)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['LS1', 'a district only'],
    ['LS1 1U', 'a short inward code'],
    ['LS1 1UR1', 'a character too many'],
    ['XX1 1AA', 'no such area'],
    ['QA1 1AA', 'no such area (Q)'],
    ['LS1 1CI', 'inward letters C and I are never used'],
    ['LS1 1UK', 'inward letter K is never used'],
    ['W1I 1AA', 'I is not a district letter of an A9A district'],
    ['SW1C 1AA', 'C is not a district letter of an AA9A district'],
    ['GIR 0AA', "Girobank's"],
    ['BFPO 123', 'a British Forces number'],
    ['BF1 2AX', 'British Forces'],
    ['GX11 1AA', 'Gibraltar'],
    ['ASCN 1ZZ', 'Ascension Island'],
    ['STHL 1ZZ', 'St Helena'],
    ['KY1-1234', 'Cayman Islands'],
    ['12345', 'a ZIP code'],
    ['LS1-1UR', 'a hyphen'],
  ])('%s is not a postcode (%s)', (text) => {
    expect(normalisePostcode(text)).toBeUndefined();
  });
});

describe('findPostcode, at the end of an address', () => {
  it.each([
    ['1 High St, Leeds LS1 1UR', 'LS1 1UR'],
    ['Civic Hall, Calverley Street, Leeds, LS11UR', 'LS1 1UR'],
    ['civic hall, leeds ls1 1ur', 'LS1 1UR'],
    ['Civic Hall,   Leeds,   LS1    1UR  ', 'LS1 1UR'],
    ['10 Downing Street, London SW1A 2AA, United Kingdom', 'SW1A 2AA'],
    ['10 Downing Street, London SW1A 2AA UK.', 'SW1A 2AA'],
    ['Town Hall, Manchester, M60 2LA, England', 'M60 2LA'],
    ['Senedd, Cardiff Bay, CF99 1SN (Wales)', 'CF99 1SN'],
    ['City Hall\nBelfast\nBT1 5GS\n', 'BT1 5GS'],
    ['Unit 4,B1 1BB', 'B1 1BB'],
    ['LS1 1UR', 'LS1 1UR'],
    ['Leeds\u00a0LS1\u00a01UR', 'LS1 1UR'],
  ])('%j ends with %s', (address, expected) => {
    expect(findPostcode(address)).toBe(expected);
  });

  it.each([
    ['1 High Street, Leeds', 'no postcode'],
    ['Unit B12 3AB Park, Leeds', 'a postcode-like token not at the end'],
    ['Tel 0113 222 4444', 'a telephone number'],
    ['Flat 2B, 10 Road', 'a flat number'],
    ['Girobank, Bootle GIR 0AA', 'GIR 0AA'],
    ['HQ British Forces, BFPO 57', 'BFPO'],
    ['Main Street, Gibraltar GX11 1AA', 'an overseas territory'],
    ['Georgetown, Ascension Island ASCN 1ZZ', 'an overseas territory'],
    ['Somewhere XX1 1AA', 'no such area'],
    ['Leeds ALS1 1UR', 'glued to a word: ALS1 is not an outward code'],
    ['Leeds LS1 1UR2', 'a digit after the inward code'],
    ['', 'empty'],
  ])('%j has none (%s)', (address) => {
    expect(findPostcode(address)).toBeUndefined();
  });
});

describe('localityOf, over the shipped table', () => {
  it('says the shipped table is the hand-made sample, and where it is', () => {
    const info = postcodeTableInfo();
    expect(info.file).toBe(SHIPPED_TABLE);
    expect(info.source.sample).toBe(true);
    expect(info.sectors).toBe(13);
    expect(info.splitSectors).toBe(1);
  });

  // Each expected answer is checked below against the sample source itself, not only written here.
  const known: [string, string, string, string | undefined][] = [
    ['LS1 1UR', 'E08000035', 'Leeds', 'E12000003'],
    ['SW1A 2AA', 'E09000033', 'Westminster', 'E12000007'],
    ['SW1A 1AA', 'E09000033', 'Westminster', 'E12000007'],
    ['M60 2LA', 'E08000003', 'Manchester', 'E12000002'],
    ['B1 1BB', 'E08000025', 'Birmingham', 'E12000005'],
    ['EH99 1SP', 'S12000036', 'City of Edinburgh', 'S92000003'],
    ['G2 1DU', 'S12000049', 'Glasgow City', 'S92000003'],
    ['G46 8NG', 'S12000011', 'East Renfrewshire', 'S92000003'],
    ['CF99 1SN', 'W06000015', 'Cardiff', 'W92000004'],
    ['NP26 3DG', 'W06000021', 'Monmouthshire', 'W92000004'],
    ['BT1 5GS', 'N09000003', 'Belfast', 'N92000002'],
    ['BT70 1HX', 'N09000009', 'Mid Ulster', 'N92000002'],
  ];

  it.each(known)('%s is in %s (%s)', (postcode, code, name, region) => {
    const row = sampleRows().find((r) => r.pcds === postcode);
    expect(row, 'the postcode is in the sample source').toBeDefined();
    expect(row?.oslaua).toBe(code);
    expect(ladNames.get(code)).toBe(name);
    expect(row?.rgn?.endsWith('99999999') ? row?.ctry : row?.rgn).toBe(region);
    const found = localityOf(postcode.toLowerCase().replace(' ', ''));
    expect(found).toMatchObject({ postcode, authority: { code, name }, resolution: 'sector' });
    expect(found.region?.code).toBe(region);
    expect(found.ambiguous).toBeUndefined();
  });

  it('reads the postcode from the end of an address', () => {
    expect(localityOf('Civic Hall, Calverley St, Leeds ls1 1ur, UK')).toMatchObject({ postcode: 'LS1 1UR', authority: { code: 'E08000035' }, resolution: 'sector' });
  });

  it('answers for a postcode of a known single-authority sector that the source does not list, at sector level', () => {
    expect(localityOf('SW1A 2AB')).toMatchObject({ postcode: 'SW1A 2AB', authority: { code: 'E09000033', name: 'Westminster' }, region: { code: 'E12000007', name: 'London' }, resolution: 'sector' });
  });

  it('answers at district level when only the district is known, and it has one authority', () => {
    expect(localityOf('LS1 6AA')).toMatchObject({ postcode: 'LS1 6AA', authority: { code: 'E08000035' }, resolution: 'district' });
  });

  describe('a sector split between two authorities (AB1 0: Aberdeen City and Aberdeenshire)', () => {
    const rows = () => sampleRows().filter((r) => r.pcds?.startsWith('AB1 0'));

    it('places every postcode of the source in its own authority', () => {
      expect(rows().length).toBe(30);
      for (const row of rows()) {
        const found = localityOf(row.pcds as string);
        expect(found.resolution, row.pcds).toBe('postcode');
        expect(found.authority?.code, row.pcds).toBe(row.oslaua);
      }
    });

    it('places the interleaved one right: AB1 0AE is in Aberdeenshire between Aberdeen City postcodes', () => {
      expect(localityOf('AB1 0AD').authority).toEqual({ code: 'S12000033', name: 'Aberdeen City' });
      expect(localityOf('AB1 0AE').authority).toEqual({ code: 'S12000034', name: 'Aberdeenshire' });
      expect(localityOf('AB1 0AF').authority).toEqual({ code: 'S12000033', name: 'Aberdeen City' });
    });

    it('says ambiguous, not a wrong authority, for a postcode of the sector outside every run', () => {
      const found = localityOf('AB1 0ZZ');
      expect(found).toEqual({
        postcode: 'AB1 0ZZ',
        region: { code: 'S92000003', name: 'Scotland' },
        resolution: 'sector',
        ambiguous: true,
        candidates: [
          { code: 'S12000033', name: 'Aberdeen City' },
          { code: 'S12000034', name: 'Aberdeenshire' },
        ],
      });
      expect(found.authority).toBeUndefined();
      expect(localityOf('AB1 0AA').ambiguous).toBeUndefined();
    });

    it('says ambiguous at district level for an unknown sector of the split district', () => {
      expect(localityOf('AB1 9AA')).toMatchObject({ resolution: 'district', ambiguous: true, candidates: [{ code: 'S12000033' }, { code: 'S12000034' }] });
      expect(localityOf('AB1 9AA').authority).toBeUndefined();
    });
  });

  it.each([
    ['ZE1 0AA', 'a real area with nothing in the table'],
    ['LS2 7UE', 'a district not in the table'],
    ['GY1 3AQ', 'Guernsey: no local authority district (left out by the build)'],
    ['AB10 1AB', 'AB10 is not AB1'],
  ])('%s resolves to none (%s)', (postcode) => {
    expect(localityOf(postcode)).toEqual({ postcode, resolution: 'none' });
  });

  it.each(['', 'not a postcode', 'GIR 0AA', 'BFPO 57', 'XX1 1AA'])('%j is no postcode: none, with an empty postcode', (text) => {
    expect(localityOf(text)).toEqual({ postcode: '', resolution: 'none' });
  });
});

describe('the table', () => {
  const shipped = JSON.parse(readFileSync(SHIPPED_TABLE, 'utf8')) as PostcodeTable;

  it('is sound: sorted sectors, ordered runs that do not overlap, every index in range', () => {
    expect(checkTable(shipped)).toEqual([]);
    expect(readFileSync(SHIPPED_TABLE).length).toBeLessThan(4 * 1024 * 1024);
  });

  it('is what the build script makes of the sample (deterministic, up to date)', () => {
    execFileSync(process.execPath, [SCRIPT, '--check'], { stdio: 'pipe' });
    const out = join(work, 'again.json');
    execFileSync(process.execPath, [SCRIPT, '--out', out], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SHIPPED_TABLE, 'utf8'));
  });

  it.each<[string, (t: PostcodeTable) => void, RegExp]>([
    ['sectors out of order', (t) => t.sectors.reverse(), /out of order/],
    ['a sector twice', (t) => t.sectors.splice(1, 0, t.sectors[1] as PostcodeTable['sectors'][number]), /out of order or repeated/],
    ['an authority index out of range', (t) => ((t.sectors[1] as [string, number])[1] = 99), /authority 99/],
    ['overlapping runs', (t) => (((t.sectors[0] as [string, [string, string, number][]])[1][1] as [string, string, number])[0] = 'AC'), /overlaps/],
    ['a run that ends before it starts', (t) => (((t.sectors[0] as [string, [string, string, number][]])[1][3] as [string, string, number])[1] = 'AA'), /ends before/],
    ['a region index out of range', (t) => ((t.authorities[0] as [string, string, number])[2] = 42), /region 42/],
    ['a bad code', (t) => ((t.authorities[0] as [string, string, number])[0] = 'Leeds'), /authority 0/],
    ['a split sector all in one authority', (t) => (t.sectors[0] as [string, [string, string, number][]])[1].forEach((r) => (r[2] = 7)), /all its runs are in one authority/],
  ])('checkTable finds %s', (_, breakIt, problem) => {
    const t = structuredClone(shipped);
    breakIt(t);
    expect(checkTable(t).join('\n')).toMatch(problem);
    expect(() => usePostcodeTable(t)).toThrow(/broken/);
  });

  it('a broken table file is said loudly on first lookup, naming the file', () => {
    const file = join(work, 'broken.json');
    writeFileSync(file, JSON.stringify({ ...shipped, sectors: [...shipped.sectors].reverse() }));
    usePostcodeTable(file);
    expect(() => localityOf('LS1 1UR')).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*out of order`));
  });

  it('is not read until a lookup needs it: not on import, nor to parse a postcode', async () => {
    const missing = join(work, 'no-such-table.json');
    process.env.KIL_POSTCODE_TABLE = missing;
    try {
      vi.resetModules();
      const fresh = await import('../src/geo/index.js'); // a new instance of the module: would throw if it read the table
      expect(fresh.findPostcode('Leeds LS1 1UR')).toBe('LS1 1UR');
      expect(fresh.localityOf('not a postcode')).toEqual({ postcode: '', resolution: 'none' });
      expect(() => fresh.localityOf('LS1 1UR')).toThrow(/no-such-table\.json: the postcode table cannot be read/);
    } finally {
      delete process.env.KIL_POSTCODE_TABLE;
    }
  });

  it('KIL_POSTCODE_TABLE names another table file', () => {
    const other = join(work, 'other.json');
    writeFileSync(other, JSON.stringify({ ...shipped, source: { ...shipped.source, name: 'other' } }));
    process.env.KIL_POSTCODE_TABLE = other;
    try {
      usePostcodeTable(undefined);
      expect(postcodeTableInfo()).toMatchObject({ file: other, source: { name: 'other' } });
    } finally {
      delete process.env.KIL_POSTCODE_TABLE;
      usePostcodeTable(undefined);
    }
    expect(postcodeTableInfo().file).toBe(SHIPPED_TABLE);
  });
});

describe('the build script, on an ONSPD-shaped source', () => {
  const source = join(work, 'onspd.csv');
  const names = join(work, 'names.csv');
  const out = join(work, 'built.json');
  // NSPL-style new column names (2025): PCDS, DOTERM, LAD25CD, RGN25CD, CTRY25CD; a name with a comma.
  writeFileSync(
    source,
    [
      'PCD7,PCDS,DOINTR,DOTERM,LAD25CD,RGN25CD,CTRY25CD',
      'LS1 1UR,LS1 1UR,198001,,E08000035,E12000003,E92000001',
      'LS1 1AA,LS1 1AA,198001,200001,E08000035,E12000003,E92000001', // terminated: left out
      'HU1 2AA,HU1 2AA,198001,,E06000010,E12000003,E92000001',
      'HU1 2AB,HU1 2AB,198001,,E06000011,E12000003,E92000001',
      'HU1 2AD,HU1 2AD,198001,,E06000010,E12000003,E92000001',
      'IM1 1AA,IM1 1AA,198001,,M99999999,M99999999,M83000003', // no district: left out
      'CF10 1EP,CF10 1EP,198001,,W06000015,W99999999,W92000004',
    ].join('\n') + '\n',
  );
  writeFileSync(names, 'LAD25CD,LAD25NM,LAD25NMW\nE08000035,Leeds,\nE06000010,"Kingston upon Hull, City of",\nE06000011,East Riding of Yorkshire,\nW06000015,Cardiff,Caerdydd\n');

  it('builds a sound table: terminated and district-less postcodes left out, a split sector as runs, names with commas', () => {
    const said = execFileSync(process.execPath, [SCRIPT, '--source', source, '--lad-names', names, '--name', 'test edition', '--out', out], { encoding: 'utf8' });
    expect(said).toMatch(/5 postcodes \(of 7 rows; 1 terminated, 1 without a district/);
    const t = JSON.parse(readFileSync(out, 'utf8')) as PostcodeTable;
    expect(checkTable(t)).toEqual([]);
    expect(t.source).toMatchObject({ name: 'test edition', sample: false, licence: 'Open Government Licence v3.0' });
    expect(t.source.attribution).toContain('Contains Royal Mail data © Royal Mail copyright and database right');
    expect(t.sectors.map((s) => s[0])).toEqual(['CF10 1', 'HU1 2', 'LS1 1']);
    expect(t.sectors[1]?.[1]).toEqual([['AA', 'AA', 0], ['AB', 'AB', 1], ['AD', 'AD', 0]]);
    expect(t.authorities[0]).toEqual(['E06000010', 'Kingston upon Hull, City of', 0]);
    expect(t.regions).toEqual([['E12000003', 'Yorkshire and The Humber'], ['W92000004', 'Wales']]);
    usePostcodeTable(out);
    expect(localityOf('HU1 2AB').authority?.name).toBe('East Riding of Yorkshire');
    expect(localityOf('HU1 2AZ')).toMatchObject({ resolution: 'sector', ambiguous: true });
    expect(localityOf('LS1 1AA')).toMatchObject({ resolution: 'sector', authority: { code: 'E08000035' } });
    expect(localityOf('CF10 1EP')).toMatchObject({ authority: { name: 'Cardiff' }, region: { code: 'W92000004', name: 'Wales' } });
    expect(localityOf('IM1 1AA')).toEqual({ postcode: 'IM1 1AA', resolution: 'none' });
  });

  it('gives the same bytes twice', () => {
    const again = join(work, 'built-again.json');
    execFileSync(process.execPath, [SCRIPT, '--source', source, '--lad-names', names, '--name', 'test edition', '--out', again], { stdio: 'pipe' });
    execFileSync(process.execPath, [SCRIPT, '--source', source, '--lad-names', names, '--name', 'test edition', '--out', out], { stdio: 'pipe' });
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('refuses a district with no name, and a source without the columns it needs', () => {
    writeFileSync(join(work, 'few-names.csv'), 'LAD25CD,LAD25NM\nE08000035,Leeds\n');
    const missing = spawnSync(process.execPath, [SCRIPT, '--source', source, '--lad-names', join(work, 'few-names.csv'), '--out', join(work, 'x.json')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no name for 3 local authority code\(s\): E06000010, E06000011, W06000015/);
    writeFileSync(join(work, 'bad.csv'), 'postcode,council\nLS1 1UR,Leeds\n');
    const bad = spawnSync(process.execPath, [SCRIPT, '--source', join(work, 'bad.csv'), '--lad-names', names, '--out', join(work, 'x.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no postcode column/);
  });
});

// ---------------------------------------------------------------------------------------------
// Sabotage audit: each test below fails when the promise it names is broken on purpose.

describe('sabotage audit: postcodes and their lookup', () => {
  it('takes a postcode in any spacing, a tab or a no-break space included', () => {
    expect(normalisePostcode('LS1\t1UR')).toBe('LS1 1UR');
    expect(normalisePostcode('CR0\u00a01EA')).toBe('CR0 1EA');
    expect(normalisePostcode(' sw1a\n2aa ')).toBe('SW1A 2AA');
  });

  it.each(['E1W 1AA', 'N1C 4AA', 'W1A 0AX', 'EC1A 1BB', 'SE1P 5LX'])('%s, an A9A or AA9A district, is a postcode', (text) => {
    expect(normalisePostcode(text)).toBe(text);
  });

  it('reads the postcode before a trailing "Scotland" or "Northern Ireland"', () => {
    expect(findPostcode('Waverley Court, Edinburgh EH8 8BG, Scotland')).toBe('EH8 8BG');
    expect(findPostcode('City Hall, Belfast BT1 5GS, Northern Ireland')).toBe('BT1 5GS');
  });

  it('falls back to the district for a four-character district too (SW1A, EH99), not only LS1', () => {
    expect(localityOf('SW1A 9ZZ')).toMatchObject({ postcode: 'SW1A 9ZZ', authority: { code: 'E09000033', name: 'Westminster' }, resolution: 'district' });
    expect(localityOf('EH99 9AA')).toMatchObject({ authority: { code: 'S12000036' }, resolution: 'district' });
  });

  describe('a sector split between authorities in two regions', () => {
    // Sutton (London) is index 0 and Elmbridge (South East) index 1, so index order is not code order.
    const table: PostcodeTable = {
      format: 'kil-postcode-localities',
      version: 1,
      source: { name: 'test', sample: false, licence: 'test', attribution: [] },
      regions: [['E12000007', 'London'], ['E12000008', 'South East']],
      authorities: [['E09000029', 'Sutton', 0], ['E07000207', 'Elmbridge', 1]],
      sectors: [['KT1 1', [['AA', 'AB', 0], ['AD', 'AE', 1]]]],
    };

    it('a postcode in no run: ambiguous, with no region guessed, and the candidates by code', () => {
      usePostcodeTable(table);
      expect(localityOf('KT1 1ZZ')).toEqual({
        postcode: 'KT1 1ZZ',
        resolution: 'sector',
        ambiguous: true,
        candidates: [
          { code: 'E07000207', name: 'Elmbridge' },
          { code: 'E09000029', name: 'Sutton' },
        ],
      });
      expect(localityOf('KT1 1AE')).toMatchObject({ authority: { name: 'Elmbridge' }, region: { name: 'South East' }, resolution: 'postcode' });
      expect(localityOf('KT1 9AA')).toMatchObject({ resolution: 'district', ambiguous: true });
      expect(localityOf('KT1 9AA').region).toBeUndefined();
    });
  });
});

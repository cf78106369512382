/// <reference lib="dom" />
/**
 * The HTML report and portfolio.html in a real browser: the system's headless Chromium (never a
 * downloaded one), driven by puppeteer-core. The pages are shown, screenshotted and printed to
 * PDF: not blank, the chart's eleven bars with their labels, no label on top of another or cut
 * off, nothing fetched, and A4 pages.
 *
 * Chromium is found at CHROMIUM_PATH, else as `chromium` on PATH (Debian: apt-get install
 * chromium; .ci/run installs it). Without it the tests fail in CI (CI or KIL_REQUIRE_BROWSER
 * set) and are skipped, with a message, elsewhere.
 *
 * Screenshots go to KIL_SCREENSHOTS or $TMPDIR/kil-screenshots, and their paths are printed.
 */
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, runCli, tempDir } from './helpers.js';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else `chromium` on PATH; undefined when neither is there. */
function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given) return executable(given) ? given : undefined;
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'))
    .find(executable);
}

const CHROMIUM = findChromium();
const REQUIRED = Boolean(process.env.CI || process.env.KIL_REQUIRE_BROWSER);
const MISSING = `no Chromium: ${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable` : '"chromium" is not on PATH'}; install it (Debian: apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`;
const SHOTS = process.env.KIL_SCREENSHOTS ?? join(tmpdir(), 'kil-screenshots');

const LONG_TITLE = 'Eastfield <script>alert(1)</script> & "friends": food, advice and befriending for every neighbourhood of the county, lot by lot';

/** A4 in PostScript points: 210 mm x 297 mm. */
const A4 = { width: 595.28, height: 841.89 };

if (!CHROMIUM && !REQUIRED) console.warn(`browser.test.ts skipped: ${MISSING}. In CI (CI or KIL_REQUIRE_BROWSER set) this fails instead.`);

describe.runIf(!CHROMIUM && REQUIRED)('the browser tests in CI', () => {
  it('need Chromium', () => {
    throw new Error(MISSING);
  });
});

describe.runIf(Boolean(CHROMIUM))('in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir();
  const shots: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The outputs as a user gets them: kil assess --format html, kil batch --out-dir.
    for (const name of ['community-mental-health.yaml', 'draft-youth-services.yaml', 'small-vcse-grant.yaml', 'regional-outsourcing.yaml']) {
      writeFileSync(join(dir, name), readFileSync(join(EXAMPLES_DIR, name)));
    }
    // A title far too long for the heatmap's column, and one that looks like markup.
    writeFileSync(join(dir, 'zz-long-title.yaml'), readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8').replace(/^  title: .*$/m, `  title: ${JSON.stringify(LONG_TITLE)}`));
    for (const args of [['assess', 'community-mental-health.yaml', '--format', 'html'], ['assess', 'draft-youth-services.yaml', '--format', 'html'], ['assess', 'community-mental-health.yaml'], ['batch', '.', '--out-dir', 'out']]) {
      const r = runCli([...args, '-q'], { cwd: dir });
      if (r.code !== 0 && !(args[0] === 'batch' && r.code === 3)) throw new Error(`kil ${args.join(' ')}: ${r.code} ${r.stderr}`);
    }
    // Root (a container, CI) cannot use Chromium's sandbox.
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shots.length > 0) console.log(`screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  });

  /** Open a file with every request other than the file itself refused and recorded. */
  async function open(file: string, width = 900): Promise<{ page: Page; fetched: string[] }> {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    const fetched: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url() === url) return void request.continue();
      fetched.push(request.url());
      void request.abort();
    });
    await page.setViewport({ width, height: 1000 });
    await page.goto(url, { waitUntil: 'load' });
    return { page, fetched };
  }

  async function screenshot(page: Page, name: string): Promise<string> {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
    return path;
  }

  /** The share of a PNG's pixels that are not white, read back by the browser itself. */
  async function inked(png: string): Promise<number> {
    const page = await browser.newPage();
    const data = `data:image/png;base64,${readFileSync(png).toString('base64')}`;
    const share = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i]! < 200 || px[i + 1]! < 200 || px[i + 2]! < 200) dark++;
      return dark / (px.length / 4);
    }, data);
    await page.close();
    return share;
  }

  /**
   * Every text in the SVGs on the page against every other and every bar or cell: any two texts
   * that overlap, any text partly over a shape (a text inside its cell is fine), any outside its chart.
   */
  async function textLayout(page: Page): Promise<{ overlaps: string[]; outside: string[] }> {
    return page.evaluate(() => {
      const overlaps: string[] = [];
      const outside: string[] = [];
      // Lines of text may touch (ascenders and descenders); more than a pixel each way is an overlap.
      const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      const inside = (a: DOMRect, b: DOMRect) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
      for (const svg of Array.from(document.querySelectorAll('svg'))) {
        const frame = svg.getBoundingClientRect();
        const texts = Array.from(svg.querySelectorAll('text')).map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
        // The shapes drawn: every rect but the white background.
        const shapes = Array.from(svg.querySelectorAll('rect')).slice(1).map((r) => r.getBoundingClientRect());
        for (const t of texts) {
          if (!inside(t.r, frame)) outside.push(t.text);
          const hit = shapes.find((r) => overlap(t.r, r) && !inside(t.r, r));
          if (hit) overlaps.push(`"${t.text}" over a shape at ${Math.round(hit.left)},${Math.round(hit.top)}`);
        }
        texts.forEach((a, i) => {
          for (const b of texts.slice(i + 1)) if (overlap(a.r, b.r)) overlaps.push(`"${a.text}" and "${b.text}"`);
        });
      }
      return { overlaps, outside };
    });
  }

  /** Print to PDF as a person would (the page's own @page size) and read each page's size in points. */
  async function printed(page: Page, name: string): Promise<{ sizes: [number, number][]; pages: number }> {
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    writeFileSync(join(SHOTS, `${name}.pdf`), pdf);
    shots.push(join(SHOTS, `${name}.pdf`));
    const text = pdf.toString('latin1');
    const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
    const pages = [...text.matchAll(/\/Type\s*\/Page\b/g)].length;
    return { sizes, pages };
  }

  it('shows the HTML report: not blank, the chart\'s eleven bars with their labels, nothing fetched, no label on another', async () => {
    const { page, fetched } = await open(join(dir, 'community-mental-health.report.html'));
    const png = await screenshot(page, 'report');
    expect(await inked(png)).toBeGreaterThan(0.03);
    expect(fetched).toEqual([]);
    const bars = await page.$$eval('figure svg .kil-bar', (gs) =>
      gs.map((g) => ({
        id: g.getAttribute('data-area'),
        label: g.querySelector('.kil-bar-label')!.textContent,
        value: Array.from(g.querySelectorAll('.kil-bar-value tspan')).map((t) => t.textContent),
        width: g.getBoundingClientRect().width,
      })),
    );
    expect(bars.map((b) => b.id)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(bars.map((b) => b.label)).toEqual([
      'S1Step 1: Take a place-based approach',
      'S2Step 2: Demonstrate social value',
      'S3Step 3: Build community capacity',
      'S4Step 4: Set a maximum contract value',
      'S5Step 5: Involve local people through co-design',
      'P1Principle 1: Think about the whole system, not service silos',
      'P2Principle 2: Co-ordinate services at the neighbourhood level',
      'P3Principle 3: Increase local spend to invest in the local economy',
      'P4Principle 4: Focus on early intervention now to save costs tomorrow',
      'P5Principle 5: Commit to your community and support local organisations',
      'P6Principle 6: Commission simply and collaboratively',
    ]);
    expect(bars[4]!.value).toEqual(['33.3', 'Not local yet']);
    for (const b of bars) expect(b.width).toBeGreaterThan(300);
    expect(await textLayout(page)).toEqual({ overlaps: [], outside: [] });
    // The stylesheet applied: the Content-Security-Policy allowed it by its hash.
    expect(await page.$eval('h2', (h) => getComputedStyle(h).borderBottomStyle)).toBe('solid');
    await page.close();
  }, 120_000);

  it('prints the HTML report on A4, the summary and chart on the first page', async () => {
    const { page } = await open(join(dir, 'community-mental-health.report.html'));
    const { sizes, pages } = await printed(page, 'report');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(sizes).toHaveLength(pages);
    for (const [w, h] of sizes) {
      expect(Math.abs(w - A4.width)).toBeLessThan(1);
      expect(Math.abs(h - A4.height)).toBeLessThan(1);
    }
    // Laid out as printed (A4 less the page margins: 182 mm wide, 267 mm tall): the chart ends within the first page.
    await page.emulateMediaType('print');
    await page.setViewport({ width: Math.round((182 / 25.4) * 96), height: 1000 });
    const chartBottom = await page.$eval('figure.chart', (f) => f.getBoundingClientRect().bottom + window.scrollY);
    expect(chartBottom).toBeLessThan((267 / 25.4) * 96);
    expect(await page.$eval('section.recommendations', (s) => getComputedStyle(s).breakBefore)).toBe('page');
    await page.close();
  }, 120_000);

  it('shows a provisional report, its chart before the questions to answer', async () => {
    const { page, fetched } = await open(join(dir, 'draft-youth-services.report.html'));
    const png = await screenshot(page, 'report-provisional');
    expect(await inked(png)).toBeGreaterThan(0.03);
    expect(fetched).toEqual([]);
    expect(await page.$$eval('figure svg .kil-bar', (gs) => gs.length)).toBe(11);
    expect(await page.$eval('h2', (h) => h.textContent)).toBe('Overall: 19.5 / 100, Provisional: too little answered');
    expect(await textLayout(page)).toEqual({ overlaps: [], outside: [] });
    await page.close();
  }, 120_000);

  it('shows portfolio.html: the band chart and the heatmap, every contract a row, on A4 when printed', async () => {
    const { page, fetched } = await open(join(dir, 'out', 'portfolio.html'));
    const png = await screenshot(page, 'portfolio');
    expect(await inked(png)).toBeGreaterThan(0.03);
    expect(fetched).toEqual([]);
    const rows = await page.$$eval('.kil-heatmap-row .kil-contract', (ts) => ts.map((t) => t.textContent!));
    expect(rows).toHaveLength(5);
    expect(rows).toContain('Community mental health support');
    expect(rows.at(-1)).toBe('Youth services in three localities (draft)'); // the provisional one, apart
    // The long title is cut to its column, in full in the tooltip; its markup is text.
    const long = rows.find((r) => r.startsWith('Eastfield <script>'))!;
    expect(long.endsWith('…') && LONG_TITLE.startsWith(long.slice(0, -1))).toBe(true);
    expect(await page.$$eval('.kil-heatmap-row title', (ts) => ts.map((t) => t.textContent))).toContain(`${LONG_TITLE}: 93.9 / 100, Local by default`);
    expect(await page.$$eval('script', (ss) => ss.length)).toBe(0);
    const cells = await page.$$eval('.kil-heatmap-row', (gs) => gs.map((g) => g.querySelectorAll('rect').length));
    expect(cells).toEqual([12, 12, 12, 12, 12]); // the overall and eleven steps and principles
    expect(await page.$$eval('.kil-band-bar', (gs) => gs.map((g) => g.querySelector('title')!.textContent))).toEqual([
      'Not local yet from 0: 1 contract',
      'Developing from 40: 1 contract',
      'Local by default from 70: 2 contracts',
      'Provisional: too little answered: 1 contract',
    ]);
    expect(await textLayout(page)).toEqual({ overlaps: [], outside: [] });
    // Every table heading fits its cell ("Score so far" ran on into "File" in the provisional table).
    const spilled = await page.$$eval('th', (ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent));
    expect(spilled).toEqual([]);
    const { sizes, pages } = await printed(page, 'portfolio');
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const [w, h] of sizes) expect([Math.abs(w - A4.width) < 1, Math.abs(h - A4.height) < 1]).toEqual([true, true]);
    await page.close();
  }, 120_000);

  it('opens each SVG file on its own, as a markdown viewer shows it: well-formed, drawn, labels clear', async () => {
    for (const [file, name] of [
      [join(dir, 'community-mental-health.report.svg'), 'chart'],
      [join(dir, 'out', 'portfolio-heatmap.svg'), 'heatmap'],
      [join(dir, 'out', 'portfolio-bands.svg'), 'bands'],
    ] as const) {
      const { page, fetched } = await open(file, 800);
      expect(await page.evaluate(() => [document.documentElement.tagName, document.querySelectorAll('parsererror').length]), name).toEqual(['svg', 0]);
      const png = await screenshot(page, name);
      expect(await inked(png), name).toBeGreaterThan(0.02);
      expect(fetched).toEqual([]);
      expect(await textLayout(page), name).toEqual({ overlaps: [], outside: [] });
      await page.close();
    }
  }, 120_000);
});

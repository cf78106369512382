/// <reference lib="dom" />
/**
 * profile.html in a real browser, as browser.test.ts shows the reports: the system's headless
 * Chromium (CHROMIUM_PATH, else `chromium` on PATH) driven by puppeteer-core. The page loads
 * with no console message or page error, fetches nothing, shows both charts of every buyer with
 * their bars, and is screenshotted (KIL_SCREENSHOTS or $TMPDIR/kil-screenshots). Skipped without
 * Chromium, failed instead in CI (CI or KIL_REQUIRE_BROWSER set).
 */
import { accessSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const CHROMIUM = process.env.CHROMIUM_PATH
  ? executable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined
  : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'chromium')).find(executable);
const REQUIRED = Boolean(process.env.CI || process.env.KIL_REQUIRE_BROWSER);
const SHOTS = process.env.KIL_SCREENSHOTS ?? join(tmpdir(), 'kil-screenshots');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'ocds');

describe.runIf(!CHROMIUM && REQUIRED)('the profile browser test in CI', () => {
  it('needs Chromium', () => {
    throw new Error('no Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH');
  });
});

describe.runIf(Boolean(CHROMIUM))('profile.html in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const notices = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => join(FIXTURES, f));
    const imported = runCli(['import', 'ocds', ...notices, '--out-dir', join(dir, 'contracts')]);
    if (imported.code !== 0) throw new Error(imported.stderr);
    const r = runCli(['profile', 'contracts', '--out-dir', 'out', '--min-contracts', '1', '-q'], { cwd: dir });
    if (r.code !== 0) throw new Error(`kil profile: ${r.code} ${r.stderr}`);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders without console errors, fetches nothing, and shows both charts of every buyer', async () => {
    const page = await browser.newPage();
    const file = join(dir, 'out', 'profile.html');
    const url = pathToFileURL(file).href;
    const messages: string[] = [];
    const fetched: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${String(e)}`));
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url() === url) return void request.continue();
      fetched.push(request.url());
      void request.abort();
    });
    await page.setViewport({ width: 900, height: 1000 });
    await page.goto(url, { waitUntil: 'load' });
    const shot = join(SHOTS, 'profile.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    expect(messages).toEqual([]);
    expect(fetched).toEqual([]);
    const figures = await page.evaluate(() =>
      Array.from(document.querySelectorAll('section[id^="buyer-"]')).map((s) => ({
        heading: s.querySelector('h2')?.textContent ?? '',
        charts: s.querySelectorAll('figure svg').length,
        bars: Array.from(s.querySelectorAll('figure svg')).map((svg) => svg.querySelectorAll('g.kil-profile-bar').length),
        // Every chart drawn at a real size.
        sizes: Array.from(s.querySelectorAll('figure svg')).map((svg) => svg.getBoundingClientRect().height > 30),
      })),
    );
    expect(figures).toHaveLength(9);
    for (const f of figures) {
      expect(f.charts, f.heading).toBe(2);
      expect(f.bars.every((n) => n >= 1), f.heading).toBe(true);
      expect(f.sizes.every(Boolean), f.heading).toBe(true);
    }
    await page.close();
  }, 60_000);
});

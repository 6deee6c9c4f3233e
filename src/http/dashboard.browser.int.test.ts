import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey } from '../auth/api-keys.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../predictions/runtime.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { memoryLogger } from '../graphql/testing.js';
import { createTestRuntime, type TestRuntime } from '../test-utils/runtime.js';
import { builtInModels } from '../models/built-in.js';
import { registerModel } from '../embeddings/registry.js';
import { createServer, type StratumServer } from '../server.js';
import { ensureDemoCorpus } from '../../seeds/demo/ensure.js';
import { dashboardDir } from './dashboard.js';

/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core) against the real
 * server: a 120-image demo corpus through the real importer, both built-in models, on-demand evaluation queued
 * (inline threshold below the scope) so the explorer shows live progress until COMPLETE.
 *
 * Screenshots go to $DASHBOARD_SCREENSHOTS (docs/screenshots for the README), else to a temporary folder.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = process.env.DASHBOARD_SCREENSHOTS
  ? resolve(process.env.DASHBOARD_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'stratum-shots-'));
const GENERALIST = 'ubench-demo-clip';
const SPECIALIST = 'ubench-demo-specialist';

let rt: TestRuntime;
let emb: EvaluationRuntime;
let server: StratumServer;
let browser: Browser;
let page: Page;
let base: string;
let secret: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(dashboardDir, 'index.html'))) execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(shots, { recursive: true });
  rt = await createTestRuntime();
  await ensureDemoCorpus(rt, { corpus: { count: 120 }, progressBar: false, log: () => undefined });
  for (const model of builtInModels) await registerModel(rt.handle, model);
  secret = (await createApiKey(rt.db.db, 'browser-test')).secret;
  emb = await evaluationRuntimeFor(rt, { settings: { ...loadEmbeddingSettings({}), evalInlineThreshold: 50 } });
  server = await createServer(rt, { log: memoryLogger() });
  base = (await server.listen(0, '127.0.0.1')).url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emb?.close();
  await rt?.destroy();
});

/** Waits until the element matching `selector` shows `text` (a substring or a pattern). */
const waitText = (selector: string, text: string | RegExp) =>
  page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 60_000 });
/** The accessible names of the heatmap's cells (model, value, accuracy, interval, chance, runs, revision). */
const cellLabels = async () =>
  Promise.all((await page.locator('[data-cell]').all()).map((c) => c.getAttribute('aria-label')));
const heatCell = (model: string, x: string) => page.locator(`[data-cell^="${model}|${x}"]`);

describe('dashboard in headless Chromium', () => {
  test('results explorer: live coverage until COMPLETE, heatmap of both models, intervals, first-screen time', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('h1').innerText()).toBe('Results explorer');
    // On-demand: queued runs report progress, the page polls until every model's coverage is COMPLETE.
    await page.locator('[data-testid="coverage"][data-complete="true"]').waitFor({ timeout: 180_000 });
    const coverage = await page.locator('[data-testid="coverage"]').innerText();
    expect(coverage).toContain(GENERALIST);
    expect(coverage).toContain(SPECIALIST);
    expect(coverage.match(/COMPLETE/g)).toHaveLength(2);
    await page.locator('h2', { hasText: 'Accuracy by Task' }).waitFor();
    expect(await heatCell(GENERALIST, 'colorectal-tissue').count()).toBe(1);
    expect(await heatCell(SPECIALIST, 'cell-contour').count()).toBe(1);
    // The specialist fails on biology tasks; the generalist does not (the cell's accessible name carries n/correct).
    const spec = await heatCell(SPECIALIST, 'cell-contour').getAttribute('aria-label');
    const gen = await heatCell(GENERALIST, 'cell-contour').getAttribute('aria-label');
    const acc = (label: string | null) => Number(/accuracy ([\d.]+) %/.exec(label ?? '')?.[1]);
    expect(acc(gen) - acc(spec)).toBeGreaterThan(30);
    expect(await page.locator('[data-testid="intervals"] svg').count()).toBeGreaterThan(0);
    // Chance per cell (from ResultSlice.chanceAccuracy): in each cell's name and text, differing between tasks.
    const labels = await cellLabels();
    const chances = labels.map((l) => Number(/chance ([\d.]+) %/.exec(l ?? '')?.[1]));
    expect(chances.every((c) => c > 0 && c < 100)).toBe(true);
    expect(new Set(chances).size).toBeGreaterThan(1);
    const cellTexts = await page.locator('[data-testid="heatmap"] g.chance-level text').allTextContents();
    expect(cellTexts).toHaveLength(labels.length);
    expect(cellTexts.every((t) => /^chance \d+$/.test(t))).toBe(true);
    expect(await page.locator('[data-testid="chance-range"]').innerText()).toMatch(
      /^chance [\d.]+ % – [\d.]+ % by cell$/,
    );
    expect(await page.locator('[data-testid="heatmap"]').innerText()).toContain('0 = chance');
    // …and as one tick per interval row on the dot-and-whisker chart.
    expect(await page.locator('[data-testid="intervals"] g.chance-level line').count()).toBe(labels.length);
    await page.screenshot({ path: join(shots, 'explorer.png'), fullPage: true });

    // First screen, measured (not asserted) on a warm server: navigation start → the heatmap's first paint (the
    // page marks `heatmap-drawn`), median of five loads.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/`);
      await page.locator('[data-testid="heatmap"] svg').first().waitFor();
      times.push(
        await page.evaluate<number>(`new Promise((ok) => requestAnimationFrame(() =>
          ok(performance.getEntriesByName('heatmap-drawn')[0].startTime)))`),
      );
    }
    const median = [...times].sort((a, b) => a - b)[2]!;
    console.log(
      `first screen: heatmap drawn, median ${median.toFixed(0)} ms after navigation start (${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
  });

  test('benchmark revision picker (URL state) and the caption-template axis', async () => {
    await page.goto(`${base}/`);
    await page.locator('[data-testid="coverage"][data-complete="true"]').waitFor({ timeout: 60_000 });
    const picker = page.getByLabel('Benchmark revision');
    const option = picker.locator('option', { hasText: '@' }).first();
    const revision = /@ (\S+)/.exec(await option.innerText())![1]!;
    await picker.selectOption((await option.getAttribute('value'))!);
    await page.waitForURL(/revision=\d+/);
    // A new scope (the benchmark filter): its on-demand runs may start; wait until COMPLETE.
    await page.locator('[data-testid="coverage"][data-complete="true"]').waitFor({ timeout: 180_000 });
    await heatCell(GENERALIST, 'cell-contour').waitFor();
    const revs = await cellLabels();
    expect(revs.length).toBeGreaterThan(2);
    expect(revs.every((l) => l?.includes(`revision ${revision}`))).toBe(true);
    // A revision that counts no run: the page says so instead of showing another revision's figures.
    const slug = (await option.getAttribute('value'))!.split('@')[0]!;
    await page.goto(`${base}/?benchmark=${slug}&revision=999999`);
    await waitText('[data-testid="no-results"]', 'for the chosen benchmark revision');
    expect(await page.locator('[data-cell]').count()).toBe(0);
    // TEMPLATE (from the ResultAxis enum) is offered and groups the caption questions by template.
    await page.goto(`${base}/`);
    await page.locator('select[name=axis]').selectOption('TEMPLATE');
    await page.waitForURL(/axis=TEMPLATE/);
    await page.locator('h2', { hasText: 'Accuracy by Caption template' }).waitFor({ timeout: 60_000 });
    // Caption template k, or none for questions asked as VQA (the demo's on-demand runs answer those).
    await page.locator('[data-cell]').first().waitFor({ timeout: 60_000 });
    const keys = await Promise.all((await page.locator('[data-cell]').all()).map((c) => c.getAttribute('data-cell')));
    expect(new Set(keys.map((k) => k!.split('|')[0]))).toEqual(new Set([GENERALIST, SPECIALIST]));
    expect(keys.every((k) => ['', '0', '1'].includes(k!.split('|')[1]!))).toBe(true);
    const axes = await page.locator('select[name=axis] option').allInnerTexts();
    expect(axes).toEqual(
      expect.arrayContaining(['Caption template', 'Image set', 'License', 'Label', 'Question type']),
    );
    await page.locator(`[data-cell="${keys.find((k) => k!.startsWith(GENERALIST))!}"]`).click();
    const q = page.locator('[data-testid="cell-details"] [data-testid="cell-question"]');
    await q.first().waitFor();
    expect(await q.count()).toBeGreaterThan(3);
  }, 240_000);

  test('change an axis (URL holds the state; back restores it); click a cell and see its images; wrong only', async () => {
    await page.goto(`${base}/`);
    await page.locator('select[name=axis]').selectOption('DOMAIN');
    await page.waitForURL(/axis=DOMAIN/);
    await page.locator('[data-testid="coverage"][data-complete="true"]').waitFor({ timeout: 120_000 });
    await heatCell(SPECIALIST, 'biology').waitFor();
    await page.locator('h2', { hasText: 'Accuracy by Domain' }).waitFor();
    await heatCell(SPECIALIST, 'biology').click();
    await page.waitForURL(/cell=/);
    const details = page.locator('[data-testid="cell-details"]');
    await details.locator('[data-testid="cell-question"]').first().waitFor();
    expect(await details.locator('img').count()).toBeGreaterThan(3);
    expect(await details.innerText()).toContain('gold:');
    expect(await details.innerText()).toContain(`${GENERALIST}:`);
    await details.getByLabel('wrong only').check();
    await page.waitForURL(/wrong=1/);
    const choices = await details.locator(`li:has-text("${SPECIALIST}:")`).allInnerTexts();
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.filter((c) => c.startsWith(SPECIALIST)).every((c) => c.endsWith('✗'))).toBe(true);
    await page.screenshot({ path: join(shots, 'explorer-cell.jpg'), type: 'jpeg', quality: 80, fullPage: true });
    // Reload keeps the whole state; back goes to the previous state.
    await page.reload();
    await page.locator('[data-testid="cell-details"] [data-testid="cell-question"]').first().waitFor();
    await page.goBack();
    await page.goBack();
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('axis=DOMAIN'));
    await page.locator('h2', { hasText: 'Accuracy by Task' }).waitFor();
  });

  test('accessibility basics: every control labelled; the controls and the heatmap work from the keyboard', async () => {
    await page.goto(`${base}/`);
    await page.locator('[data-testid="coverage"][data-complete="true"]').waitFor({ timeout: 60_000 });
    // (Browser-side code as strings: this file is typed for Node, not the DOM.)
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select, button')]
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
      .map((e) => e.outerHTML.slice(0, 80))`);
    expect(unlabelled).toEqual([]);
    expect(await page.locator('img:not([alt])').count()).toBe(0);
    // Tab from the top reaches the axis control; the arrow keys change it.
    await page.locator('body').focus();
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate<string>(`(() => {
        const e = document.activeElement;
        return e?.labels?.[0]?.textContent?.trim() ?? e?.getAttribute('aria-label') ?? e?.textContent?.trim() ?? '';
      })()`);
      seen.push(name);
      if (name.startsWith('Axis')) break;
    }
    expect(seen.at(-1)).toMatch(/^Axis/);
    expect(seen.some((s) => s.startsWith('Benchmark revision'))).toBe(true);
    expect(seen.some((s) => s.startsWith('Preset'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/axis=/);
    // A heatmap cell: focusable, Enter opens its questions.
    await page.goto(`${base}/?axis=DOMAIN`);
    await heatCell(GENERALIST, 'pathology').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cell-details"]').waitFor();
  });

  test('compare two models: forest plot, McNemar and adjusted p, leaderboard with tie groups, Table 1 beside', async () => {
    await page.goto(`${base}/compare?a=${GENERALIST}&b=${SPECIALIST}&axis=DOMAIN`);
    await page.locator('[data-testid="compare-table"]').waitFor({ timeout: 60_000 });
    const table = await page.locator('[data-testid="compare-table"]').innerText();
    expect(table).toContain('McNemar p');
    expect(table).toContain('biology');
    expect(table).toContain('pathology');
    expect(await page.locator('[data-testid="forest"] svg').count()).toBeGreaterThan(0);
    const boards = page.locator('[data-testid="leaderboard"]');
    expect(await boards.count()).toBeGreaterThanOrEqual(2);
    const biology = await boards.filter({ hasText: 'biology' }).innerText();
    expect(biology.split('\n').find((l) => l.startsWith('1'))).toContain(GENERALIST);
    await page.getByLabel('Preset').selectOption('FINE_BY_TASK');
    await page.waitForURL(/preset=FINE_BY_TASK/);
    await page.locator('[data-testid="table1"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="table1"] tbody tr').count()).toBeGreaterThan(5);
    // Table 1 prints percent (e.g. "51.7 % ± 0.8"): never a fraction scaled twice.
    const table1 = await page.locator('[data-testid="table1"] tbody').innerText();
    expect(table1).toMatch(/\b\d{1,2}\.\d % ± \d+\.\d\b/);
    expect(table1).not.toMatch(/\d{3,}\.\d %/);
    await page.screenshot({ path: join(shots, 'compare.png'), fullPage: true });
  });

  test('corpus: facets with counts, cursor pages (load more and infinite scroll), text search, image page', async () => {
    await page.goto(`${base}/corpus`);
    await waitText('[data-testid="grid-count"]', '48 of 120 images');
    await page.getByRole('button', { name: 'Load more' }).click();
    await waitText('[data-testid="grid-count"]', '96 of 120 images');
    await page.locator('[data-testid="image-grid"] li').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await waitText('[data-testid="grid-count"]', '120 of 120 images');
    const pathology = page.locator('.facets fieldset[data-axis="DOMAIN"]').getByLabel(/pathology/);
    const count = Number(/(\d+)$/.exec((await pathology.locator('..').innerText()).trim())?.[1]);
    // Every facet axis of the API (the Axis enum but the benchmark), not only the taxonomy ones.
    const legends = await page.locator('.facets fieldset legend').allInnerTexts();
    expect(legends).toEqual(expect.arrayContaining(['Domain', 'Label', 'License', 'Synthetic', 'Subdomain']));
    await pathology.check();
    await waitText('[data-testid="grid-count"]', `${Math.min(48, count)} of ${count} images`);
    // A literal facet (license) narrows further; the URL holds it.
    const license = page.locator('.facets fieldset[data-axis="LICENSE"] label').first();
    const licensed = Number(/(\d+)$/.exec((await license.innerText()).trim())?.[1]);
    await license.locator('input').check();
    await page.waitForURL(/license/);
    await waitText('[data-testid="grid-count"]', `of ${licensed} images`);
    await page.screenshot({ path: join(shots, 'corpus.jpg'), type: 'jpeg', quality: 75 });
    await page.getByLabel('Search images by text').fill('A micrograph showing adipose.');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=A\+micrograph/);
    const hits = page.locator('[data-testid="search-hits"] li');
    await hits.first().waitFor();
    expect(await hits.count()).toBe(Math.min(24, count));
    const scores = (await page.locator('[data-testid="search-hits"] .score').allInnerTexts()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await hits.first().innerText()).toContain('adipose');
    await hits.first().locator('a').click();
    await page.waitForURL(/\/corpus\/image\?id=/);
    await waitText('[data-testid="image-meta"]', 'adipose');
    await page.locator('[data-testid="image-questions"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="image-questions"]').innerText()).toContain(`${SPECIALIST}:`);
    await page.locator('[data-testid="search-hits"] li').first().waitFor();
    await page.screenshot({ path: join(shots, 'image.jpg'), type: 'jpeg', quality: 75, fullPage: true });
  }, 180_000);

  test('runs: models, runs with progress; starting an evaluation needs a key', async () => {
    await page.goto(`${base}/runs`);
    await page.locator('[data-testid="runs-table"] tbody tr').first().waitFor();
    const runs = await page.locator('[data-testid="runs-table"]').innerText();
    expect(runs).toContain(GENERALIST);
    expect(runs).toContain(SPECIALIST);
    expect(runs).toContain('complete');
    expect(await page.locator('[data-testid="models-table"]').innerText()).toContain(SPECIALIST);
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await waitText('output', 'API key');
    await page.getByLabel('API key').fill(secret);
    await page.getByLabel('Caption template').selectOption('0');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await waitText('output', /Run \d+ (inline|queued|existing)/);
    await page.screenshot({ path: join(shots, 'runs.png'), fullPage: true });
  });

  test('no console errors on any page', () => {
    // The 401 of the keyless evaluate is an expected network error of that test, logged by Chromium as such.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});

/**
 * First screen of the dashboard, measured (never asserted): navigation start → the heatmap's first paint (the page
 * marks `heatmap-drawn` when the chart is on screen), plus first contentful paint, over several loads of a running
 * server in headless Chromium (Debian's `chromium`, driven by playwright-core). Prints each load and the median.
 *
 *   npm start &                       # wait until the explorer's coverage is COMPLETE once (warm server)
 *   flock /work/bench.lock npx tsx scripts/measure-dashboard.ts [url] [loads]
 *
 * Defaults: http://127.0.0.1:4000/ and 7 loads. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://127.0.0.1:4000/';
const loads = Number(process.argv[3] ?? 7);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const drawn: number[] = [];
const fcp: number[] = [];
for (let i = 0; i < loads; i++) {
  await page.goto(url);
  await page.locator('[data-testid="heatmap"] svg').first().waitFor({ timeout: 120_000 });
  const t = await page.evaluate<[number, number]>(`new Promise((ok) => requestAnimationFrame(() => ok([
    performance.getEntriesByName('heatmap-drawn')[0].startTime,
    performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  ])))`);
  drawn.push(t[0]);
  fcp.push(t[1]);
  console.log(`load ${i + 1}: heatmap drawn ${t[0].toFixed(0)} ms, first contentful paint ${t[1].toFixed(0)} ms`);
}
console.log(
  `median of ${loads}: heatmap drawn ${median(drawn).toFixed(0)} ms, first contentful paint ${median(fcp).toFixed(0)} ms`,
);
await browser.close();

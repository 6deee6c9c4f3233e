import { readFile } from 'node:fs/promises';
import sharp, { type OverlayOptions } from 'sharp';
import { tableFromIPC } from 'apache-arrow';

/**
 * Writes a PNG contact sheet of a generated corpus: one row per source dataset, `perClass` images of each
 * class, each tile captioned with its label. For eyeballing that the drawings look like their labels.
 */
export async function writeContactSheet(
  arrowFiles: string[],
  outPng: string,
  opts: { tile?: number; perClass?: number } = {},
): Promise<void> {
  const tile = opts.tile ?? 128;
  const perClass = opts.perClass ?? 2;
  const picked = new Map<string, Map<string, Uint8Array[]>>();
  for (const file of arrowFiles) {
    const table = tableFromIPC(await readFile(file));
    for (let i = 0; i < table.numRows; i++) {
      const row = table.get(i)!;
      const ds = String(row.dataset ?? `(null) ${String(row.stain)}`);
      const label = String(row.label_name);
      const byLabel = picked.get(ds) ?? new Map<string, Uint8Array[]>();
      picked.set(ds, byLabel);
      const list = byLabel.get(label) ?? [];
      byLabel.set(label, list);
      if (list.length < perClass) list.push((row.image as { bytes: Uint8Array }).bytes);
    }
  }
  const cols = Math.max(...[...picked.values()].map((m) => [...m.values()].reduce((a, l) => a + l.length, 0)));
  const label = 16;
  const width = cols * tile;
  const height = picked.size * (tile + label);
  const composites: OverlayOptions[] = [];
  let y = 0;
  for (const [ds, byLabel] of picked) {
    let x = 0;
    for (const [name, images] of byLabel) {
      for (const bytes of images) {
        const input = await sharp(bytes).toColourspace('srgb').resize(tile, tile).png().toBuffer();
        composites.push({ input, left: x, top: y + label });
        const text = `<svg width="${tile}" height="${label}"><text x="2" y="12" font-size="11" fill="white" font-family="sans-serif">${escapeXml(name)}</text></svg>`;
        composites.push({ input: Buffer.from(text), left: x, top: y });
        x += tile;
      }
    }
    const text = `<svg width="${width}" height="${label}"><text x="${width - 4}" y="12" font-size="11" fill="yellow" text-anchor="end" font-family="sans-serif">${escapeXml(ds)}</text></svg>`;
    composites.push({ input: Buffer.from(text), left: 0, top: y });
    y += tile + label;
  }
  await sharp({ create: { width, height, channels: 3, background: { r: 30, g: 30, b: 30 } } })
    .composite(composites)
    .png()
    .toFile(outPng);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/**
 * Takes the README's screenshot of the graph explorer, docs/explorer.png: the seed graph around
 * Hessian, and one of its papers open in the panel with the Hessian evidence marked.
 * `npm run screenshot:explorer` (builds the explorer first when needed; needs /usr/bin/chromium).
 */
import { mkdir, stat } from 'node:fs/promises';
import { buildExplorerIfStale } from '../../explorer/build-if-stale.mjs';
import type { ExplorerHook } from '../../explorer/src/testHook.ts';
import { seedIfEmpty } from '../../src/ingestion/seeds.ts';
import { startHttpServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { launchWatchedBrowser } from './browser.ts';

const OUTPUT = 'docs/explorer.png';
/** The README shows it inline: keep the repository light. */
const MAX_BYTES = 300_000;

type PageWithHook = { __explorer?: ExplorerHook };

const build = buildExplorerIfStale();
if (build === 'failed' || build === 'no-vite') throw new Error(`the explorer could not be built (${build})`);
const store = new EmbeddedStore();
await store.init();
await seedIfEmpty(store, 'seeds');
const server = await startHttpServer({ store, port: 0, host: '127.0.0.1' });
const browser = await launchWatchedBrowser(server.url, { width: 1280, height: 760 });
const { page } = browser;
const settled = () => page.waitForFunction(() => (globalThis as PageWithHook).__explorer?.idle === true, null, { timeout: 15_000 });
async function clickNode(id: string, double = false): Promise<void> {
  const at = await page.evaluate((nodeId) => (globalThis as PageWithHook).__explorer!.renderedPosition(nodeId), id);
  if (!at) throw new Error(`${id} is not drawn`);
  const box = (await page.locator('#graph').boundingBox())!;
  if (double) await page.mouse.dblclick(box.x + at.x, box.y + at.y);
  else await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.waitForTimeout(100);
  await settled();
}

try {
  await page.goto(`${server.url}/explorer?focus=hessian&colour=community`);
  await settled();
  await clickNode('m-fac-efficient-matrix-free-approximations-of-second-order-information');
  await page.locator('#sharing ol.overlaps').waitFor();
  await page.waitForTimeout(300);
  await mkdir('docs', { recursive: true });
  await page.screenshot({ path: OUTPUT });
  if (browser.offsiteRequests.length > 0 || browser.errors.length > 0)
    throw new Error(`the page misbehaved: ${[...browser.offsiteRequests, ...browser.errors].join('; ')}`);
  const { size } = await stat(OUTPUT);
  if (size > MAX_BYTES) throw new Error(`${OUTPUT} is ${size} bytes, over ${MAX_BYTES}: use a smaller view`);
  console.error(`wrote ${OUTPUT} (${Math.round(size / 1000)} kB)`);
} finally {
  await browser.close();
  await server.close();
  await store.close();
}

import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildExplorerIfStale } from '../../explorer/build-if-stale.mjs';
import type { ExplorerHook } from '../../explorer/src/testHook.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { loadSeedTaxonomy } from '../../src/ingestion/seeds.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { seedDocument } from '../store/graphStore.contract.ts';
import { launchWatchedBrowser, type WatchedBrowser } from './browser.ts';

/** Where the run leaves its screenshot (git-ignored). */
const SCREENSHOT = 'test-artifacts/explorer.png';
const ADAHESSIAN = 'adahessian-an-adaptive-second-order-optimizer-for-machine-learning';
const SOPHIA = 'sophia-a-scalable-stochastic-second-order-optimizer-for-language-model-pre';

let store: EmbeddedStore;
let server: RunningServer;
let browser: WatchedBrowser;

/** A query to the server under test, as a test-side fact to compare the page with. */
async function gql<T>(query: string): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** The page's global with its test hook. Functions passed to page.evaluate run in the page (strings would be eval, which the CSP forbids). */
type PageWithHook = { __explorer?: ExplorerHook };
const nodes = () => browser.page.evaluate(() => (globalThis as PageWithHook).__explorer!.nodes());
const edges = () => browser.page.evaluate(() => (globalThis as PageWithHook).__explorer!.edges());
const truncatedSeeds = () => browser.page.evaluate(() => (globalThis as PageWithHook).__explorer!.truncatedSeeds());

/** Waits until the page has no request, layout or state change in progress. */
async function settled(): Promise<void> {
  await browser.page.waitForFunction(() => (globalThis as PageWithHook).__explorer?.idle === true, null, { timeout: 15_000 });
}

/**
 * Resolves once the page has handled the input sent so far and drawn a frame after it: input
 * events are dispatched before a frame's animation callbacks, and the explorer's handlers start
 * their work (which `settled` then waits out) synchronously.
 */
async function inputHandled(): Promise<void> {
  await browser.page.evaluate(() => {
    // Runs in the page: the tests' types have no DOM.
    const page = globalThis as unknown as { requestAnimationFrame(callback: () => void): number };
    const frame = (callback: () => void) => page.requestAnimationFrame(callback);
    return new Promise<void>((resolve) => frame(() => frame(() => resolve())));
  });
}

/** Clicks (or double-clicks) a node where the canvas draws it, as a user would. */
async function clickNode(id: string, clickCount: 1 | 2 = 1): Promise<void> {
  const at = await browser.page.evaluate((nodeId) => (globalThis as PageWithHook).__explorer!.renderedPosition(nodeId), id);
  expect(at, `${id} is drawn`).not.toBeNull();
  const box = (await browser.page.locator('#graph').boundingBox())!;
  if (clickCount === 2) await browser.page.mouse.dblclick(box.x + at!.x, box.y + at!.y);
  else await browser.page.mouse.click(box.x + at!.x, box.y + at!.y);
  await inputHandled();
  await settled();
}

/** Chooses the hit named `name` in a search box, with the keyboard, after typing `text`. */
async function choose(inputId: string, text: string, name: string): Promise<void> {
  const { page } = browser;
  const input = page.locator(`#${inputId}`);
  await input.fill('');
  await input.pressSequentially(text);
  const listbox = page.locator(`#${await input.getAttribute('aria-controls')}`);
  const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const option = listbox.getByRole('option').filter({ has: page.locator('.hit-name', { hasText: exactly }) });
  await option.waitFor();
  await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
  const index = await option.evaluate((element) => [...element.parentElement!.children].indexOf(element));
  for (let i = 0; i <= index; i++) await input.press('ArrowDown');
  expect(await option.getAttribute('aria-selected')).toBe('true');
  expect(await input.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
  await input.press('Enter');
  await inputHandled();
  await settled();
}

const nodesOfType = async (type: string) => (await nodes()).filter((node) => node.type === type);
const focusOf = () => new URL(browser.page.url()).searchParams.get('focus');

/** What went wrong setting up (no Chromium, most likely): every test fails with it, none is skipped. */
let setupError: unknown;

beforeAll(async () => {
  try {
    // CI builds the explorer before `npm test`; a local `npm test` builds it here when needed.
    const build = buildExplorerIfStale({ log: (line) => process.stderr.write(`${line}\n`) });
    if (build === 'failed' || build === 'no-vite') throw new Error(`the explorer could not be built (${build}): run npm run build:explorer to see why`);
    store = new EmbeddedStore();
    await store.init();
    await ingestDocument(store, seedDocument());
    server = await startHttpServer({ store, taxonomy: loadSeedTaxonomy('seeds'), port: 0, host: '127.0.0.1' });
    browser = await launchWatchedBrowser(server.url);
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

/** One user's session, in order: each step starts where the previous one left the page. */
describe('the graph explorer in a browser, on the seed graph', () => {
  it('serves the page at /explorer under a same-origin CSP, with an introduction', async () => {
    const response = await browser.page.goto(`${server.url}/explorer`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await settled();
    await expect.poll(() => browser.page.locator('#panel h2').textContent()).toBe('Explore the graph');
    const { stats } = await gql<{ stats: { nodes: { label: string; count: number }[] } }>('{ stats { nodes { label count } } }');
    const count = (label: string) => stats.nodes.find((n) => n.label === label)!.count;
    expect(await browser.page.locator('#panel').textContent()).toContain(`The graph holds ${count('Paper')} papers, ${count('Concept')} concepts`);
    expect((await nodes()).length).toBe(0);
  });

  it('finds Hessian by search, chosen with the keyboard, and draws at least its papers around it', async () => {
    const { concept } = await gql<{ concept: { paperCount: number } }>('{ concept(id: "hessian") { paperCount } }');
    expect(concept.paperCount).toBeGreaterThanOrEqual(8);
    await browser.page.keyboard.press('/'); // jumps to the search box
    expect(await browser.page.locator('#search-input').evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    await choose('search-input', 'Hessian', 'Hessian');

    expect(focusOf()).toBe('hessian');
    const papers = await nodesOfType('PAPER');
    expect(papers.length).toBeGreaterThanOrEqual(concept.paperCount);
    const hessian = (await nodes()).find((node) => node.id === 'hessian');
    expect(hessian?.classes).toEqual(expect.arrayContaining(['focus', 'seed']));
    expect(await browser.page.locator('#panel h2').textContent()).toBe('Hessian');
    expect(await browser.page.locator('#panel').textContent()).toContain('second-order partial derivatives');
    expect(await browser.page.locator('#status').textContent()).toMatch(/^\d+ nodes · \d+ edges$/);
  });

  it("opens a paper by clicking its node and reads its abstract, Hessian's evidence highlighted", async () => {
    await clickNode(ADAHESSIAN);
    expect(focusOf()).toBe(ADAHESSIAN);
    await expect.poll(() => browser.page.locator('#panel h2').textContent()).toContain('ADAHESSIAN: An Adaptive Second Order Optimizer');
    const abstract = browser.page.locator('#details-abstract');
    expect(await abstract.textContent()).toContain('We introduce ADAHESSIAN, a second order stochastic optimization algorithm');
    // Opened from the Hessian concept: its evidence is what is marked, and its name stands out.
    expect(await browser.page.locator('#evidence-filter').inputValue()).toBe('hessian');
    const marks = abstract.locator('mark[data-concepts~="hessian"]');
    expect(await marks.count()).toBeGreaterThan(0);
    expect((await marks.allTextContents()).join('')).toContain('We introduce ADAHESSIAN');
    expect(await abstract.locator('mark strong').first().textContent()).toMatch(/^hessian$/i);
    // The panel lists its concepts, methods and repositories (none for this paper).
    expect(await browser.page.locator('#panel a.node-link[data-node="adahessian"]').count()).toBe(1);
  });

  it('lists the papers sharing methods with it, with the shared methods, and focuses one when clicked', async () => {
    const sharing = browser.page.locator('#sharing');
    await sharing.locator('ol.overlaps').waitFor();
    const first = sharing.locator('ol.overlaps > li').first();
    expect(await first.locator('a.node-link').first().getAttribute('data-node')).toBe(SOPHIA);
    expect(await first.locator('ul.chips a').allTextContents()).toEqual(expect.arrayContaining(['Second-order optimization', 'Adam']));
    await first.locator('ul.chips a', { hasText: 'Second-order optimization' }).click();
    await settled();
    expect(focusOf()).toBe('second-order-optimization');
    expect(await browser.page.locator('#panel h2').textContent()).toBe('Second-order optimization');
    const focused = (await nodes()).filter((node) => node.classes.includes('focus'));
    expect(focused.map((node) => node.id)).toEqual(['second-order-optimization']);
  });

  it('merges a node’s neighbourhood into the graph on double-click', async () => {
    const before = new Set((await nodes()).map((node) => node.id));
    await clickNode('hessian-approximation', 2);
    const after = (await nodes()).map((node) => node.id);
    expect(after.length).toBeGreaterThan(before.size);
    expect(after).toEqual(expect.arrayContaining([...before]));
    expect(focusOf()).toBe('hessian-approximation');
  });

  it('highlights the concept path from Hessian to zeroth-order optimization, adding what was missing', async () => {
    const { conceptPath } = await gql<{ conceptPath: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      '{ conceptPath(from: "hessian", to: "zeroth-order-optimization") { nodes { id } edges { id } } }',
    );
    expect(conceptPath.nodes.length).toBeGreaterThanOrEqual(2);
    await choose('path-from', 'Hessian', 'Hessian');
    await choose('path-to', 'zeroth-order', 'Zeroth-order optimization'); // both ends chosen: the path shows

    const url = new URL(browser.page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['hessian', 'zeroth-order-optimization']);
    const onPath = async () => {
      const elements = [...(await nodes()), ...(await edges())];
      return elements.filter((element) => element.classes.includes('on-path')).map((element) => element.id).sort();
    };
    const expected = [...conceptPath.nodes, ...conceptPath.edges].map((element) => element.id).sort();
    expect(await onPath()).toEqual(expected);
    expect(await browser.page.locator('#path-result li').count()).toBe(conceptPath.nodes.length);
    await mkdir('test-artifacts', { recursive: true });
    await browser.page.screenshot({ path: SCREENSHOT });

    // The view is in the URL: a reload draws it again, and back and forward step through it.
    await browser.page.reload();
    await settled();
    expect(await onPath()).toEqual(expected);
    expect(focusOf()).toBe('hessian-approximation');
    expect(await browser.page.locator('#path-from').inputValue()).toBe('Hessian');
    await browser.page.goBack();
    await settled();
    expect(new URL(browser.page.url()).searchParams.has('from')).toBe(false);
    expect(await onPath()).toEqual([]);
    await browser.page.goBack();
    await settled();
    expect(focusOf()).toBe('second-order-optimization');
    expect(await browser.page.locator('#panel h2').textContent()).toBe('Second-order optimization');
    await browser.page.goForward();
    await browser.page.goForward();
    await settled();
    expect(await onPath()).toEqual(expected);
  });

  it('tells the user when the server cut a neighbourhood short (truncated)', async () => {
    // The seed graph's neighbourhoods fit the explorer's limit; the server's answer is made to say otherwise.
    await browser.page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('ExplorerNeighbourhood')) return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { data: { neighborhood: { truncated: boolean } } };
      body.data.neighborhood.truncated = true;
      return route.fulfill({ response, json: body });
    });
    try {
      await choose('search-input', 'Sophia', 'Sophia');
      expect(await truncatedSeeds()).toEqual(['sophia']);
      expect(await browser.page.locator('#truncated').textContent()).toMatch(/^Truncated: the server cut the neighbourhood of “Sophia” at \d+ nodes/);
    } finally {
      await browser.page.unroute('**/graphql');
    }
  });

  it('shows GraphQL errors to the user plainly', async () => {
    await browser.page.route('**/graphql', (route) =>
      route.request().postData()?.includes('ExplorerSearch')
        ? route.fulfill({ json: { errors: [{ message: 'the search index is rebuilding', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } })
        : route.continue(),
    );
    try {
      await browser.page.locator('#search-input').fill('');
      await browser.page.locator('#search-input').pressSequentially('optimizer');
      const alert = browser.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('The API answered ExplorerSearch with an error:');
      expect(await alert.textContent()).toContain('the search index is rebuilding (SERVICE_UNAVAILABLE)');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      expect(await alert.isHidden()).toBe(true);
    } finally {
      await browser.page.unroute('**/graphql');
    }
  });

  it('loaded everything from the server itself: no request left 127.0.0.1, no error logged', () => {
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(browser.offsiteRequests).toEqual([]);
    for (const url of browser.requests) expect(new URL(url).hostname, url).toBe('127.0.0.1');
    // Console errors include CSP violations: the page's CSP allows only its own origin.
    expect(browser.errors).toEqual([]);
  });
});

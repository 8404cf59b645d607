import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildExplorerIfStale } from '../../explorer/build-if-stale.mjs';
import type { ExplorerHook } from '../../explorer/src/testHook.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
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
/** OpenAlex works with years (2014 to 2020), venues and authors, imported next to the undated seed papers. */
const DATED_WORKS = ['tests/fixtures/import/openalex-works.jsonl', 'tests/fixtures/import/openalex-api.json'];
/** A work citing one of those and a work the graph does not hold (a stub). */
const CITES_A_STUB = 'tests/fixtures/import/openalex-cites-a-stub.jsonl';

let store: EmbeddedStore;
let server: RunningServer;
let browser: WatchedBrowser;

/** A query to the server under test, as a test-side fact to compare the page with. */
async function gql<T>(query: string): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
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
  await inputHandled();
  await settled(); // the hits of the last keystroke are listed
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
    if (build === 'failed' || build === 'no-vite')
      throw new Error(`the explorer could not be built (${build}): run npm run build:explorer to see why`);
    store = new EmbeddedStore();
    await store.init();
    await ingestDocument(store, seedDocument());
    const taxonomy = loadSeedTaxonomy('seeds');
    await importFiles(store, [...DATED_WORKS, CITES_A_STUB], { taxonomy, onError: 'fail', batchSize: 50, checkpoints: null });
    server = await startHttpServer({ store, taxonomy, port: 0, host: '127.0.0.1' });
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
describe('the graph explorer in a browser, on the seed graph and dated OpenAlex works', () => {
  it('serves the page at /explorer under a same-origin CSP, with an introduction', async () => {
    const response = await browser.page.goto(`${server.url}/explorer`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await settled();
    await expect.poll(() => browser.page.locator('#panel h2').textContent()).toBe('Explore the graph');
    const { stats } = await gql<{ stats: { nodes: { label: string; count: number }[] } }>('{ stats { nodes { label count } } }');
    const count = (label: string) => stats.nodes.find((n) => n.label === label)!.count;
    expect(await browser.page.locator('#panel').textContent()).toContain(
      `The graph holds ${count('Paper')} papers, ${count('Concept')} concepts`,
    );
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
      return elements
        .filter((element) => element.classes.includes('on-path'))
        .map((element) => element.id)
        .sort();
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
      expect(await browser.page.locator('#truncated').textContent()).toMatch(
        /^Truncated: the server cut the neighbourhood of “Sophia” at \d+ nodes/,
      );
    } finally {
      await browser.page.unroute('**/graphql');
    }
  });

  it('shows GraphQL errors to the user plainly', async () => {
    await browser.page.route('**/graphql', (route) =>
      route.request().postData()?.includes('ExplorerSuggest')
        ? route.fulfill({ json: { errors: [{ message: 'the search index is rebuilding', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } })
        : route.continue(),
    );
    try {
      await browser.page.locator('#search-input').fill('');
      await browser.page.locator('#search-input').pressSequentially('optimizer');
      const alert = browser.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('The API answered ExplorerSuggest with an error:');
      expect(await alert.textContent()).toContain('the search index is rebuilding (SERVICE_UNAVAILABLE)');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      expect(await alert.isHidden()).toBe(true);
    } finally {
      await browser.page.unroute('**/graphql');
    }
  });

  it('suggests nodes from the first letters typed (typeahead), in the order suggest gives them', async () => {
    const { suggest } = await gql<{ suggest: { node: { id: string } }[] }>('{ suggest(prefix: "hess", first: 10) { node { id } } }');
    expect(suggest.length).toBeGreaterThan(3);
    const input = browser.page.locator('#search-input');
    await input.fill('');
    await input.pressSequentially('hess');
    const options = browser.page.locator('#search-results [role="option"][data-id]');
    await expect
      .poll(() => options.evaluateAll((items) => items.map((item) => item.getAttribute('data-id'))))
      .toEqual(suggest.map((hit) => hit.node.id));
    await input.press('Escape');
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
  });

  it('narrows the neighbourhood to the years chosen on the year range slider', async () => {
    const filtered =
      '{ neighborhood(ids: ["generalization"], limit: 150, filter: { yearFrom: 2016, yearTo: 2018 }) { nodes { id type } } }';
    const { neighborhood } = await gql<{ neighborhood: { nodes: { id: string; type: string }[] } }>(filtered);
    const expected = neighborhood.nodes
      .filter((node) => node.type === 'PAPER')
      .map((node) => node.id)
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(2);
    await choose('search-input', 'generalization', 'Generalization');
    const before = (await nodesOfType('PAPER')).length;
    expect(before).toBeGreaterThan(expected.length); // undated seed papers and the 2014 and 2020 works too
    expect(await browser.page.locator('#year-range-label').textContent()).toBe('All years (2014–2020, and undated)');

    // With the keyboard, as a user would: each step is a change the page applies.
    const from = browser.page.locator('#year-from');
    await from.focus();
    await from.press('ArrowRight');
    await from.press('ArrowRight');
    const to = browser.page.locator('#year-to');
    await to.focus();
    await to.press('ArrowLeft');
    await to.press('ArrowLeft');
    await inputHandled();
    await settled();

    const url = new URL(browser.page.url());
    expect([url.searchParams.get('yearFrom'), url.searchParams.get('yearTo'), focusOf()]).toEqual(['2016', '2018', 'generalization']);
    expect(await browser.page.locator('#year-range-label').textContent()).toBe('2016–2018');
    expect((await nodesOfType('PAPER')).map((node) => node.id).sort()).toEqual(expected);
    const { nodes: drawn } = await gql<{ nodes: { publishedAt: string }[] }>(
      `{ nodes(ids: ${JSON.stringify(expected)}) { ... on Paper { publishedAt } } }`,
    );
    for (const paper of drawn) expect(Number(paper.publishedAt.slice(0, 4))).toBeGreaterThanOrEqual(2016);
    for (const paper of drawn) expect(Number(paper.publishedAt.slice(0, 4))).toBeLessThanOrEqual(2018);
  });

  it('counts the filtered papers in the facets panel, and filters by a value clicked there', async () => {
    const filter = '{ yearFrom: 2016, yearTo: 2018 }';
    const { facets } = await gql<{ facets: { by: string; values: { value: string; count: number }[] }[] }>(
      `{ facets(by: [YEAR, VENUE, CONCEPT, METHOD, AUTHOR], filter: ${filter}, first: 8) { by values { value count } } }`,
    );
    expect(await browser.page.evaluate(() => (globalThis as PageWithHook).__explorer!.facetsFilter())).toEqual({
      yearFrom: 2016,
      yearTo: 2018,
    });
    for (const facet of facets) {
      const shown = browser.page.locator(`section.facet[data-facet="${facet.by}"] button.facet-value`);
      const values = await shown.evaluateAll((buttons) =>
        buttons.map((b) => `${b.getAttribute('data-value')}=${b.querySelector('.facet-count')?.textContent}`),
      );
      expect(values, facet.by).toEqual(facet.values.map((value) => `${value.value}=${value.count}`));
    }
    expect(await browser.page.locator('#active-filters li[data-filter="years"]').textContent()).toContain('Years 2016–2018');

    const venue = 'Neural Information Processing Systems';
    await browser.page.locator(`section.facet[data-facet="VENUE"] button.facet-value[data-value="${venue}"]`).click();
    await inputHandled();
    await settled();
    expect(new URL(browser.page.url()).searchParams.get('venue')).toBe(venue);
    const { papers } = await gql<{ papers: { edges: { node: { id: string } }[] } }>(
      `{ papers(first: 100, filter: { venue: "${venue}", yearFrom: 2016, yearTo: 2018 }) { edges { node { id } } } }`,
    );
    const matching = papers.edges.map((edge) => edge.node.id);
    const drawnPapers = (await nodesOfType('PAPER')).map((node) => node.id);
    expect(drawnPapers.length).toBeGreaterThan(0);
    for (const id of drawnPapers) expect(matching).toContain(id);
    expect(await browser.page.locator(`section.facet[data-facet="VENUE"] button[data-value="${venue}"]`).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await browser.page.locator('section.facet[data-facet="YEAR"] button.facet-value').allTextContents()).toEqual(['20181']);

    // Removing the chips takes the filters off again.
    await browser.page.getByRole('button', { name: `Remove filter Venue: ${venue}` }).click();
    await inputHandled();
    await settled();
    expect(new URL(browser.page.url()).searchParams.has('venue')).toBe(false);
    await browser.page.getByRole('button', { name: 'Remove filter Years 2016–2018' }).click();
    await inputHandled();
    await settled();
    expect(new URL(browser.page.url()).search).toBe('?focus=generalization');
    expect(await browser.page.locator('#active-filters').textContent()).toContain('All papers');
  });

  it('draws the papers a filter keeps when nothing is focused (graphView)', async () => {
    await browser.page.goto(`${server.url}/explorer?author=diederik-p-kingma`);
    await settled();
    expect((await nodesOfType('PAPER')).map((node) => node.id)).toEqual(['adam-a-method-for-stochastic-optimization']);
    expect(await browser.page.locator('#active-filters').textContent()).toContain('Author: Diederik P. Kingma');
  });

  it('colours nodes by their community in the view, with a legend of the communities', async () => {
    // A search keeps the filters in force: the author filter of the step before would stay.
    await browser.page.goto(`${server.url}/explorer?focus=generalization`);
    await settled();
    const { neighborhood } = await gql<{ neighborhood: { nodes: { id: string; community: number }[] } }>(
      '{ neighborhood(ids: ["generalization"], limit: 150) { nodes { id community } } }',
    );
    const byType = await nodes();
    await browser.page.locator('#colour-by').selectOption('community');
    await inputHandled();
    await settled();
    expect(new URL(browser.page.url()).searchParams.get('colour')).toBe('community');
    const drawn = await nodes();
    const communities = new Map(neighborhood.nodes.map((node) => [node.id, node.community]));
    expect(Object.fromEntries(drawn.map((node) => [node.id, node.community]))).toEqual(Object.fromEntries(communities));
    expect(new Set(communities.values()).size).toBeGreaterThan(1);
    // Same community, same fill; different communities among the first colours, different fills.
    const fills = new Map<number, Set<string>>();
    for (const node of drawn) fills.set(node.community!, (fills.get(node.community!) ?? new Set()).add(node.color));
    for (const colours of fills.values()) expect(colours.size).toBe(1);
    expect(new Set([...fills].filter(([community]) => community < 12).map(([, colours]) => [...colours][0])).size).toBe(
      [...fills.keys()].filter((c) => c < 12).length,
    );
    expect(drawn.map((node) => node.color)).not.toEqual(byType.map((node) => node.color));
    const legend = browser.page.locator('#community-legend');
    expect(await legend.isVisible()).toBe(true);
    const sizes = [...new Set(communities.values())].sort((a, b) => a - b).filter((c) => c < 12);
    const expectedLegend = sizes.map((c) => `Community ${c + 1} (${[...communities.values()].filter((x) => x === c).length})`);
    expect((await legend.locator('li').allTextContents()).slice(0, expectedLegend.length)).toEqual(expectedLegend);

    await browser.page.locator('#colour-by').selectOption('type');
    await inputHandled();
    await settled();
    expect(await legend.isHidden()).toBe(true);
    expect((await nodes()).map((node) => node.color)).toEqual(byType.map((node) => node.color));
  });

  it("shows a paper's citation neighbourhood, stubs drawn apart and in the legend", async () => {
    const found = await gql<{
      papers: { edges: { node: { id: string; references: { edges: { node: { id: string; stub: boolean } }[] } } }[] };
    }>(
      '{ papers(filter: { text: "Flat Minima and Sharpness Revisited" }, first: 1) { edges { node { id references(first: 20) { edges { node { id stub } } } } } } }',
    );
    const sam = found.papers.edges[0]!.node;
    const references = sam.references.edges.map((e) => e.node);
    expect(references.some((r) => r.stub)).toBe(true); // the fixture cites a work it does not hold
    expect(references.some((r) => !r.stub)).toBe(true);
    await browser.page.goto(`${server.url}/explorer?focus=${encodeURIComponent(sam.id)}`);
    await settled();
    await browser.page.getByRole('button', { name: 'Show citations' }).click();
    await inputHandled();
    await settled();
    const drawn = new Map((await nodes()).map((node) => [node.id, node]));
    const cites = (await edges()).filter((edge) => edge.type === 'CITES').map((edge) => edge.id);
    for (const reference of references) {
      expect(drawn.get(reference.id), `${reference.id} is drawn`).toBeDefined();
      expect(drawn.get(reference.id)!.classes.includes('stub'), `${reference.id} is drawn as a stub: ${reference.stub}`).toBe(
        reference.stub,
      );
      expect(
        cites.some((id) => id.includes(sam.id) && id.includes(reference.id)),
        `${sam.id} cites ${reference.id}`,
      ).toBe(true);
    }
    expect(drawn.get(sam.id)!.classes).not.toContain('stub');
    await expect.poll(() => browser.page.locator('.legend-nodes').innerText()).toContain('Stub paper (cited, not imported)');
  });

  it('loaded everything from the server itself: no request left 127.0.0.1, no error logged', () => {
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(browser.offsiteRequests).toEqual([]);
    for (const url of browser.requests) expect(new URL(url).hostname, url).toBe('127.0.0.1');
    // Console errors include CSP violations: the page's CSP allows only its own origin.
    expect(browser.errors).toEqual([]);
  });
});

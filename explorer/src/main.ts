import './explorer.css';
import {
  CONCEPT_BY_NAME_QUERY,
  CONCEPT_PAPERS,
  CONCEPT_PATH_QUERY,
  FACET_VALUES,
  FACETS_QUERY,
  FACETS_SHOWN,
  GRAPH_VIEW_LIMIT,
  GRAPH_VIEW_QUERY,
  NEIGHBOURHOOD_LIMIT,
  NEIGHBOURHOOD_MAX_LIMIT,
  NEIGHBOURHOOD_QUERY,
  CITATIONS_QUERY,
  type CitationsVariables,
  COMMUNITY_SEED_IDS,
  YEAR_SPAN_VALUES,
  NODE_DETAILS_QUERY,
  SHARING_PAPERS,
  SHARING_QUERY,
  STATS_QUERY,
  displayName,
  nodeTypeOf,
  type ConceptByNameData,
  type ConceptByNameVariables,
  type ConceptPathData,
  type ConceptPathVariables,
  type FacetBy,
  type FacetsData,
  type FacetsVariables,
  type GraphView,
  type GraphViewData,
  type GraphViewVariables,
  type NamedRef,
  type NeighbourhoodData,
  type NeighbourhoodVariables,
  type NodeDetailsData,
  type NodeDetailsVariables,
  type PaperFilter,
  type SharingData,
  type SharingVariables,
  type StatsData,
} from './documents.ts';
import { nodeLink, renderDetails, renderSharing, type DetailsActions } from './details.ts';
import { byId, h } from './dom.ts';
import { GraphCanvas } from './graphCanvas.ts';
import { GraphQLRequestError, requestGraphQL } from './graphqlClient.ts';
import { renderFacets } from './facetsPanel.ts';
import { renderCommunityLegend, renderLegend, typeSwatch } from './legend.ts';
import { SearchBox } from './searchBox.ts';
import type { ExplorerHook } from './testHook.ts';
import {
  filterKey,
  formatViewState,
  isEmptyFilter,
  normaliseFilter,
  parseViewState,
  type ColourMode,
  type ViewFilter,
  type ViewState,
} from './urlState.ts';
import { YearRange } from './yearRange.ts';

declare global {
  interface Window {
    /** Read-only views of the page's state, for end-to-end tests and the console (see testHook.ts). */
    readonly __explorer: ExplorerHook;
  }
}

/**
 * How a state change treats the graph when its focus is not drawn yet (or always, for `replace`):
 * start a new graph from the focus's neighbourhood, or merge that neighbourhood into the graph.
 */
type GraphLoad = 'replace' | 'replace-if-missing' | 'merge-if-missing';

const graphElement = byId('graph', HTMLDivElement);
const statusElement = byId('status', HTMLParagraphElement);
const alertElement = byId('alert', HTMLDivElement);
const emptyElement = byId('empty', HTMLDivElement);
const panelElement = byId('panel', HTMLElement);
const pathForm = byId('path-form', HTMLFormElement);
const pathSummary = byId('path-summary', HTMLDivElement);
const searchInput = byId('search-input', HTMLInputElement);
const facetsElement = byId('facets', HTMLElement);
const communityLegendElement = byId('community-legend', HTMLElement);
const colourSelect = byId('colour-by', HTMLSelectElement);

/** Requests, layouts and state changes in progress; the page is idle at 0. */
let pending = 0;
/** The state on screen: the URL's, once applied. */
let applied: ViewState = { focus: null, from: null, to: null, filter: {}, colour: 'type' };
/** Bumped by every state change, so that one overtaken while it waited is skipped. */
let applyGeneration = 0;
/** State changes run one after another. */
let applyQueue: Promise<unknown> = Promise.resolve();
/** The `from\nto` of the concept path drawn; '' for none. */
let pathShown = '';
/** The node whose details the panel shows (or is loading); undefined before the first. */
let detailsFor: string | null | undefined;
/** The concept shown last: a paper opened next highlights that concept's evidence. */
let lastConceptId: string | null = null;
/** Nodes whose neighbourhood the server cut short, with their labels. */
const truncatedSeeds = new Map<string, string>();
/** Graph changes run one after another (each ends with a layout). */
let graphQueue: Promise<unknown> = Promise.resolve();
/** The filter the graph was drawn with (filterKey); a change redraws it. */
let drawnFilter = filterKey({});
/**
 * The nodes whose neighbourhoods make up the drawing (the focus it started from, then each node
 * expanded), so that communities can be computed for the whole drawing; null for a graphView drawing.
 */
let drawingSeeds: string[] | null = [];
/** The filter the facets panel shows counts for (filterKey), and the filter itself for the test hook. */
let facetsShown: { key: string; filter: ViewFilter } | null = null;
/** Display names of facet values seen (`BY:value`), for the chips of the filters in force. */
const facetLabels = new Map<string, string>();

/** Counts a piece of work as pending until it settles (the test hook's `idle`, the page's aria-busy). */
function track<T>(work: Promise<T>): Promise<T> {
  pending += 1;
  updateBusy();
  return work.finally(() => {
    pending -= 1;
    updateBusy();
  });
}

/** Runs a user-visible task: tracked, and any error shown to the user. */
function run(task: () => Promise<void>): Promise<void> {
  return track(task().catch(showError));
}

/** Runs a change of the graph after the ones before it have finished. */
function mutateGraph<T>(change: () => Promise<T>): Promise<T> {
  const result = graphQueue.then(change);
  graphQueue = result.catch(() => undefined);
  return result;
}

function updateBusy(): void {
  const busy = pending > 0;
  graphElement.dataset.state = busy ? 'busy' : 'idle';
  document.body.setAttribute('aria-busy', String(busy));
}

function showError(error: unknown): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  const heading = error instanceof GraphQLRequestError ? `The API answered ${error.operationName} with an error:` : 'Something went wrong:';
  const lines =
    error instanceof GraphQLRequestError
      ? error.errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message))
      : [error instanceof Error ? error.message : String(error)];
  alertElement.replaceChildren(
    h('p', {}, h('strong', {}, heading)),
    h(
      'ul',
      {},
      lines.map((line) => h('li', {}, line)),
    ),
    h('button', { type: 'button', class: 'dismiss', onclick: clearError }, 'Dismiss'),
  );
  alertElement.hidden = false;
}

function clearError(): void {
  alertElement.hidden = true;
  alertElement.replaceChildren();
}

function updateStatus(): void {
  emptyElement.hidden = canvas.nodeCount > 0;
  const parts: (Node | string)[] = [`${canvas.nodeCount} nodes · ${canvas.edgeCount} edges`];
  if (truncatedSeeds.size > 0) {
    const names = [...truncatedSeeds.values()].map((label) => `“${label.length > 40 ? `${label.slice(0, 39)}…` : label}”`).join(', ');
    parts.push(
      h(
        'span',
        { class: 'truncated', id: 'truncated' },
        `Truncated: the server cut the neighbourhood of ${names} at ${NEIGHBOURHOOD_LIMIT} nodes. Double-click nodes to expand them one at a time.`,
      ),
    );
  }
  statusElement.replaceChildren(...parts);
}

/** The filter as the API takes it; null when it keeps every paper. */
function apiFilter(filter: ViewFilter): PaperFilter | null {
  return isEmptyFilter(filter) ? null : normaliseFilter(filter);
}

const neighbourhood = async (
  ids: string[],
  depth = 1,
  limit = NEIGHBOURHOOD_LIMIT,
  filter: ViewFilter = applied.filter,
): Promise<GraphView> =>
  (await requestGraphQL<NeighbourhoodData, NeighbourhoodVariables>(NEIGHBOURHOOD_QUERY, { ids, depth, limit, filter: apiFilter(filter) }))
    .neighborhood;

const graphView = async (filter: ViewFilter): Promise<GraphView> =>
  (await requestGraphQL<GraphViewData, GraphViewVariables>(GRAPH_VIEW_QUERY, { filter: apiFilter(filter), limit: GRAPH_VIEW_LIMIT }))
    .graphView;

/**
 * Gives the drawing's nodes their communities in one server view of the whole drawing: the
 * neighbourhoods of its seeds (at most COMMUNITY_SEED_IDS) taken together. Nodes that view
 * does not hold (a concept path's, or a graphView drawing's expansions) are drawn as "other".
 */
async function refreshCommunities(): Promise<void> {
  if (!drawingSeeds || drawingSeeds.length <= 1 || canvas.nodeCount === 0) return;
  const seeds = drawingSeeds.slice(-COMMUNITY_SEED_IDS);
  const view = await neighbourhood(seeds, 1, Math.min(NEIGHBOURHOOD_MAX_LIMIT, NEIGHBOURHOOD_LIMIT * seeds.length));
  canvas.setCommunities(new Map(view.nodes.map((node) => [node.id, node.community])));
}

/** Shows the community legend when colouring by community (counts of the nodes drawn), hides it otherwise. */
function updateCommunityLegend(): void {
  renderCommunityLegend(communityLegendElement, applied.colour === 'community' && canvas.nodeCount > 0 ? canvas.communityCounts() : null);
}

/** The facets of the papers the filter keeps, and the year slider moved to its bounds. */
async function showFacets(filter: ViewFilter): Promise<void> {
  const key = filterKey(filter);
  if (facetsShown?.key === key) return;
  const { facets } = await requestGraphQL<FacetsData, FacetsVariables>(FACETS_QUERY, {
    by: [...FACETS_SHOWN],
    filter: apiFilter(filter),
    first: FACET_VALUES,
  });
  if (filterKey(applied.filter) !== key) return; // overtaken by a newer filter
  for (const facet of facets) for (const value of facet.values) facetLabels.set(`${facet.by}:${value.value}`, value.label);
  renderFacets(
    facetsElement,
    facets,
    filter,
    labelOfFacetValue,
    (next) => void navigate({ ...applied, filter: normaliseFilter(next) }, 'merge-if-missing'),
  );
  facetsShown = { key, filter };
}

function labelOfFacetValue(by: FacetBy, value: string): string {
  return facetLabels.get(`${by}:${value}`) ?? canvas.labelOf(value) ?? value;
}

/** The years of the graph's dated papers, once: the year range slider's span. */
async function loadYearSpan(): Promise<void> {
  const { facets } = await requestGraphQL<FacetsData, FacetsVariables>(FACETS_QUERY, {
    by: ['YEAR'],
    filter: null,
    first: YEAR_SPAN_VALUES,
  });
  yearRange.setSpan((facets[0]?.values ?? []).map((value) => Number(value.value)).filter(Number.isFinite));
  yearRange.show(applied.filter.yearFrom, applied.filter.yearTo);
}

function noteTruncation(seed: string, view: GraphView): void {
  if (view.truncated) truncatedSeeds.set(seed, canvas.labelOf(seed) ?? seed);
}

/** Changes the state: a new history entry (or the current one replaced), then the page follows it. */
function navigate(next: ViewState, load: GraphLoad, entry: 'push' | 'replace' = 'push'): Promise<void> {
  clearError();
  const url = `${location.pathname}${formatViewState(next)}`;
  if (url !== `${location.pathname}${location.search}`) {
    if (entry === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  return run(() => apply(next, load));
}

/**
 * Makes the page show a state. States are applied one at a time, in order; one that a newer state
 * overtook while it waited is skipped.
 */
function apply(next: ViewState, load: GraphLoad): Promise<void> {
  const generation = ++applyGeneration;
  const result = applyQueue.then(() => (generation === applyGeneration ? applyNow(next, load) : undefined));
  applyQueue = result.catch(() => undefined);
  return result;
}

/** Shows a state: the focus's neighbourhood when it is not drawn, its details, the concept path. */
async function applyNow(next: ViewState, load: GraphLoad): Promise<void> {
  const previousFocus = applied.focus;
  applied = next;
  yearRange.show(next.filter.yearFrom, next.filter.yearTo);
  colourSelect.value = next.colour;
  canvas.setColourMode(next.colour);
  const facetsDone = track(showFacets(next.filter)).catch(showError);
  // A new filter redraws the graph: the focus's neighbourhood within it, or (no focus) the papers it keeps.
  const filterChanged = filterKey(next.filter) !== drawnFilter;
  if (next.focus && (load === 'replace' || filterChanged || !canvas.has(next.focus))) {
    const focus = next.focus;
    const view = await neighbourhood([focus]);
    await mutateGraph(async () => {
      if (load === 'merge-if-missing' && canvas.nodeCount > 0 && !filterChanged) {
        await canvas.merge(view, previousFocus);
        drawingSeeds?.push(focus);
        await refreshCommunities();
      } else {
        truncatedSeeds.clear();
        pathShown = '';
        drawingSeeds = [focus];
        await canvas.replace(view, focus);
      }
    });
    noteTruncation(focus, view);
  } else if (!next.focus && (filterChanged || (canvas.nodeCount === 0 && !isEmptyFilter(next.filter)))) {
    const view = isEmptyFilter(next.filter) ? null : await graphView(next.filter);
    await mutateGraph(async () => {
      truncatedSeeds.clear();
      pathShown = '';
      drawingSeeds = null;
      if (view) await canvas.replace(view, null);
      else canvas.clear();
    });
  }
  drawnFilter = filterKey(next.filter);
  canvas.focus(next.focus);
  if (next.focus) canvas.reveal(next.focus);
  if (next.focus !== detailsFor) {
    detailsFor = next.focus;
    void track(
      showDetails(next.focus).catch((error: unknown) => {
        detailsFor = undefined; // so that focusing the node again retries
        showError(error);
      }),
    );
  }
  const pathKey = next.from && next.to ? `${next.from}\n${next.to}` : '';
  if (pathKey !== pathShown) {
    if (next.from && next.to) await showPath(next.from, next.to);
    else {
      canvas.clearPath();
      fromBox.clear();
      toBox.clear();
      pathSummary.replaceChildren();
    }
    pathShown = pathKey;
  }
  updateStatus();
  updateCommunityLegend();
  await facetsDone;
}

const actions: DetailsActions = {
  focus: (id) => void navigate({ ...applied, focus: id }, 'merge-if-missing'),
  hrefOf: (id) => `${location.pathname}${formatViewState({ ...applied, focus: id })}`,
  expand: (id) => expand(id),
  citations: (id) => showCitations(id),
  pathEnd: (end, concept) => setPathEnd(end, concept),
};

/** Merges a paper's citation neighbourhood into the graph (stubs drawn apart). */
function showCitations(id: string): void {
  mergeAround(
    id,
    async () =>
      (
        await requestGraphQL<NeighbourhoodData, CitationsVariables>(CITATIONS_QUERY, {
          ids: [id],
          limit: NEIGHBOURHOOD_LIMIT,
          filter: apiFilter(applied.filter),
        })
      ).neighborhood,
  );
}

/** Merges a node's neighbourhood into the graph and focuses it. */
function expand(id: string): void {
  if (applied.focus !== id) void navigate({ ...applied, focus: id }, 'merge-if-missing');
  mergeAround(id, () => neighbourhood([id]));
}

/** Merges a view around a node into the drawing, then refreshes its communities, status and legend. */
function mergeAround(id: string, load: () => Promise<GraphView>): void {
  void run(async () => {
    const view = await load();
    await mutateGraph(async () => {
      await canvas.merge(view, id);
      if (drawingSeeds && !drawingSeeds.includes(id)) drawingSeeds.push(id);
      await refreshCommunities();
    });
    noteTruncation(id, view);
    updateStatus();
    updateCommunityLegend();
  });
}

let detailsGeneration = 0;

/** Fills the side panel with a node's details (and, for a paper, the papers sharing its methods). */
async function showDetails(id: string | null): Promise<void> {
  const generation = ++detailsGeneration;
  if (id === null) return showIntroduction();
  panelElement.setAttribute('aria-busy', 'true');
  try {
    const { node } = await requestGraphQL<NodeDetailsData, NodeDetailsVariables>(NODE_DETAILS_QUERY, { id, conceptPapers: CONCEPT_PAPERS });
    if (generation !== detailsGeneration) return;
    if (!node) {
      panelElement.replaceChildren(h('p', { class: 'muted' }, `Nothing in the graph has the id “${id}”. Search for it by name instead.`));
      return;
    }
    panelElement.replaceChildren(renderDetails(node, actions, lastConceptId));
    panelElement.scrollTop = 0;
    if (node.__typename === 'Concept') lastConceptId = node.id;
    if (node.__typename !== 'Paper') return;
    const sharing = document.getElementById('sharing');
    const { papersSharingMethods } = await requestGraphQL<SharingData, SharingVariables>(SHARING_QUERY, {
      paperId: id,
      first: SHARING_PAPERS,
    });
    if (generation !== detailsGeneration || !sharing) return;
    sharing.replaceChildren(h('h3', {}, 'Shares methods with'), ...renderSharing(papersSharingMethods, actions));
  } finally {
    if (generation === detailsGeneration) panelElement.removeAttribute('aria-busy');
  }
}

let introduction: Promise<StatsData> | null = null;

async function showIntroduction(): Promise<void> {
  const generation = detailsGeneration;
  introduction ??= requestGraphQL<StatsData, Record<string, never>>(STATS_QUERY, {});
  introduction.catch(() => {
    introduction = null;
  });
  const { stats } = await introduction;
  if (generation !== detailsGeneration) return;
  const count = (label: string) => stats.nodes.find((n) => n.label === label)?.count ?? 0;
  panelElement.replaceChildren(
    h(
      'article',
      { class: 'details intro' },
      h('h2', {}, 'Explore the graph'),
      h(
        'p',
        {},
        `The graph holds ${count('Paper')} papers, ${count('Concept')} concepts, ${count('Method')} methods and ${count('Repository')} repositories, with ${stats.relationshipCount} links.`,
      ),
      h(
        'ul',
        {},
        h(
          'li',
          {},
          'Search for a paper, concept, method, repository or author as you type (press / to jump to the search box); choose a hit to draw its neighbourhood.',
        ),
        h('li', {}, 'Click a node to read about it here; double-click it to add its own neighbours.'),
        h('li', {}, 'Pick two concepts under “Concept path” to see how they connect.'),
        h(
          'li',
          {},
          'Narrow the papers drawn with the year range and the facets on the left; colour nodes by their community to see clusters.',
        ),
        h('li', {}, 'The address bar keeps the view: share it, reload it, go back and forward.'),
      ),
    ),
  );
}

// The concept path.

function setPathEnd(end: 'from' | 'to', concept: NamedRef): void {
  (end === 'from' ? fromBox : toBox).set(concept.id, concept.name);
  const other = end === 'from' ? toBox : fromBox;
  if (other.chosen) void run(showPathOfForm);
  else document.getElementById(end === 'from' ? 'path-to' : 'path-from')?.focus();
}

/** The concept an end of the path form names: the hit chosen, else the concept of that name (or alias). */
async function conceptOfBox(box: SearchBox, input: HTMLInputElement, end: string): Promise<string | null> {
  if (box.chosen) return box.chosen.id;
  const name = input.value.trim();
  if (!name) {
    showError(new Error(`Choose the concept the path goes ${end}.`));
    input.focus();
    return null;
  }
  const { concept } = await requestGraphQL<ConceptByNameData, ConceptByNameVariables>(CONCEPT_BY_NAME_QUERY, { name });
  if (!concept) {
    showError(new Error(`No concept is called “${name}”: pick one from the list as you type.`));
    input.focus();
    return null;
  }
  box.set(concept.id, concept.name);
  return concept.id;
}

async function showPathOfForm(): Promise<void> {
  clearError();
  const from = await conceptOfBox(fromBox, byId('path-from', HTMLInputElement), 'from');
  const to = from ? await conceptOfBox(toBox, byId('path-to', HTMLInputElement), 'to') : null;
  if (from && to) await navigate({ ...applied, from, to }, 'merge-if-missing');
}

/** Draws the shortest concept path between two concepts: its nodes and edges added when missing, highlighted. */
async function showPath(from: string, to: string): Promise<void> {
  const { conceptPath: path } = await requestGraphQL<ConceptPathData, ConceptPathVariables>(CONCEPT_PATH_QUERY, { from, to });
  if (!path) {
    canvas.clearPath();
    if (!fromBox.chosen) fromBox.set(from, from);
    if (!toBox.chosen) toBox.set(to, to);
    pathSummary.replaceChildren(h('p', { class: 'muted', id: 'path-result' }, 'No path connects these concepts within 6 steps.'));
    return;
  }
  const ids = path.nodes.map((node) => node.id);
  // Depth 0: exactly the path's nodes, with the graph's own node shapes and every edge among them.
  const view = await neighbourhood(ids, 0, Math.max(1, ids.length), {});
  await mutateGraph(() => canvas.showPath(view, path.edges));
  canvas.fitTo(applied.focus ? [...ids, applied.focus] : ids);
  const first = path.nodes[0];
  const last = path.nodes[path.nodes.length - 1];
  if (first && fromBox.chosen?.id !== first.id) fromBox.set(first.id, displayName(first));
  if (last && toBox.chosen?.id !== last.id) toBox.set(last.id, displayName(last));
  pathSummary.replaceChildren(
    h(
      'ol',
      { class: 'path-steps', id: 'path-result', 'aria-label': `Concept path, ${path.length} steps` },
      path.nodes.map((node) => h('li', {}, typeSwatch(nodeTypeOf(node.__typename)), nodeLink(actions, node.id, displayName(node)))),
    ),
  );
}

// Wiring.

const canvas = new GraphCanvas(graphElement, {
  onSelect: (id) => {
    if (id !== applied.focus) void navigate({ ...applied, focus: id }, 'merge-if-missing');
  },
  onExpand: (id) => expand(id),
});

new SearchBox({
  input: searchInput,
  listbox: byId('search-results', HTMLUListElement),
  types: null,
  onChoose: (hit) => void navigate({ ...applied, focus: hit.id, from: null, to: null }, 'replace'),
  onError: showError,
  track,
});
const conceptBox = (end: 'from' | 'to') =>
  new SearchBox({
    input: byId(`path-${end}`, HTMLInputElement),
    listbox: byId(`path-${end}-results`, HTMLUListElement),
    types: ['CONCEPT'],
    onChoose: () => {
      if (fromBox.chosen && toBox.chosen) void run(showPathOfForm);
    },
    onError: showError,
    track,
  });
const fromBox = conceptBox('from');
const toBox = conceptBox('to');

pathForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(showPathOfForm);
});
byId('path-clear', HTMLButtonElement).addEventListener('click', () => {
  fromBox.clear();
  toBox.clear();
  void navigate({ ...applied, from: null, to: null }, 'merge-if-missing');
});
byId('fit', HTMLButtonElement).addEventListener('click', () => canvas.fitTo());

const yearRange = new YearRange(
  byId('year-range', HTMLDivElement),
  ({ yearFrom, yearTo }) =>
    void navigate({ ...applied, filter: normaliseFilter({ ...applied.filter, yearFrom, yearTo }) }, 'merge-if-missing'),
);
colourSelect.addEventListener(
  'change',
  () =>
    void navigate(
      { ...applied, colour: colourSelect.value === 'community' ? 'community' : ('type' satisfies ColourMode) },
      'merge-if-missing',
    ),
);

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  const typing = target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    searchInput.focus();
    searchInput.select();
  }
});

window.addEventListener('popstate', () => {
  clearError();
  void run(() => apply(parseViewState(location.search), 'replace-if-missing'));
});

const hook: ExplorerHook = {
  get idle() {
    return pending === 0 && !canvas.moving;
  },
  state: () => ({ ...applied }),
  nodes: () => canvas.nodeSnapshots(),
  edges: () => canvas.edgeSnapshots(),
  renderedPosition: (id) => canvas.renderedPosition(id),
  zoom: () => canvas.cy.zoom(),
  truncatedSeeds: () => [...truncatedSeeds.keys()],
  facetsFilter: () => (facetsShown ? { ...facetsShown.filter } : null),
};
Object.defineProperty(window, '__explorer', { value: Object.freeze(hook) });

renderLegend(byId('legend', HTMLElement));
const initial = parseViewState(location.search);
history.replaceState(null, '', `${location.pathname}${formatViewState(initial)}`);
updateStatus();
void run(async () => {
  await loadYearSpan().catch(showError);
  await apply(initial, 'replace-if-missing');
});

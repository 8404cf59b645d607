import type {
  AuthorDetails,
  ConceptDetails,
  MethodDetails,
  NamedRef,
  NodeDetails,
  NodeType,
  PaperDetails,
  PaperRef,
  RepositoryDetails,
  SharingData,
} from './documents.ts';
import { externalLink, h, safeHttpUrl, type Child } from './dom.ts';
import { segmentByEvidence } from './evidence.ts';
import { NODE_LOOKS } from './graphStyle.ts';
import { typeSwatch } from './legend.ts';

/** What the panel's buttons do. */
export interface DetailsActions {
  /** Focus a node (adding it to the graph when missing). */
  focus(id: string): void;
  /** The explorer URL that focuses a node: links work in a new tab too. */
  hrefOf(id: string): string;
  /** Merge a node's neighbourhood into the graph. */
  expand(id: string): void;
  /** Merge a paper's citation neighbourhood (what it cites, what cites it) into the graph. */
  citations(id: string): void;
  /** Make a concept one end of the concept path. */
  pathEnd(end: 'from' | 'to', concept: NamedRef): void;
}

/**
 * A link that focuses a node, labelled with its name. A real link to the explorer URL of that
 * view, so it can be opened in a new tab or copied; a plain click stays on the page and merges.
 */
export function nodeLink(actions: DetailsActions, id: string, label: string): HTMLAnchorElement {
  return h(
    'a',
    {
      href: actions.hrefOf(id),
      class: 'node-link',
      'data-node': id,
      onclick: (event) => {
        const click = event as MouseEvent;
        if (click.button !== 0 || click.ctrlKey || click.metaKey || click.shiftKey || click.altKey) return;
        click.preventDefault();
        actions.focus(id);
      },
    },
    label,
  );
}

/** A titled list of nodes, each a focus button; nothing when the list is empty. */
function nodeList(
  actions: DetailsActions,
  title: string,
  items: readonly { id: string; label: string; note?: string }[],
): HTMLElement | null {
  if (items.length === 0) return null;
  return h(
    'section',
    { class: 'node-list' },
    h('h3', {}, title),
    h(
      'ul',
      {},
      items.map((item) =>
        h('li', {}, nodeLink(actions, item.id, item.label), item.note ? h('span', { class: 'note' }, ` ${item.note}`) : null),
      ),
    ),
  );
}

const named = (refs: readonly NamedRef[]) => refs.map((ref) => ({ id: ref.id, label: ref.name }));
const titled = (refs: readonly PaperRef[]) => refs.map((ref) => ({ id: ref.id, label: ref.title }));

/** The panel's header: type, name, and the actions every node has. */
function header(type: NodeType, subtitle: string | null, title: Child | Child[], actions: DetailsActions, id: string): HTMLElement {
  return h(
    'header',
    { class: 'details-header' },
    h('p', { class: 'kind' }, typeSwatch(type), NODE_LOOKS[type].label, subtitle ? ` · ${subtitle}` : null),
    h('h2', { id: 'details-title' }, title),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => actions.expand(id) }, 'Expand neighbourhood'),
      type === 'PAPER' ? h('button', { type: 'button', onclick: () => actions.citations(id) }, 'Show citations') : null,
      h('span', { class: 'node-id' }, id),
    ),
  );
}

/**
 * A text with the evidence sentences of the paper's concepts marked (`<mark>`, its title naming the
 * concepts). With `activeConceptId`, only that concept's sentences are marked and its name is
 * emphasised in them.
 */
function markedText(text: string, paper: PaperDetails, activeConceptId: string | null): (HTMLElement | string)[] {
  const mentions = paper.concepts.filter((m) => activeConceptId === null || m.concept.id === activeConceptId);
  const names = new Map(paper.concepts.map((m) => [m.concept.id, m.concept.name]));
  const concepts = mentions.map((m) => ({
    conceptId: m.concept.id,
    terms: activeConceptId === null ? [] : [m.concept.name, ...m.concept.aliases],
    evidence: m.evidence,
  }));
  return segmentByEvidence(text, concepts).map((segment) => {
    if (segment.conceptIds.length === 0) return segment.text;
    const label = segment.conceptIds.map((id) => names.get(id) ?? id).join(', ');
    return h(
      'mark',
      { title: `Evidence for: ${label}`, 'data-concepts': segment.conceptIds.join(' ') },
      segment.term ? h('strong', {}, segment.text) : segment.text,
    );
  });
}

function paperDetails(paper: PaperDetails, actions: DetailsActions, contextConceptId: string | null): HTMLElement {
  // Most sentences are evidence of some concept, so marking them all says little: one concept at a
  // time, the one the user came from, else the paper's strongest (concepts come strongest first).
  const mentioned = paper.concepts.some((m) => m.concept.id === contextConceptId);
  let active = mentioned ? contextConceptId : (paper.concepts[0]?.concept.id ?? null);
  const title = h('span', {});
  const abstract = h('p', { class: 'abstract', id: 'details-abstract' });
  const paint = () => {
    title.replaceChildren(...(active === null ? [paper.title] : markedText(paper.title, paper, active)));
    abstract.replaceChildren(...markedText(paper.abstract, paper, active));
  };
  paint();

  const filter = h(
    'select',
    {
      id: 'evidence-filter',
      onchange: (event) => {
        const value = (event.target as HTMLSelectElement).value;
        active = value === '' ? null : value;
        paint();
      },
    },
    paper.concepts.map((m) =>
      h(
        'option',
        { value: m.concept.id, selected: m.concept.id === active },
        `${m.concept.name} (${m.evidence.length} sentence${m.evidence.length === 1 ? '' : 's'})`,
      ),
    ),
    h('option', { value: '' }, 'every concept at once'),
  );

  const links: Child[] = [];
  const arxiv = paper.arxivId ? safeHttpUrl(`https://arxiv.org/abs/${encodeURIComponent(paper.arxivId)}`) : null;
  if (arxiv) links.push(externalLink(arxiv, `arXiv:${paper.arxivId}`));
  const url = safeHttpUrl(paper.url);
  if (url && url !== arxiv) links.push(externalLink(url, 'paper page'));
  const proposed = new Set(paper.proposes.map((m) => m.id));

  return h(
    'article',
    { class: 'details', 'data-type': 'PAPER', 'aria-labelledby': 'details-title' },
    header('PAPER', paper.publishedAt, title, actions, paper.id),
    links.length > 0
      ? h(
          'p',
          { class: 'links' },
          links.flatMap((link, i) => (i === 0 ? [link] : [' · ', link])),
        )
      : null,
    h(
      'section',
      {},
      h('h3', {}, 'Abstract'),
      paper.concepts.length > 0
        ? h('p', { class: 'evidence-filter' }, h('label', { for: 'evidence-filter' }, 'Highlight the evidence of '), filter)
        : null,
      abstract,
    ),
    nodeList(
      actions,
      `Concepts (${paper.concepts.length})`,
      paper.concepts.map((m) => ({ id: m.concept.id, label: m.concept.name, note: `×${m.count}, weight ${m.weight}` })),
    ),
    nodeList(
      actions,
      'Methods',
      paper.methods.map((m) => ({ id: m.id, label: m.name, note: proposed.has(m.id) ? 'proposed here' : 'used' })),
    ),
    paper.repositories.length > 0
      ? h(
          'section',
          { class: 'node-list' },
          h('h3', {}, 'Repositories'),
          h(
            'ul',
            {},
            paper.repositories.map((repo) => {
              const href = safeHttpUrl(repo.url);
              return h(
                'li',
                {},
                href ? externalLink(href, `${repo.owner}/${repo.name}${repo.path ? `/${repo.path}` : ''}`) : repo.url,
                ' ',
                nodeLink(actions, repo.id, 'in graph'),
              );
            }),
          ),
        )
      : null,
    h('section', { class: 'sharing', id: 'sharing' }, h('h3', {}, 'Shares methods with'), h('p', { class: 'muted' }, 'Loading…')),
  );
}

function conceptDetails(concept: ConceptDetails, actions: DetailsActions): HTMLElement {
  const ref = { id: concept.id, name: concept.name };
  const more = concept.papers.totalCount - concept.papers.edges.length;
  return h(
    'article',
    { class: 'details', 'data-type': 'CONCEPT', 'aria-labelledby': 'details-title' },
    header('CONCEPT', concept.kind.toLowerCase() + (concept.curated ? '' : ' · not curated'), concept.name, actions, concept.id),
    concept.description ? h('p', { class: 'description' }, concept.description) : null,
    concept.aliases.length > 0
      ? h('p', { class: 'aliases' }, h('span', { class: 'muted' }, 'Also called: '), concept.aliases.join(', '))
      : null,
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => actions.pathEnd('from', ref) }, 'Path from here'),
      h('button', { type: 'button', onclick: () => actions.pathEnd('to', ref) }, 'Path to here'),
    ),
    nodeList(actions, 'Broader', named(concept.broader)),
    nodeList(actions, 'Narrower', named(concept.narrower)),
    nodeList(actions, 'Related', named(concept.related)),
    nodeList(actions, 'Methods applying it', named(concept.methods)),
    nodeList(actions, `Papers (${concept.paperCount})`, titled(concept.papers.edges.map((edge) => edge.node))),
    more > 0 ? h('p', { class: 'muted' }, `and ${more} more: expand the concept to see them all in the graph.`) : null,
  );
}

function methodDetails(method: MethodDetails, actions: DetailsActions): HTMLElement {
  return h(
    'article',
    { class: 'details', 'data-type': 'METHOD', 'aria-labelledby': 'details-title' },
    header('METHOD', null, method.name, actions, method.id),
    method.fullName ? h('p', { class: 'description' }, method.fullName) : null,
    nodeList(actions, 'Proposed by', titled(method.proposedBy)),
    nodeList(actions, 'Used by', titled(method.usedBy)),
    nodeList(actions, 'Techniques it applies', named(method.concepts)),
  );
}

function authorDetails(author: AuthorDetails, actions: DetailsActions): HTMLElement {
  return h(
    'article',
    { class: 'details', 'data-type': 'AUTHOR', 'aria-labelledby': 'details-title' },
    header('AUTHOR', null, author.name, actions, author.id),
    nodeList(actions, 'Papers', titled(author.authorPapers)),
  );
}

function repositoryDetails(repo: RepositoryDetails, actions: DetailsActions): HTMLElement {
  const href = safeHttpUrl(repo.repositoryUrl);
  return h(
    'article',
    { class: 'details', 'data-type': 'REPOSITORY', 'aria-labelledby': 'details-title' },
    header('REPOSITORY', null, `${repo.owner}/${repo.name}`, actions, repo.id),
    h('p', { class: 'links' }, href ? externalLink(href, repo.repositoryUrl) : repo.repositoryUrl),
    repo.path ? h('p', {}, h('span', { class: 'muted' }, 'Path: '), repo.path) : null,
    nodeList(actions, 'Papers', titled(repo.repositoryPapers)),
  );
}

/**
 * The side panel's view of a node. `contextConceptId` is the concept the user came from: a paper
 * opened from it starts with that concept's evidence highlighted.
 */
export function renderDetails(details: NodeDetails, actions: DetailsActions, contextConceptId: string | null): HTMLElement {
  switch (details.__typename) {
    case 'Paper':
      return paperDetails(details, actions, contextConceptId);
    case 'Concept':
      return conceptDetails(details, actions);
    case 'Method':
      return methodDetails(details, actions);
    case 'Repository':
      return repositoryDetails(details, actions);
    case 'Author':
      return authorDetails(details, actions);
  }
}

/** The "shares methods with" list of a paper: each paper with its score and the methods shared, all focusable. */
export function renderSharing(overlaps: SharingData['papersSharingMethods'], actions: DetailsActions): HTMLElement[] {
  if (overlaps.length === 0) return [h('p', { class: 'muted' }, 'No other paper shares a method with this one.')];
  return [
    h('p', { class: 'muted' }, 'Papers leaning on the same methods, best first; rare shared methods count most.'),
    h(
      'ol',
      { class: 'overlaps' },
      overlaps.map((overlap) =>
        h(
          'li',
          {},
          nodeLink(actions, overlap.paper.id, overlap.paper.title),
          h('span', { class: 'note' }, ` score ${overlap.score.toFixed(2)}`),
          h(
            'ul',
            { class: 'chips', 'aria-label': 'Shared methods' },
            overlap.shared.map((node) =>
              h('li', {}, typeSwatch(node.__typename === 'Concept' ? 'CONCEPT' : 'METHOD'), nodeLink(actions, node.id, node.name)),
            ),
          ),
        ),
      ),
    ),
  ];
}

import type { TaxonomyConcept, Taxonomy } from '../extract/taxonomy.ts';
import { createRandom, shuffled, zipfSampler, type Random } from './random.ts';
import {
  COMMON_METHODS,
  FIRST_NAMES,
  FULL_NAME_HEADS,
  FULL_NAME_WORDS,
  KEYWORD_ADJECTIVES,
  KEYWORD_HEADS,
  KEYWORD_NOUNS,
  LABS,
  LAST_NAMES,
  NAME_ENDINGS,
  NAME_PARTS,
  TITLE_ADJECTIVES,
  VENUES,
} from './vocabulary.ts';

/** A synthetic paper in the shape of Papers with Code's papers-with-abstracts.json (format pwc-papers). */
export interface SyntheticPaper {
  paper_url: string;
  arxiv_id: string | null;
  title: string;
  abstract: string;
  url_abs: string;
  url_pdf: string | null;
  proceeding: string | null;
  authors: string[];
  tasks: string[];
  date: string;
  methods: { name: string; full_name: string; description: string }[];
}

export interface GenerateOptions {
  papers: number;
  seed: number;
  /** Concepts are drawn from it, by name or alias, so extraction tags them. */
  taxonomy: Taxonomy;
}

/** Proportions of the generated graph, from what the real datasets show. */
const SHARE = {
  withArxivId: 0.8,
  withRepository: 0.2,
  proposesMethod: 0.35,
  withVenue: 0.4,
  /** Of the author slots of a paper, how many go to someone new (the rest to existing authors, busier ones more often). */
  newAuthor: 0.3,
  aliasInsteadOfName: 0.3,
};
/** Synthetic keywords: adjective x noun x head combinations, drawn with a Zipf long tail. */
const KEYWORD_POOL = 20_000;
/** About this many papers per day, so dates run 2016 onwards whatever the number of papers. */
const PAPERS_PER_DAY = 30;
const START_DAY = Date.UTC(2016, 0, 1);

/**
 * Given a number of papers, a seed and the taxonomy, produces synthetic papers one at a time:
 * the same seed gives the same papers, and the first N papers of a longer run are the N papers
 * of a shorter one (each paper depends only on the ones before it). Proportions follow real data:
 * 3-6 taxonomy concepts per paper with Zipf popularity, 0-3 keywords from a long tail of synthetic
 * candidates, a named method proposed by about a third of the papers and reused by later ones
 * (busier methods more often), 3-6 authors from a pool that grows by preferential attachment,
 * a GitHub repository in the abstract of about a fifth, an arXiv id for four fifths.
 */
export function* generatePapers(options: GenerateOptions): Generator<SyntheticPaper> {
  const random = createRandom(options.seed);
  const concepts = shuffled(
    options.taxonomy.concepts.filter((c) => c.kind !== 'DATASET' && c.kind !== 'METRIC'),
    random,
  );
  const datasets = options.taxonomy.concepts.filter((c) => c.kind === 'DATASET');
  const pickConcept = zipfSampler(concepts.length, 1.0);
  const pickKeyword = zipfSampler(KEYWORD_POOL, 1.05);
  const pickCommonMethod = zipfSampler(COMMON_METHODS.length, 1.2);
  const keywordOrder = permutation(KEYWORD_POOL, random);

  const authorNames: string[] = [];
  /** One entry per authorship: drawing from it favours busy authors (preferential attachment). */
  const authorships: number[] = [];
  const methods: { name: string; fullName: string }[] = [];
  const methodNames = new Set<string>();
  const methodUses: number[] = [];
  const arxivCounters = new Map<string, number>();

  for (let index = 0; index < options.papers; index++) {
    const day = new Date(START_DAY + Math.floor(index / PAPERS_PER_DAY) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const chosen = distinct(random.int(3, 6), () => concepts[pickConcept(random)]!);
    const forms = chosen.map((c) => surfaceForm(c, random));
    const keywords = distinct(random.int(0, 3), () => keywordText(keywordOrder[pickKeyword(random)]!));
    if (random.chance(0.3)) keywords.push(chosen[0]!.name);

    const authors = distinct(random.int(3, 6), () => {
      if (authorships.length === 0 || random.chance(SHARE.newAuthor)) {
        authorNames.push(personName(random));
        return authorNames.length - 1;
      }
      return random.pick(authorships);
    });
    authorships.push(...authors);

    const used = methods.length === 0 ? [] : distinct(random.int(0, 3), () => random.pick(methodUses));
    const common = distinct(random.int(0, 3), () => pickCommonMethod(random));
    let proposed: { name: string; fullName: string } | null = null;
    if (random.chance(SHARE.proposesMethod)) {
      proposed = inventMethod(random, methodNames);
      methods.push(proposed);
      methodUses.push(methods.length - 1);
    }
    methodUses.push(...used);

    const arxivId = random.chance(SHARE.withArxivId) ? nextArxivId(date, arxivCounters) : null;
    const repository = random.chance(SHARE.withRepository)
      ? repositoryUrl(random, proposed?.name ?? forms[0]!, authorNames[authors[0]!]!)
      : null;
    // A topic drawn uniformly from the long tail keeps titles apart (real datasets repeat few titles).
    const title = makeTitle(
      random,
      proposed,
      forms,
      keywordText(random.int(0, KEYWORD_POOL - 1)),
      keywordText(random.int(0, KEYWORD_POOL - 1)),
    );
    const abstract = makeAbstract(random, {
      proposed,
      forms,
      keywords,
      used: used.map((m) => methods[m]!.name),
      dataset: datasets.length > 0 && random.chance(0.5) ? surfaceForm(random.pick(datasets), random) : null,
      repository,
    });
    const slug = `${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60)}-${index}`;
    yield {
      paper_url: `https://paperswithcode.com/paper/${slug}`,
      arxiv_id: arxivId,
      title,
      abstract,
      url_abs: arxivId ? `https://arxiv.org/abs/${arxivId}` : `https://openreview.net/forum?id=syn${index}`,
      url_pdf: arxivId ? `https://arxiv.org/pdf/${arxivId}` : null,
      proceeding: random.chance(SHARE.withVenue) ? `${random.pick(VENUES)} ${day.getUTCFullYear()}` : null,
      authors: authors.map((a) => authorNames[a]!),
      tasks: keywords,
      date,
      methods: [
        ...used.map((m) => ({ name: methods[m]!.name, full_name: methods[m]!.fullName, description: `${methods[m]!.fullName}.` })),
        ...common.map((c) => ({
          name: COMMON_METHODS[c]!.name,
          full_name: COMMON_METHODS[c]!.fullName,
          description: `${COMMON_METHODS[c]!.fullName}.`,
        })),
      ],
    };
  }
}

/** n distinct values drawn by `draw` (fewer if it keeps repeating itself). */
function distinct<T>(n: number, draw: () => T): T[] {
  const out: T[] = [];
  for (let tries = 0; out.length < n && tries < n * 10; tries++) {
    const value = draw();
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

function permutation(size: number, random: Random): number[] {
  return shuffled(
    Array.from({ length: size }, (_, i) => i),
    random,
  );
}

/** How a paper names a concept: its name, or now and then one of its aliases. */
function surfaceForm(concept: TaxonomyConcept, random: Random): string {
  return concept.aliases.length > 0 && random.chance(SHARE.aliasInsteadOfName)
    ? random.pick(concept.aliases)
    : concept.name.toLowerCase() === concept.name
      ? concept.name
      : lowerFirst(concept.name);
}

function lowerFirst(text: string): string {
  // Acronyms and names ("GAN", "Hessian") keep their capitals; ordinary words go lower case mid-sentence.
  return /^[A-Z][a-z]/.test(text) &&
    !/^[A-Z][a-z]+ian\b|^Markov|^Bayes|^Fisher|^Gauss|^Kronecker|^Newton|^Langevin|^Monte|^Gibbs/.test(text)
    ? text[0]!.toLowerCase() + text.slice(1)
    : text;
}

function keywordText(rank: number): string {
  const a = KEYWORD_ADJECTIVES[rank % KEYWORD_ADJECTIVES.length]!;
  const n = KEYWORD_NOUNS[Math.floor(rank / KEYWORD_ADJECTIVES.length) % KEYWORD_NOUNS.length]!;
  const h = KEYWORD_HEADS[Math.floor(rank / (KEYWORD_ADJECTIVES.length * KEYWORD_NOUNS.length)) % KEYWORD_HEADS.length]!;
  return `${a} ${n} ${h}`;
}

function personName(random: Random): string {
  // Middle initials keep the pool of distinct names large, as in real bylines: homonyms stay rare.
  const middle = random.chance(0.75) ? ` ${String.fromCharCode(65 + random.int(0, 25))}.` : '';
  return `${random.pick(FIRST_NAMES)}${middle} ${random.pick(LAST_NAMES)}`;
}

/** A new method name that looks like one (two capitals or a digit, as extraction wants) and is not taken. */
function inventMethod(random: Random, taken: Set<string>): { name: string; fullName: string } {
  let name: string;
  do {
    const ending = random.pick(NAME_ENDINGS);
    name = `${random.pick(NAME_PARTS)}${ending || random.pick(NAME_PARTS)}`;
    if (taken.has(name) || random.chance(0.3)) name = `${name}-${random.int(2, 99)}`;
  } while (taken.has(name));
  taken.add(name);
  const words = distinct(random.int(2, 3), () => random.pick(FULL_NAME_WORDS));
  return { name, fullName: `${words.join(' ')} ${random.pick(FULL_NAME_HEADS)}` };
}

function nextArxivId(date: string, counters: Map<string, number>): string {
  const month = `${date.slice(2, 4)}${date.slice(5, 7)}`;
  const n = (counters.get(month) ?? 0) + 1;
  counters.set(month, n);
  return `${month}.${String(n).padStart(5, '0')}`;
}

function repositoryUrl(random: Random, name: string, firstAuthor: string): string {
  const owner = random.chance(0.5) ? `${random.pick(LABS)}-${random.int(1, 400)}` : firstAuthor.toLowerCase().replace(/[^a-z]+/g, '');
  const repo = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `https://github.com/${owner}/${repo}`;
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function makeTitle(random: Random, proposed: { name: string } | null, forms: string[], topic: string, other: string): string {
  const [a, b] = [forms[0]!, forms[1] ?? forms[0]!];
  const adjective = random.pick(TITLE_ADJECTIVES);
  const body = random.pick([
    `${adjective} ${a} for ${topic} and ${other}`,
    `${capitalise(a)} Meets ${capitalise(b)}: ${adjective} ${topic} beyond ${other}`,
    `On the Role of ${a} in ${topic}, with Applications to ${other}`,
    `Towards ${adjective} ${topic} with ${a} and ${b}: A Study of ${other}`,
    `Learning ${topic} via ${a} for ${other}`,
    `${capitalise(a)} under ${b} for ${topic}: Lessons from ${other}`,
    `When Does ${a} Help ${topic} and ${other}?`,
    `Revisiting ${b} for ${topic} through ${other}`,
  ]);
  return proposed ? `${proposed.name}: ${capitalise(body.replace(/^[^:]*: /, ''))}` : capitalise(body);
}

function makeAbstract(
  random: Random,
  p: {
    proposed: { name: string; fullName: string } | null;
    forms: string[];
    keywords: string[];
    used: string[];
    dataset: string | null;
    repository: string | null;
  },
): string {
  const [a, b, c, d] = [p.forms[0]!, p.forms[1] ?? p.forms[0]!, p.forms[2] ?? p.forms[0]!, p.forms[3] ?? p.forms[1] ?? p.forms[0]!];
  const topic = p.keywords[0] ?? c;
  const sentences = [
    random.pick([
      `${capitalise(a)} is central to ${topic}, yet existing approaches scale poorly.`,
      `Recent progress in ${topic} relies on ${a}, whose behaviour is still poorly understood.`,
      `We revisit ${a} in the setting of ${topic}.`,
    ]),
    p.proposed
      ? `We propose ${p.proposed.name} (${p.proposed.fullName}), a ${random.pick(['simple', 'principled', 'scalable', 'practical'])} method that combines ${a} with ${b}.`
      : `We study how ${b} shapes ${a}, and what this means for ${c}.`,
    random.pick([
      `Our analysis connects ${c} and ${d}, and yields guarantees under mild assumptions.`,
      `Building on ${c}, we derive an estimator whose cost grows linearly with the problem size.`,
      `A key ingredient is ${d}, which we show is both necessary and sufficient here.`,
    ]),
  ];
  if (p.used.length > 0) sentences.push(`We compare against ${p.used.join(', ')} and report consistent improvements.`);
  if (p.keywords.length > 1) sentences.push(`The approach also applies to ${p.keywords.slice(1).join(' and ')}.`);
  sentences.push(
    p.dataset
      ? `Experiments on ${p.dataset} show gains of ${random.int(2, 30)}% over strong baselines.`
      : `Experiments on ${random.int(3, 12)} benchmarks show gains of ${random.int(2, 30)}% over strong baselines.`,
  );
  if (p.repository) sentences.push(`Code is available at ${p.repository}.`);
  return sentences.join(' ');
}

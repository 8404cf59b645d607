import type { ConceptNode } from '../domain/graph.ts';
import { slugify } from '../domain/ids.ts';
import { stemWord } from '../store/readRules.ts';
import { compileConceptMatcher, type ConceptMatcher } from './conceptMatcher.ts';
import { candidateKind } from './extractSourceFields.ts';
import { splitSentences } from './sentences.ts';

/**
 * Concepts discovered in a corpus: phrases of two or three words that recur in the titles and
 * abstracts of several papers of one import and that the taxonomy does not know. They become
 * candidate concepts (`curated: false`), as source keywords the taxonomy lacks do, linked by
 * MENTIONS (extractor `corpus`) from every paper of the import whose text holds them.
 */
export interface DiscoveredConcepts {
  /** The candidate concepts, by id. */
  concepts: ReadonlyMap<string, ConceptNode>;
  /** Matches their forms (plural and hyphen variants included) in a paper's sentences. */
  matcher: ConceptMatcher;
}

/** The extractor name on the MENTIONS edges of discovered concepts. */
export const CORPUS_EXTRACTOR = 'corpus';

export interface DiscoveryOptions {
  /** The fewest papers a phrase must appear in (default 3). */
  minPapers?: number;
  /** The largest share of the corpus a phrase may appear in: more is a generic phrase (default 5%). */
  maxShare?: number;
  /** The most concepts kept, most widespread first (default 2,000). */
  maxConcepts?: number;
}

/** Words no phrase starts or ends with: function words and the vocabulary of every abstract. */
const EDGE_WORDS = new Set(
  (
    'a an the of for and or in on to with by from as at into via over under between than that this these those its their our we ' +
    'is are be been was were can may not no it which while where when how what using use used based new novel proposed propose ' +
    'paper method methods approach approaches result results experiment experiments experimental extensive show shows shown ' +
    'demonstrate demonstrates state art existing performance significant significantly work works framework task tasks problem ' +
    'problems study studies analysis first also such other both each more most well large small high low different various ' +
    'several many key main two three one effective efficient simple strong better best across code available github com https http ' +
    // Heads of longer terms ("learning models" of "deep learning models"), never a term's first word.
    'learning network networks model models data training input output wide real long ' +
    // Openers and closers of the prose around terms ("recent years", "some cases", "a principled way").
    'recent some great diverse multiple special standard general jointly explain generate generated take shed fewer principled ' +
    'about against why way ways cases case set sets purpose success advances years lot range deal variety number ' +
    'project page website abstract extended remains remain typically rely consistent improvements improvement future ' +
    'previously fundamental challenge challenges challenging despite address addresses whose findings considerable times ' +
    'design empirical converges highlight highlights rapid'
  ).split(' '),
);
/** Words no phrase holds at all: they make a clause ("networks have", "does not require"), not a term. */
const INNER_STOP = new Set(
  (
    'the a an we our is are be was were this that these those it its their which while and or have has had does do did not without ' +
    'any during achieve achieves achieved require requires required allow allows provide provides make makes made could would should ' +
    'will only however thus then there here very much often even still since because through within upon like whether same trained ' +
    'state-of-the-art outperforms outperform recurrent but they them carry give rise further sheds shed step towards toward ' +
    'substantially learns learn efficiently improves improve improved improving higher lower generates whose despite'
  ).split(' '),
);
/** A term ends with a noun: a last word with an adjective's ending ("deep convolutional", "long short-term") is a fragment. */
const ADJECTIVE_END = /(?:al|ive|ous|ic|ary|ful|less|able|ible|ed|term|deep|neural|reinforcement|machine|supervised)$/;

/** The key of a whole phrase: its words in lower case, plurals folded, as phrasesOf keys them. */
function phrasesKey(text: string): string {
  return hyphensAsSpaces((text.match(WORD) ?? []).map((w) => stemWord(w.toLowerCase())).join(' '));
}

/** Keys compare "vision-language" and "vision language" alike. */
const hyphensAsSpaces = (key: string) => key.replace(/-/g, ' ');

const WORD = /[\p{L}][\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*/gu;

/** Two- and three-word phrases of a sentence, as [key, surface form]: keys fold case and plurals. */
function phrasesOf(text: string): [string, string][] {
  const words = text.match(WORD) ?? [];
  const out: [string, string][] = [];
  for (let n = 2; n <= 3; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const slice = words.slice(i, i + n);
      const lower = slice.map((w) => w.toLowerCase());
      if (EDGE_WORDS.has(lower[0]!) || EDGE_WORDS.has(lower[n - 1]!)) continue;
      if (lower.some((w) => INNER_STOP.has(w) || w.length < 3) || ADJECTIVE_END.test(lower[n - 1]!)) continue;
      out.push([hyphensAsSpaces(lower.map(stemWord).join(' ')), slice.join(' ')]);
    }
  }
  return out;
}

/** How much a spelling seen in a title counts towards a phrase's name, against 1 in an abstract. */
const TITLE_FORM_VOTE = 0.1;

/**
 * Counts phrases over papers, one paper at a time (a phrase counts once per paper), keeping only
 * counts and the votes for each spelling, so a corpus of any size streams through it.
 */
export class PhraseCounter {
  private readonly papers = new Map<string, number>();
  private readonly forms = new Map<string, Map<string, number>>();
  private total = 0;

  /** Counts the phrases of one paper's title and abstract. */
  add(title: string, abstract: string): void {
    this.total += 1;
    const seen = new Set<string>();
    const sentences = [title, ...splitSentences(abstract).map((s) => s.text)];
    sentences.forEach((sentence, index) => {
      for (const [key, form] of phrasesOf(sentence)) {
        if (!seen.has(key)) {
          seen.add(key);
          this.papers.set(key, (this.papers.get(key) ?? 0) + 1);
        }
        // Every occurrence votes for its spelling; a title's barely (titles capitalise every word).
        const forms = this.forms.get(key) ?? new Map<string, number>();
        forms.set(form, (forms.get(form) ?? 0) + (index === 0 ? TITLE_FORM_VOTE : 1));
        this.forms.set(key, forms);
      }
    });
  }

  /**
   * The candidate concepts of the corpus counted so far: phrases in at least `minPapers` papers
   * and at most `maxShare` of them, that no curated concept's form covers in whole or in part
   * (`curated` finds the taxonomy's concepts) and that are no piece of a curated name or alias,
   * and that no longer kept phrase holds with the same
   * count (the longest form of a term wins). Each is named by its most frequent surface form
   * (then one in lower case, then the first in code-point order); ids are slugs, so the same corpus gives the same concepts.
   */
  discover(
    curated: ConceptMatcher,
    taxonomy: { concepts: readonly { id: string; name: string; aliases: readonly string[] }[] },
    options: DiscoveryOptions = {},
  ): DiscoveredConcepts {
    const curatedIds = new Set(taxonomy.concepts.map((c) => c.id));
    // Every curated name and alias as phrase keys: a phrase inside one ("deep reinforcement" of
    // "deep reinforcement learning") is that term cut short, not a term of its own.
    const curatedForms = taxonomy.concepts.flatMap((c) => [c.name, ...c.aliases]).map((form) => phrasesKey(form));
    const minPapers = options.minPapers ?? 3;
    const maxPapers = Math.max(minPapers, Math.floor((options.maxShare ?? 0.05) * this.total));
    const kept: { key: string; name: string; papers: number }[] = [];
    for (const [key, papers] of this.papers) {
      if (papers < minPapers || papers > maxPapers) continue;
      const name = [...this.forms.get(key)!].sort(
        // Most frequent first; then lower case (a capital is most often the start of a title), then code-point order.
        (a, b) =>
          b[1] - a[1] ||
          Number(a[0] !== a[0].toLowerCase()) - Number(b[0] !== b[0].toLowerCase()) ||
          (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
      )[0]![0];
      if (curated.match(name).length > 0 || curated.lookup(name) || curatedIds.has(slugify(name))) continue;
      if (curatedForms.some((form) => ` ${form} `.includes(` ${key} `))) continue; // a fragment of a curated term
      kept.push({ key, name, papers });
    }
    const longer = kept.filter((k) => k.key.split(' ').length === 3);
    const maximal = kept.filter(
      (k) => k.key.split(' ').length === 3 || !longer.some((l) => l.papers === k.papers && ` ${l.key} `.includes(` ${k.key} `)),
    );
    maximal.sort((a, b) => b.papers - a.papers || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const concepts = new Map<string, ConceptNode>();
    for (const { name } of maximal.slice(0, options.maxConcepts ?? 2_000)) {
      const id = slugify(name);
      if (!id || concepts.has(id)) continue;
      concepts.set(id, { id, name, kind: candidateKind(name), aliases: [], description: null, curated: false });
    }
    const matcher = compileConceptMatcher({ concepts: [...concepts.values()].map((c) => ({ id: c.id, name: c.name, aliases: [] })) });
    return { concepts, matcher };
  }
}

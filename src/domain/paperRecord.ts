/** A code link a source gives for a paper outside its abstract (a "github" field, a Papers with Code row). */
export interface CodeLink {
  /** As the source writes it: a URL, or text holding one (a Markdown link). */
  url: string;
  /** True when the source says the authors published it (HAS_CODE.official). */
  official: boolean;
  /** Where the link came from (HAS_CODE.source): the format name, e.g. "papercopilot". */
  source: string;
}

/** A method a source lists for a paper (Papers with Code `methods[]`). */
export interface ListedMethod {
  name: string;
  fullName: string | null;
}

/** A work a record cites (OpenAlex referenced_works, a Semantic Scholar citation), by its external ids. */
export interface CitedWork {
  /** External ids (domain/externalIds.ts), at least one. */
  externalIds: string[];
  title?: string | null;
  influential?: boolean;
  intents?: string[];
  /** Sentences around the citation; at most three are kept. */
  contexts?: string[];
}

/** A paper as read from any input, before extraction. */
export interface PaperRecord {
  title: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  /** ISO date (YYYY-MM-DD) when the source gives one with a year. */
  publishedAt: string | null;
  /** The input it came from (a file name, or format:file for imports), recorded on the Paper node. */
  source: string;
  /** 1-based line of the record in its source, for error messages. */
  line: number;
  /** 1-based position of the record among its file's records (JSON and JSON-lines inputs). */
  record?: number;
  /** The authors in byline order, as the source writes their names. */
  authors?: string[];
  /** Where it was published ("ICLR 2018", a journal reference). */
  venue?: string | null;
  /** The source's own keywords or tasks, as written there. */
  keywords?: string[];
  /** Code links from outside the abstract; URLs in the abstract are found by extraction. */
  codeLinks?: CodeLink[];
  /** Methods the source lists as used by the paper. */
  methods?: ListedMethod[];
  /**
   * Every external id the source gives for the paper (domain/externalIds.ts). A record with ids and
   * no title (a Semantic Scholar abstract or citation) adds to the paper with those ids, or to a stub.
   */
  externalIds?: string[];
  /** The works it cites (ingestion/citations.ts makes them CITES edges, to stubs where unknown). */
  references?: CitedWork[];
  /**
   * The paper's id when an import matched the record to a paper it already has (see
   * import/resolvePapers.ts); otherwise extraction derives it from the arXiv id or the title.
   */
  id?: string;
}

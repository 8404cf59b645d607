import type { SyntheticPaper } from './generatePapers.ts';

/** A synthetic work in the shape of an OpenAlex work (format openalex): the fields the importer reads. */
export interface SyntheticWork {
  id: string;
  doi: string | null;
  title: string;
  display_name: string;
  publication_date: string;
  ids: { openalex: string; doi?: string };
  authorships: { author: { display_name: string }; raw_author_name: string }[];
  primary_location: { landing_page_url: string; source: { display_name: string } | null };
  abstract_inverted_index: Record<string, number[]> | null;
  keywords: { display_name: string }[];
  referenced_works: string[];
}

/** The OpenAlex id of the index-th generated paper. */
export function syntheticWorkId(index: number): string {
  return `https://openalex.org/W${index + 1}`;
}

/**
 * Given a synthetic paper, its index and the indices of the papers it cites, produces it as
 * OpenAlex ships works: the abstract as an inverted index, an arXiv DOI for papers with an arXiv
 * id (OpenAlex's own habit; none otherwise), the venue as the primary location's source, the
 * keywords as OpenAlex keywords and the references as OpenAlex ids. Named methods appear only as
 * the abstract names them (OpenAlex has no methods field).
 */
export function toOpenAlexWork(paper: SyntheticPaper, index: number, references: readonly number[]): SyntheticWork {
  const id = syntheticWorkId(index);
  const doi = paper.arxiv_id ? `https://doi.org/10.48550/arxiv.${paper.arxiv_id}` : null;
  return {
    id,
    doi,
    title: paper.title,
    display_name: paper.title,
    publication_date: paper.date,
    ids: doi ? { openalex: id, doi } : { openalex: id },
    authorships: paper.authors.map((name) => ({ author: { display_name: name }, raw_author_name: name })),
    primary_location: { landing_page_url: paper.url_abs, source: paper.proceeding ? { display_name: paper.proceeding } : null },
    abstract_inverted_index: invertedIndex(paper.abstract),
    keywords: paper.tasks.map((t) => ({ display_name: t })),
    referenced_works: references.map(syntheticWorkId),
  };
}

/** Text as OpenAlex's abstract_inverted_index: each word with the positions it stands at; null for no text. */
function invertedIndex(text: string): Record<string, number[]> | null {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const index: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  words.forEach((word, position) => (index[word] ??= []).push(position));
  return index;
}

/** A paper as read from any input, before extraction. */
export interface PaperRecord {
  title: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  /** ISO date (YYYY-MM-DD) when the source gives one with a year. */
  publishedAt: string | null;
  /** The input it came from (a file name), recorded on the Paper node. */
  source: string;
  /** 1-based line of the record in its source, for error messages. */
  line: number;
}

import type { PageFormat } from './format.ts';
import { readDailyPapersPage } from './parseDailyPapers.ts';

/**
 * A Hugging Face Daily Papers page saved as text (header, date line, title / abstract pairs), as
 * the seeds are: told from JSON by its first character. A title without an abstract is a paper
 * with an empty abstract and a warning (parseDailyPapers.readDailyPapersPage).
 */
export const hfDailyPage: PageFormat = {
  name: 'hf-daily-page',
  summary: 'Hugging Face Daily Papers page as text: header, date line, then title / abstract paragraphs',
  parse: readDailyPapersPage,
};

import type { GraphDocument, PaperNode } from '../../src/domain/graph.ts';
import { mergeDocuments } from '../../src/ingestion/write.ts';
import { seedDocument } from '../store/graphStore.contract.ts';

const paper = (id: string, title: string, publishedAt: string | null, venue: string | null): PaperNode => ({
  id,
  title,
  abstract: `${title}.`,
  arxivId: null,
  url: null,
  publishedAt,
  venue,
  keywords: [],
  sources: ['exploration.txt'],
});

/**
 * The seed graph with five papers that have what the seed lacks: authors (one with an accented
 * name), venues and dates across years, and links to seed concepts and methods, so that filters,
 * facets and typeahead have something to tell apart.
 */
export function explorationDocument(): GraphDocument {
  const extra: GraphDocument = {
    papers: [
      paper('x-hessian-2019', 'Hessian Sketches for Second-Order Training', '2019-05-01', 'ICLR 2019'),
      paper('x-hessian-2021', 'Curvature and the Hessian of Transformers', '2021-07-10', 'ICML 2021'),
      paper('x-zo-2021', 'Zeroth-Order Fine-Tuning at Scale', '2021-12-01', 'ICML 2021'),
      paper('x-ib-2023', 'Über Bottlenecks: Information in Deep Nets', '2023-03-03', 'NeurIPS 2023'),
      paper('x-undated', 'An Undated Note on Hessians', null, null),
    ],
    concepts: [],
    methods: [],
    repositories: [],
    authors: [
      { id: 'nicolo-cesa-bianchi', name: 'Nicolò Cesa-Bianchi' },
      { id: 'ada-lovelace', name: 'Ada Lovelace' },
    ],
    relationships: [
      { type: 'MENTIONS', from: 'x-hessian-2019', to: 'hessian', properties: { count: 2, weight: 1, evidence: [], extractor: 'test' } },
      { type: 'MENTIONS', from: 'x-hessian-2021', to: 'hessian', properties: { count: 1, weight: 0.75, evidence: [], extractor: 'test' } },
      {
        type: 'MENTIONS',
        from: 'x-hessian-2021',
        to: 'zeroth-order-optimization',
        properties: { count: 1, weight: 0.25, evidence: [], extractor: 'test' },
      },
      {
        type: 'MENTIONS',
        from: 'x-zo-2021',
        to: 'zeroth-order-optimization',
        properties: { count: 3, weight: 1, evidence: [], extractor: 'test' },
      },
      {
        type: 'MENTIONS',
        from: 'x-ib-2023',
        to: 'information-bottleneck',
        properties: { count: 2, weight: 1, evidence: [], extractor: 'test' },
      },
      { type: 'MENTIONS', from: 'x-undated', to: 'hessian', properties: { count: 1, weight: 0.25, evidence: [], extractor: 'test' } },
      { type: 'AUTHORED_BY', from: 'x-hessian-2019', to: 'nicolo-cesa-bianchi', properties: { position: 1 } },
      { type: 'AUTHORED_BY', from: 'x-hessian-2021', to: 'nicolo-cesa-bianchi', properties: { position: 2 } },
      { type: 'AUTHORED_BY', from: 'x-hessian-2021', to: 'ada-lovelace', properties: { position: 1 } },
      { type: 'AUTHORED_BY', from: 'x-zo-2021', to: 'ada-lovelace', properties: { position: 1 } },
      { type: 'USES', from: 'x-zo-2021', to: 'zo2', properties: { evidence: [] } },
    ],
  };
  return mergeDocuments(seedDocument(), extra);
}

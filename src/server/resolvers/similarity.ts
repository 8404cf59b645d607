import type { Resolvers } from '../../generated/graphql.ts';
import { recommendPapers } from '../../store/similarity/recommend.ts';
import { badArgument, intInRange, pageSize } from '../arguments.ts';
import { LABEL_BY_NODE_TYPE } from './node.ts';

/** Most example papers recommend takes on each side. */
const MAX_EXAMPLES = 20;

export const similarityResolvers: Resolvers = {
  Query: {
    similarPapers: (_p, { paperId, first }, { store }) => store.similarPapers(paperId, pageSize(first, 10)),
    recommend: (_p, { positive, negative, first }, { store }) => {
      if (positive.length === 0 || positive.length > MAX_EXAMPLES) throw badArgument('positive', `give 1 to ${MAX_EXAMPLES} paper ids`);
      if ((negative?.length ?? 0) > MAX_EXAMPLES) throw badArgument('negative', `give at most ${MAX_EXAMPLES} paper ids`);
      return recommendPapers(store, positive, negative ?? [], pageSize(first, 10));
    },
    nameAlternatives: (_p, { name, type, first }, { store }) => {
      const label = LABEL_BY_NODE_TYPE[type ?? 'CONCEPT'];
      if (label !== 'Concept' && label !== 'Method') throw badArgument('type', 'CONCEPT or METHOD');
      return store.nameAlternatives(label, name, intInRange('first', first, 1, 20, 5));
    },
  },
  Paper: {
    similarPapers: (paper, { first }, { store }) => store.similarPapers(paper.id, intInRange('first', first, 1, 100, 5)),
  },
  SimilarPaper: {
    shared: (similar) => similar.signals.flatMap((s) => s.shared.map((x) => x.node)),
  },
  SimilaritySignal: {
    shared: (signal) => signal.shared.map((x) => x.node),
    terms: (signal) => signal.terms.map((t) => t.term),
  },
  NameAlternative: {
    node: (alternative) => alternative.node,
  },
};

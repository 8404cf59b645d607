import { topFacetValues } from '../facetOrder.ts';
import type { FacetKind, FacetResult, FacetValue, PaperFilter } from '../GraphStore.ts';
import { paperYear } from '../paperYear.ts';
import type { GraphIndex } from './graphIndex.ts';
import { matchingPapersIn } from './paperFilter.ts';

/** Which relationship types (from a paper) each node facet counts, and the node's display field. */
const NODE_FACETS: Record<'CONCEPT' | 'METHOD' | 'AUTHOR', readonly string[]> = {
  CONCEPT: ['MENTIONS'],
  METHOD: ['PROPOSES', 'USES'],
  AUTHOR: ['AUTHORED_BY'],
};

/** paperFacets over the embedded index: the matching papers counted per facet value (GraphStore.paperFacets). */
export function paperFacetsIn(graph: GraphIndex, filter: PaperFilter, by: readonly FacetKind[], first: number): FacetResult[] {
  const papers = matchingPapersIn(graph, filter);
  return [...new Set(by)].map((facet) => {
    const counts = new Map<string, FacetValue>();
    const add = (value: string, label: string) => {
      const entry = counts.get(value);
      if (entry) entry.count += 1;
      else counts.set(value, { value, label, count: 1 });
    };
    for (const paper of papers) {
      const props = graph.getNodeAttribute(paper, 'props');
      if (facet === 'YEAR') {
        const year = paperYear(props.publishedAt);
        if (year !== null) add(String(props.publishedAt).slice(0, 4), String(props.publishedAt).slice(0, 4));
      } else if (facet === 'VENUE') {
        if (typeof props.venue === 'string' && props.venue !== '') add(props.venue, props.venue);
      } else {
        const types = NODE_FACETS[facet];
        // One count per paper, though a paper may both propose and use a method.
        const seen = new Set<string>();
        graph.forEachOutEdge(paper, (_e, a, _s, target) => {
          if (!types.includes(a.type) || seen.has(target)) return;
          seen.add(target);
          const node = graph.getNodeAttribute(target, 'props');
          add(node.id as string, String(node.name));
        });
      }
    }
    return { by: facet, values: topFacetValues([...counts.values()], first) };
  });
}

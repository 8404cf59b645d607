import type { Resolvers } from '../../generated/graphql.ts';
import * as mutations from '../../services/mutations.ts';
import { requireApiKey } from '../auth.ts';

/** Mutations: the API key first, then the service; expected failures come back as `{ ok: false, error }`. */
export const mutationResolvers: Resolvers = {
  Mutation: {
    ingestDailyPapers: async (_p, { text, source }, { store, taxonomy, auth }) => {
      requireApiKey(auth);
      const outcome = await mutations.ingestDailyPapersText(store, taxonomy, text, source ?? 'graphql');
      return outcome.ok ? outcome : { ...outcome, summary: null, papers: [], warnings: [] };
    },
    ingestPapers: async (_p, { records, source }, { store, taxonomy, auth }) => {
      requireApiKey(auth);
      const outcome = await mutations.ingestPaperRecords(store, taxonomy, records, source ?? 'graphql');
      return outcome.ok ? outcome : { ...outcome, summary: null, papers: [], warnings: [] };
    },
    linkRepository: async (_p, { paperId, url }, { store, auth }) => {
      requireApiKey(auth);
      return mutations.linkRepository(store, paperId, url);
    },
    tagConcept: async (_p, { paperId, conceptId, evidence }, { store, auth }) => {
      requireApiKey(auth);
      return mutations.tagConcept(store, paperId, conceptId, evidence);
    },
    removePaper: async (_p, { id }, { store, auth }) => {
      requireApiKey(auth);
      return mutations.removePaper(store, id);
    },
  },
};

import type { Taxonomy } from '../extract/taxonomy.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { authenticate, type Auth } from './auth.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every resolver receives, made anew for each request. */
export interface Context {
  store: GraphStore;
  /** Per-request DataLoaders: every relation field goes through them. */
  loaders: Loaders;
  auth: Auth;
  /** The concept taxonomy extraction matches against (for ingest mutations). */
  taxonomy: Taxonomy;
}

/** Everything a request's context is made from. */
export interface ContextInput {
  store: GraphStore;
  taxonomy: Taxonomy;
  /** The server's API key; null turns mutations off. */
  apiKey: string | null;
  /** The request's Authorization header, if any. */
  authorization: string | undefined;
}

/** Builds the context of one request. */
export async function createContext({ store, taxonomy, apiKey, authorization }: ContextInput): Promise<Context> {
  return { store, taxonomy, loaders: createLoaders(store), auth: authenticate(apiKey, authorization) };
}

import type { BatchRead } from '../../src/store/batchRead.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';

/**
 * A store wrapper that records every call reaching the store: [method, first argument]. A
 * readBatch (several DataLoader batches answered together) is recorded with a description of
 * its reads, sorted: "nodes:Concept+relationships:MENTIONS:out" (a page with the relationships it
 * includes: "papers[AUTHORED_BY:out]").
 */
export function countingStore(store: GraphStore): { store: GraphStore; calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push([String(property), property === 'readBatch' ? describeReads(args[0] as BatchRead[]) : args[0]]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

function describeReads(reads: BatchRead[]): string {
  return reads
    .map((r) =>
      r.kind === 'nodes'
        ? `nodes:${r.label}`
        : r.kind === 'papers'
          ? `papers${(r.include ?? []).length > 0 ? `[${(r.include ?? []).map((i) => `${i.type}:${i.direction}`).join(',')}]` : ''}`
          : `${r.kind}:${r.type}:${r.direction}`,
    )
    .sort()
    .join('+');
}

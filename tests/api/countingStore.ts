import type { GraphStore } from '../../src/store/GraphStore.ts';

/** A store wrapper that records every call reaching the store: [method, first argument]. */
export function countingStore(store: GraphStore): { store: GraphStore; calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push([String(property), args[0]]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/**
 * The `count` first items in `compare`'s order, first first: what
 * `[...items].sort(compare).slice(0, count)` returns when `compare` is a total order (no two
 * items compare equal), without sorting the rest.
 *
 * Why: a page of 20 papers of a concept that 20,000 papers mention, or the 200 nearest nodes of a
 * hub's neighbourhood, sorted every candidate on the embedded store's one event loop. Keeping the
 * `count` best in a bounded max-heap costs n log(count) comparisons instead of n log n, and most
 * candidates are dropped after one comparison with the heap's worst.
 */
export function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  // Sorting a copy is as fast when few would be dropped.
  if (items.length <= count * 2) return [...items].sort(compare).slice(0, count);
  // heap[0] is the worst of the best `count` seen so far (a max-heap by compare).
  const heap: T[] = [];
  const siftUp = (start: number) => {
    let i = start;
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[parent]!, item) >= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  };
  const siftDown = (item: T) => {
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const larger = right < n && compare(heap[right]!, heap[left]!) > 0 ? right : left;
      if (compare(heap[larger]!, item) <= 0) break;
      heap[i] = heap[larger]!;
      i = larger;
    }
    heap[i] = item;
  };
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item);
      siftUp(heap.length - 1);
    } else if (compare(item, heap[0]!) < 0) {
      siftDown(item);
    }
  }
  return heap.sort(compare);
}

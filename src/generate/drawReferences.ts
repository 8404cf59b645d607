import { createRandom } from './random.ts';

/** Of a paper's references, the share drawn by preferential attachment (the rest uniformly among earlier papers). */
const PREFERENTIAL = 0.8;
/** Mixed into the seed so references come from their own stream and leave the papers' draws as they were. */
const STREAM = 0x5eedc17e;

/**
 * Given a number of papers, a seed and a mean number of references, produces for each paper (in
 * order) the indices of the earlier papers it cites, ascending: between half and one and a half
 * times `references` of them (fewer for the first papers), each drawn with probability
 * proportional to one plus the citations it has received so far for four draws in five, uniformly
 * otherwise, so a few papers gather most citations as in real graphs. The same seed gives the same
 * lists, and the first N lists of a longer run are those of a shorter one.
 */
export function* drawReferences(options: { papers: number; seed: number; references: number }): Generator<number[]> {
  const random = createRandom((options.seed ^ STREAM) >>> 0);
  const low = Math.ceil(options.references / 2);
  const high = Math.floor((options.references * 3) / 2);
  /** One entry per paper and one per citation it received: a uniform draw from it is preferential. */
  const pool: number[] = [];
  for (let index = 0; index < options.papers; index++) {
    const wanted = Math.min(index, random.int(low, high));
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < wanted && tries < wanted * 10; tries++) {
      chosen.add(random.chance(PREFERENTIAL) ? random.pick(pool) : random.int(0, index - 1));
    }
    const references = [...chosen].sort((a, b) => a - b);
    pool.push(index, ...references);
    yield references;
  }
}

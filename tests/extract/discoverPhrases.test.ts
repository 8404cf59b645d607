import { describe, expect, it } from 'vitest';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { PhraseCounter } from '../../src/extract/discoverPhrases.ts';

const taxonomy = {
  concepts: [
    { id: 'deep-reinforcement-learning', name: 'Deep reinforcement learning', aliases: ['deep RL'] },
    { id: 'hessian', name: 'Hessian', aliases: [] },
  ],
};
const curated = compileConceptMatcher(taxonomy);

/** Discovers over papers given as [title, abstract]; the corpus is padded so shares stay small. */
function discover(papers: [string, string][], options = {}) {
  const counter = new PhraseCounter();
  for (const [title, abstract] of papers) counter.add(title, abstract);
  for (let i = 0; i < 100; i++) counter.add(`Unrelated study number ${i}`, 'Nothing in common here at all.');
  return counter.discover(curated, taxonomy, options);
}

describe('concepts discovered from phrases that recur across a corpus', () => {
  it('makes a candidate concept of a phrase in three papers, named by its commonest form, and finds its plural', () => {
    const { concepts, matcher } = discover([
      ['Reward shaping for sparse tasks', 'We study reward shaping in games.'],
      ['Potential-based reward shaping', 'Reward shaping changes the return.'],
      ['On robots', 'Our agents use reward shapings.'],
    ]);
    expect([...concepts.values()]).toContainEqual({
      id: 'reward-shaping',
      name: 'reward shaping',
      kind: 'TASK',
      aliases: [],
      description: null,
      curated: false,
    });
    expect(matcher.match('Two reward shapings were compared.').map((m) => m.conceptId)).toEqual(['reward-shaping']);
  });

  it.each([
    [
      'two papers are not enough',
      [
        ['Reward shaping', 'x.'],
        ['Reward shaping again', 'y.'],
      ],
      'reward-shaping',
    ],
    [
      'a curated concept is not discovered again',
      [
        ['Deep reinforcement learning', 'a.'],
        ['Deep reinforcement learning b', 'b.'],
        ['Deep reinforcement learning c', 'c.'],
      ],
      'deep-reinforcement-learning',
    ],
    [
      'a piece of a curated term is that term cut short',
      [
        ['Deep reinforcement agents', 'a.'],
        ['Deep reinforcement b', 'b.'],
        ['Deep reinforcement c', 'c.'],
      ],
      'deep-reinforcement',
    ],
    [
      'prose around terms is not a term',
      [
        ['In recent years', 'a.'],
        ['Recent years b', 'b.'],
        ['Over recent years', 'c.'],
      ],
      'recent-years',
    ],
    [
      'a clause is not a term',
      [
        ['Networks have limits', 'a.'],
        ['Networks have b', 'b.'],
        ['Networks have c', 'c.'],
      ],
      'networks-have',
    ],
    [
      'a phrase ending in an adjective is a fragment',
      [
        ['Deep convolutional nets', 'Deep convolutional.'],
        ['Deep convolutional b', 'b.'],
        ['Deep convolutional c', 'c.'],
      ],
      'deep-convolutional',
    ],
  ] as [string, [string, string][], string][])('%s', (_why, papers, id) => {
    expect(discover(papers).concepts.has(id)).toBe(false);
  });

  it('leaves out a phrase on more than the given share of the papers (generic)', () => {
    const papers: [string, string][] = ['chart', 'map', 'plot', 'probe', 'picture'].map((verb) => [
      `Loss landscapes`,
      `We ${verb} loss landscapes.`,
    ]);
    expect(discover(papers).concepts.has('loss-landscapes')).toBe(true); // 5 of 105 papers: under the default 5%
    expect(discover(papers, { maxShare: 0.02 }).concepts.has('loss-landscapes')).toBe(false);
  });

  it('keeps the longest form of a term when its pieces recur no more often', () => {
    const papers: [string, string][] = Array.from({ length: 4 }, (_, i) => [`Sparse mixture routing ${i}`, 'Text.']);
    const { concepts } = discover(papers);
    expect(concepts.has('sparse-mixture-routing')).toBe(true);
    expect(concepts.has('sparse-mixture')).toBe(false);
    expect(concepts.has('mixture-routing')).toBe(false);
  });

  it('gives the same concepts whatever order the papers come in', () => {
    const papers: [string, string][] = [
      ['Reward shaping', 'Reward Shaping works.'],
      ['Reward shaping b', 'We use reward shaping.'],
      ['Reward Shaping c', 'c.'],
    ];
    expect([...discover(papers).concepts.values()]).toEqual([...discover([...papers].reverse()).concepts.values()]);
  });
});

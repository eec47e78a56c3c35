/**
 * Candidate lists and token rings kept as arithmetic runs (src/engine/sim/index-lists.ts): `at`
 * must give exactly what the array gives, whatever the list, or routing would pick other
 * instances and every result would change.
 */
import { describe, expect, it } from 'vitest';
import { IndexLists } from '@engine/sim/index-lists.ts';
import { Random } from '@engine/random.ts';

const every = (lists: IndexLists, id: number, list: Int32Array) =>
  Array.from({ length: lists.length(id) }, (_value, index) => lists.at(id, index)).every(
    (member, index) => member === list[index],
  );

describe('index lists', () => {
  it('gives the members of runs, of concatenated runs and of irregular lists as the arrays do', () => {
    const lists = new IndexLists();
    const cases = [
      Int32Array.from([5, 6, 7, 8, 9]),
      Int32Array.from({ length: 3200 }, (_value, index) => 11 + index * 3),
      Int32Array.from([
        ...Array.from({ length: 40 }, (_v, i) => 100 + i * 3),
        ...Array.from({ length: 7 }, (_v, i) => 900 + i),
      ]),
      Int32Array.from([42]),
      Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]),
      Int32Array.from([10, 8, 6, 4, 2, 0]),
      new Int32Array(0),
    ];
    const ids = cases.map((list) => lists.add(list));
    cases.forEach((list, position) => {
      expect(lists.length(ids[position]!)).toBe(list.length);
      expect(every(lists, ids[position]!, list)).toBe(true);
    });
  });

  it('agrees with the arrays on random lists made of a few runs or none', () => {
    const random = new Random(7);
    const lists = new IndexLists();
    for (let trial = 0; trial < 300; trial++) {
      const members: number[] = [];
      const runs = 1 + random.below(6);
      for (let run = 0; run < runs; run++) {
        const start = random.below(100_000);
        const stride = random.below(5) - 2;
        const length = 1 + random.below(50);
        for (let index = 0; index < length; index++) members.push(start + index * stride);
      }
      const list = Int32Array.from(members);
      expect(every(lists, lists.add(list), list)).toBe(true);
    }
  });
});

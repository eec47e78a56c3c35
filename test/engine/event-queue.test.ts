import { describe, expect, it } from 'vitest';
import { EventQueue } from '@engine/sim/event-queue.ts';
import { Random } from '@engine/random.ts';

describe('EventQueue', () => {
  it('pops in time order, and events at the same time in the order they were pushed', () => {
    const queue = new EventQueue(2);
    const random = new Random(1);
    const pushed: [number, number][] = [];
    for (let index = 0; index < 5000; index++) {
      const time = random.below(50);
      queue.push(time, index % 7, index);
      pushed.push([time, index]);
    }
    const popped: [number, number][] = [];
    while (queue.size > 0) {
      const time = queue.pop();
      popped.push([time, queue.poppedArg]);
      expect(queue.poppedKind).toBe(queue.poppedArg % 7);
    }
    expect(popped).toEqual([...pushed].sort((left, right) => left[0] - right[0] || left[1] - right[1]));
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('interleaves pushes and pops correctly', () => {
    const queue = new EventQueue();
    queue.push(10, 0, 1);
    queue.push(5, 0, 2);
    expect(queue.pop()).toBe(5);
    queue.push(7, 0, 3);
    queue.push(10, 0, 4);
    expect([queue.pop(), queue.poppedArg]).toEqual([7, 3]);
    expect([queue.pop(), queue.poppedArg]).toEqual([10, 1]);
    expect([queue.pop(), queue.poppedArg]).toEqual([10, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { EventHeap } from '@engine/sim/event-heap.ts';
import { EventQueue, WHEEL_SPAN_NS } from '@engine/sim/event-queue.ts';
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

describe('EventQueue against a plain heap', () => {
  /** Time ahead of now: mostly within the wheel's 33.5 ms, some far beyond it, many ties. */
  const ahead = (random: Random): number => {
    const choice = random.uniform();
    if (choice < 0.2) return 0; // same time as now: ties with everything scheduled at now
    if (choice < 0.6) return random.below(200_000); // a network hop, a service time
    if (choice < 0.8) return random.below(2 * WHEEL_SPAN_NS); // across the wheel's edge
    if (choice < 0.95) return 50_000_000 + random.below(5_000_000_000); // timers, far ahead
    return random.below(8) * 1024; // bucket boundaries
  };

  it('pops every event in the same order as the heap, across the wheel and the far heap', () => {
    const queue = new EventQueue(4);
    const heap = new EventHeap(4);
    const random = new Random(7);
    let now = 0;
    let sequence = 0;
    let popped = 0;
    // Plain comparisons in the loop (an expect per step would cost more than the queue).
    const mismatches: string[] = [];
    for (let step = 0; step < 200_000; step++) {
      if (queue.size === 0 || random.uniform() < 0.52) {
        const time = now + ahead(random);
        const kind = random.below(16);
        const argument = random.below(1 << 20);
        queue.push(time, kind, argument);
        heap.push(time, sequence++, (argument << 4) | kind);
      } else {
        const peeked = queue.peekTime();
        const time = queue.pop();
        const expected = heap.pop();
        const payload = (queue.poppedArg << 4) | queue.poppedKind;
        if (peeked !== expected || time !== expected || payload !== heap.poppedPayload)
          mismatches.push(`step ${step}: ${time}/${payload}, expected ${expected}/${heap.poppedPayload}`);
        now = time;
        popped++;
      }
      if (queue.size !== heap.size)
        mismatches.push(`step ${step}: size ${queue.size}, expected ${heap.size}`);
      if (mismatches.length > 5) break;
    }
    while (queue.size > 0 && mismatches.length === 0) {
      const time = queue.pop();
      const expected = heap.pop();
      if (time !== expected || ((queue.poppedArg << 4) | queue.poppedKind) !== heap.poppedPayload)
        mismatches.push(`drain: ${time}, expected ${expected}`);
    }
    expect(mismatches).toEqual([]);
    expect(heap.size).toBe(0);
    expect(popped).toBeGreaterThan(90_000);
  });

  it('keeps events hours ahead (beyond the wheel many times over) in order', () => {
    const queue = new EventQueue();
    const times = [7_200e9, 5, 3_600e9, 5, WHEEL_SPAN_NS + 1, WHEEL_SPAN_NS, 0];
    times.forEach((time, index) => queue.push(time, 1, index));
    const order: number[] = [];
    while (queue.size > 0) {
      queue.pop();
      order.push(queue.poppedArg);
    }
    expect(order).toEqual([6, 1, 3, 5, 4, 2, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { expandTopology } from '@engine/topology/expand.ts';
import { InstanceTable, QUEUE_HEAD, SERVICE_SHIFT, STATE, STRIDE } from '@engine/sim/instances.ts';
import { NO_CALL } from '@engine/sim/calls.ts';
import { loadExample } from '../../support/examples.ts';

describe('instance records', () => {
  const topology = expandTopology(loadExample('netflixoss'), { scale: 1000 });

  it('hold each instance’s service beside its alive and routable bits, which change alone', () => {
    const table = new InstanceTable(topology);
    const last = topology.instanceCount - 1;
    for (const instance of [0, 1, last]) {
      expect(table.serviceOf(instance)).toBe(topology.instanceService[instance]);
      expect([table.isAlive(instance), table.isRoutable(instance)]).toEqual([true, true]);
    }
    table.setAlive(last, false);
    expect([table.isAlive(last), table.isRoutable(last)]).toEqual([false, true]);
    table.setRoutable(last, false);
    table.setAlive(last, true);
    expect([table.isAlive(last), table.isRoutable(last)]).toEqual([true, false]);
    expect(table.serviceOf(last)).toBe(topology.instanceService[last]);
    // The hot path reads the same word directly.
    expect(table.words[last * STRIDE + STATE]! >> SERVICE_SHIFT).toBe(topology.instanceService[last]);
    expect(table.isAlive(last - 1)).toBe(true);
  });

  it('count the instances a latency failure slows, so that calls skip the check while none is', () => {
    const table = new InstanceTable(topology);
    expect(table.slowCount).toBe(0);
    table.setSlow(3, 0);
    table.setSlow(4, 0);
    table.setSlow(4, 1); // another failure on the same instance: still one instance
    expect([table.slowCount, table.slow[3], table.slow[4]]).toEqual([2, 0, 1]);
    table.setSlow(3, -1);
    table.setSlow(3, -1);
    expect([table.slowCount, table.slow[3]]).toEqual([1, -1]);
  });

  it('start with empty queues and no ring', () => {
    const table = new InstanceTable(topology);
    expect([table.queueLength[7], table.queueTail[7], table.get(7, QUEUE_HEAD), table.ring[7]]).toEqual([
      0,
      NO_CALL,
      NO_CALL,
      -1,
    ]);
  });
});

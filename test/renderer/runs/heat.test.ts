import { describe, expect, it } from 'vitest';
import { IDLE_COLOUR, heatColour, heatFrom } from '@renderer/runs/heat.ts';

describe('heatFrom (p99)', () => {
  it('colours services by p99 on a log scale, and a service no call reached grey, without a latency', () => {
    const heat = heatFrom(
      'p99',
      [
        { name: 'fast', p99: 1, utilisation: 0, requests: 10, errors: 0 },
        { name: 'slow', p99: 100, utilisation: 0, requests: 10, errors: 0 },
        { name: 'idle', p99: 0, utilisation: 0, requests: 0, errors: 0 },
      ],
      new Map(),
    );
    expect(heat.nodes.get('fast')).toEqual({ fraction: 0, colour: heatColour(0), text: '1.00 ms' });
    expect(heat.nodes.get('slow')).toMatchObject({ fraction: 1, text: '100 ms' });
    expect(heat.nodes.get('idle')).toEqual({ fraction: 0, colour: IDLE_COLOUR, text: '—' });
    expect(heat.legend.high).toBe('100 ms');
  });
});

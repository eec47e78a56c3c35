import { it } from 'vitest';
import { renderTimelineSvg } from '@shared/charts/index.ts';
it('bench', () => {
  const series = Array.from({ length: 5 }, (_, s) => ({ name: `entry ${s}`, values: Array.from({ length: 600 }, (_, i) => Math.round(100 + s * 20 + 30 * Math.sin(i / 20 + s) + Math.random() * 10)) }));
  const p99 = Array.from({ length: 5 }, (_, s) => ({ name: `entry ${s}`, values: Array.from({ length: 600 }, (_, i) => Math.round(1000*(100 + s * 20 + 30 * Math.sin(i / 20 + s) + Math.random() * 10))/1000) }));
  for (const [label, data] of [['int', series], ['ms', p99]] as const) {
  for (let round = 0; round < 4; round++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) renderTimelineSvg([{ metric: 'throughput', series: data }], { windows: [{ startS: 120, endS: 180, label: 'x' }], cursorS: i });
    console.log(label, 'per render ms', (performance.now() - t0) / 20);
  }}
});

/**
 * The heat overlay: a run's numbers painted on the canvas — each service's node coloured by its
 * p99, utilisation or error rate (green, amber, red), each dependency's edge drawn wider and darker
 * with its traffic — with the legend that reads it. Replay paints one second at a time the same way.
 */
import type { RunResult } from '@shared/results.ts';
import { formatMs, formatPercent } from './format.ts';

export const HEAT_METRICS = ['p99', 'utilisation', 'errors'] as const;
export type HeatMetric = (typeof HEAT_METRICS)[number];

export const HEAT_METRIC_LABELS: Readonly<Record<HeatMetric, string>> = {
  p99: 'p99 latency',
  utilisation: 'utilisation',
  errors: 'error rate',
};

export interface NodeHeat {
  /** 0 (cool) to 1 (hot) on the legend's scale. */
  readonly fraction: number;
  readonly colour: string;
  readonly text: string;
}

export interface EdgeHeat {
  readonly width: number;
  readonly colour: string;
  readonly text: string;
}

export interface Heat {
  readonly label: string;
  /** By service name. */
  readonly nodes: ReadonlyMap<string, NodeHeat>;
  /** By "caller->callee". */
  readonly edges: ReadonlyMap<string, EdgeHeat>;
  readonly legend: { readonly low: string; readonly high: string; readonly stops: readonly string[] };
}

/** Green (0) through amber to red (1). */
export function heatColour(fraction: number): string {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const hue = 130 - 130 * clamped;
  return `hsl(${hue.toFixed(0)} 75% 45%)`;
}

const LEGEND_STOPS = [0, 0.25, 0.5, 0.75, 1].map(heatColour);
/** A service without calls: grey, outside the scale. */
export const IDLE_COLOUR = 'hsl(0 0% 55%)';

export interface ServiceValue {
  readonly name: string;
  readonly p99: number;
  readonly utilisation: number;
  readonly requests: number;
  readonly errors: number;
}

/** The overlay for values per service and calls per edge (a whole run, or one second of it). */
export function heatFrom(
  metric: HeatMetric,
  services: readonly ServiceValue[],
  edgeCalls: ReadonlyMap<string, number>,
): Heat {
  const nodes = new Map<string, NodeHeat>();
  let low: string;
  let high: string;
  if (metric === 'p99') {
    // Latencies span decades: the scale is logarithmic, from 1 ms to the slowest service.
    const slowest = Math.max(1, ...services.map((service) => service.p99));
    const scale = (value: number) => (value <= 1 ? 0 : Math.log10(value) / Math.log10(slowest));
    for (const service of services) {
      // No call reached it: no latency to colour (not the green of a fast one, not "0.00 ms").
      nodes.set(
        service.name,
        service.requests === 0
          ? { fraction: 0, colour: IDLE_COLOUR, text: '—' }
          : {
              fraction: scale(service.p99),
              colour: heatColour(scale(service.p99)),
              text: `${formatMs(service.p99)} ms`,
            },
      );
    }
    low = '≤ 1 ms';
    high = `${formatMs(slowest)} ms`;
  } else if (metric === 'utilisation') {
    for (const service of services) {
      nodes.set(service.name, {
        fraction: service.utilisation,
        colour: heatColour(service.utilisation),
        text: formatPercent(service.utilisation, 0),
      });
    }
    low = '0 %';
    high = '100 %';
  } else {
    for (const service of services) {
      const rate = service.requests === 0 ? 0 : service.errors / service.requests;
      // Any error is visible: 1 % is already amber.
      const fraction = rate === 0 ? 0 : Math.min(1, 0.35 + Math.log10(1 + rate * 99) / 2 / 1.3);
      nodes.set(service.name, { fraction, colour: heatColour(fraction), text: formatPercent(rate, 1) });
    }
    low = '0 %';
    high = '100 %';
  }
  const busiest = Math.max(1, ...edgeCalls.values());
  const edges = new Map<string, EdgeHeat>();
  for (const [key, calls] of edgeCalls) {
    const share = calls / busiest;
    edges.set(key, {
      width: 1 + 6 * Math.sqrt(share),
      colour: `hsl(215 70% ${(70 - 35 * share).toFixed(0)}%)`,
      text: `${Math.round(calls).toLocaleString('en')} calls`,
    });
  }
  return { label: HEAT_METRIC_LABELS[metric], nodes, edges, legend: { low, high, stops: LEGEND_STOPS } };
}

/** The overlay of a whole run. */
export function heatOfResult(result: RunResult, metric: HeatMetric): Heat {
  return heatFrom(
    metric,
    result.services.map((service) => ({
      name: service.name,
      p99: service.latencyMs.p99,
      utilisation: service.utilisation,
      requests: service.requests,
      errors: service.errors,
    })),
    new Map(result.edges.map((edge) => [`${edge.caller}->${edge.callee}`, edge.calls])),
  );
}

/**
 * A run in progress painted on the canvas: each service's node coloured by the p99 of the last
 * whole simulated second and labelled with its load and errors, each dependency drawn wider with
 * its calls a second (red when it has failed calls) — the replay's picture, live.
 */
import type { LiveNumbers } from '@shared/runs.ts';
import type { CanvasOverlay, EdgeOverlay } from '../canvas/overlay.ts';
import { formatCount } from './format.ts';
import { heatFrom } from './heat.ts';

export function liveOverlay(runId: number, live: LiveNumbers): CanvasOverlay {
  const services = live.services.map((service) => ({
    name: service.name,
    p99: service.rate > 0 ? service.p99Ms : 0,
    utilisation: 0,
    requests: service.rate,
    errors: Math.round(service.rate * service.errorRate),
  }));
  const edgeCalls = new Map(live.edges.map((edge) => [`${edge.caller}->${edge.callee}`, edge.rate]));
  const heat = heatFrom('p99', services, edgeCalls);
  const byName = new Map(live.services.map((service) => [service.name, service]));
  const nodes = new Map(
    [...heat.nodes].map(([name, node]) => {
      const service = byName.get(name);
      const errors = service ? Math.round(service.rate * service.errorRate) : 0;
      const load = `${formatCount(Math.round(service?.rate ?? 0))} req/s`;
      return [
        name,
        {
          ...node,
          text: `${load}${errors > 0 ? ` · ${formatCount(errors)} err` : ''} · p99 ${node.text}`,
        },
      ];
    }),
  );
  const edges = new Map<string, EdgeOverlay>();
  for (const edge of live.edges) {
    const key = `${edge.caller}->${edge.callee}`;
    const drawn = heat.edges.get(key);
    if (!drawn) continue;
    edges.set(key, {
      width: drawn.width,
      colour: edge.errors > 0 ? 'hsl(0 70% 50%)' : drawn.colour,
      text: `${formatCount(Math.round(edge.rate))} calls/s${edge.errors > 0 ? ` · ${formatCount(edge.errors)} failed so far` : ''}`,
    });
  }
  return {
    title: `Run #${runId} live: second ${live.second} (p99 latency, load)`,
    legend: heat.legend,
    nodes,
    edges,
    notes: [],
    failedZones: new Set(),
    failedRegions: new Set(),
  };
}

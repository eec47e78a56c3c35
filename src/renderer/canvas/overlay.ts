/**
 * What the run views paint on the canvas: a colour and a line of text per service (a run's heat,
 * or a replayed second), a width and colour per dependency (its traffic), instances down and
 * circuit breakers open per service, failed zones and regions, and the legend that reads it.
 */
export interface NodeOverlay {
  readonly colour: string;
  readonly text: string;
  /** Instances not answering (replay). */
  readonly down?: number;
  /** Circuit breakers open in front of it (replay). */
  readonly breakers?: number;
}

export interface EdgeOverlay {
  readonly width: number;
  readonly colour: string;
  readonly text: string;
}

export interface CanvasOverlay {
  /** The legend's title: "p99 latency", "Replay: second 37 of 60". */
  readonly title: string;
  readonly legend: { readonly low: string; readonly high: string; readonly stops: readonly string[] };
  /** By service name. */
  readonly nodes: ReadonlyMap<string, NodeOverlay>;
  /** By "caller->callee". */
  readonly edges: ReadonlyMap<string, EdgeOverlay>;
  /** Lines under the legend ("Zone us-east-1/zoneA failed"). */
  readonly notes: readonly string[];
  /** "region/zone" of failed zones, and failed regions (the instance view marks them). */
  readonly failedZones: ReadonlySet<string>;
  readonly failedRegions: ReadonlySet<string>;
}

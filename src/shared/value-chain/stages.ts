/**
 * The evolution axis of a value chain (Wardley): a number from 0 (genesis, the novel) to 1
 * (commodity, the utility), cut into four stages. The boundaries are OnlineWardleyMaps' default
 * lines, so a map drawn here and one drawn there put a component in the same stage.
 *
 * A document may give a service's evolution as a stage name (`"product"`, what archsim documents
 * wrote before evolution became a number) or as a number; a stage name means its midpoint.
 */
import { EVOLUTION_STAGES, type EvolutionStage } from '../document/packages.ts';

export type { EvolutionStage } from '../document/packages.ts';

/** Where one stage ends and the next begins: genesis | custom | product | commodity. */
export const STAGE_BOUNDARIES: readonly [number, number, number] = [0.17, 0.4, 0.7];

/** The stage names as a map shows them along its evolution axis. */
export const STAGE_LABELS: Readonly<Record<EvolutionStage, string>> = {
  genesis: 'Genesis',
  custom: 'Custom-built',
  product: 'Product (+rental)',
  commodity: 'Commodity (+utility)',
};

/** The stage an evolution (0–1) lies in; a value on a boundary belongs to the later stage. */
export function stageOf(evolution: number): EvolutionStage {
  const [first, second, third] = STAGE_BOUNDARIES;
  if (evolution < first) return 'genesis';
  if (evolution < second) return 'custom';
  if (evolution < third) return 'product';
  return 'commodity';
}

/** The left and right edge of a stage on the evolution axis. */
export function stageRange(stage: EvolutionStage): readonly [number, number] {
  const edges = [0, ...STAGE_BOUNDARIES, 1];
  const index = EVOLUTION_STAGES.indexOf(stage);
  return [edges[index] as number, edges[index + 1] as number];
}

/** The middle of a stage: where a service whose evolution is that stage's name is placed. */
export function stageMidpoint(stage: EvolutionStage): number {
  const [start, end] = stageRange(stage);
  return Math.round(((start + end) / 2) * 1000) / 1000;
}

export function isEvolutionStage(value: unknown): value is EvolutionStage {
  return typeof value === 'string' && (EVOLUTION_STAGES as readonly string[]).includes(value);
}

/**
 * An evolution as a document writes it (a stage name or a number 0–1) as a number; undefined for
 * anything else. Numbers outside 0–1 are clamped (the schema reports them; a picture still draws).
 */
export function evolutionValue(value: unknown): number | undefined {
  if (isEvolutionStage(value)) return stageMidpoint(value);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.min(1, Math.max(0, value));
  return undefined;
}

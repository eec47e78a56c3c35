/**
 * The value chain's fields of the document: a service's evolution (a stage name or a number),
 * its pinned visibility, how it is sourced, its evolve arrow, and the map's own settings (title,
 * anchor, notes). The model that places services on the map is src/shared/value-chain/.
 */
import { z } from 'zod';
import { latencyModelSchema } from './latency.ts';
import { EVOLUTION_STAGES } from './packages.ts';
import { STAGE_BOUNDARIES } from '../value-chain/stages.ts';
import {
  cacheHitRateSchema,
  capacitySchema,
  circuitBreakerSchema,
  countSchema,
  regionsSchema,
  retryPolicySchema,
  timeoutSchema,
} from './service-fields.ts';

/** A value from 0 to 1 on one of the value chain's axes. */
export const unitInterval = (description: string) => z.number().min(0).max(1).describe(description);

/** How a service is provided (OnlineWardleyMaps' build, buy and outsource marks). */
export const SOURCING_METHODS = ['build', 'buy', 'outsource'] as const;
export type Sourcing = (typeof SOURCING_METHODS)[number];

/** An evolution: a stage name (its midpoint) or a number from 0 (genesis) to 1 (commodity). */
export const evolutionSchema = z
  .union([
    z.enum(EVOLUTION_STAGES).describe('A stage, placed at its midpoint.'),
    unitInterval(`0 = genesis … 1 = commodity (stage lines at ${STAGE_BOUNDARIES.join(', ')}).`),
  ])
  .describe('Evolution: a number from 0 (genesis) to 1 (commodity), or a stage name.');

export const evolveSchema = z
  .strictObject({
    evolution: evolutionSchema.describe(
      'Where the service evolves to: a number 0–1 or a stage name, later than its evolution now.',
    ),
    package: z
      .string()
      .optional()
      .describe(
        'The package it runs after evolving (e.g. a self-run priamCassandra becomes a managed store).',
      ),
    count: countSchema.optional(),
    regions: regionsSchema.optional(),
    latency: latencyModelSchema.optional().describe('Service time per request after evolving.'),
    capacity: capacitySchema.optional(),
    timeoutMs: timeoutSchema.optional(),
    retries: retryPolicySchema.optional(),
    circuitBreaker: circuitBreakerSchema.optional(),
    cacheHitRate: cacheHitRateSchema.optional(),
  })
  .describe(
    'An evolve arrow: where the service is going on the evolution axis and the profile it would have there. "Create variant" (archsim evolve) writes a copy of the document with every evolve arrow applied, to run and compare.',
  );

export const valueChainSettingsSchema = z
  .strictObject({
    title: z.string().optional().describe("The map's title (default: the architecture's name)."),
    anchor: z
      .strictObject({
        name: z.string().min(1).describe('The user need the value chain serves, e.g. "Viewer".'),
        visibility: unitInterval('Its visibility (default 0.96, the top).').optional(),
        evolution: unitInterval('Its evolution (default: above the entry points).').optional(),
      })
      .optional()
      .describe('The anchor at the top of the map: the user and the need the architecture serves.'),
    notes: z
      .array(
        z
          .strictObject({
            text: z.string().describe('The note.'),
            visibility: unitInterval('Where it stands: 1 top … 0 bottom.'),
            evolution: unitInterval('Where it stands: 0 genesis … 1 commodity.'),
          })
          .describe('A note placed on the map.'),
      )
      .optional()
      .describe('Notes on the map.'),
  })
  .describe(
    'The architecture as a Wardley-style value chain: the title, the user need at the top and notes. Service positions are their evolution and visibility fields.',
  );

/**
 * The value chain: the architecture on Wardley's axes (evolution, visibility), evolve arrows as
 * variant documents, and OnlineWardleyMaps text in and out. Pure; the studio and the command line
 * both import it from here.
 */
export {
  STAGE_BOUNDARIES,
  STAGE_LABELS,
  evolutionValue,
  isEvolutionStage,
  stageMidpoint,
  stageOf,
  stageRange,
  type EvolutionStage,
} from './stages.ts';
export {
  ANCHOR_VISIBILITY,
  DEEPEST_VISIBILITY,
  anchorTargets,
  chainLevels,
  evolutionOf,
  levelVisibility,
  packageEvolution,
  valueChain,
  type ValueChain,
  type ValueChainNode,
  type ValueChainOptions,
} from './model.ts';
export { EVOLVE_PROFILE_FIELDS, VARIANT_SUFFIX, applyEvolution, evolvedService } from './evolve.ts';
export { fromOwm, toOwm, type OwmProblem } from './owm.ts';

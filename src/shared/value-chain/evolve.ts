/**
 * Evolution as a what-if: an evolve arrow on a service says where it is going on the evolution
 * axis and the profile it would have there (a self-run Cassandra becomes a managed commodity
 * store: another package, latency and count). `applyEvolution` makes the variant document —
 * every arrow applied — that the studio's "Create variant" opens and `archsim evolve` writes, to
 * run next to the original and compare.
 */
import type { ArchDocument, EvolveArrow, Service } from '../document/schema.ts';

/** The fields of an evolve arrow that replace the service's own in the variant. */
export const EVOLVE_PROFILE_FIELDS = [
  'package',
  'count',
  'regions',
  'latency',
  'capacity',
  'timeoutMs',
  'retries',
  'circuitBreaker',
  'cacheHitRate',
] as const satisfies readonly (keyof EvolveArrow & keyof Service)[];

/** What a variant's architecture name ends with. */
export const VARIANT_SUFFIX = '-evolved';

/** The service after its evolve arrow: the arrow's fields replace its own, the arrow is gone. */
export function evolvedService(service: Service): Service {
  if (!service.evolve) return service;
  const { evolve, ...rest } = service;
  const result: Record<string, unknown> = { ...rest };
  for (const field of EVOLVE_PROFILE_FIELDS) {
    if (evolve[field] !== undefined) result[field] = evolve[field];
  }
  result['evolution'] = evolve.evolution;
  return result as Service;
}

/**
 * The variant of a document with every evolve arrow applied, and the names of the services that
 * evolved (in document order). Named so it is told apart from the original in the run history
 * and Compare: `arch` gets VARIANT_SUFFIX and the value chain's title " (evolved)". A document
 * without evolve arrows comes back as it is, with `evolved` empty.
 */
export function applyEvolution(document: ArchDocument): {
  readonly document: ArchDocument;
  readonly evolved: readonly string[];
} {
  const evolved = document.services.filter((service) => service.evolve).map((service) => service.name);
  if (evolved.length === 0) return { document, evolved };
  const arch =
    typeof document.arch === 'string' && document.arch.trim() !== '' ? document.arch : 'architecture';
  const title = document.valueChain?.title ?? arch;
  return {
    document: {
      ...document,
      arch: `${arch}${VARIANT_SUFFIX}`,
      services: document.services.map(evolvedService),
      valueChain: { ...document.valueChain, title: `${title} (evolved)` },
    },
    evolved,
  };
}

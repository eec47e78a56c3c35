/**
 * The entry services of a document: where requests enter. `load.entry` when the document names
 * them, else every denominator (spigo's DNS root). Read tolerantly from any parsed document, so
 * validation, the value chain and the studio agree on it even for a document with errors.
 */
import { PACKAGE_PROFILES } from './packages.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Names of the entry services, in the order `load.entry` or the services list gives them. */
export function entryServiceNames(document: unknown): string[] {
  if (!isObject(document)) return [];
  const load = document['load'];
  if (isObject(load) && Array.isArray(load['entry'])) {
    return (load['entry'] as unknown[]).filter((entry): entry is string => typeof entry === 'string');
  }
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  return services
    .filter(isObject)
    .filter((service) => service['package'] === PACKAGE_PROFILES.denominator.name)
    .map((service) => service['name'])
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Derived timeouts: resolveServices walks the dependencies with an explicit stack (a chain of
 * 20,000 services must not exhaust the call stack) and must give exactly what the recursive
 * definition gives — cycles included, where the order of the walk decides the values.
 */
import { describe, expect, it } from 'vitest';
import { latencyMean } from '@shared/document/latency.ts';
import { PACKAGE_PROFILES } from '@shared/document/packages.ts';
import { resolveService, resolveServices, type ResolvedService } from '@shared/document/resolve.ts';
import type { ArchDocument, Service } from '@shared/document/schema.ts';
import { Random } from '@engine/random.ts';

/** The recursive definition, as it was written before (the reference). */
function recursiveTimeouts(document: ArchDocument): number[] {
  const byName = new Map(document.services.map((service) => [service.name, service]));
  const base = new Map(document.services.map((service) => [service.name, resolveService(service)]));
  const derived = new Map<string, number>();
  const visiting = new Set<string>();
  const timeoutOf = (name: string): number => {
    const known = derived.get(name);
    if (known !== undefined) return known;
    const service = byName.get(name) as Service;
    const resolved = base.get(name) as ResolvedService;
    if (service.timeoutMs !== undefined || visiting.has(name)) return resolved.timeoutMs;
    visiting.add(name);
    const dependencies = (service.dependencies ?? []).filter(
      (dependency) => dependency !== 'eureka' && dependency !== name && byName.has(dependency),
    );
    const waits = dependencies.map((dependency) => {
      const edge = resolved.edgeSettings(dependency);
      const retries = edge.retries?.count ?? (base.get(dependency) as ResolvedService).retries.count;
      return (edge.timeoutMs ?? timeoutOf(dependency)) * (retries + 1);
    });
    visiting.delete(name);
    const sequential =
      resolved.callMode === 'sequential' &&
      PACKAGE_PROFILES[resolved.packageName].behaviour !== 'data-access';
    const wait =
      waits.length === 0 ? 0 : sequential ? waits.reduce((sum, value) => sum + value, 0) : Math.max(...waits);
    const needed = wait === 0 ? 0 : Math.ceil(((wait + latencyMean(resolved.latency)) * 1.25) / 10) * 10;
    const timeout = Math.max(resolved.timeoutMs, needed);
    derived.set(name, timeout);
    return timeout;
  };
  return document.services.map((service) => timeoutOf(service.name));
}

/** A random document of `size` services with random dependencies (cycles included). */
function randomDocument(seed: number, size: number): ArchDocument {
  const random = Random.stream(seed, 'resolve-test');
  const packages = ['karyon', 'monolith', 'staash', 'store', 'zuul'] as const;
  const names = Array.from({ length: size }, (_, index) => `s${index}`);
  const services = names.map((name) => {
    const dependencies = names.filter(() => random.chance(2.5 / size));
    const service: Service = {
      name,
      package: packages[random.below(packages.length)] as string,
      count: 2,
      regions: 1,
      dependencies,
    };
    if (random.chance(0.2)) service.timeoutMs = 100 + random.below(2000);
    if (random.chance(0.3)) service.retries = { count: random.below(3) };
    if (random.chance(0.3)) service.calls = { mode: random.chance(0.5) ? 'parallel' : 'one-of' };
    if (dependencies.length > 0 && random.chance(0.2)) {
      service.calls = { ...service.calls, edges: { [dependencies[0] as string]: { timeoutMs: 50 } } };
    }
    return service;
  });
  return { services } as ArchDocument;
}

describe('derived timeouts', () => {
  it('are the recursive definition’s, on random documents with cycles', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const document = randomDocument(seed, 3 + (seed % 12));
      expect(resolveServices(document).map((service) => service.timeoutMs)).toEqual(
        recursiveTimeouts(document),
      );
    }
  });

  it('are found along a chain of 20,000 services', () => {
    const services = Array.from({ length: 20_000 }, (_, index) => ({
      name: `s${index}`,
      package: 'karyon',
      count: 1,
      regions: 1,
      dependencies: index + 1 < 20_000 ? [`s${index + 1}`] : [],
    }));
    const resolved = resolveServices({ services } as ArchDocument);
    expect(resolved).toHaveLength(20_000);
    expect(resolved[19_999]?.timeoutMs).toBe(PACKAGE_PROFILES.karyon.defaults.timeoutMs);
  });
});

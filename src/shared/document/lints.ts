/**
 * Resilience lints (warnings): configurations the seed talks warn about.
 *
 * - Timeout budget: "upstream timeout must always be longer than total downstream timeout ×
 *   retries". A service's callers wait `timeoutMs` for it; while serving one request it may wait
 *   on a dependency for that dependency's timeout × (retries + 1), in sequence for each
 *   dependency (the longest one in parallel or one-of mode), plus its own service time. If that
 *   is not shorter than its own timeout, its callers give up while it still works: wasted work
 *   and retry storms.
 * - A stateful service (store, volume, priamCassandra, riak) whose instances all sit in one zone
 *   loses its data and its availability with that zone.
 */
import { latencyMean } from './latency.ts';
import { PACKAGE_PROFILES, isPackageName } from './packages.ts';
import { PROBLEM_CODES, type Problem } from './problems.ts';
import { resolveServices } from './resolve.ts';
import type { ArchDocument } from './schema.ts';

export function resilienceLints(document: ArchDocument, scale = 100): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(document.services.map((service) => [service.name, service]));
  const all = resolveServices(document);
  const resolvedByName = new Map(all.map((resolved) => [resolved.name, resolved]));
  document.services.forEach((service, index) => {
    if (!isPackageName(service.package)) return;
    const resolved = all[index]!;
    const profile = PACKAGE_PROFILES[service.package];
    // Self-dependencies are ring peers and replicas, not calls a request waits on in a chain.
    const dependencies = (service.dependencies ?? []).filter(
      (name) => name !== 'eureka' && name !== service.name && byName.has(name),
    );
    if (dependencies.length > 0 && profile.behaviour !== 'entry') {
      const waits = dependencies.map((name) => {
        const callee = resolvedByName.get(name)!;
        const edge = resolved.edgeSettings(name);
        const wait =
          (edge.timeoutMs ?? callee.timeoutMs) * ((edge.retries?.count ?? callee.retries.count) + 1);
        return { name, wait };
      });
      const sequential = resolved.callMode === 'sequential' && profile.behaviour !== 'data-access';
      const total = sequential
        ? waits.reduce((sum, item) => sum + item.wait, 0)
        : Math.max(...waits.map((item) => item.wait));
      const needed = total + latencyMean(resolved.latency);
      if (resolved.timeoutMs <= needed) {
        const detail = waits
          .map((item) => `${item.name} ${item.wait} ms`)
          .join(sequential ? ' + ' : ', max of ');
        problems.push({
          severity: 'warning',
          code: PROBLEM_CODES.timeoutBudget,
          path: ['services', index, 'timeoutMs'],
          message: `callers of "${service.name}" give up after ${resolved.timeoutMs} ms, but it may wait ${Math.round(needed)} ms (${detail}, timeout × (retries + 1), plus its own work): upstream timeouts must be longer than downstream timeouts × retries`,
        });
      }
    }
    if (profile.stateful && (service.regions ?? 0) > 0) {
      const count = Math.floor(((service.count ?? 0) * scale) / 100);
      if (count === 1) {
        problems.push({
          severity: 'warning',
          code: PROBLEM_CODES.singleZoneState,
          path: ['services', index, 'count'],
          message: `stateful service "${service.name}" has all its instances in one zone: losing that zone loses it (use at least 2 instances, or count 0 for a managed cross-zone service)`,
        });
      }
    }
  });
  return problems;
}

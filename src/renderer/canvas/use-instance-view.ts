/**
 * The instance view's data: the valid document's expansion (as `archsim expand` computes it, from
 * the main process), a moment after the document last changed; null while the view is off.
 */
import { useEffect, useState } from 'react';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { ServiceInstances } from '@shared/instances.ts';
import type { ArchsimApi } from '@shared/ipc/contract.ts';

const SETTLE_MS = 250;

export function useInstanceView(
  api: ArchsimApi,
  enabled: boolean,
  validDocument: ArchDocument | null,
  fail: (error: unknown) => void,
): ReadonlyMap<string, ServiceInstances> | null {
  const [instances, setInstances] = useState<ReadonlyMap<string, ServiceInstances> | null>(null);
  useEffect(() => {
    if (!enabled) return setInstances(null);
    if (!validDocument) return;
    let live = true;
    const timer = setTimeout(() => {
      api['topology.instances'](validDocument).then(
        (expanded) =>
          live && setInstances(new Map(expanded.services.map((service) => [service.service, service]))),
        (error: unknown) => {
          if (!live) return;
          setInstances(null);
          fail(error);
        },
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, fail, enabled, validDocument]);
  return instances;
}

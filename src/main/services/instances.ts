/**
 * `topology.instances`: a document's instances by service, region and zone, from the same
 * expansion `archsim expand` and the engine use, for the canvas's instance view.
 */
import type { ArchDocument } from '@shared/document/schema.ts';
import { RequestError } from '@shared/ipc/contract.ts';
import {
  MAX_INSTANCE_NAMES,
  MAX_INSTANCE_VIEW,
  type InstanceGroup,
  type InstanceView,
} from '@shared/instances.ts';
import { expandTopology, graphName, regionName, zoneName } from '@engine/topology/expand.ts';

/** An upper bound of the instances a document expands to (before expanding anything). */
function estimateInstances(document: ArchDocument): number {
  const regions = Math.max(1, document.regions?.length ?? 6);
  return document.services.reduce(
    (sum, service) => sum + Math.max(1, service.count ?? 0) * Math.max(1, (service.regions ?? 0) * regions),
    0,
  );
}

export function instanceView(document: ArchDocument): InstanceView {
  const estimate = estimateInstances(document);
  if (estimate > MAX_INSTANCE_VIEW) {
    throw new RequestError(
      `The instance view draws up to ${MAX_INSTANCE_VIEW.toLocaleString('en')} instances; this document may expand to ${estimate.toLocaleString('en')}.`,
    );
  }
  const topology = expandTopology(document);
  const services = topology.services.map((service) => {
    const groups = new Map<string, { region: string; zone: string; count: number; names: string[] }>();
    const end = service.firstInstance + service.instanceCount;
    for (let instance = service.firstInstance; instance < end; instance++) {
      const region = regionName(topology, instance);
      const zone = zoneName(topology, instance);
      const key = `${region}\u0000${zone}`;
      let group = groups.get(key);
      if (!group) {
        group = { region, zone, count: 0, names: [] };
        groups.set(key, group);
      }
      group.count++;
      if (group.names.length < MAX_INSTANCE_NAMES) group.names.push(graphName(topology, instance));
    }
    return {
      service: service.name,
      total: service.instanceCount,
      groups: [...groups.values()] as InstanceGroup[],
    };
  });
  return { instances: topology.instanceCount, services };
}

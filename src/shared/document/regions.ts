/**
 * Regions and zones. Without a `regions` list in the document, archsim uses spigo's six AWS
 * regions with zones zoneA, zoneB and zoneC, and spigo's fake IP prefixes.
 */
import type { ArchDocument, Region } from './schema.ts';

export interface RegionLayout {
  readonly name: string;
  readonly zones: readonly string[];
  /** Fake IP prefix per zone ("54.198."), completed by `<n/256>.<n%256>`. */
  readonly ipPrefixes: readonly string[];
}

/**
 * spigo's regions, in order. NOTE: spigo gives eu-west-1/zoneC the prefix "54.288." (not a valid
 * octet); archsim uses "54.248." so that every address it writes is a real IPv4 address.
 */
export const SPIGO_REGIONS: readonly RegionLayout[] = [
  { name: 'us-east-1', zones: ['zoneA', 'zoneB', 'zoneC'], ipPrefixes: ['54.198.', '54.221.', '50.19.'] },
  { name: 'us-west-2', zones: ['zoneA', 'zoneB', 'zoneC'], ipPrefixes: ['54.245.', '54.244.', '54.214.'] },
  { name: 'eu-west-1', zones: ['zoneA', 'zoneB', 'zoneC'], ipPrefixes: ['54.247.', '54.246.', '54.248.'] },
  { name: 'eu-central-1', zones: ['zoneA', 'zoneB', 'zoneC'], ipPrefixes: ['54.93.', '54.28.', '54.78.'] },
  {
    name: 'ap-southeast-1',
    zones: ['zoneA', 'zoneB', 'zoneC'],
    ipPrefixes: ['54.251.', '54.254.', '54.255.'],
  },
  {
    name: 'ap-southeast-2',
    zones: ['zoneA', 'zoneB', 'zoneC'],
    ipPrefixes: ['54.252.', '54.253.', '54.206.'],
  },
];

/** The regions a document runs in: its own list, or spigo's six. */
export function regionLayouts(document: Pick<ArchDocument, 'regions'>): readonly RegionLayout[] {
  const custom: readonly Region[] | undefined = document.regions;
  if (!custom) return SPIGO_REGIONS;
  return custom.map((region, regionIndex) => ({
    name: region.name,
    zones: region.zones,
    ipPrefixes: region.zones.map((_zone, zoneIndex) => `10.${(regionIndex * 8 + zoneIndex + 1) % 256}.`),
  }));
}

/**
 * `archsim owm FILE [--out map.owm] [--force]`: the architecture's value chain as OnlineWardleyMaps
 * text — paste it into onlinewardleymaps.com, edit it there, and `archsim import map.owm` brings
 * the edits back (what OWM cannot hold travels in `// archsim` comments, which OWM ignores).
 */
import { toOwm } from '@shared/value-chain/owm.ts';
import { EXIT, type CliIo } from '../io.ts';
import { documentCommand } from '../document-to-text.ts';

export const owmUsage = `usage: archsim owm FILE [--out F] [--force]

Writes the architecture's value chain as OnlineWardleyMaps text: title, anchor, a component per
service at [visibility, maturity], a link per dependency, evolve arrows, build / buy / outsource
and notes. Each component carries its archsim fields (package, count…) in a "// archsim" comment
that OWM ignores, so "archsim import map.owm" gives the document back, with the map's edits.
  --out F       write to F (without it: standard output)
  --force       replace F if it exists
Exit 0 written, 1 the document has errors, 2 unreadable, not JSON, or --out not writable.`;

export function runOwm(argv: string[], io: CliIo): number {
  const command = documentCommand('owm', owmUsage, argv, io);
  if (typeof command === 'number') return command;
  if (!command.write(toOwm(command.document))) return EXIT.usage;
  if (command.out !== undefined) {
    const services = command.document.services.length;
    io.stderr(`${command.out}: ${services} component${services === 1 ? '' : 's'} (OnlineWardleyMaps)\n`);
  }
  return EXIT.ok;
}

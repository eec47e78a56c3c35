/**
 * The studio's value chain: the map of the shown document (when the canvas is in value-chain
 * mode), "Create variant" (every evolve arrow applied, opened beside the original so both can be
 * run and compared), and the map exported as the SVG `archsim diagram --view value-chain` draws.
 */
import { useCallback, useMemo } from 'react';
import type { Theme } from '@shared/commands.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { renderValueChainSvg } from '@shared/diagram/value-chain-svg.ts';
import type { ExportFormat } from '@shared/ipc/contract.ts';
import { VARIANT_SUFFIX, applyEvolution, valueChain, type ValueChain } from '@shared/value-chain/index.ts';
import { uploadedDocument, type CurrentDocument } from '../current-document.ts';
import { NOT_PARSING_NOTICE } from '../document/changes.ts';
import type { DocumentMeta } from '../document/session.ts';
import { parseJsonValue } from '@shared/document/json-text.ts';
import { fileNameOf } from '@shared/documents.ts';

export interface ValueChainOptions {
  /** The canvas shows the value chain. */
  readonly enabled: boolean;
  /** The parsed document the canvas draws (the last one that parsed while the text does not). */
  readonly documentValue: unknown;
  readonly eureka: boolean;
  readonly meta: DocumentMeta | null;
  readonly text: () => string;
  readonly theme: Theme;
  readonly openBeside: (document: CurrentDocument) => boolean;
  readonly exportFile: (format: ExportFormat, data: string, fileName: string) => Promise<unknown>;
  readonly tell: (text: string) => void;
  readonly fail: (error: unknown) => void;
}

export interface StudioValueChain {
  /** The map to draw, or null in the topology mode. */
  readonly chain: ValueChain | null;
  /** How many evolve arrows the document has. */
  readonly evolveArrows: number;
  readonly createVariant: () => void;
  readonly exportSvg: () => void;
}

const stemOf = (name: string) => fileNameOf(name.replace(/\.[^.]*$/, ''), 'untitled');

function parse(text: string): ArchDocument | null {
  const value = parseJsonValue(text);
  return typeof value === 'object' && value !== null && Array.isArray((value as ArchDocument).services)
    ? (value as ArchDocument)
    : null;
}

export function useValueChain(options: ValueChainOptions): StudioValueChain {
  const { enabled, documentValue, eureka, meta, text, theme, openBeside, exportFile, tell, fail } = options;
  const chain = useMemo(
    () => (enabled ? valueChain(documentValue as ArchDocument, { eureka }) : null),
    [enabled, documentValue, eureka],
  );
  const evolveArrows = useMemo(() => {
    const services = (documentValue as { services?: unknown }).services;
    return Array.isArray(services)
      ? services.filter((service) => typeof service === 'object' && service !== null && 'evolve' in service)
          .length
      : 0;
  }, [documentValue]);

  const createVariant = useCallback(() => {
    if (!meta) return;
    const document = parse(text());
    if (!document) {
      tell(`${NOT_PARSING_NOTICE}: fix it (or undo) to create a variant.`);
      return;
    }
    const { document: evolved, evolved: names } = applyEvolution(document);
    // Without evolve arrows the variant is a copy, named as one, to change by hand.
    const arch =
      typeof document.arch === 'string' && document.arch.trim() !== '' ? document.arch : 'architecture';
    const variant = names.length > 0 ? evolved : { ...document, arch: `${arch}-variant` };
    const name = `${stemOf(meta.name)}${names.length > 0 ? VARIANT_SUFFIX : '-variant'}.json`;
    if (!openBeside(uploadedDocument(name, `${JSON.stringify(variant, null, 2)}\n`, true))) return;
    tell(
      names.length > 0
        ? `Variant ${name}: ${names.join(', ')} evolved. Run it, then compare it with a run of ${meta.name} (one switch away, above the canvas).`
        : `Variant ${name} is a copy: ${meta.name} has no evolve arrows (Alt+drag a service to a later stage, or set its "evolve" in the inspector). ${meta.name} is one switch away, above the canvas.`,
    );
  }, [meta, text, openBeside, tell]);

  const exportSvg = useCallback(() => {
    if (!meta) return;
    try {
      const current = parse(text()) ?? (documentValue as ArchDocument);
      const svg = renderValueChainSvg(valueChain(current, { eureka }), { theme, documentText: text() });
      void exportFile('svg', svg, `${stemOf(meta.name)}-value-chain.svg`);
    } catch (error) {
      fail(error);
    }
  }, [meta, text, documentValue, eureka, theme, exportFile, fail]);

  return { chain, evolveArrows, createVariant, exportSvg };
}

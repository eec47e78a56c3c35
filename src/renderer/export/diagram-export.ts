import type { ArchsimApi, ExportFormat, Shell } from '@shared/ipc/contract.ts';
import { fileNameOf } from '@shared/documents.ts';

/**
 * File → Export Diagram: the same SVG `archsim diagram` writes (one pure function, shared), and
 * a PNG of it drawn by the browser's own SVG renderer at twice the size, for slides and chats.
 */

/** Bytes of a PNG of `svg` (at `scale` × its own size), base64-encoded. */
export async function svgToPngBase64(svg: string, scale = 2): Promise<string> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the diagram could not be drawn as an image'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const width = Math.max(1, Math.ceil(image.naturalWidth * scale));
  const height = Math.max(1, Math.ceil(image.naturalHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this window cannot draw images');
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the PNG could not be encoded');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/** Downloads bytes or text as a file (the web host's saves and exports). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** "lamp.json" → "lamp.svg". */
export function diagramFileName(documentName: string, format: 'svg' | 'png'): string {
  const stem = fileNameOf(documentName.replace(/\.[^.]*$/, ''), 'diagram');
  return `${stem === 'Untitled' ? 'untitled' : stem}.${format}`;
}

const MIME_TYPES: Readonly<Record<ExportFormat, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
  csv: 'text/csv',
  hgrm: 'text/plain',
};

/**
 * Saves an export — a chart, a diagram, traces, a table: the desktop asks where (a save dialog),
 * the web host downloads it. `data` is text, or base64 for PNG. Returns what to tell the user, or
 * null when the save dialog was cancelled.
 */
export async function saveExport(
  api: ArchsimApi,
  shell: Shell | null,
  format: ExportFormat,
  data: string,
  fileName: string,
): Promise<string | null> {
  if (shell === 'web') {
    const body = format === 'png' ? base64ToBytes(data) : data;
    downloadBlob(new Blob([body], { type: MIME_TYPES[format] }), fileName);
    return `Exported ${fileName} (downloaded).`;
  }
  const written = await api['documents.exportFile'](format, data, fileName);
  return written ? `Exported to ${written.path}.` : null;
}

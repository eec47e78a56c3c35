import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDocumentsService,
  type DocumentsService,
  type FileDialogs,
} from '@main/documents/documents-service.ts';
import { renderDiagramSvg } from '@shared/diagram/svg.ts';
import { diagramModel } from '@shared/diagram/model.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { repositoryRoot, spigoFile } from '../support/spigo.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'archsim-import-'));
const services: DocumentsService[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
});

/** A desktop documents service whose import dialog answers `file`. */
function importing(file: string) {
  const asked: string[] = [];
  const dialogs: FileDialogs = {
    chooseFileToOpen: async (purpose) => {
      asked.push(purpose);
      return file;
    },
    chooseFileToSave: async () => null,
  };
  const service = createDocumentsService({
    dataDirectory: mkdtempSync(path.join(folder, 'data-')),
    dialogs,
    recentFiles: false,
  });
  services.push(service);
  return { service, asked };
}

describe('documents service: File → Import', () => {
  it('imports a docker-compose file as a new, unsaved document named .json', async () => {
    const compose = path.join(repositoryRoot, 'test/fixtures/compose/voting-app.yml');
    const { service, asked } = importing(compose);
    const imported = await service.import();
    expect(asked).toEqual(['import']);
    expect(imported).toMatchObject({ handle: null, name: 'voting-app.json', path: compose, unsaved: true });
    expect(JSON.parse(imported!.text)).toMatchObject({
      description: 'imported from docker-compose voting-app.yml',
    });
    expect(validateDocumentText(imported!.text).document).not.toBeNull();
  });

  it('imports the document embedded in an exported SVG, exactly', async () => {
    const text = readFileSync(spigoFile('json_arch', 'lamp_arch.json'), 'utf8');
    const svg = path.join(folder, 'lamp.svg');
    writeFileSync(svg, renderDiagramSvg(diagramModel(JSON.parse(text)), new Map(), { documentText: text }));
    const imported = await importing(svg).service.import();
    expect(imported).toMatchObject({ handle: null, name: 'lamp.json', text, unsaved: true });
  });

  it('says where a file cannot be imported', async () => {
    const bad = path.join(folder, 'bad.yaml');
    writeFileSync(bad, 'services:\n  web:\n    links: [db]\n');
    await expect(importing(bad).service.import()).rejects.toThrow(
      'bad.yaml cannot be imported. Service "web" links to "db", which is not a service in this file (line 3, column 13).',
    );
    const logo = path.join(folder, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await expect(importing(logo).service.import()).rejects.toThrow(
      'logo.svg cannot be imported. This SVG was not exported by archsim (no embedded document).',
    );
  });
});

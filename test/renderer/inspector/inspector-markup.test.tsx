/**
 * The Inspector rendered to static markup (no DOM here; the lead's Playwright specs drive the
 * interactions): the region and its heading, labels tied to inputs and named after the fields,
 * defaults as placeholders, "(mixed)" across a multi-selection, unknown fields kept as written.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Inspector } from '@renderer/inspector/Inspector.tsx';

const DOCUMENT = {
  arch: 'shop',
  'x-team': { owner: 'alice' },
  services: [
    { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
    { name: 'api', package: 'karyon', 'x-owner': 'alice', count: 3, dependencies: ['db'], timeoutMs: 800 },
    { name: 'db', package: 'store', count: 2, dependencies: [], retries: { count: 2 } },
  ],
  victim: 'db',
};

const refuse = () => ({ ok: false as const, message: 'not in this test' });

function render(selection: readonly number[], value: unknown, editable = true): string {
  return renderToStaticMarkup(
    <Inspector value={value} selection={selection} editable={editable} onApply={refuse} />,
  );
}

/** The input a label names (by its text without markup), as markup. */
function inputLabelled(html: string, name: string): string {
  const labels = [...html.matchAll(/<label class="inspector-label" for="([^"]+)"[^>]*>(.*?)<\/label>/g)];
  const label = labels.find((match) => (match[2] as string).replace(/<[^>]+>/g, '') === name);
  if (!label) throw new Error(`no label ${name}`);
  const id = label[1] as string;
  const input = new RegExp(`<(input|select)[^>]*id="${id.replace(/[:]/g, '\\$&')}"[^>]*>`).exec(html);
  if (!input) throw new Error(`no input for ${name}`);
  return input[0];
}

describe('Inspector markup', () => {
  it('shows the document settings when nothing is selected', () => {
    const html = render([], DOCUMENT);
    expect(html).toContain('<section aria-label="Inspector" class="inspector">');
    expect(html).toContain('<h2 class="inspector-title">Document</h2>');
    expect(inputLabelled(html, 'arch')).toContain('value="shop"');
    expect(inputLabelled(html, 'seed')).toContain('inputMode="decimal"');
    expect(inputLabelled(html, 'traceSampleRate')).toContain('placeholder="0.001 (default)"');
    expect(inputLabelled(html, 'victim')).toMatch(/^<select/);
    expect(html).toContain('<option value="db" selected="">db</option>');
    expect(inputLabelled(html, 'archsimVersion')).toContain('readOnly');
    expect(html).toContain('Other fields (kept as written)');
    expect(html).toContain('<dt>x-team</dt><dd title="{ &quot;owner&quot;: &quot;alice&quot; }">');
  });

  it('shows one service with its values, descriptions and package defaults', () => {
    const html = render([2], DOCUMENT);
    expect(html).toContain('<h2 class="inspector-title">db</h2>');
    const timeout = inputLabelled(html, 'timeoutMs');
    expect(timeout).toContain('placeholder="500 (store default)"');
    expect(timeout).toContain('title="How long a caller waits for this service before giving up."');
    expect(timeout).toMatch(/aria-describedby="[^"]+-hint"/);
    expect(inputLabelled(html, 'count')).toContain('value="2"');
    expect(inputLabelled(html, 'name')).toContain('value="db"');
    // A set group is open; its nested fields are named by their path.
    expect(inputLabelled(html, 'retries.count')).toContain('value="2"');
    expect(html).toContain('<span class="inspector-visually-hidden">retries.</span>count');
    // An absent group is collapsed and says what applies instead.
    expect(html).toContain('not set — lognormal median 2, sigma 0.5 (store default)');
    expect(html).not.toContain('latency.type');
    // spigo's unsimulated fields are gathered at the end, collapsed while unset.
    expect(html).toContain('<details class="inspector-group" aria-label="spigo fields">');
    expect(html).not.toContain('>machine<');
  });

  it('offers a per-dependency entry for each dependency, with its default', () => {
    const value = {
      services: [
        {
          name: 'api',
          package: 'karyon',
          dependencies: ['db', 'eureka'],
          calls: { probabilities: { db: 0.5 } },
        },
        { name: 'db', package: 'store' },
      ],
    };
    const html = render([0], value);
    expect(inputLabelled(html, 'calls.probabilities.db')).toContain('value="0.5"');
    expect(html).not.toContain('calls.probabilities.eureka');
    expect(inputLabelled(html, 'calls.mode')).toMatch(/^<select/);
    expect(html).toContain('<option value="" selected="">not set: sequential (karyon default)</option>');
  });

  it('offers the other services and eureka as dependencies', () => {
    const html = render([1], DOCUMENT);
    expect(html).toMatch(/<legend class="inspector-set-legend"[^>]*>dependencies<\/legend>/);
    for (const name of ['www', 'db', 'eureka']) expect(html).toContain(`<span>${name}</span>`);
    expect(html).toContain('<span>api (itself)</span>');
    expect(html).toMatch(/<input type="checkbox" checked=""[^>]*\/><span>db<\/span>/);
    expect(html).toContain('<dt>x-owner</dt>');
  });

  it('shows the fields a multi-selection shares, "(mixed)" where they differ', () => {
    const html = render([1, 2], DOCUMENT);
    expect(html).toContain('<h2 class="inspector-title">2 services</h2>');
    expect(inputLabelled(html, 'timeoutMs')).toContain('placeholder="(mixed)"');
    expect(inputLabelled(html, 'name')).toContain('readOnly');
    expect(inputLabelled(html, 'package')).toContain('<select');
    expect(html).toContain('<option value="\u0000mixed" disabled="" selected="">(mixed)</option>');
    const same = render([0, 1], DOCUMENT);
    expect(inputLabelled(same, 'regions')).toMatch(/placeholder="\(mixed\)"/);
  });

  it('says why it cannot edit while the text does not parse', () => {
    expect(render([], undefined, false)).toContain('The JSON does not parse: fix the text to edit here.');
    const readOnly = render([1], DOCUMENT, false);
    expect(readOnly).toContain('<fieldset class="inspector-form" disabled="">');
  });

  it('renders a 300-service document without trouble', () => {
    const services = Array.from({ length: 300 }, (_, index) => ({
      name: `service-${index}`,
      package: 'karyon',
      count: 3,
      dependencies: index > 0 ? [`service-${index - 1}`] : [],
    }));
    const document = { arch: 'big', services };
    render([0], document);
    const started = performance.now();
    const html = render([5, 6, 7], document);
    render([], document);
    const elapsed = performance.now() - started;
    expect(html).toContain('<h2 class="inspector-title">3 services</h2>');
    expect(html).toContain('placeholder="Filter services"');
    // The ticked names (service-4…6, their dependencies) and the first unticked ones are shown.
    expect(html).toContain('<span>service-4</span>');
    expect(html).toContain('<span>service-6</span>');
    expect(html).not.toContain('<span>service-250</span>');
    expect(html).toMatch(/\d+ more services: type in the filter to find them\./);
    expect(elapsed).toBeLessThan(1000);
    console.log(`300 services: ${elapsed.toFixed(0)} ms`);
  });
});

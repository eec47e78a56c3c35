/**
 * A sweep as a Kubernetes Indexed Job (`archsim sweep … --emit k8s`): the same runs, sent to a
 * cluster unchanged. A ConfigMap holds the architecture document; the Job has one completion per
 * point, and the pod with completion index i runs `archsim sweep … --point i --results /results`,
 * which simulates point i alone and writes its result file (point-000i.json) — the same file a
 * local sweep writes — to a volume; `archsim runs import DIR --db DB` brings the files into a run
 * store afterwards.
 */
import { stringify } from 'yaml';

export interface IndexedJobOptions {
  /** Names the ConfigMap and the Job (made DNS-safe and at most 63 characters). */
  readonly name: string;
  /** The container image with archsim installed (its `archsim` command on the PATH). */
  readonly image: string;
  /** The document's exact text, mounted at /archsim/document.json. */
  readonly documentText: string;
  /** The sweep's arguments after `archsim sweep FILE` (axes and shared options, no --point). */
  readonly sweepArguments: readonly string[];
  /** How many points: one completion each. */
  readonly points: number;
  /** Pods at once. */
  readonly parallelism: number;
  /** The PersistentVolumeClaim the results are written to (mounted at /results). */
  readonly resultsClaim: string;
  /** Resource requests of each pod. */
  readonly cpu?: string;
  readonly memory?: string;
}

/** Where the pod finds the document and writes the results. */
export const K8S_DOCUMENT_PATH = '/archsim/document.json';
export const K8S_RESULTS_PATH = '/results';
/** The environment variable holding the pod's completion index (the point it runs). */
export const K8S_POINT_VARIABLE = 'ARCHSIM_POINT';

/** A DNS-1123 label from any text: lowercase letters, digits and dashes, at most `length` long. */
export function dnsLabel(text: string, length = 63): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .slice(0, length)
    .replace(/-+$/, '');
  return label === '' ? 'archsim' : label;
}

/** The ConfigMap and the Indexed Job, as objects (in the order they are applied). */
export function indexedJobManifests(
  options: IndexedJobOptions,
): [Record<string, unknown>, Record<string, unknown>] {
  const name = dnsLabel(options.name);
  const labels = {
    'app.kubernetes.io/name': 'archsim',
    'app.kubernetes.io/component': 'sweep',
    'archsim/sweep': name,
  };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
    data: { 'document.json': options.documentText },
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      completionMode: 'Indexed',
      completions: options.points,
      parallelism: Math.max(1, Math.min(options.parallelism, options.points)),
      // A point that fails is a bug to read about, not a flake to retry forever.
      backoffLimitPerIndex: 1,
      maxFailedIndexes: options.points,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'point',
              image: options.image,
              command: ['archsim'],
              args: [
                'sweep',
                K8S_DOCUMENT_PATH,
                ...options.sweepArguments,
                '--point',
                `$(${K8S_POINT_VARIABLE})`,
                '--results',
                K8S_RESULTS_PATH,
                '--quiet',
              ],
              env: [
                {
                  name: K8S_POINT_VARIABLE,
                  valueFrom: {
                    fieldRef: {
                      fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
                    },
                  },
                },
              ],
              resources: {
                requests: { cpu: options.cpu ?? '1', memory: options.memory ?? '1Gi' },
              },
              volumeMounts: [
                { name: 'document', mountPath: '/archsim', readOnly: true },
                { name: 'results', mountPath: K8S_RESULTS_PATH },
              ],
            },
          ],
          volumes: [
            { name: 'document', configMap: { name } },
            { name: 'results', persistentVolumeClaim: { claimName: options.resultsClaim } },
          ],
        },
      },
    },
  };
  return [configMap, job];
}

/** The manifests as one multi-document YAML file, ready for `kubectl apply -f`. */
export function indexedJobYaml(options: IndexedJobOptions): string {
  const [configMap, job] = indexedJobManifests(options);
  const header =
    `# archsim sweep as a Kubernetes Indexed Job: ${options.points} points, one pod each.\n` +
    `# kubectl apply -f this file; then copy the result files from the claim "${options.resultsClaim}"\n` +
    `# (${K8S_RESULTS_PATH}) to a folder and run: archsim runs import FOLDER --db runs.sqlite\n`;
  return `${header}${stringify(configMap, { lineWidth: 0 })}---\n${stringify(job, { lineWidth: 0 })}`;
}

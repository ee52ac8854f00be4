/**
 * Renders the Kustomizations under deploy/kubernetes with the real `kubectl kustomize` (Debian's
 * `kubernetes-client`, or any kubectl on PATH) and validates every rendered object against the
 * Kubernetes API schemas that the pinned `kubernetes-models` package ships. Shared by the manifest
 * tests and the test that runs the rendered container on Docker.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './fixtures.ts';

const run = promisify(execFile);

export const KUBERNETES_DIR = path.join(REPO_ROOT, 'deploy', 'kubernetes');

/** Every Kustomization a user applies: the base, the GPU overlay, the Ingress example. */
export const KUSTOMIZATIONS = ['base', 'overlays/gpu', 'examples/ingress-tls'] as const;
export type KustomizationName = (typeof KUSTOMIZATIONS)[number];

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderedDeployment extends KubernetesObject {
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> };
    template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec };
  };
}

/** The kinds we ship, each with the model class whose validate() holds the Kubernetes schema. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};

export class KustomizeError extends Error {
  readonly code = 'kustomize_failed';
}

/** `kubectl kustomize deploy/kubernetes/<name>`, parsed into objects. */
export async function renderKustomization(name: KustomizationName): Promise<KubernetesObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('kubectl', ['kustomize', path.join(KUBERNETES_DIR, name)], {
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new KustomizeError(
        'kubectl is not installed: install Debian\'s "kubernetes-client" package (.ci/run does).',
      );
    }
    throw new KustomizeError(`kubectl kustomize ${name} failed: ${stderr?.trim() || String(error)}`);
  }
  return parseAllDocuments(stdout).map((document) => {
    if (document.errors.length > 0)
      throw new KustomizeError(`kubectl kustomize ${name}: ${document.errors[0]}`);
    return document.toJS() as KubernetesObject;
  });
}

/** Throws, naming the object and the schema's complaint, when an object is not valid for its kind. */
export function validateAgainstSchema(object: KubernetesObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  if (!Model) throw new Error(`No Kubernetes schema is known here for ${key} (${object.metadata?.name}).`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${key} ${object.metadata.name} is invalid: ${(error as Error).message}`);
  }
}

export function findObject<T extends KubernetesObject = KubernetesObject>(
  objects: KubernetesObject[],
  kind: string,
): T {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`Expected one ${kind}, the rendering has ${found.length}.`);
  return found[0] as T;
}

/** The engine container of the rendered Deployment. */
export function engineContainer(deployment: RenderedDeployment): IContainer {
  const container = deployment.spec.template.spec.containers.find((item) => item.name === 'engine');
  if (!container) throw new Error('The Deployment has no container named "engine".');
  return container;
}

/**
 * The environment the engine process gets from the container spec: plain values as written, and each
 * Secret reference replaced by the value given for "secretName/key" (a missing one throws).
 */
export function containerEnvironment(
  container: IContainer,
  secrets: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of container.env ?? []) {
    const ref = item.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secrets[`${ref.name}/${ref.key}`];
      if (value === undefined) throw new Error(`No test value for the Secret key ${ref.name}/${ref.key}.`);
      env[item.name] = value;
    } else if (item.value !== undefined) {
      env[item.name] = item.value;
    } else {
      throw new Error(`The variable ${item.name} has neither a value nor a Secret reference.`);
    }
  }
  return env;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A memory quantity as we write them (a plain number of bytes or a binary suffix) in bytes. */
export function memoryBytes(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(quantity ?? '');
  if (!match?.[1]) throw new Error(`Not a memory quantity this test reads: ${String(quantity)}`);
  return Number(match[1]) * (match[2] ? (BINARY_SUFFIXES[match[2]] ?? 1) : 1);
}

/** A CPU quantity ("2", "1500m", 1) in cores. */
export function cpuCores(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(quantity ?? '');
  if (!match?.[1]) throw new Error(`Not a CPU quantity this test reads: ${String(quantity)}`);
  return Number(match[1]) / (match[2] ? 1000 : 1);
}

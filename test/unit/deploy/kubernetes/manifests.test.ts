/**
 * deploy/kubernetes: every Kustomization renders with the real `kubectl kustomize`, every object is
 * valid for the Kubernetes schemas of the pinned kubernetes-models package, and the engine a cluster
 * would run is the one our image and config expect: its probes reach the engine's real port and paths,
 * the Secret feeds the variable the engine reads, writable paths are emptyDirs, and it runs hardened.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../support/fixtures.ts';
import {
  containerEnvironment,
  cpuCores,
  engineContainer,
  findObject,
  KUSTOMIZATIONS,
  type KubernetesObject,
  type KustomizationName,
  memoryBytes,
  type RenderedDeployment,
  renderKustomization,
  validateAgainstSchema,
} from '../../../support/kustomize.ts';

const dockerDir = path.join(REPO_ROOT, 'docker');

/** The part of the engine's own configuration (docker/src/config.ts) these tests compare against. */
interface EngineConfigModule {
  loadConfig(env: Record<string, string | undefined>): {
    port: number;
    apiKey: string | null;
    uploadDir: string;
    outputDir: string;
    maxConcurrentJobs: number;
    device: string;
    shutdownTimeoutSeconds: number;
  };
}
// The engine is its own TypeScript project (docker/), which this one cannot reference: load it at run time.
const { loadConfig } = (await import(
  pathToFileURL(path.join(dockerDir, 'src', 'config.ts')).href
)) as EngineConfigModule;

/** What the image says (the production stage of each Dockerfile): its user and its HEALTHCHECK. */
function imageFacts(dockerfile: string): {
  uid: number;
  gid: number;
  healthcheck: string[];
  startPeriodS: number;
} {
  const text = readFileSync(path.join(dockerDir, dockerfile), 'utf8');
  const user = /^USER (\d+):(\d+)$/m.exec(text);
  const health = /^HEALTHCHECK .*--start-period=(\d+)s.* CMD (\[.*\])$/m.exec(text);
  if (!user?.[1] || !user[2] || !health?.[1] || !health[2])
    throw new Error(`${dockerfile}: no USER or HEALTHCHECK.`);
  return {
    uid: Number(user[1]),
    gid: Number(user[2]),
    healthcheck: JSON.parse(health[2]) as string[],
    startPeriodS: Number(health[1]),
  };
}

const TEST_KEY = 'k8s-manifest-test-key';
const SECRET_KEY_REF = 'facecraft-engine-api-key/FACECRAFT_API_KEY';

const rendered = new Map<KustomizationName, KubernetesObject[]>();

beforeAll(async () => {
  for (const name of KUSTOMIZATIONS) rendered.set(name, await renderKustomization(name));
});

function objects(name: KustomizationName): KubernetesObject[] {
  const found = rendered.get(name);
  if (!found) throw new Error(`${name} was not rendered.`);
  return found;
}

function deploymentOf(name: KustomizationName): RenderedDeployment {
  return findObject<RenderedDeployment>(objects(name), 'Deployment');
}

function namedPort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((item) => item.name === port)?.containerPort;
}

function matches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

describe.each(KUSTOMIZATIONS)('deploy/kubernetes/%s', (name) => {
  it('renders with kubectl kustomize into objects that are valid for the Kubernetes schemas', () => {
    const list = objects(name);
    expect(list.map((object) => object.kind).sort()).toEqual(
      expect.arrayContaining(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']),
    );
    for (const object of list) validateAgainstSchema(object);
  });

  it('starts an engine whose own configuration accepts the environment, with the key from the Secret', () => {
    const container = engineContainer(deploymentOf(name));
    const secretRef = container.env?.find((item) => item.name === 'FACECRAFT_API_KEY')?.valueFrom
      ?.secretKeyRef;
    expect(`${secretRef?.name}/${secretRef?.key}`).toBe(SECRET_KEY_REF);
    // An engine without its key must not start open: the reference is not optional.
    expect(secretRef?.optional ?? false).toBe(false);
    const config = loadConfig(containerEnvironment(container, { [SECRET_KEY_REF]: TEST_KEY }));
    expect(config.apiKey).toBe(TEST_KEY);
    const mounts = new Map((container.volumeMounts ?? []).map((mount) => [mount.mountPath, mount.name]));
    const emptyDirs = new Set(
      (deploymentOf(name).spec.template.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name),
    );
    // The only writable places of a read-only root: uploads, results, and /tmp (the image's HOME).
    for (const dir of [config.uploadDir, config.outputDir, '/tmp']) {
      expect(emptyDirs.has(mounts.get(dir) ?? ''), `${dir} is an emptyDir`).toBe(true);
    }
    // Kubernetes waits terminationGracePeriodSeconds, then kills: the engine must give up first.
    const grace = deploymentOf(name).spec.template.spec.terminationGracePeriodSeconds ?? 30;
    expect(config.shutdownTimeoutSeconds).toBeLessThan(grace);
  });

  it('probes the engine on its real port and paths: liveness /health, readiness through the image healthcheck', () => {
    const container = engineContainer(deploymentOf(name));
    const config = loadConfig(containerEnvironment(container, { [SECRET_KEY_REF]: TEST_KEY }));
    const image = imageFacts(name === 'overlays/gpu' ? 'Dockerfile.gpu' : 'Dockerfile.cpu');

    expect(namedPort(container, 'http')).toBe(config.port);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(namedPort(container, container.livenessProbe?.httpGet?.port)).toBe(config.port);
    // /ready needs X-API-Key and always answers 200: the image's healthcheck asks it with the key and
    // fails until ready is true. It exists in the image (docker/src is copied to the WORKDIR /app).
    for (const probe of [container.readinessProbe, container.startupProbe]) {
      expect(probe?.exec?.command).toEqual(image.healthcheck);
      expect(probe?.timeoutSeconds ?? 1).toBeGreaterThanOrEqual(5);
    }
    expect(existsSync(path.join(dockerDir, image.healthcheck[1] ?? 'missing'))).toBe(true);
    // Liveness starts only after the startup probe passed; the model load gets at least the image's start period.
    const startup = container.startupProbe;
    expect((startup?.periodSeconds ?? 10) * (startup?.failureThreshold ?? 3)).toBeGreaterThanOrEqual(
      image.startPeriodS,
    );
  });

  it('runs non-root as the image user, read-only, without capabilities, under RuntimeDefault seccomp', () => {
    const podSpec = deploymentOf(name).spec.template.spec;
    const container = engineContainer(deploymentOf(name));
    const image = imageFacts(name === 'overlays/gpu' ? 'Dockerfile.gpu' : 'Dockerfile.cpu');
    const pod = podSpec.securityContext;
    expect(pod?.runAsNonRoot).toBe(true);
    expect(container.securityContext?.runAsUser ?? pod?.runAsUser).toBe(image.uid);
    expect(container.securityContext?.runAsGroup ?? pod?.runAsGroup).toBe(image.gid);
    expect(container.securityContext?.seccompProfile?.type ?? pod?.seccompProfile?.type).toBe(
      'RuntimeDefault',
    );
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext?.privileged ?? false).toBe(false);
    expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
    expect(container.securityContext?.capabilities?.add ?? []).toEqual([]);
    expect(podSpec.automountServiceAccountToken).toBe(false);
    // A Service named "facecraft" would otherwise inject FACECRAFT_PORT=tcp://…, which the engine parses.
    expect(podSpec.enableServiceLinks).toBe(false);
  });

  it('reserves memory for the measured peak and caps it; the autoscaler has a CPU request to scale on', () => {
    const container = engineContainer(deploymentOf(name));
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    // One request at a time on CPU peaked at 1.65–1.76 GiB (the engine bench and its container test).
    expect(memoryBytes(requests.memory)).toBeGreaterThanOrEqual(1.76 * 2 ** 30);
    expect(memoryBytes(limits.memory)).toBeGreaterThan(memoryBytes(requests.memory));
    expect(cpuCores(requests.cpu)).toBeGreaterThan(0);
    expect(cpuCores(limits.cpu)).toBeGreaterThanOrEqual(cpuCores(requests.cpu));

    const hpa = findObject(objects(name), 'HorizontalPodAutoscaler') as KubernetesObject & {
      spec: {
        scaleTargetRef: { kind: string; name: string };
        minReplicas?: number;
        metrics?: { resource?: { name: string } }[];
      };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({
      kind: 'Deployment',
      name: deploymentOf(name).metadata.name,
    });
    expect(hpa.spec.metrics?.map((metric) => metric.resource?.name)).toEqual(['cpu']);

    // A node drain must be able to evict one engine while the budget holds.
    const pdb = findObject(objects(name), 'PodDisruptionBudget') as KubernetesObject & {
      spec: { minAvailable?: number; selector: { matchLabels?: Record<string, string> } };
    };
    expect(pdb.spec.minAvailable ?? 0).toBeLessThan(hpa.spec.minReplicas ?? 1);
    expect(matches(pdb.spec.selector.matchLabels, deploymentOf(name).spec.template.metadata?.labels)).toBe(
      true,
    );
  });

  it('routes the Service (and an Ingress, where there is one) to the engine pods', () => {
    const deployment = deploymentOf(name);
    const podLabels = deployment.spec.template.metadata?.labels;
    expect(matches(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    const service = findObject(objects(name), 'Service') as KubernetesObject & {
      spec: {
        selector: Record<string, string>;
        ports: { name: string; port: number; targetPort: string | number }[];
      };
    };
    expect(matches(service.spec.selector, podLabels)).toBe(true);
    const container = engineContainer(deployment);
    const config = loadConfig(containerEnvironment(container, { [SECRET_KEY_REF]: TEST_KEY }));
    for (const port of service.spec.ports) expect(namedPort(container, port.targetPort)).toBe(config.port);

    const ingresses = objects(name).filter((object) => object.kind === 'Ingress');
    for (const ingress of ingresses as (KubernetesObject & {
      spec: {
        tls?: { hosts?: string[]; secretName?: string }[];
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { name?: string } } } }[] };
        }[];
      };
    })[]) {
      const tlsHosts = (ingress.spec.tls ?? []).flatMap((tls) => (tls.secretName ? (tls.hosts ?? []) : []));
      for (const rule of ingress.spec.rules) {
        expect(tlsHosts, `${rule.host} is served over TLS`).toContain(rule.host);
        for (const { backend } of rule.http.paths) {
          expect(backend.service.name).toBe(service.metadata.name);
          expect(service.spec.ports.map((port) => port.name)).toContain(backend.service.port.name);
        }
      }
      // Photos up to the engine's upload limit must pass ingress-nginx (1 MB by default).
      const bodyLimit = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
      const bodyMb = Number(/^(\d+)m$/.exec(bodyLimit)?.[1] ?? 0);
      expect(bodyMb).toBeGreaterThan(20);
    }
    expect(ingresses.length > 0).toBe(name === 'examples/ingress-tls');
  });
});

describe('deploy/kubernetes/overlays/gpu', () => {
  it('runs the :gpu image with one NVIDIA GPU, on GPU nodes only, asking the engine for CUDA', () => {
    const podSpec = deploymentOf('overlays/gpu').spec.template.spec;
    const container = engineContainer(deploymentOf('overlays/gpu'));
    expect(container.image).toBe(engineContainer(deploymentOf('base')).image?.replace(/:cpu$/, ':gpu'));
    expect(container.image?.endsWith(':gpu')).toBe(true);
    expect(container.resources?.limits?.['nvidia.com/gpu']).toBe(1);
    expect(podSpec.nodeSelector?.['nvidia.com/gpu.present']).toBe('true');
    expect(podSpec.tolerations).toContainEqual(
      expect.objectContaining({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }),
    );
    const config = loadConfig(containerEnvironment(container, { [SECRET_KEY_REF]: TEST_KEY }));
    expect(config.device).toBe('cuda');
    // The base keeps its own settings: the overlay changes only what a GPU needs.
    expect(engineContainer(deploymentOf('base')).resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(
      loadConfig(containerEnvironment(engineContainer(deploymentOf('base')), { [SECRET_KEY_REF]: TEST_KEY }))
        .maxConcurrentJobs,
    ).toBe(1);
  });
});

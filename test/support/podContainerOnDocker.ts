/**
 * Runs one container of a rendered Kubernetes pod spec on the Docker daemon with the settings a
 * kubelet would give it: the image, the environment (Secret references filled in), the pod's user and
 * group, a read-only root, dropped capabilities, no privilege escalation, Docker's default seccomp
 * profile (what RuntimeDefault is on a Docker/containerd node), each emptyDir as a writable tmpfs of
 * its sizeLimit, and the memory and CPU limits. Its probes run the way the kubelet runs them.
 */
import type Docker from 'dockerode';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { demuxDockerLogs, docker } from './engineImage.ts';
import { containerEnvironment, cpuCores, memoryBytes } from './kustomize.ts';

export interface PodContainer {
  container: Docker.Container;
  /** http://127.0.0.1:<port Docker chose> for each container port, by port name. */
  urls: Record<string, string>;
  /** Runs a probe once as the kubelet would: true when it passed. */
  probe(probe: IProbe): Promise<boolean>;
  logs(): Promise<string>;
  /** `docker stop` with the pod's terminationGracePeriodSeconds; resolves with the exit code. */
  stop(): Promise<number>;
  remove(): Promise<void>;
}

export interface PodContainerOptions {
  podSpec: IPodSpec;
  container: IContainer;
  /** The image to run instead of the spec's (our freshly built tag). */
  image: string;
  /** Values for the Secret references, by "secretName/key". */
  secrets: Record<string, string>;
  labels: Record<string, string>;
}

function tmpfsFor(podSpec: IPodSpec, container: IContainer): Record<string, string> {
  const tmpfs: Record<string, string> = {};
  for (const mount of container.volumeMounts ?? []) {
    const volume = podSpec.volumes?.find((item) => item.name === mount.name);
    if (!volume?.emptyDir)
      throw new Error(`Volume ${mount.name} is not an emptyDir; this runner only knows those.`);
    const size =
      volume.emptyDir.sizeLimit === undefined ? '' : `,size=${memoryBytes(volume.emptyDir.sizeLimit)}`;
    // An emptyDir is a fresh directory writable by every user of the pod.
    tmpfs[mount.mountPath] = `rw,nosuid,nodev,mode=1777${size}`;
  }
  return tmpfs;
}

async function execExitCode(
  container: Docker.Container,
  command: string[],
  timeoutMs: number,
): Promise<number> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('data', () => undefined);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', () => resolve());
  });
  const { ExitCode, Running } = await exec.inspect();
  return Running ? -1 : (ExitCode ?? -1);
}

export async function runPodContainer(options: PodContainerOptions): Promise<PodContainer> {
  const { podSpec, container: spec } = options;
  const security = { ...podSpec.securityContext, ...spec.securityContext };
  const env = containerEnvironment(spec, options.secrets);
  const ports = spec.ports ?? [];
  const limits = spec.resources?.limits ?? {};
  const container = await docker.createContainer({
    Image: options.image,
    Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    User: `${security.runAsUser}:${security.runAsGroup}`,
    Labels: options.labels,
    ExposedPorts: Object.fromEntries(ports.map((port) => [`${port.containerPort}/tcp`, {}])),
    HostConfig: {
      PortBindings: Object.fromEntries(
        ports.map((port) => [`${port.containerPort}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]]),
      ),
      GroupAdd:
        podSpec.securityContext?.fsGroup === undefined ? [] : [String(podSpec.securityContext.fsGroup)],
      ReadonlyRootfs: security.readOnlyRootFilesystem === true,
      CapDrop: spec.securityContext?.capabilities?.drop ?? [],
      CapAdd: spec.securityContext?.capabilities?.add ?? [],
      Privileged: security.privileged === true,
      SecurityOpt: security.allowPrivilegeEscalation === false ? ['no-new-privileges'] : [],
      Tmpfs: tmpfsFor(podSpec, spec),
      ...(limits.memory === undefined
        ? {}
        : { Memory: memoryBytes(limits.memory), MemorySwap: memoryBytes(limits.memory) }),
      ...(limits.cpu === undefined ? {} : { NanoCpus: Math.round(cpuCores(limits.cpu) * 1e9) }),
    },
  });
  try {
    await container.start();
    const info = await container.inspect();
    const urls: Record<string, string> = {};
    for (const port of ports) {
      const binding = info.NetworkSettings.Ports[`${port.containerPort}/tcp`]?.[0];
      if (binding && port.name) urls[port.name] = `http://127.0.0.1:${binding.HostPort}`;
    }
    const portUrl = (port: number | string | undefined): string => {
      const named = typeof port === 'string' ? urls[port] : undefined;
      const byNumber = ports.find((item) => item.containerPort === port)?.name;
      const url = named ?? (byNumber ? urls[byNumber] : undefined);
      if (!url) throw new Error(`The probe's port ${String(port)} is not a port of the container.`);
      return url;
    };
    return {
      container,
      urls,
      async probe(probe) {
        const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
        if (probe.exec?.command) return (await execExitCode(container, probe.exec.command, timeoutMs)) === 0;
        if (probe.httpGet) {
          // The kubelet sends no credentials and counts 200–399 as success.
          try {
            const response = await fetch(`${portUrl(probe.httpGet.port)}${probe.httpGet.path ?? '/'}`, {
              redirect: 'manual',
              signal: AbortSignal.timeout(timeoutMs),
            });
            return response.status >= 200 && response.status < 400;
          } catch {
            return false;
          }
        }
        throw new Error('This runner knows exec and httpGet probes only.');
      },
      async logs() {
        const raw = (await container.logs({
          stdout: true,
          stderr: true,
          follow: false,
        })) as unknown as Buffer;
        return demuxDockerLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
      },
      async stop() {
        await container.stop({ t: podSpec.terminationGracePeriodSeconds ?? 30 });
        return (await container.inspect()).State.ExitCode;
      },
      async remove() {
        await container.remove({ force: true, v: true }).catch(() => undefined);
      },
    };
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw error;
  }
}

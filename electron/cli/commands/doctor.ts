/** `facecraft doctor [--json]`: what the app would find on this machine, and what to do about it. */
import type { Device, DockerState, GpuCapability, ImageSource } from '../../../contract/domain.ts';
import type { StatusResponse } from '../../../contract/engineApi.ts';
import {
  hostPortOf,
  imageReference,
  inspectImage,
  listEngineContainers,
} from '../../services/docker/index.ts';
import { EngineClient } from '../../services/engineClient/engineClient.ts';
import { probeUrlEngine, type UrlEngineReport } from '../../services/engines/probeUrlEngine.ts';
import { parse } from '../cliArgs.ts';
import { openCliContext } from '../cliContext.ts';
import { describeError, EXIT_OK, EXIT_OPERATIONAL } from '../cliErrors.ts';
import { type CliOutput, formatBytes } from '../cliOutput.ts';
import { ENGINE_FLAG_CONFIG, ENGINE_KEY_ENV, enginesAsTyped } from '../engineFlags.ts';

export const DOCTOR_HELP = `Usage: facecraft doctor [--json] [--engine URL [--key KEY]]...

Checks Docker (endpoint, state), the engine images, GPU access (by starting a probe
container, not by guessing), any engine that is running, and the engines added in the app.

  --engine URL  test this engine someone else runs instead of the ones added in the app
                (repeatable): reachable, key accepted, kind, device, version, ready.
                HTTPS, or plain HTTP to a private address.
  --key KEY     its API key (one per --engine, in order; one --key serves them all);
                default: the ${ENGINE_KEY_ENV} environment variable
  --json        print one JSON object: {docker, images, gpu: {usable, reason, hints}, engines, urlEngines}
Exit code 0 when Docker is ready (or every --engine passed without it) and no --engine failed, 1 otherwise.`;

export interface DoctorImage {
  device: Device;
  source: ImageSource;
  reference: string;
  present: boolean;
  sizeBytes: number | null;
}

export interface DoctorEngine {
  device: string;
  containerId: string;
  url: string | null;
  state: string;
  version: string | null;
  reportedDevice: StatusResponse['device'] | null;
}

/** An --engine URL: what the on-the-spot test found, or why it failed. */
export type DoctorUrlEngine =
  | ({ ok: true } & UrlEngineReport)
  | { ok: false; url: string; error: { code: string; message: string } };

export interface DoctorReport {
  docker: DockerState;
  images: DoctorImage[];
  gpu: Pick<GpuCapability, 'usable' | 'reason' | 'hints'> | null;
  engines: DoctorEngine[];
  urlEngines: DoctorUrlEngine[];
}

async function probeUrlEngines(
  engines: { url: string; apiKey: string | null }[],
): Promise<DoctorUrlEngine[]> {
  return Promise.all(
    engines.map(async ({ url, apiKey }): Promise<DoctorUrlEngine> => {
      try {
        return { ok: true, ...(await probeUrlEngine(url, apiKey)) };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return {
          ok: false,
          url,
          error: { code: typeof code === 'string' ? code : 'internal', message: describeError(error) },
        };
      }
    }),
  );
}

export async function doctorCommand(args: string[], out: CliOutput): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' }, ...ENGINE_FLAG_CONFIG });
  if (values.help) {
    out.line(DOCTOR_HELP);
    return EXIT_OK;
  }
  const context = await openCliContext();
  try {
    // The engines named here, else the ones added in the app.
    const engines = values.engine ? enginesAsTyped(values) : context.urlEngines.engines();
    const urls = engines.map((engine) => engine.url);
    const [report, urlEngines] = await Promise.all([buildReport(context), probeUrlEngines(engines)]);
    report.urlEngines = urlEngines;
    if (values.json) out.line(JSON.stringify(report, null, 2));
    else printReport(report, out);
    const urlEnginesOk = urlEngines.every((engine) => engine.ok);
    const dockerOk = report.docker.state === 'ready' || urls.length > 0;
    return dockerOk && urlEnginesOk ? EXIT_OK : EXIT_OPERATIONAL;
  } finally {
    await context.close({ keepRunning: true });
  }
}

async function buildReport(context: Awaited<ReturnType<typeof openCliContext>>): Promise<DoctorReport> {
  const docker = await context.docker.docker.check();
  const report: DoctorReport = { docker, images: [], gpu: null, engines: [], urlEngines: [] };
  if (docker.state !== 'ready') return report;
  const client = await context.docker.docker.client();
  const settings = context.settings();
  for (const device of ['cpu', 'gpu'] as const) {
    for (const source of ['pull', 'build'] as const) {
      const reference = imageReference(device, settings, source);
      const info = await inspectImage(client, reference);
      report.images.push({
        device,
        source,
        reference,
        present: info !== null,
        sizeBytes: info?.Size ?? null,
      });
    }
  }
  try {
    const gpu = await context.docker.gpu.check(true);
    report.gpu = { usable: gpu.usable, reason: gpu.reason, hints: gpu.hints };
  } catch (error) {
    report.gpu = {
      usable: false,
      reason: describeError(error),
      hints: { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' },
    };
  }
  for (const container of await listEngineContainers(client, undefined, context.instance)) {
    const engine: DoctorEngine = {
      device: container.Labels['facecraft.variant'] ?? 'unknown',
      containerId: container.Id,
      url: null,
      state: container.State,
      version: null,
      reportedDevice: null,
    };
    if (container.State === 'running') {
      const info = await client
        .getContainer(container.Id)
        .inspect()
        .catch(() => null);
      const port = info ? hostPortOf(info) : null;
      const apiKey =
        info?.Config.Env.find((e) => e.startsWith('FACECRAFT_API_KEY='))?.slice(
          'FACECRAFT_API_KEY='.length,
        ) ?? null;
      if (port) {
        engine.url = `http://127.0.0.1:${port}`;
        const status = await new EngineClient(
          { url: engine.url, apiKey },
          { retries: 0, requestTimeoutMs: 5000 },
        )
          .status()
          .catch(() => null);
        engine.version = status?.version ?? null;
        engine.reportedDevice = status?.device ?? null;
      }
    }
    report.engines.push(engine);
  }
  return report;
}

function printReport(report: DoctorReport, out: CliOutput): void {
  const d = report.docker;
  out.line(`Docker:   ${d.state} — ${d.message}`);
  out.line(`Endpoint: ${d.endpoint ?? 'none'}${d.endpointSource ? ` (${d.endpointSource})` : ''}`);
  if (d.version) out.line(`Version:  Docker ${d.version}, API ${d.apiVersion}, ${d.os}`);
  printUrlEngines(report.urlEngines, out);
  if (d.state !== 'ready') return;
  out.line('Images:');
  for (const image of report.images) {
    const size = image.sizeBytes === null ? '' : `, ${formatBytes(image.sizeBytes)}`;
    out.line(
      `  ${image.device} (${image.source}): ${image.reference} — ${image.present ? `present${size}` : 'missing'}`,
    );
  }
  if (report.gpu) {
    out.line(`GPU:      ${report.gpu.usable ? 'usable' : 'not usable'} — ${report.gpu.reason}`);
    const h = report.gpu.hints;
    out.line(
      `          hints: nvidia runtime ${h.nvidiaRuntime ? 'yes' : 'no'}, CDI devices ${h.cdiDevices.length}, WSL2 ${h.wsl2 ? 'yes' : 'no'} (${h.verdict})`,
    );
  }
  if (report.engines.length === 0) out.line('Engine:   not running');
  for (const e of report.engines) {
    const where = e.reportedDevice
      ? `, runs on ${e.reportedDevice.type}${e.reportedDevice.name ? ` (${e.reportedDevice.name})` : ''}`
      : '';
    out.line(
      `Engine:   ${e.device} ${e.state}${e.url ? ` at ${e.url}` : ''}${e.version ? `, version ${e.version}` : ''}${where}`,
    );
  }
}

function printUrlEngines(engines: DoctorUrlEngine[], out: CliOutput): void {
  for (const e of engines) {
    if (!e.ok) {
      out.line(`URL engine: ${e.url} — ${e.error.message}`);
      continue;
    }
    const device = `${e.device.type}${e.device.name ? ` (${e.device.name})` : ''}`;
    const transport = e.plainHttp ? ', plain HTTP (private network)' : '';
    out.line(
      `URL engine: ${e.url} — ${e.ready ? 'ready' : 'not ready yet'}, ${e.kind} engine ${e.version}, runs on ${device}${transport}`,
    );
  }
}

/** `facecraft start|stop --device cpu|gpu`: run the engine container outside the app. */
import { listEngineContainers, stopEngineContainer } from '../../services/docker/index.ts';
import { deviceArg, parse, sourceArg } from '../cliArgs.ts';
import { openCliContext } from '../cliContext.ts';
import { EXIT_OK } from '../cliErrors.ts';
import type { CliOutput } from '../cliOutput.ts';
import { prepareImage } from './images.ts';

export const START_HELP = `Usage: facecraft start --device cpu|gpu [--source auto|pull|build] [--ref REFERENCE]

Starts the engine (pulling or building its image first when missing) and waits until it
is ready. It keeps running afterwards: 'facecraft process' uses it, 'facecraft stop' ends it.
With --device gpu and no usable GPU, the CPU engine starts instead when the app's
settings allow the fallback.
  --ref REFERENCE   the engine image for this run, e.g. djok/facecraft:cpu (the original
                    Facecraft image: 4 GB download, no API key, fewer options)
  --json            print the engine state as JSON`;

export const STOP_HELP = `Usage: facecraft stop --device cpu|gpu

Stops and removes the engine container(s) of that variant started by Facecraft.`;

export async function startCommand(args: string[], out: CliOutput): Promise<number> {
  const { values } = parse(args, {
    device: { type: 'string' },
    source: { type: 'string' },
    ref: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    out.line(START_HELP);
    return EXIT_OK;
  }
  const context = await openCliContext({
    source: sourceArg(values.source),
    ...(values.ref ? { ref: { reference: values.ref } } : {}),
  });
  const requested = deviceArg(values.device, context.settings().device);
  try {
    const started = performance.now();
    if (!(await context.docker.images.status(requested)).present) {
      await prepareImage(context, requested, context.settings().imageSource, out);
    }
    const imageReadyMs = performance.now() - started;
    const state = await context.docker.engine.start(requested);
    const readyMs = Math.round(performance.now() - started);
    if (values.json)
      out.line(JSON.stringify({ ...state, readyMs, imageMs: Math.round(imageReadyMs) }, null, 2));
    else {
      if (state.fallback) out.line(`GPU not used: ${state.fallback.reason}`);
      const runsOn = state.reported
        ? `, runs on ${state.reported.type}${state.reported.name ? ` (${state.reported.name})` : ''}`
        : '';
      out.line(`Engine ${state.device} ready at ${state.url} in ${(readyMs / 1000).toFixed(1)} s${runsOn}.`);
    }
    return EXIT_OK;
  } finally {
    await context.close({ keepRunning: true });
  }
}

export async function stopCommand(args: string[], out: CliOutput): Promise<number> {
  const { values } = parse(args, { device: { type: 'string' } });
  if (values.help) {
    out.line(STOP_HELP);
    return EXIT_OK;
  }
  const device = deviceArg(values.device);
  const context = await openCliContext();
  try {
    const docker = await context.docker.docker.client();
    const containers = await listEngineContainers(docker, device, context.instance);
    for (const c of containers) await stopEngineContainer(docker, c.Id, 10);
    out.line(containers.length === 0 ? `No ${device} engine was running.` : `Stopped the ${device} engine.`);
    return EXIT_OK;
  } finally {
    await context.close({ keepRunning: true });
  }
}

/** `facecraft pull|build --device cpu|gpu [--ref REF]`: get an engine image, with progress. */
import type { Device, ImageProgress, ImageSource } from '../../../contract/domain.ts';
import { ownEngineReference } from '../../services/docker/index.ts';
import { deviceArg, parse } from '../cliArgs.ts';
import { type CliContext, openCliContext } from '../cliContext.ts';
import { EXIT_OK } from '../cliErrors.ts';
import { type CliOutput, formatBytes, formatSeconds, progressBar } from '../cliOutput.ts';

export const PULL_HELP = `Usage: facecraft pull --device cpu|gpu [--ref REFERENCE]

Downloads the engine image: by default the Facecraft Desktop engine of this version
(${ownEngineReference('cpu')} or -gpu), or the reference in the app's settings.
--ref uses another reference for this run, e.g. djok/facecraft:cpu (the original Facecraft
image: 4 GB download, no API key, fewer options). Ctrl+C cancels.`;

export const BUILD_HELP = `Usage: facecraft build --device cpu|gpu

Builds the engine image from the bundled docker/ folder and tags it facecraft:cpu or
facecraft:gpu. Ctrl+C cancels.`;

export async function imageCommand(kind: 'pull' | 'build', args: string[], out: CliOutput): Promise<number> {
  const { values } = parse(args, { device: { type: 'string' }, ref: { type: 'string' } });
  if (values.help) {
    out.line(kind === 'pull' ? PULL_HELP : BUILD_HELP);
    return EXIT_OK;
  }
  const device = deviceArg(values.device);
  const context = await openCliContext({
    source: kind,
    ...(values.ref ? { ref: { device, reference: values.ref } } : {}),
  });
  try {
    const reference = context.docker.images.reference(device, kind);
    out.line(`${kind === 'pull' ? 'Pulling' : 'Building'} ${reference}…`);
    const status = await prepareImage(context, device, kind, out);
    out.line(`${reference} is ready${status.sizeBytes ? ` (${formatBytes(status.sizeBytes)})` : ''}.`);
    return EXIT_OK;
  } finally {
    await context.close({ keepRunning: true });
  }
}

/** Pulls or builds with a progress line (TTY) or a line per phase/step (plain); Ctrl+C cancels. */
export async function prepareImage(context: CliContext, device: Device, source: ImageSource, out: CliOutput) {
  let lastPlain = '';
  let lastNote: string | null = null;
  const off = context.docker.images.onProgress((p) => {
    if (p.device !== device) return;
    // Why a build runs instead of the download (auto): said once, in a sentence.
    if (p.note && p.note !== lastNote) {
      out.endStatus();
      out.line(p.note);
      lastNote = p.note;
    }
    if (out.tty) out.status(describeProgress(p));
    else {
      const plain = p.kind === 'build' ? (p.step ? `step ${p.step.n}/${p.step.m}` : p.phase) : p.phase;
      if (plain !== lastPlain) out.line(`  ${describeProgress(p)}`);
      lastPlain = plain;
    }
  });
  const onSigint = (): void => context.docker.images.cancel(device);
  process.once('SIGINT', onSigint);
  try {
    return await context.docker.images.prepare(device, source);
  } finally {
    process.off('SIGINT', onSigint);
    off();
    out.endStatus();
  }
}

function describeProgress(p: ImageProgress): string {
  if (p.kind === 'build') {
    const step = p.step ? `step ${p.step.n}/${p.step.m}` : p.phase;
    return `${progressBar(p.currentBytes, p.totalBytes)} ${step}${p.message ? ` ${p.message}` : ''}`;
  }
  const eta = p.etaSeconds === null ? '' : `, ${formatSeconds(p.etaSeconds)} left`;
  const bytes = p.totalBytes > 0 ? ` ${formatBytes(p.currentBytes)} / ${formatBytes(p.totalBytes)}` : '';
  return `${progressBar(p.currentBytes, p.totalBytes)} ${p.phase}${bytes}${eta}`;
}

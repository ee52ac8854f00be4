/**
 * `facecraft process <files or folders…> --out DIR`: the whole app without a window. Gets the engine
 * ready, runs the photos through the same job queue the app uses, writes each portrait to DIR as soon
 * as it is done (never overwriting), and prints a summary.
 * Exit 0: every photo succeeded; 2: some photos failed (e.g. no face); 1: an operational error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { documentOptions } from '../../../contract/documentProcessFields.ts';
import type { DocumentVerdict } from '../../../contract/documentVerdict.ts';
import type {
  Device,
  OutputFormat,
  ProcessOptions,
  QueueItem,
  QueueSnapshot,
  SkippedPath,
} from '../../../contract/domain.ts';
import {
  type EngineActivity,
  type OptionNotHonoured,
  optionsNotHonoured,
} from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import type { SheetFiles } from '../../../contract/printSheet.ts';
import {
  fieldLabel,
  isOutputFormat,
  OUTPUT_FORMAT_CHOICES,
  OUTPUT_FORMAT_NAMES,
  processOptionsProblems,
  toProcessFields,
} from '../../../contract/processOptions.ts';
import { listEngineContainers } from '../../services/docker/index.ts';
import { documentSaver } from '../../services/documents/documentSaver.ts';
import { writeSheet } from '../../services/documents/writeSheet.ts';
import { type ResultEncoder, saveResults } from '../../services/files/saveResults.ts';
import { EnginePool, type PoolMember } from '../../services/jobQueue/enginePool.ts';
import { JobQueue } from '../../services/jobQueue/jobQueue.ts';
import { ManagedQueueEngine } from '../../services/jobQueue/managedEngine.ts';
import { localPoolMember, urlPoolMember } from '../../services/jobQueue/poolMembers.ts';
import { deviceArg, parse, sourceArg } from '../cliArgs.ts';
import { type CliContext, openCliContext } from '../cliContext.ts';
import { EXIT_OK, EXIT_PHOTOS_FAILED, UsageError } from '../cliErrors.ts';
import { type CliOutput, formatSeconds, progressBar } from '../cliOutput.ts';
import { ENGINE_FLAG_CONFIG, ENGINE_FLAG_HELP, engineSettingsFromFlags } from '../engineFlags.ts';
import { OPTION_FLAG_CONFIG, optionFlagHelp, optionsFromFlags } from '../optionFlags.ts';
import { prepareImage } from './images.ts';
import { copiesArg, documentArg, sheetArg } from './sheet.ts';

export const PROCESS_HELP = `Usage: facecraft process <files or folders…> --out DIR [options]

Turns photos into aligned, background-free portraits. Folders are searched recursively;
files that are not JPEG, PNG, WebP or BMP images are skipped (and listed).

  --out DIR              where the portraits go (created when missing; nothing is overwritten)
  --device cpu|gpu       engine variant (default: the app's setting, normally cpu)
  --source auto|pull|build  get a missing engine image: auto (default) pulls ours and builds it
                         from the bundled docker/ folder when it cannot be pulled
  --ref REFERENCE        the engine image for this run, e.g. djok/facecraft:cpu (the original
                         Facecraft image: 4 GB download, no API key, fewer options)
${optionFlagHelp()}
  --format ${OUTPUT_FORMAT_NAMES.join('|').padEnd(14)}files to write (default: the app's setting, normally png)
  --document ID          frame and save for a document (facecraft documents lists them):
                         its size, resolution, head and eye targets; --json adds each verdict
  --sheet 4x6|a4         with --document: also a print sheet (JPG + PDF) of the results
  --copies N             copies of each photo on the sheet (default: as many as fit)
  --keep-running         leave the engine running afterwards (an engine that was already
                         running is always left running)
${ENGINE_FLAG_HELP}
  --no-local             only the --engine engines: no local engine, no Docker needed
  --json                 print one JSON summary instead of progress lines

Exit code 0 when every photo succeeded, 2 when some failed (e.g. no face found),
1 on an operational error (Docker, image, engine, arguments).`;

const CONCURRENCY: Record<Device, number> = { cpu: 2, gpu: 3 };

export interface ProcessSummary {
  out: string;
  /** The local engine's variant; null with --no-local. */
  device: Device | null;
  /** Every engine the photos were spread over: how many each did, how fast, and why one stopped. */
  engines: EngineActivity[];
  engineReadyMs: number;
  processingMs: number;
  counts: QueueSnapshot['counts'];
  photos: {
    path: string;
    state: QueueItem['state'];
    outputs: string[];
    error: QueueItem['error'];
    /** Which engine made it ('local' or the engine's URL); null when none did. */
    engine: string | null;
    /** With --document: every rule judged on the saved file. */
    verdict?: DocumentVerdict;
  }[];
  skipped: SkippedPath[];
  /** Options asked for that an engine which made photos ignored (e.g. the touch-up on the published image). */
  optionsNotHonoured: OptionNotHonoured[];
  /** With --sheet. */
  sheet?: SheetFiles;
}

export async function processCommand(args: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      out: { type: 'string', short: 'o' },
      device: { type: 'string' },
      source: { type: 'string' },
      ref: { type: 'string' },
      ...OPTION_FLAG_CONFIG,
      format: { type: 'string' },
      document: { type: 'string' },
      sheet: { type: 'string' },
      copies: { type: 'string' },
      'keep-running': { type: 'boolean' },
      ...ENGINE_FLAG_CONFIG,
      'no-local': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    out.line(PROCESS_HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('Name at least one photo or folder. See --help.');
  if (!values.out) throw new UsageError('Say where the portraits go with --out DIR. See --help.');
  const outDir = path.resolve(values.out);
  const format = values.format;
  if (format !== undefined && !isOutputFormat(format))
    throw new UsageError(`--format must be ${OUTPUT_FORMAT_CHOICES}.`);
  // Before anything starts: a value the engine would refuse never gets as far as Docker.
  const flagged = optionsFromFlags(values);
  const doc = values.document === undefined ? null : documentArg(values.document);
  const paper = values.sheet === undefined ? null : sheetArg(values.sheet);
  const copies = copiesArg(values.copies);
  if (paper && !doc)
    throw new UsageError('--sheet needs --document ID: a sheet lays out photos at a document size.');
  const documentFiles = doc ? documentSaver(doc) : null;
  const named = engineSettingsFromFlags(values);
  const local = values['no-local'] !== true;

  const context = await openCliContext({
    source: sourceArg(values.source),
    ...(values.ref ? { ref: { reference: values.ref } } : {}),
  });
  const settings = context.settings();
  const urlEngines = values.engine ? named : context.urlEngines.engines();
  if (!local && urlEngines.length === 0) {
    await context.close();
    throw new UsageError('--no-local needs an engine to send the photos to: name one with --engine URL.');
  }
  const device = deviceArg(values.device, settings.device);
  const chosen = withFlags(settings.options, flagged);
  const options = doc ? documentOptions(doc, chosen) : chosen;
  const outputFormat = format ?? settings.outputFormat;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'facecraft-cli-'));
  let queue: JobQueue | null = null;
  let keepRunning = values['keep-running'] === true;
  const log = (text: string): void => {
    if (!values.json) out.line(text);
  };
  const onSigint = (): void => {
    queue?.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const started = performance.now();
    const members: PoolMember[] = urlEngines.map((setting) => urlPoolMember(setting));
    let localDevice: Device | null = null;
    if (local) {
      const state = await startLocalEngine(context, device, values.json ? quiet(out) : out, log);
      if (state.keptRunning) keepRunning = true;
      localDevice = state.device;
      members.unshift(
        localPoolMember(
          new ManagedQueueEngine(context.docker.engine, () => device),
          () => CONCURRENCY[localDevice ?? device],
        ),
      );
    }
    const engineReadyMs = Math.round(performance.now() - started);
    if (local) log(`Engine ready in ${(engineReadyMs / 1000).toFixed(1)} s (${localDevice ?? device}).`);
    if (urlEngines.length > 0) log(`Also sending photos to ${urlEngines.map((e) => e.url).join(', ')}.`);

    const pool = new EnginePool(members);
    queue = await JobQueue.open({
      dataDir: workDir,
      engine: pool,
      defaultOptions: () => options,
    });
    const processStarted = performance.now();
    const saver = new ResultSaver(queue, outDir, outputFormat, documentFiles?.encode, (item, paths) => {
      if (values.json) return;
      if (item.state === 'done')
        out.line(`✓ ${item.name} → ${paths.map((p) => path.basename(p)).join(', ')}`);
      else out.line(`✗ ${item.name}: ${item.error?.message ?? item.state}`);
    });
    const offProgress = queue.onSnapshot((snapshot) => {
      saver.onSnapshot(snapshot);
      if (!values.json) out.status(progressLine(snapshot));
    });
    const added = await queue.add(positionals);
    for (const s of added.skipped) log(`skipped ${s.path}: ${s.reason}`);
    if (added.added.length === 0) throw new FacecraftError('invalid-argument', 'No photos found to process.');
    const final = await queue.idle();
    await saver.flush(queue.snapshot());
    offProgress();
    out.endStatus();
    if (final.blocked) throw new FacecraftError(final.blocked.code, final.blocked.message);

    const snapshot = queue.snapshot();
    const summary: ProcessSummary = {
      out: outDir,
      device: localDevice,
      engines: snapshot.engines ?? [],
      engineReadyMs,
      processingMs: Math.round(performance.now() - processStarted),
      counts: snapshot.counts,
      photos: snapshot.items.map((i) => ({
        path: i.path,
        state: i.state,
        outputs: saver.outputs(i.id),
        error: i.error,
        engine: i.state === 'done' ? (i.result?.engine?.id ?? null) : null,
        ...(documentFiles?.verdicts.has(i.id) ? { verdict: documentFiles.verdicts.get(i.id) } : {}),
      })),
      skipped: added.skipped,
      optionsNotHonoured: optionsNotHonoured(toProcessFields(options), snapshot.engines ?? []),
    };
    if (doc && paper) {
      const images = summary.photos.flatMap((p) =>
        p.state === 'done' && p.outputs[0] ? [p.outputs[0]] : [],
      );
      if (images.length > 0) summary.sheet = await writeSheet(images, doc, paper, copies, outDir);
    }
    if (values.json) out.line(JSON.stringify(summary, null, 2));
    else printSummary(summary, out);
    const failed = snapshot.counts.failed + snapshot.counts.cancelled;
    return failed > 0 ? EXIT_PHOTOS_FAILED : EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    out.endStatus();
    await queue?.dispose();
    await context.close({ keepRunning });
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Gets the local engine ready: the image when missing, then the container. An engine someone else
 * started (facecraft start, the app) is used and left running; one we start is ours to stop.
 */
async function startLocalEngine(
  context: CliContext,
  device: Device,
  out: CliOutput,
  log: (text: string) => void,
): Promise<{ device: Device | null; keptRunning: boolean }> {
  const docker = await context.docker.docker.client();
  const runningBefore = new Set(
    (await listEngineContainers(docker, device, context.instance))
      .filter((c) => c.State === 'running')
      .map((c) => c.Id),
  );
  if (!(await context.docker.images.status(device)).present) {
    log(`The ${device} engine image is missing; getting it (${context.settings().imageSource})…`);
    await prepareImage(context, device, context.settings().imageSource, out);
  }
  log(`Starting the ${device} engine…`);
  const state = await context.docker.engine.start(device);
  if (state.fallback) log(`GPU not used: ${state.fallback.reason}`);
  return {
    device: state.device,
    keptRunning: state.containerId !== null && runningBefore.has(state.containerId),
  };
}

function withFlags(base: ProcessOptions, flagged: Partial<ProcessOptions>): ProcessOptions {
  const options: ProcessOptions = { ...base, ...flagged };
  const problems = processOptionsProblems(options);
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return options;
}

/** Writes each result to the output folder once, as soon as its item is done. */
class ResultSaver {
  readonly #queue: JobQueue;
  readonly #dir: string;
  readonly #format: OutputFormat;
  readonly #encode: ResultEncoder | undefined;
  readonly #report: (item: QueueItem, paths: string[]) => void;
  readonly #handled = new Map<string, string[]>();
  #chain: Promise<void> = Promise.resolve();

  constructor(
    queue: JobQueue,
    dir: string,
    format: OutputFormat,
    encode: ResultEncoder | undefined,
    report: (item: QueueItem, paths: string[]) => void,
  ) {
    this.#queue = queue;
    this.#dir = dir;
    this.#format = format;
    this.#encode = encode;
    this.#report = report;
  }

  onSnapshot(snapshot: QueueSnapshot): void {
    for (const item of snapshot.items) {
      if (this.#handled.has(item.id)) continue;
      if (item.state === 'done') {
        this.#handled.set(item.id, []);
        this.#chain = this.#chain.then(async () => {
          const result = await saveResults([item], this.#dir, this.#format, this.#encode);
          const paths = result.saved[0]?.paths ?? [];
          this.#handled.set(item.id, paths);
          if (result.failed[0])
            throw new FacecraftError(result.failed[0].error.code, result.failed[0].error.message);
          this.#queue.markSaved(item.id, paths);
          this.#report(item, paths);
        });
      } else if (item.state === 'failed' || item.state === 'cancelled') {
        this.#handled.set(item.id, []);
        this.#report(item, []);
      }
    }
  }

  /** Saves whatever the last throttled snapshot had not shown yet; rethrows a failed write (e.g. disk full). */
  async flush(snapshot: QueueSnapshot): Promise<void> {
    this.onSnapshot(snapshot);
    await this.#chain;
  }

  outputs(id: string): string[] {
    return this.#handled.get(id) ?? [];
  }
}

function progressLine(s: QueueSnapshot): string {
  const finished = s.counts.done + s.counts.failed + s.counts.cancelled;
  const eta = s.etaSeconds ? ` · ${formatSeconds(s.etaSeconds)} left` : '';
  return `${progressBar(finished, s.counts.total)} ${finished}/${s.counts.total}${eta}${s.currentName ? ` — ${s.currentName}` : ''}`;
}

function printSummary(summary: ProcessSummary, out: CliOutput): void {
  const { counts } = summary;
  const seconds = (summary.processingMs / 1000).toFixed(1);
  out.line('');
  out.line(`${counts.done} of ${counts.total} photos became portraits in ${seconds} s → ${summary.out}`);
  const failed = summary.photos.filter((p) => p.state !== 'done');
  if (failed.length > 0) {
    out.line(`${failed.length} failed:`);
    for (const p of failed) out.line(`  ${path.basename(p.path)}: ${p.error?.message ?? p.state}`);
  }
  if (summary.skipped.length > 0) out.line(`${summary.skipped.length} skipped (not photos).`);
  for (const n of summary.optionsNotHonoured)
    out.line(
      `${fieldLabel(n.field)} was not applied to ${n.photos} photo${n.photos === 1 ? '' : 's'} (${n.engine}): ${n.reason}`,
    );
  if (summary.engines.length > 1 || summary.engines.some((e) => e.kind === 'url'))
    for (const e of summary.engines)
      out.line(
        `  ${e.label}: ${e.done} photo${e.done === 1 ? '' : 's'}${e.error ? ` — ${e.error.message}` : ''}`,
      );
  for (const p of summary.photos) {
    if (!p.verdict) continue;
    out.line(`${path.basename(p.path)}: ${p.verdict.overall}`);
    for (const rule of p.verdict.rules)
      if (rule.status !== 'pass') out.line(`  ${rule.status} ${rule.label}: ${rule.advice}`);
    if (p.verdict.manual.length > 0)
      out.line(`  check yourself: ${p.verdict.manual.map((m) => m.text).join(' ')}`);
  }
  if (summary.sheet)
    out.line(`Print sheet: ${summary.sheet.copies} copies → ${summary.sheet.jpg}, ${summary.sheet.pdf}`);
}

function quiet(out: CliOutput): CliOutput {
  return { ...out, tty: false, line: () => undefined, status: () => undefined, endStatus: () => undefined };
}

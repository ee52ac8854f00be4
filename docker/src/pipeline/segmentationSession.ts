/**
 * The segmentation model, running in its own worker thread (segmentationWorker.ts), on the requested
 * device. CUDA is tried for 'cuda' and for 'auto' when a GPU is visible; when its provider cannot be
 * created, or the image carries no CUDA graph, the session falls back to CPU, says so in the log, and
 * reports cpu.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type SegmentationModel, servedModelFile } from '../models/segmentationModels.ts';
import { verifyModelFile } from '../models/verifiedModelFile.ts';
import { cpuBudget } from './cpuBudget.ts';
import { cpuDevice, cudaDevice, nvidiaGpuVisible, parseDevice } from './inferenceDevice.ts';
import type { OpenSessionRequest, SegmentationReply, SegmentationRequest } from './segmentationMessages.ts';
import type { DeviceInfo, PipelineLogger } from './types.ts';

export interface SegmentationSession {
  readonly model: SegmentationModel;
  readonly device: DeviceInfo;
  /** One inference: the normalised NCHW input, side × side → the model's mask (side², row-major). */
  run(input: Float32Array, side: number): Promise<Float32Array>;
  /**
   * An array to build the next input in: one an earlier run handed back when one of this length is free.
   * A fresh 12 MB array (1024²) costs some 35 ms in page faults on the VMs measured (README, "How fast").
   */
  inputBuffer(length: number): Float32Array;
  release(): Promise<void>;
}

interface Pending {
  resolve: (output: Float32Array) => void;
  reject: (error: Error) => void;
}

class WorkerSegmentationSession implements SegmentationSession {
  readonly model: SegmentationModel;
  device: DeviceInfo = cpuDevice();
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #inputName = '';
  #outputName = '';
  #onOpen: ((reply: SegmentationReply) => void) | null = null;
  #onClose: (() => void) | null = null;
  /** Inputs the worker handed back with their results, for the next ones (two portraits are in flight). */
  readonly #spareInputs: Float32Array[] = [];
  /** Set once the worker died: every later run fails at once instead of waiting for an answer. */
  #failure: Error | null = null;

  constructor(model: SegmentationModel) {
    this.model = model;
    this.#worker = new Worker(new URL('./segmentationWorker.ts', import.meta.url));
    this.#worker.unref();
    this.#worker.on('message', (reply: SegmentationReply) => this.#receive(reply));
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) =>
      this.#failAll(new Error(`the segmentation worker exited (code ${code})`)),
    );
  }

  #receive(reply: SegmentationReply): void {
    if (reply.kind === 'opened' || reply.kind === 'open-failed') {
      this.#onOpen?.(reply);
    } else if (reply.kind === 'closed') {
      this.#onClose?.();
    } else {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (reply.kind === 'result') {
        if (this.#spareInputs.length < 2) this.#spareInputs.push(reply.input);
        pending?.resolve(reply.output);
      } else pending?.reject(new Error(`segmentation failed: ${reply.message}`));
    }
  }

  #failAll(error: Error): void {
    this.#failure = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#onOpen?.({ kind: 'open-failed', message: error.message });
    this.#onClose?.();
  }

  #post(request: SegmentationRequest, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(request, transfer);
  }

  /** Opens the model on one provider; resolves with the error sentence when that provider failed. */
  open(request: OpenSessionRequest): Promise<{ inputNames: string[]; outputNames: string[] } | string> {
    return new Promise((resolve) => {
      this.#onOpen = (reply) => {
        this.#onOpen = null;
        resolve(
          reply.kind === 'opened' ? reply : reply.kind === 'open-failed' ? reply.message : 'unexpected reply',
        );
      };
      this.#post(request);
    });
  }

  use(inputName: string, outputName: string, device: DeviceInfo): void {
    this.#inputName = inputName;
    this.#outputName = outputName;
    this.device = device;
  }

  inputBuffer(length: number): Float32Array {
    const spare = this.#spareInputs.findIndex((input) => input.length === length);
    return spare < 0 ? new Float32Array(length) : this.#spareInputs.splice(spare, 1)[0]!;
  }

  run(input: Float32Array, side: number): Promise<Float32Array> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref();
      this.#post(
        {
          kind: 'run',
          id,
          input,
          dims: [1, 3, side, side],
          inputName: this.#inputName,
          outputName: this.#outputName,
        },
        [input.buffer as ArrayBuffer],
      );
    });
  }

  async release(): Promise<void> {
    if (this.#failure) return;
    this.#worker.ref();
    await new Promise<void>((resolve) => {
      this.#onClose = resolve;
      this.#post({ kind: 'close' });
      setTimeout(resolve, 5000).unref();
    });
    await this.#worker.terminate();
  }
}

export interface SegmentationGraphFile {
  path: string;
  sha256: string;
}

/** The graph each device kind loads (servedModelFile): on the CPU usually the int8 one. */
export interface SegmentationGraphs {
  cuda: SegmentationGraphFile;
  cpu: SegmentationGraphFile;
}

/** Where `model`'s graphs lie in `modelsDir`; `floatOnCpu`: the CPU too gets the float graph (the bench's reference). */
export function segmentationGraphs(
  model: SegmentationModel,
  modelsDir: string,
  floatOnCpu = false,
): SegmentationGraphs {
  const file = ({ fileName, sha256 }: { fileName: string; sha256: string }) => ({
    path: path.join(modelsDir, fileName),
    sha256,
  });
  return {
    cuda: file(servedModelFile(model, 'cuda')),
    cpu: file(servedModelFile(model, 'cpu', floatOnCpu)),
  };
}

export async function createSegmentationSession(
  graphs: SegmentationGraphs,
  model: SegmentationModel,
  requestedDevice: string,
  logger: PipelineLogger,
): Promise<SegmentationSession> {
  const request = parseDevice(requestedDevice);
  const threads = cpuBudget();
  const session = new WorkerSegmentationSession(model);
  // A graph is checked just before it is opened: a CPU engine never hashes the CUDA graph at start.
  const openGraph = async (graph: SegmentationGraphFile, provider: OpenSessionRequest['provider']) => {
    try {
      await verifyModelFile(graph.path, graph.sha256);
    } catch (error) {
      await session.release();
      throw error;
    }
    return session.open({ kind: 'open', modelPath: graph.path, provider, threads });
  };
  let opened: { inputNames: string[]; outputNames: string[] } | null = null;
  let device = cpuDevice();
  if (request.kind === 'cuda' || (request.kind === 'auto' && nvidiaGpuVisible())) {
    // The CPU image carries no CUDA graph (SERVED_DEVICES): asked for CUDA, it runs on the CPU, as when the
    // provider cannot be created. A CUDA graph that is there but wrong still stops the engine (openGraph).
    const carried = existsSync(graphs.cuda.path);
    const result = carried
      ? await openGraph(graphs.cuda, { cuda: request.index })
      : `this image carries no CUDA graph (${path.basename(graphs.cuda.path)}): it is a CPU image`;
    if (typeof result === 'string') {
      const reason = carried ? `the CUDA execution provider could not be created: ${result}` : result;
      logger.warn(`device "${requestedDevice}": CUDA cannot be used (${reason}); falling back to CPU`);
    } else {
      opened = result;
      device = cudaDevice(request.index);
      logger.info(
        `segmentation (${model.name}) runs on CUDA device ${request.index} (${device.name ?? 'unnamed GPU'})`,
      );
    }
  }
  if (!opened) {
    const result = await openGraph(graphs.cpu, 'cpu');
    if (typeof result === 'string') {
      await session.release();
      throw new Error(`Cannot open the segmentation model ${graphs.cpu.path}: ${result}`);
    }
    opened = result;
    logger.info(
      `segmentation (${model.name}, ${path.basename(graphs.cpu.path)}) runs on the CPU (${threads} ${threads === 1 ? 'thread' : 'threads'})`,
    );
  }
  const inputName = model.inputName ?? opened.inputNames[0];
  const outputName = model.outputName ?? opened.outputNames[0];
  if (!inputName || !opened.inputNames.includes(inputName)) {
    await session.release();
    throw new Error(
      `The model ${model.name} has no input "${inputName}" (it has ${opened.inputNames.join(', ')}).`,
    );
  }
  if (!outputName || !opened.outputNames.includes(outputName)) {
    await session.release();
    throw new Error(
      `The model ${model.name} has no output "${outputName}" (it has ${opened.outputNames.join(', ')}).`,
    );
  }
  session.use(inputName, outputName, device);
  return session;
}

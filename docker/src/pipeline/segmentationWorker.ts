/**
 * The segmentation model's own thread. onnxruntime-node's session.run blocks the calling thread for the
 * whole inference (seconds on a CPU), which would freeze the HTTP service (/health included); here it
 * blocks only this worker. Tensors cross the thread boundary by transfer, not copy.
 */
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { SegmentationReply, SegmentationRequest } from './segmentationMessages.ts';

if (!parentPort) throw new Error('segmentationWorker.ts must run as a worker thread');
const port = parentPort;
let session: ort.InferenceSession | null = null;

function reply(message: SegmentationReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

port.on('message', async (request: SegmentationRequest) => {
  if (request.kind === 'open') {
    try {
      const providers: ort.InferenceSession.ExecutionProviderConfig[] =
        request.provider === 'cpu' ? ['cpu'] : [{ name: 'cuda', deviceId: request.provider.cuda }, 'cpu'];
      await session?.release();
      session = await ort.InferenceSession.create(request.modelPath, {
        executionProviders: providers,
        // Measured here (engine-probes.md): sequential, one thread per core, memory-pattern planner off.
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        intraOpNumThreads: request.threads,
        interOpNumThreads: 1,
        enableMemPattern: false,
      });
      reply({ kind: 'opened', inputNames: [...session.inputNames], outputNames: [...session.outputNames] });
    } catch (error) {
      session = null;
      reply({ kind: 'open-failed', message: firstLine(error) });
    }
  } else if (request.kind === 'run') {
    try {
      if (!session) throw new Error('no model session is open');
      const input = new ort.Tensor('float32', request.input, request.dims);
      const results = await session.run({ [request.inputName]: input }, [request.outputName]);
      const output = results[request.outputName];
      if (!output || output.type !== 'float32')
        throw new Error(`the model gave no float32 "${request.outputName}"`);
      const data = output.data as Float32Array;
      reply({ kind: 'result', id: request.id, output: data, input: request.input }, [
        data.buffer as ArrayBuffer,
        request.input.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      reply({ kind: 'run-failed', id: request.id, message: firstLine(error) });
    }
  } else {
    await session?.release();
    session = null;
    reply({ kind: 'closed' });
  }
});

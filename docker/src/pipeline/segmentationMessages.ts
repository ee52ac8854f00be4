/** The messages between the main thread and the segmentation worker (segmentationWorker.ts). */

export interface OpenSessionRequest {
  kind: 'open';
  modelPath: string;
  /** 'cpu', or a CUDA device index to try (the worker does not fall back by itself). */
  provider: 'cpu' | { cuda: number };
  threads: number;
}

export interface RunRequest {
  kind: 'run';
  id: number;
  input: Float32Array;
  dims: number[];
  inputName: string;
  outputName: string;
}

export interface CloseRequest {
  kind: 'close';
}

export type SegmentationRequest = OpenSessionRequest | RunRequest | CloseRequest;

export type SegmentationReply =
  | { kind: 'opened'; inputNames: string[]; outputNames: string[] }
  | { kind: 'open-failed'; message: string }
  /** `input`: the request's own input array, handed back for the next input (segmentationSession.ts). */
  | { kind: 'result'; id: number; output: Float32Array; input: Float32Array }
  | { kind: 'run-failed'; id: number; message: string }
  | { kind: 'closed' };

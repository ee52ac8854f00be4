/**
 * Rewrites the any-size IS-Net graph (anySizeGraph.ts) into a statically quantised int8 graph for the CPU,
 * where ONNX Runtime's int8 kernels (VNNI on current x86) run it about three times as fast as the fp16
 * graph at 1024 (bare session.run on 2 cores: about 1100 ms fp16, 370 ms int8). The recipe, in QDQ form
 * (QuantizeLinear/DequantizeLinear pairs ONNX Runtime fuses into QLinear kernels):
 * - the fp16 graph becomes fp32 first (weights widened exactly; the exporter's Casts to float dropped),
 *   keeping only what computes the one output the engine fetches,
 * - every Conv's weights become int8, symmetric, one scale per output channel; its bias int32 at the
 *   product of the input and weight scales (what the int8 kernels accumulate in),
 * - every Conv's input and output (after its Relu when that is the only reader) become uint8 with one
 *   scale and zero point each, from recorded ranges (`<model>-int8-ranges.json`, scripts/calibrateInt8.ts),
 *   and so do the residual sums; upsampling and pooling outputs share their input's scale, so the
 *   decoder's skip concatenations run in uint8 too (quantisationPoints),
 * - the convolutions named in `floatConvs` stay fp32: the first one (it sees the raw photo; in int8 it
 *   was slower) and the one that makes the mask's logits, where 8 bits visibly move the outline.
 * The rewrite is pure JavaScript arithmetic on the file's bytes, so the same input gives the same bytes
 * everywhere, and the models stage checks the result against its recorded sha256 like any model file.
 * Hand-written rather than onnxruntime's Python quantiser: the models stage has Node, not Python, and a
 * checksummed, reproducible file needs a deterministic rewrite.
 */
import onnxProto from 'onnx-proto';
import { ModelFileError } from './modelFileError.ts';
import { indexGraph, list } from './onnxGraph.ts';

const { onnx } = onnxProto;
type Model = onnxProto.onnx.IModelProto;
type Graph = onnxProto.onnx.IGraphProto;
type Node = onnxProto.onnx.INodeProto;
type Tensor = onnxProto.onnx.ITensorProto;
const DataType = onnx.TensorProto.DataType;

/** Per tensor name, the [low, high] an activation is quantised over (low ≤ 0 ≤ high). */
export type ActivationRanges = Readonly<Record<string, readonly [number, number]>>;

export interface Int8Plan {
  ranges: ActivationRanges;
  /** Node-name prefixes of the convolutions kept in fp32. */
  floatConvs: readonly string[];
  /** The one output the engine fetches (null: the first); the graph keeps only what computes it. */
  output: string | null;
}

export interface Int8Rewrite {
  model: Uint8Array;
  /** How many convolutions run in int8 (112 of the 114 IS-Net medium keeps for its mask). */
  quantizedConvs: number;
}

function refuse(why: string): never {
  throw new ModelFileError('model_source_invalid', `The segmentation graph cannot be quantised: ${why}.`);
}

function bytesOf(tensor: Tensor): Uint8Array {
  const raw = tensor.rawData ?? refuse(`${tensor.name} keeps its values outside raw_data`);
  // A copy: the views below need their own aligned buffer.
  return Uint8Array.from(raw);
}

function floatsOf(tensor: Tensor): Float32Array {
  if (tensor.dataType !== DataType.FLOAT) refuse(`${tensor.name} is not float`);
  return new Float32Array(bytesOf(tensor).buffer);
}

function widenToFloat32(tensor: Tensor): void {
  if (tensor.dataType !== DataType.FLOAT16) return;
  const wide = Float32Array.from(new Float16Array(bytesOf(tensor).buffer));
  tensor.dataType = DataType.FLOAT;
  tensor.rawData = new Uint8Array(wide.buffer);
}

/**
 * The fp16 graph in fp32, computing only `output`: initializers and Constant values widened (exact),
 * Casts to fp16 turned into Casts to fp32 and Casts to fp32 dropped (their readers take the input),
 * graph inputs and outputs fp32. IS-Net's export also returns five coarser side masks and six feature
 * maps the engine never reads; ONNX Runtime computes every output whatever a run fetches, so they go.
 */
export function toFloat32Graph(model: Model, output: string | null): void {
  const graph = model.graph ?? refuse('the file has no graph');
  keepOnly(graph, output ?? list(graph.output)[0]?.name ?? refuse('it has no output'));
  for (const tensor of list(graph.initializer)) widenToFloat32(tensor);
  const outputs = new Set(list(graph.output).map((value) => value.name));
  const alias = new Map<string, string>();
  const kept: Node[] = [];
  for (const node of list(graph.node)) {
    for (const attribute of list(node.attribute)) {
      if (attribute.t) widenToFloat32(attribute.t);
      if (node.opType === 'Cast' && attribute.name === 'to' && Number(attribute.i) === DataType.FLOAT16) {
        attribute.i = DataType.FLOAT;
      }
    }
    const castTo = list(node.attribute).find((attribute) => attribute.name === 'to');
    const output = list(node.output)[0];
    if (node.opType === 'Cast' && Number(castTo?.i) === DataType.FLOAT && output && !outputs.has(output)) {
      alias.set(output, list(node.input)[0] ?? refuse(`${node.name} has no input`));
      continue;
    }
    kept.push(node);
  }
  const source = (name: string): string => {
    let resolved = name;
    while (alias.has(resolved)) resolved = alias.get(resolved)!;
    return resolved;
  };
  for (const node of kept) node.input = list(node.input).map(source);
  graph.node = kept;
  for (const value of [...list(graph.input), ...list(graph.output)]) {
    const type = value.type?.tensorType;
    if (type?.elemType === DataType.FLOAT16) type.elemType = DataType.FLOAT;
  }
  graph.valueInfo = [];
}

/** Drops the graph's other outputs and every node, initializer and value info `output` does not need. */
function keepOnly(graph: Graph, output: string): void {
  if (!list(graph.output).some((value) => value.name === output)) refuse(`it has no output "${output}"`);
  graph.output = list(graph.output).filter((value) => value.name === output);
  const { producer } = indexGraph(graph);
  const needed = new Set<Node>();
  const pending = [output];
  while (pending.length > 0) {
    const node = producer.get(pending.pop()!);
    if (!node || needed.has(node)) continue;
    needed.add(node);
    pending.push(...list(node.input).filter((name) => name !== ''));
  }
  graph.node = list(graph.node).filter((node) => needed.has(node));
  const read = new Set(list(graph.node).flatMap((node) => list(node.input)));
  graph.initializer = list(graph.initializer).filter((tensor) => read.has(tensor.name!));
}

interface QuantizationPoints {
  convs: Node[];
  /** Every activation quantised over its own recorded range, each once, in graph order. */
  activations: string[];
  /** Outputs that stay within their input's range (Resize, MaxPool): quantised as that input is. */
  sharing: Map<string, string>;
}

/** Ops whose outputs stay within their input's range: uint8 in, the same scale out (no new range). */
const valuePreserving = new Set(['MaxPool', 'Resize']);

/**
 * The convolutions to quantise and the activations around them, in graph order (fp32 graph). Beyond
 * the convolutions' inputs and outputs, the decoder's upsampling, pooling, skip concatenations and
 * residual sums are kept in uint8 too: left in fp32 between int8 convolutions they cost as much as
 * the convolutions (each one a dequantise, a layout change and a requantise at up to 512 × 512 × 128).
 * A residual sum read by a float convolution stays fp32 (side1's input, which draws the outline).
 */
export function quantizationPoints(graph: Graph, floatConvs: readonly string[]): QuantizationPoints {
  const initializers = new Set(list(graph.initializer).map((tensor) => tensor.name));
  const { consumers } = indexGraph(graph);
  const isFloatConv = (node: Node) => floatConvs.some((prefix) => (node.name ?? '').startsWith(prefix));
  const convs = list(graph.node).filter(
    (node) => node.opType === 'Conv' && initializers.has(list(node.input)[1] ?? '') && !isFloatConv(node),
  );
  const activations = new Set<string>();
  for (const conv of convs) {
    activations.add(list(conv.input)[0] ?? refuse(`${conv.name} has no input`));
    activations.add(convOutput(conv, consumers));
  }
  const sharing = new Map<string, string>();
  const quantized = (name: string) => activations.has(name) || sharing.has(name);
  for (const node of list(graph.node)) {
    const [input] = list(node.input);
    const [output] = list(node.output);
    if (!input || !output) continue;
    if (valuePreserving.has(node.opType ?? '') && quantized(input)) {
      activations.delete(output);
      sharing.set(output, sharing.get(input) ?? input);
    } else if (
      node.opType === 'Add' &&
      list(node.input).every(quantized) &&
      !(consumers.get(output) ?? []).some(isFloatConv)
    ) {
      activations.add(output);
    }
  }
  return { convs, activations: [...activations], sharing };
}

/** A Conv's output as the next layer reads it: after its Relu when that is its only reader. */
function convOutput(conv: Node, consumers: Map<string, Node[]>): string {
  const output = list(conv.output)[0] ?? refuse(`${conv.name} has no output`);
  const users = consumers.get(output) ?? [];
  return users.length === 1 && users[0]!.opType === 'Relu' ? list(users[0]!.output)[0]! : output;
}

interface UInt8Quantization {
  scale: number;
  zeroPoint: number;
}

function activationQuantization(range: readonly [number, number]): UInt8Quantization {
  const [low, high] = [Math.min(0, range[0]), Math.max(0, range[1])];
  const scale = Math.max(high - low, 1e-6) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-low / scale))) };
}

class QdqBuilder {
  readonly initializers: Tensor[] = [];
  /** Nodes to insert after a tensor's producer (or at the start for graph inputs). */
  readonly after = new Map<string, Node[]>();
  readonly dequantized = new Map<string, string>();
  /** Each quantised activation's scale (a Conv's bias is quantised at its input's scale). */
  readonly scales = new Map<string, number>();

  floats(name: string, values: ArrayLike<number>, dims: number[]): string {
    const data = Float32Array.from(values);
    this.initializers.push(
      onnx.TensorProto.create({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) }),
    );
    return name;
  }

  tensor(name: string, dims: number[], dataType: number, data: ArrayBufferView): string {
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType, rawData }));
    return name;
  }

  /** The dequantised copy of an activation (one QuantizeLinear/DequantizeLinear pair per tensor). */
  activation(name: string, range: readonly [number, number] | undefined): string {
    const existing = this.dequantized.get(name);
    if (existing) return existing;
    if (!range) refuse(`no recorded range for ${name}`);
    const { scale, zeroPoint } = activationQuantization(range);
    const scaleName = this.floats(`${name}/q_scale`, [scale], []);
    const zeroName = this.tensor(`${name}/q_zero`, [], DataType.UINT8, Uint8Array.of(zeroPoint));
    const quantize = onnx.NodeProto.create({
      name: `${name}/QuantizeLinear`,
      opType: 'QuantizeLinear',
      input: [name, scaleName, zeroName],
      output: [`${name}/quantized`],
    });
    const dequantize = onnx.NodeProto.create({
      name: `${name}/DequantizeLinear`,
      opType: 'DequantizeLinear',
      input: [`${name}/quantized`, scaleName, zeroName],
      output: [`${name}/dequantized`],
    });
    this.after.set(name, [quantize, dequantize]);
    this.dequantized.set(name, `${name}/dequantized`);
    this.scales.set(name, scale);
    return `${name}/dequantized`;
  }
}

function perChannelDequantize(name: string, input: string[]): Node {
  const axis = onnx.AttributeProto.create({
    name: 'axis',
    type: onnx.AttributeProto.AttributeType.INT,
    i: 0,
  });
  return onnx.NodeProto.create({
    name: `${name}/DequantizeLinear`,
    opType: 'DequantizeLinear',
    input,
    output: [`${name}/dequantized`],
    attribute: [axis],
  });
}

/**
 * Int8 weights (one symmetric scale per output channel) and int32 bias for one Conv, whose input is
 * already quantised; rewires it to read all three dequantised. Returns the nodes to put before it.
 */
function quantizeConv(conv: Node, weights: Map<string, Tensor>, qdq: QdqBuilder): Node[] {
  const [input, weightName, biasName] = list(conv.input);
  const inputScale = qdq.scales.get(input!) ?? refuse(`${conv.name}'s input is not quantised`);
  const weight = weights.get(weightName!) ?? refuse(`${conv.name} has no weight initializer`);
  const values = floatsOf(weight);
  const dims = list(weight.dims).map(Number);
  const channels = dims[0]!;
  const perChannel = values.length / channels;
  const scales = new Float32Array(channels);
  const quantized = new Int8Array(values.length);
  for (let channel = 0; channel < channels; channel += 1) {
    let largest = 0;
    for (let k = 0; k < perChannel; k += 1)
      largest = Math.max(largest, Math.abs(values[channel * perChannel + k]!));
    const scale = Math.max(largest, 1e-8) / 127;
    scales[channel] = scale;
    for (let k = 0; k < perChannel; k += 1) {
      quantized[channel * perChannel + k] = Math.round(values[channel * perChannel + k]! / scale);
    }
  }
  const nodes: Node[] = [
    perChannelDequantize(weightName!, [
      qdq.tensor(`${weightName}/int8`, dims, DataType.INT8, quantized),
      qdq.floats(`${weightName}/scale`, scales, [channels]),
      qdq.tensor(`${weightName}/zero`, [channels], DataType.INT8, new Int8Array(channels)),
    ]),
  ];
  const rewired = [qdq.dequantized.get(input!)!, `${weightName}/dequantized`];
  if (biasName) {
    const bias = floatsOf(weights.get(biasName) ?? refuse(`${conv.name} has no bias initializer`));
    const biasScales = Float32Array.from(scales, (scale) => scale * inputScale);
    const limit = 2 ** 31 - 1;
    const biasInt = Int32Array.from(bias, (value, channel) =>
      Math.max(-limit, Math.min(limit, Math.round(value / biasScales[channel]!))),
    );
    nodes.push(
      perChannelDequantize(biasName, [
        qdq.tensor(`${biasName}/int32`, [channels], DataType.INT32, biasInt),
        qdq.floats(`${biasName}/scale`, biasScales, [channels]),
        qdq.tensor(`${biasName}/zero`, [channels], DataType.INT32, new Int32Array(channels)),
      ]),
    );
    rewired.push(`${biasName}/dequantized`);
  }
  conv.input = rewired;
  return nodes;
}

/** The any-size fp16 graph's bytes in, the int8 graph's bytes out. */
export function quantizeToInt8(anySizeGraph: Uint8Array, plan: Int8Plan): Int8Rewrite {
  const model = onnx.ModelProto.decode(anySizeGraph);
  toFloat32Graph(model, plan.output);
  const graph = model.graph!;
  const { convs, activations, sharing } = quantizationPoints(graph, plan.floatConvs);
  if (convs.length === 0) refuse('it has no convolution with constant weights');
  const weights = new Map(list(graph.initializer).map((tensor) => [tensor.name!, tensor]));
  const qdq = new QdqBuilder();
  for (const name of activations) qdq.activation(name, plan.ranges[name]);
  for (const [name, source] of sharing) {
    qdq.activation(name, plan.ranges[source] ?? refuse(`no recorded range for ${source}`));
  }
  const before = new Map<Node, Node[]>();
  for (const conv of convs) before.set(conv, quantizeConv(conv, weights, qdq));
  // Every other reader of a quantised activation reads its dequantised copy, as the next Conv does:
  // ONNX Runtime then fuses DequantizeLinear → op → QuantizeLinear chains where it has int8 kernels.
  const own = new Set([...qdq.after.values()].flat());
  for (const node of list(graph.node)) {
    if (before.has(node) || own.has(node)) continue;
    node.input = list(node.input).map((name) => qdq.dequantized.get(name) ?? name);
  }
  const graphInputs = list(graph.input).map((value) => value.name!);
  const leading = graphInputs.flatMap((name) => qdq.after.get(name) ?? []);
  graph.node = [
    ...leading,
    ...list(graph.node).flatMap((node) => [
      ...(before.get(node) ?? []),
      node,
      ...list(node.output).flatMap((name) => qdq.after.get(name) ?? []),
    ]),
  ];
  const read = new Set(list(graph.node).flatMap((node) => list(node.input)));
  graph.initializer = [...list(graph.initializer), ...qdq.initializers].filter((tensor) =>
    read.has(tensor.name!),
  );
  // Per-axis DequantizeLinear needs opset 13.
  for (const opset of list(model.opsetImport)) {
    if (!opset.domain && Number(opset.version) < 13) opset.version = 13;
  }
  return { model: onnx.ModelProto.encode(model).finish(), quantizedConvs: convs.length };
}

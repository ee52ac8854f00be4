/**
 * Rewrites IS-Net's exported ONNX graph so that it takes any input size (measured recipe:
 * ../shared/notes/segmentation-resolution.md). PyTorch's export baked the sizes of a 1024×1024 input
 * into every `Resize`: its target comes from `Concat(Slice(Shape(x), 0, 2), Constant[h, w])`, where
 * [h, w] is the size of the tensor the resized one is concatenated with (U²-Net's "upsample like"), or of
 * the model input for the side outputs that end in a Sigmoid. Here each such constant becomes
 * `Slice(Shape(target), 2, 4)`, read at run time from that very tensor, and the spatial dimensions of the
 * graph's inputs and outputs become symbolic. Nothing else changes: at 1024 the rewritten graph computes
 * the same thing (a test holds it to the original).
 */
import onnxProto from 'onnx-proto';
import { ModelFileError } from './modelFileError.ts';
import { type GraphIndex, indexGraph, list } from './onnxGraph.ts';

const { onnx } = onnxProto;
type Graph = onnxProto.onnx.IGraphProto;
type Node = onnxProto.onnx.INodeProto;

/** Names of what the rewrite adds; the prefix keeps them apart from the exporter's names. */
const prefix = 'facecraft_any_size';
const starts = `${prefix}/spatial_start`;
const ends = `${prefix}/spatial_end`;
const axes = `${prefix}/axis_0`;

function int64Initializer(name: string, value: number): onnxProto.onnx.ITensorProto {
  const raw = Buffer.alloc(8);
  raw.writeBigInt64LE(BigInt(value));
  return onnx.TensorProto.create({
    name,
    dims: [1],
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: raw,
  });
}

function refuse(why: string): never {
  throw new ModelFileError(
    'model_source_invalid',
    `The segmentation graph cannot be made size-agnostic: ${why}.`,
  );
}

/**
 * The tensor whose spatial size a Resize must reach: the other input of the Concat that takes its
 * output (through the exporter's fp16 → fp32 → fp16 Casts), or the model input for a side output.
 */
function resizeTarget(resize: Node, index: GraphIndex, modelInput: string): string {
  let output = list(resize.output)[0] ?? refuse(`${resize.name} has no output`);
  let users = index.consumers.get(output) ?? [];
  while (users.length === 1 && users[0]!.opType === 'Cast') {
    output = list(users[0]!.output)[0] ?? refuse(`a Cast after ${resize.name} has no output`);
    users = index.consumers.get(output) ?? [];
  }
  const user = users.length === 1 ? users[0]! : refuse(`${resize.name} feeds ${users.length} nodes`);
  if (user.opType === 'Sigmoid') return modelInput;
  const inputs = list(user.input);
  if (user.opType !== 'Concat' || inputs.length !== 2) refuse(`${resize.name} feeds a ${user.opType}`);
  return inputs[0] === output ? inputs[1]! : inputs[0]!;
}

/** Makes every dimension after the first two unknown: the graph's own shape inference fills them. */
function symbolicSpatialDims(graph: Graph): void {
  for (const value of [...list(graph.input), ...list(graph.output)]) {
    const dims = list(value.type?.tensorType?.shape?.dim);
    for (let i = 2; i < dims.length; i += 1) dims[i] = onnx.TensorShapeProto.Dimension.create({});
  }
  // The exporter's value_info repeats the 1024 sizes of every intermediate tensor: they would contradict.
  graph.valueInfo = [];
}

/**
 * The nodes in an order where each comes after the nodes it reads from (ONNX asks for it; the exported
 * file already breaks it with Casts appended at the end by its fp16 conversion), otherwise as they were.
 */
function topologicalOrder(graph: Graph): Node[] {
  const { producer } = indexGraph(graph);
  const placed = new Set<Node>();
  const visiting = new Set<Node>();
  const order: Node[] = [];
  const place = (node: Node): void => {
    if (placed.has(node)) return;
    if (visiting.has(node)) refuse(`${node.name} is part of a cycle`);
    visiting.add(node);
    for (const input of list(node.input)) {
      const from = producer.get(input);
      if (from) place(from);
    }
    visiting.delete(node);
    placed.add(node);
    order.push(node);
  };
  for (const node of list(graph.node)) place(node);
  return order;
}

export interface AnySizeRewrite {
  model: Uint8Array;
  /** How many Resize targets were rewritten (39 in IS-Net medium). */
  resizes: number;
}

export function rewriteForAnySize(original: Uint8Array): AnySizeRewrite {
  const model = onnx.ModelProto.decode(original);
  const graph = model.graph ?? refuse('the file has no graph');
  const modelInput = list(graph.input)[0]?.name ?? refuse('the graph has no input');
  const index = indexGraph(graph);
  const replaced = new Set<Node>();
  const before = new Map<Node, Node[]>();
  let resizes = 0;
  for (const resize of list(graph.node)) {
    if (resize.opType !== 'Resize') continue;
    const sizes = index.producer.get(list(resize.input)[3] ?? '');
    const sizeInputs = list(sizes?.input);
    if (!sizes || sizes.opType !== 'Concat' || sizeInputs.length !== 2) {
      refuse(`${resize.name} has no Concat of sizes`);
    }
    const constant = index.producer.get(sizeInputs[1]!);
    if (constant?.opType !== 'Constant') refuse(`${resize.name}'s spatial size is not a constant`);
    if ((index.consumers.get(list(constant.output)[0] ?? '') ?? []).length === 1) replaced.add(constant);
    const target = resizeTarget(resize, index, modelInput);
    const name = `${prefix}/${resize.name}`;
    const shape = onnx.NodeProto.create({
      name: `${name}/Shape`,
      opType: 'Shape',
      input: [target],
      output: [`${name}/target_shape`],
    });
    const slice = onnx.NodeProto.create({
      name: `${name}/Slice`,
      opType: 'Slice',
      input: [`${name}/target_shape`, starts, ends, axes],
      output: [`${name}/target_size`],
    });
    sizeInputs[1] = `${name}/target_size`;
    before.set(sizes, [shape, slice]);
    resizes += 1;
  }
  if (resizes === 0) refuse('it has no Resize');
  graph.node = list(graph.node).flatMap((node) =>
    replaced.has(node) ? [] : [...(before.get(node) ?? []), node],
  );
  graph.initializer = list(graph.initializer);
  graph.initializer.push(int64Initializer(starts, 2), int64Initializer(ends, 4), int64Initializer(axes, 0));
  graph.node = topologicalOrder(graph);
  symbolicSpatialDims(graph);
  return { model: onnx.ModelProto.encode(model).finish(), resizes };
}

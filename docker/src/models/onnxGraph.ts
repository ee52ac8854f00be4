/** What the ONNX graph rewrites (anySizeGraph.ts, int8Graph.ts) share to read a decoded graph. */
import type onnxProto from 'onnx-proto';

type Graph = onnxProto.onnx.IGraphProto;
type Node = onnxProto.onnx.INodeProto;

/** Decoded messages always carry their repeated fields; the generated types call them optional. */
export function list<T>(items: T[] | null | undefined): T[] {
  return items ?? [];
}

export interface GraphIndex {
  producer: Map<string, Node>;
  consumers: Map<string, Node[]>;
}

export function indexGraph(graph: Graph): GraphIndex {
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const node of list(graph.node)) {
    for (const output of list(node.output)) producer.set(output, node);
    for (const input of list(node.input)) consumers.set(input, [...(consumers.get(input) ?? []), node]);
  }
  return { producer, consumers };
}

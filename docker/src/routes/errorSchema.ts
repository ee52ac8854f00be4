/** The FastAPI-style error body every route may answer with, for OpenAPI and the serializer. */
export const errorSchema = {
  type: 'object',
  description: 'FastAPI-style error: `detail` is a sentence for people, `code` is stable for programs.',
  properties: { detail: { type: 'string' }, code: { type: 'string' } },
  required: ['detail'],
} as const;

/** Multipart bodies are read by the handler (request.parts()), so the body schema only documents them. */
export const documentOnlyBody = (): (() => boolean) => () => true;

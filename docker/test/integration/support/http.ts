/** Small HTTP helpers for talking to the engine the way the desktop app does (multipart forms, X-API-Key). */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { FIXTURES_DIR } from '../../support/fixtures.ts';

export const FIXTURES = FIXTURES_DIR;

export interface FormFile {
  field: string;
  filename: string;
  data: Buffer | Uint8Array;
  type?: string;
}

export function form(files: FormFile[], fields: Array<[string, string]> = []): FormData {
  const body = new FormData();
  for (const file of files) {
    body.append(
      file.field,
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.filename,
    );
  }
  for (const [name, value] of fields) body.append(name, value);
  return body;
}

export async function fixture(name: string): Promise<FormFile> {
  return { field: 'file', filename: name, data: await readFile(path.join(FIXTURES, name)) };
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * POSTs a form with node:http rather than fetch: a batch on this busy 2-core machine can take longer
 * than fetch's fixed 300 s wait for response headers.
 */
export async function postForm<T>(
  url: string,
  body: FormData,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const encoded = new Response(body);
  const payload = Buffer.from(await encoded.arrayBuffer());
  const response = await new Promise<{ status: number; headers: Headers; text: string }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          // A fresh connection each time: a kept-alive one may be closed by the server just as it is reused.
          agent: false,
          headers: {
            ...headers,
            'Content-Type': encoded.headers.get('content-type') ?? '',
            'Content-Length': payload.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (typeof value === 'string') responseHeaders.set(name, value);
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: responseHeaders,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    },
  );
  const text = response.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export async function getJson<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export async function getBytes(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

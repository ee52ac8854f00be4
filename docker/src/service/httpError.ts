/**
 * An error the service answers with: a status, a machine-readable code and a sentence for people.
 * Sent FastAPI-style as {"detail": sentence, "code": code} so clients of the published image still
 * find `detail` where they expect it.
 */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = headers;
  }
}

export interface ErrorBody {
  detail: string;
  code: string;
}

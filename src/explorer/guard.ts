import type { IncomingMessage } from 'node:http';
import { oneLine } from '../report/escape.js';

/** The largest request body read (a pasted trace of a long run fits; nothing else comes close). */
export const BODY_BYTES_MAX = 32 * 1024 * 1024;

/** A request refused before it reaches the explorer: the status and the one line said. */
export interface Refusal {
  status: number;
  line: string;
}

/** The Host values this server answers to: a loopback name with its own port, nothing else. */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
}

/**
 * Why a request is refused, or null to serve it. A page on another site that resolves its own
 * name to 127.0.0.1 (DNS rebinding) sends its own name as Host, so only a loopback Host is served;
 * a page elsewhere that posts here sends its Origin, refused the same way. Reads are GET;
 * everything that changes the session is POST with a JSON body, which a cross-site form cannot
 * send without a CORS preflight this server never grants.
 */
export function refusal(request: IncomingMessage, hosts: ReadonlySet<string>): Refusal | null {
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !hosts.has(host)) return { status: 403, line: `refused: Host ${show(request.headers.host)} is not this explorer (localhost only)` };
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.has(originHost(origin))) return { status: 403, line: `refused: Origin ${show(origin)} is not this explorer` };
  const method = request.method ?? '';
  if (method === 'GET' || method === 'HEAD') return null;
  if (method !== 'POST') return { status: 405, line: `refused: method ${show(method)}; reads are GET, changes are POST` };
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, line: `refused: a POST must carry application/json, not ${show(request.headers['content-type'])}` };
  return null;
}

/** The body of a POST as JSON, or a refusal (too large, not JSON, not an object). */
export async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown> | Refusal> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_BYTES_MAX) return { status: 413, line: `refused: the body is over ${BODY_BYTES_MAX} bytes` };
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { status: 400, line: 'refused: the body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { status: 400, line: 'refused: the body must be a JSON object' };
  return value as Record<string, unknown>;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'status' in value && 'line' in value;
}

/** `http://localhost:8080` -> `localhost:8080`; anything unparsable matches no host. */
function originHost(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

function show(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(oneLine(value.slice(0, 200)));
}

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oneLine } from '../report/escape.js';
import { InputError, ModelError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';
import { safeNamePath } from '../shared/safeName.js';
import { decodeTrace } from '../trace/decode.js';
import { encodeTrace } from '../trace/format.js';
import { allowedHosts, isRefusal, jsonBody, type Refusal, refusal } from './guard.js';
import { explorerPage } from './page.js';
import { ExplorerSession } from './session.js';
import { snapshotOf } from './snapshot.js';

/** The address the explorer listens on: loopback only, never a public interface. */
export const EXPLORER_HOST = '127.0.0.1';

export interface ExplorerServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What the server holds: the model (fixed) and the session walking it (replaced when a trace is loaded). */
export interface ExplorerApp {
  protocol: AnyProtocol;
  modelFile?: string;
  session: ExplorerSession;
}

/** Starts the explorer on 127.0.0.1:`port` (0 picks a free one) and resolves once it listens. */
export async function startExplorer(app: ExplorerApp, port: number): Promise<ExplorerServer> {
  let hosts: ReadonlySet<string> = new Set();
  const server = createServer((request, response) => {
    handle(app, hosts, request, response).catch((error: unknown) => send(response, 500, 'text/plain', `internal error: ${oneLine(String((error as Error)?.message ?? error))}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new InputError(`explorer: port ${port} is in use; give another with --port (0 picks a free one)`) : error),
    );
    server.listen(port, EXPLORER_HOST, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  hosts = allowedHosts(bound);
  return {
    url: `http://${EXPLORER_HOST}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(app: ExplorerApp, hosts: ReadonlySet<string>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const refused = refusal(request, hosts);
  if (refused !== null) return refuse(response, refused);
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' || request.method === 'HEAD') {
    if (path === '/') {
      const nonce = randomBytes(16).toString('base64');
      return send(response, 200, 'text/html; charset=utf-8', explorerPage(nonce), { 'Content-Security-Policy': contentPolicy(nonce) });
    }
    // Browsers ask for an icon; an empty answer keeps their console free of a 404.
    if (path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    if (path === '/api/state') return json(response, 200, snapshotOf(app.session));
    if (path === '/api/trace') {
      // A header carries ASCII only; the name is a hint to the browser, the file's content is what counts.
      const name = `${safeNamePath(app.protocol.name).join('-')}.explorer.trace.json`.replace(/[^A-Za-z0-9._%-]/g, '_');
      return send(response, 200, 'application/json; charset=utf-8', encodeTrace(app.session.trace()), {
        'Content-Disposition': `attachment; filename="${name}"`,
      });
    }
    return refuse(response, { status: 404, line: `no page ${JSON.stringify(oneLine(path.slice(0, 200)))}` });
  }
  const body = await jsonBody(request);
  if (isRefusal(body)) return refuse(response, body);
  const action = ACTIONS[path];
  if (action === undefined) return refuse(response, { status: 404, line: `no action ${JSON.stringify(oneLine(path.slice(0, 200)))}` });
  const before = app.session.verdicts();
  try {
    action(app, body);
  } catch (error) {
    if (error instanceof InputError) return json(response, 400, { error: oneLine(error.message) });
    if (error instanceof ModelError) return json(response, 422, { error: `model error: ${oneLine(error.message)}` });
    throw error;
  }
  const snapshot = snapshotOf(app.session);
  // The warning of the moment: properties violated by this action that were not before it.
  const newly = app.session.verdicts().filter((v, i) => v !== null && (before[i] === null || before[i]!.step !== v.step));
  return json(response, 200, { ...snapshot, newly });
}

type Action = (app: ExplorerApp, body: Record<string, unknown>) => void;

const ACTIONS: Record<string, Action> = {
  '/api/step': (app, body) => app.session.step(eventOf(body.event)),
  '/api/undo': (app) => void app.session.undo(),
  '/api/redo': (app) => void app.session.redo(),
  '/api/goto': (app, body) => app.session.goto(typeof body.step === 'number' ? body.step : NaN),
  '/api/load': (app, body) => {
    if (typeof body.text !== 'string') throw new InputError('load: give the trace file\'s text as "text"');
    const source = typeof body.name === 'string' && body.name !== '' ? oneLine(body.name.slice(0, 200)) : 'pasted trace';
    const trace = decodeTrace(body.text, source);
    if (trace.modelFile !== undefined && app.modelFile === undefined) {
      throw new InputError(`${source}: this trace is of a user model; start the explorer with --model-file ${trace.modelFile}`);
    }
    app.session = ExplorerSession.ofTrace(trace, app.protocol, app.modelFile, source);
  },
};

function eventOf(value: unknown): WorldEvent {
  if (typeof value !== 'object' || value === null || typeof (value as { kind?: unknown }).kind !== 'string') throw new InputError('step: give the event to take as "event"');
  return value as WorldEvent;
}

function contentPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function json(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function refuse(response: ServerResponse, refused: Refusal): void {
  send(response, refused.status, 'text/plain; charset=utf-8', `${refused.line}\n`);
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  response.end(body);
}

import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

/** What a raw HTTP exchange returned. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly the headers given (fetch would set Host and Origin itself), to
 * 127.0.0.1:`port`. Host defaults to the server's own `127.0.0.1:port`.
 */
export function raw(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: { host: `127.0.0.1:${port}`, ...options.headers }, setHost: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A POST of a JSON body, parsed back. */
export async function post(port: number, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await raw(port, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: JSON.parse(response.body) };
}

const bin = fileURLToPath(new URL('../../../bin/leadercheck.js', import.meta.url));

/** A `leadercheck explorer` child process and the URL it printed. */
export interface ExplorerChild {
  child: ChildProcess;
  url: string;
  port: number;
  /** Resolves with the exit code and what it wrote on stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `leadercheck explorer ARGS --port 0` and resolves once it printed its URL and can take Ctrl-C. */
export function spawnExplorer(args: string[]): Promise<ExplorerChild> {
  const child = spawn(process.execPath, [bin, 'explorer', ...args, '--port', '0'], { env: { ...process.env, LEADERCHECK_SIGINT_READY: '1', LEADERCHECK_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    // 'close', not 'exit': only then has all the child wrote on stderr been read.
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return new Promise((resolve, reject) => {
    const ready = (): void => {
      const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (url !== null && stderr.includes('SIGINT handler installed')) resolve({ child, url: url[0], port: Number(url[1]), exited });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), ready()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), ready()));
    void exited.then(({ code }) => reject(new Error(`explorer exited (${code}) before it listened: ${stderr}`)));
  });
}

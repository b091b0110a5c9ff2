import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The README's "Your own model" section: what a user copies into their own project. */
function readmeSection(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## Your own model\n');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

/** Its fenced blocks of one language. */
function blocks(section: string, lang: string): string[] {
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

interface Ran {
  code: number | null;
  output: string;
}

/**
 * Runs a command in the user's directory with npm's and c8's variables left out: a `npm test`
 * around this test would otherwise point the inner npm at this repository, and the packed copy's
 * coverage maps to no source here.
 */
function run(cwd: string, command: string, args: string[]): Promise<Ran> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^NODE_V8_COVERAGE$|^INIT_CWD$/i.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The violation lines `check` prints, without their indent. */
function violationBlock(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(VIOLATION .* in run|shrunk:|reproduce:)/.test(line));
}

test('the packed package, installed in a fresh project, checks a TypeScript model from the CLI and from an ava test, as the README says', async (t) => {
  t.timeout(110_000);
  const root = mkdtempSync(join(tmpdir(), 'lc-user-'));
  try {
    const packed = await run(repo, 'npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root]);
    t.is(packed.code, 0, packed.output);
    const tarball = join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!);
    const project = join(root, 'my-protocol');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-protocol', version: '1.0.0', private: true, type: 'commonjs' }));
    const installed = await run(project, 'npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'ava@^7', 'tsx@^4']);
    t.is(installed.code, 0, installed.output);

    // Every file the README shows, written as it shows it, and its ava settings.
    const section = readmeSection();
    const files = blocks(section, 'ts').map((code) => ({ path: /^\/\/ (\S+)\n/.exec(code)![1], code }));
    t.deepEqual(files.map((f) => f.path), ['bossy.ts', 'test/bossy.test.ts']);
    for (const f of files) {
      mkdirSync(dirname(join(project, f.path)), { recursive: true });
      writeFileSync(join(project, f.path), f.code);
    }
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ ...pkg, ...JSON.parse(`{${blocks(section, 'json')[0]}}`) }, null, 2));
    const command = blocks(section, 'sh').flatMap((b) => b.split('\n')).find((line) => line.startsWith('npx leadercheck check'))!;
    const args = command.replace(/#.*$/, '').trim().split(/\s+/).slice(1);

    const cli = await run(project, 'npx', args);
    t.is(cli.code, 1, cli.output);
    const printed = violationBlock(cli.output);
    t.deepEqual(printed.slice(0, 2), ['VIOLATION election-safety in run 0 at step 2: nodes 2 and 3 both leader in term 1', 'shrunk: 2 -> 2 events, 3 -> 2 nodes; the shrunk trace violates it at step 2']);
    t.is(printed.length, 3);

    const ava = await run(project, 'npx', ['ava']);
    t.is(ava.code, 1, ava.output);
    t.regex(ava.output, /1 test failed/);
    // The test's failure prints the counterexample as the CLI printed it, then the .txt the CLI wrote.
    for (const line of printed) t.true(ava.output.includes(line), line);
    const txt = readFileSync(join(project, 'reports/bossy/reliable/election-safety.txt'), 'utf8');
    for (const line of txt.split('\n').filter((l) => l !== '')) t.true(ava.output.includes(line), line);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

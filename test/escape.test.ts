import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lcovField, markdownCode, markdownLinkTarget, markdownText, mermaidLabel, oneLine, terminalLines, xmlText } from '../src/report/escape.js';
import { junitXml } from '../src/report/junit.js';
import { protocolCoverageLcovFiles } from '../src/report/coverageLcov.js';
import { summaryMarkdown } from '../src/report/summary.js';
import type { PlainCheckSummary } from '../src/run/results.js';
import { emptyCoverage } from '../src/coverage/protocolCoverage.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { cli } from './helpers/cli.js';
import { filesUnder } from './helpers/reports.js';

// What the fixture's strings carry: a cell separator, HTML, a backtick, a newline and an ANSI escape.
const HOSTILE = '|<script>alert(1)<b>`\n\u001b[31m';
const fixture = join(process.cwd(), 'test/fixtures/hostile-names.mjs');
const ESC = '\u001b';

/** The cells of a Markdown table row: GFM splits at every `|` not escaped, inside code or not. */
function cellsOf(row: string): number {
  return row.replace(/\\./g, '').split('|').length - 2;
}

/** Markdown outside code spans, where HTML would be read as HTML (in code it is shown as written). */
function outsideCode(markdown: string): string {
  // A backslash-escaped backtick opens no code span.
  return markdown.replace(/\\./g, '').replace(/(`+)[^`][\s\S]*?\1(?!`)/g, '');
}

/** Every table of a Markdown page keeps its header's number of cells in every row. */
function assertTablesKeepShape(t: import('ava').ExecutionContext, markdown: string, where: string): void {
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    if (!line.startsWith('|') || !lines[i + 1]?.startsWith('|---')) return;
    const width = cellsOf(line);
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) t.is(cellsOf(lines[j]), width, `${where} line ${j + 1}: ${lines[j]}`);
  });
}

test('plain names render exactly as they are', (t) => {
  for (const name of ['raft', 'raft/volatile-vote', 'RequestVote', 'candidate steps down on higher term', 'election-safety']) {
    t.is(oneLine(name), name);
    t.is(markdownText(name), name);
    t.is(markdownCode(name), `\`${name}\``);
    t.is(markdownCode(name, { inTable: true }), `\`${name}\``);
    t.is(xmlText(name), name);
    t.is(lcovField(name), name);
  }
  t.is(markdownLinkTarget('raft/volatile-vote/crash/election-safety.trace.json'), 'raft/volatile-vote/crash/election-safety.trace.json');
  t.is(mermaidLabel('deliver 1->3 RequestVote t2'), 'deliver 1 to 3 RequestVote t2');
});

test('control characters are shown escaped, on one line', (t) => {
  t.is(oneLine('a\nb\r\tc\u001b[31md\u0000\u007f\u009b\u2028\u202e'), 'a\\nb\\r\\tc\\x1b[31md\\x00\\x7f\\x9b\\u2028\\u202e');
  t.is(oneLine('lone \ud800 surrogate, pair 😀 kept'), 'lone \\ud800 surrogate, pair 😀 kept');
  t.is(terminalLines('one\u001b[2J\ntwo'), 'one\\x1b[2J\ntwo');
});

test('Markdown text keeps HTML inert and cannot open a cell, code, emphasis or link', (t) => {
  t.is(markdownText('a|b <script>x</script> & `c` *d* _e_ [f](g) \\ h\ni'), 'a\\|b &lt;script&gt;x&lt;/script&gt; &amp; \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\\\ h\\\\ni');
  t.is(markdownCode('a`b'), '`` a`b ``');
  t.is(markdownCode('x|y'), '`x|y`');
  t.is(markdownCode('x|y', { inTable: true }), '`x\\|y`');
  t.is(markdownCode('a\nb'), '`a\\nb`');
  t.is(markdownLinkTarget('evil (1)/a b%|\n.json'), 'evil%20%281%29/a%20b%25%7C%0A.json');
});

test('Mermaid labels, XML and lcov names keep their syntax', (t) => {
  t.is(mermaidLabel(`x${HOSTILE}; %%y #z`), 'x script names alert(1) b names 31m y z');
  t.is(xmlText(`x${HOSTILE}"'&`), 'x|&lt;script&gt;alert(1)&lt;b&gt;`\\n\\x1b[31m&quot;&apos;&amp;');
  t.is(lcovField('a,b\nc'), 'a;b\\nc');
});

const hostileSummary = (): PlainCheckSummary => {
  const model = `evil${HOSTILE}`;
  const coverage = emptyCoverage({ name: model, roles: [`role${HOSTILE}`, 'leader'], messageTypes: [`Msg${HOSTILE}`], marks: [`mark${HOSTILE}`] } as unknown as AnyProtocol);
  return {
    kind: 'check',
    seed: `seed${HOSTILE}`,
    budget: { runsPerCell: 1, eventsPerCell: 1 },
    mismatches: [`${model} / reliable / election-safety: expected holds, but violated in run 0 at step 1: ${HOSTILE}`],
    elapsedMs: 1,
    interrupted: false,
    cells: [
      {
        kind: 'check',
        model,
        profile: 'reliable',
        nodes: 3,
        firstRun: 0,
        runs: 1,
        events: 1,
        cutOffRuns: [],
        coverage,
        elapsedMs: 1,
        interrupted: false,
        properties: [
          {
            property: 'election-safety',
            expected: 'holds',
            reason: null,
            observed: 'violated',
            violation: { property: 'election-safety', step: 1, detail: HOSTILE, run: 0, trace: `${model}/reliable/election-safety.trace.json` },
            mismatch: `${model} / reliable / election-safety: expected holds, but violated in run 0 at step 1: ${HOSTILE}`,
          },
        ],
      },
    ],
  };
};

test('summary.md, junit.xml and lcov keep their structure whatever the model is named', (t) => {
  const summary = hostileSummary();
  const md = summaryMarkdown(summary);
  t.false(md.includes(ESC));
  t.false(outsideCode(md).includes('<script>'));
  t.true(md.includes(`## evil\\|&lt;script&gt;alert(1)&lt;b&gt;\\\`\\\\n\\\\x1b\\[31m (3 nodes)`), md);
  assertTablesKeepShape(t, md, 'summary.md');
  const xml = junitXml(summary);
  t.false(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml), 'junit.xml holds no character XML 1.0 forbids');
  t.false(xml.includes('<script>'));
  const [[, listing], [, lcov]] = protocolCoverageLcovFiles([summary.cells[0].coverage!]);
  for (const line of lcov.trimEnd().split('\n')) t.regex(line, /^((TN|SF|FN|FNDA|FNF|FNH|DA|LF|LH):.*|end_of_record)$/);
  t.is(listing.trimEnd().split('\n').length, Number(/FNF:(\d+)/.exec(lcov)![1]) + 1, 'one listing line per lcov entry, after the header');
});

test('a --model-file model with hostile strings leaves every rendered file and stdout in shape', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-escape-'));
  const r = cli(['check', '--model-file', fixture, '--profile', 'reliable', '--runs', '20', '--out', out]);
  t.is(r.code, 1, r.stderr);
  t.false(r.stdout.includes(ESC), 'no raw ESC on stdout');
  t.regex(r.stdout, /^check evil\|<script>alert\(1\)<b>`\\n\\x1b\[31m \/ reliable/m);
  const files = filesUnder(out);
  const named = (suffix: string) => Object.entries(files).filter(([path]) => path.endsWith(suffix));
  for (const [path, content] of Object.entries(files)) if (!path.endsWith('.json')) t.false(content.includes(ESC), `raw ESC in ${path}`);
  for (const [path, content] of named('.md')) {
    // Outside the Mermaid block (whose labels Mermaid must parse), no HTML and no line a name broke.
    const prose = outsideCode(content.replace(/```mermaid[\s\S]*?```/g, ''));
    t.false(prose.includes('<script>'), `raw HTML in ${path}`);
    assertTablesKeepShape(t, content, path);
  }
  const [[, text]] = named('election-safety.txt');
  const rows = text.split('\n').filter((line) => /^\d+ {2}t=/.test(line));
  t.true(rows.length >= 3, text);
  t.regex(text, /timer patience\|<script>alert\(1\)<b>`\\n\\x1b\[31m on/);
  const [[, page]] = named('election-safety.md');
  t.regex(page.split('\n')[0], /^# election-safety violated: evil\\\|&lt;script&gt;/);
  const diagram = page.slice(page.indexOf('```mermaid\n') + 11, page.lastIndexOf('```')).trim().split('\n');
  for (const line of diagram.slice(1)) t.regex(line, /^ {2}(title|participant N\d+ as node \d+$|Note over N\d+(,N\d+)?: |N\d+->>N\d+: )[A-Za-z0-9 ,.()_=+/-]*$/);
  const [[, lcov]] = named('protocol.lcov');
  for (const line of lcov.trimEnd().split('\n')) t.regex(line, /^((TN|SF|FN|FNDA|FNF|FNH|DA|LF|LH):.*|end_of_record)$/);
  const replayed = cli(['replay', join(out, named('election-safety.trace.json')[0][0]), '--model-file', fixture]);
  t.is(replayed.code, 1);
  t.false(replayed.stdout.includes(ESC), 'no raw ESC in replay output');
  t.is(replayed.stdout.trimEnd().split('\n').length, rows.length + 1, 'one line per step, then the violation');
});

test('an error naming a path with a newline or an escape is still one line on stderr', (t) => {
  for (const args of [['replay', '/nowhere/a\nb\u001b[2J.trace.json'], ['check', '--model-file', '/nowhere/x\ny.mjs']]) {
    const r = cli(args);
    t.is(r.code, 2, r.stderr);
    t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    t.false(r.stderr.includes(ESC));
    t.regex(r.stderr, /\\n/);
  }
});

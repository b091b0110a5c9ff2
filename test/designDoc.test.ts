import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../src/cli/commandList.js';
import { LAYERS } from './helpers/importGraph.js';

/** docs/design.md holds the contracts the README and the code cite; these tests keep the citations and the page true. */

const design = readFileSync('docs/design.md', 'utf8');
const headings = [...design.matchAll(/^## (\d+)\. (.+)$/gm)].map((m) => ({ number: Number(m[1]), title: m[2] }));

/** GitHub's anchor for a heading: lower case, punctuation gone, spaces as hyphens. */
const anchorOf = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|md)$/.test(name) ? [path] : [];
  });
}

const citing = ['README.md', ...['src', 'models', 'properties', 'test', 'bench'].flatMap(filesUnder)];
// Spelled in two parts so this file does not cite the document it looks for.
const OUTSIDE_DOCUMENT = ['DESIGN', 'md'].join('.');

test('nothing cites the design document outside the repository; every cited section of docs/design.md exists', (t) => {
  for (const file of citing) {
    const text = readFileSync(file, 'utf8');
    t.false(text.includes(OUTSIDE_DOCUMENT), `${file} cites ${OUTSIDE_DOCUMENT}`);
    for (const [, number] of text.matchAll(/docs\/design\.md sections? (\d+)/g)) {
      t.true(headings.some((h) => h.number === Number(number)), `${file}: docs/design.md has no section ${number}`);
    }
    for (const [, anchor] of text.matchAll(/\(docs\/design\.md#([^)]+)\)/g)) {
      t.true(headings.some((h) => anchorOf(`${h.number}. ${h.title}`) === anchor), `${file}: docs/design.md has no heading #${anchor}`);
    }
  }
});

test('docs/design.md keeps the original section numbers, and says what changed since', (t) => {
  t.deepEqual(headings.map((h) => h.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.is(headings[9].title, 'What changed since the original design');
});

test('docs/design.md lists the layers in the order the layering test enforces, and every command', (t) => {
  const layers = design.slice(design.indexOf('## 1.'), design.indexOf('## 2.'));
  const listed = [...layers.matchAll(/^(src\/[a-z]+|models\/|properties\/)\s/gm)].map((m) => m[1].replace(/\/$/, ''));
  t.deepEqual(listed, [...LAYERS]);
  const cli = design.slice(design.indexOf('## 7.'), design.indexOf('## 8.'));
  for (const { spec } of commands) t.regex(cli, new RegExp(`^\\| \`${spec.name}[ \`]`, 'm'), spec.name);
});

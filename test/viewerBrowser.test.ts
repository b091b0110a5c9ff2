import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { resolveModel } from '../src/model/load.js';
import { traceViewData } from '../src/report/view/buildViewData.js';
import { viewerHtml } from '../src/report/view/viewerPage.js';
import { readTraceFile } from '../src/trace/decode.js';
import { closeBrowser, launchBrowser, type TestBrowser } from './helpers/browser.js';
import { cli } from './helpers/cli.js';

// One browser for the file; each test opens its own page.
let browser: TestBrowser;
const out = mkdtempSync(join(tmpdir(), 'lc-viewer-'));
const volatileVote = join(out, 'raft-volatile-vote.crash.election-safety.html');
test.before(async () => {
  browser = await launchBrowser();
  const r = cli(['view', 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json', '--out', out]);
  if (r.code !== 0) throw new Error(`view failed: ${r.stderr}`);
});
test.after.always(async () => {
  if (browser !== undefined) await closeBrowser(browser);
});

/** Opens a page, failing on any script error, console error or request beyond the file itself. */
async function open(t: import('ava').ExecutionContext, path: string): Promise<Page> {
  const page = await browser.context.newPage();
  const url = pathToFileURL(path).href;
  page.on('pageerror', (error) => t.fail(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') t.fail(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (request.url() !== url) t.fail(`the page requested ${request.url()}`);
  });
  await page.goto(url);
  return page;
}

const stepShown = (page: Page) => page.locator('.lc-viewer').getAttribute('data-step');

test('the volatile-vote viewer: a lane per node, the violation marked at its step, stepping by slider, arrow keys and clicks', async (t) => {
  const page = await open(t, volatileVote);
  t.deepEqual(await page.locator('.lc-name').allTextContents(), ['node 1', 'node 2', 'node 3']);
  t.is(await page.locator('.lc-state tbody tr').count(), 3);
  // It opens at the violation, marked in the diagram and detailed in the event panel.
  t.is(await stepShown(page), '8');
  t.is(await page.locator('.lc-violation').getAttribute('data-step'), '8');
  t.true((await page.locator('.lc-violation text').textContent())!.includes('election-safety'));
  t.is(await page.locator('.lc-violation-detail p').textContent(), 'nodes 1 and 3 both leader in term 1');
  t.true((await page.locator('.lc-state .lc-changed').count()) > 0, 'what step 8 changed is marked');

  await page.locator('.lc-slider').fill('3');
  t.is(await stepShown(page), '3');
  t.regex((await page.locator('.lc-event-title').textContent())!, /^step 3 · t=\d+ · /);
  t.is(await page.locator('.lc-violation-detail').count(), 0, 'the violation is detailed at its own step only');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowLeft');
  t.is(await stepShown(page), '2');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  t.is(await stepShown(page), '4');
  t.is(await page.locator('.lc-slider').inputValue(), '4');

  // Clicking the crash's cross selects its step; node 1 is shown down with its storage kept.
  await page.locator('.lc-crash').click();
  const crashStep = await stepShown(page);
  t.regex((await page.locator('.lc-event-title').textContent())!, new RegExp(`^step ${crashStep} · .* crash 1$`));
  t.is(await page.locator('.lc-state tr[data-node="1"] td').nth(1).textContent(), 'down');
  await page.locator('.lc-goto-violation').click();
  t.is(await stepShown(page), '8');
  await page.close();
});

test('a model whose message type, role, timer name and marks are <img onerror> markup shows them as text and runs nothing', async (t) => {
  const IMG = '<img src=x onerror=alert(1)>';
  const dir = join(out, 'img');
  const r = cli(['check', '--model-file', 'test/fixtures/img-names.mjs', '--profile', 'reliable', '--runs', '20', '--workers', '1', '--out', dir]);
  t.is(r.code, 1, r.stderr);
  const model = readdirSync(dir).find((name) => name.startsWith('img'))!;
  const path = join(dir, model, 'reliable', 'election-safety.html');
  t.false(readFileSync(path, 'utf8').includes(IMG), 'the page holds the string only escaped');
  const page = await open(t, path);
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  t.is(await page.locator('img').count(), 0);
  t.true((await page.locator('.lc-title').textContent())!.includes(`img${IMG}`));
  t.true((await page.locator('.lc-msg-label').allTextContents()).includes(IMG), 'the message type is drawn as text');
  t.true((await page.locator('.lc-timer .lc-event-label').allTextContents()).includes(IMG), 'the timer name is drawn as text');
  t.true((await page.locator('.lc-state td').allTextContents()).includes(IMG), 'the role is shown as text');
  const marked = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('leadercheck-view-data')!.textContent!) as { steps: { marks: string[] }[] };
    return data.steps.findIndex((s) => s.marks.length > 0);
  });
  t.true(marked > 0);
  await page.locator('.lc-slider').fill(String(marked));
  t.is(await page.locator('.lc-marks').textContent(), IMG);
  t.true(await page.getByText(IMG, { exact: true }).first().isVisible());
  t.is(dialogs, 0);
  await page.close();
});

test('an event kind the viewer does not know is drawn on its node\'s lane with its kind, and clicking it selects its step', async (t) => {
  const trace = readTraceFile('reports/regressions/raft-volatile-vote.crash.election-safety.trace.json');
  const data = traceViewData(trace, await resolveModel(trace.model, undefined));
  // A fault kind added later (a pause, say) reaches the viewer as data it has no case for.
  data.steps[2] = { ...data.steps[2], event: { kind: 'pause', node: 2, ticks: 5 }, label: 'pause 2 for 5' };
  const path = join(out, 'unknown-kind.html');
  writeFileSync(path, viewerHtml(data));
  const page = await open(t, path);
  const other = page.locator('.lc-other');
  t.is(await other.count(), 1);
  t.is(await other.locator('text').textContent(), 'pause');
  await other.click();
  t.is(await stepShown(page), '2');
  t.regex((await page.locator('.lc-event-title').textContent())!, /pause 2 for 5$/);
  await page.close();
});

test('the client API the explorer calls: a diagram drawn from part of a run grows with update() and keeps its selection', async (t) => {
  const page = await open(t, volatileVote);
  const seen = await page.evaluate(() => {
    const api = (globalThis as unknown as { leadercheckView: { renderDiagram: Function } }).leadercheckView;
    const data = JSON.parse(document.getElementById('leadercheck-view-data')!.textContent!);
    const root = document.body.appendChild(document.createElement('div'));
    const picked: number[] = [];
    const handle = api.renderDiagram(root, { ...data, steps: data.steps.slice(0, 3), violation: null }, { selectedStep: 2, onSelect: (s: number) => picked.push(s) });
    const before = root.querySelectorAll('.lc-column').length;
    handle.update(data);
    (root.querySelector('.lc-column[data-step="5"]') as SVGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return { before, after: root.querySelectorAll('.lc-column').length, kept: handle.selectedStep, picked, violation: root.querySelectorAll('.lc-violation').length };
  });
  t.deepEqual(seen, { before: 3, after: 9, kept: 5, picked: [5], violation: 1 });
  await page.close();
});

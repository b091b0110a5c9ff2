import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { explorerApp } from '../src/cli/commands/explorer.js';
import { type ExplorerServer, startExplorer } from '../src/explorer/server.js';
import { closeBrowser, launchBrowser, type TestBrowser } from './helpers/browser.js';
import { cli } from './helpers/cli.js';

const VOLATILE = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
const regression = JSON.parse(readFileSync(VOLATILE, 'utf8'));
/** The regression's events as the page lists them (the enumerator's events carry no time). */
const clicks: Record<string, unknown>[] = regression.events.map((e: Record<string, unknown>) => {
  const { at: _at, after: _after, ...rest } = e;
  return rest;
});

let browser: TestBrowser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after.always(async () => {
  if (browser !== undefined) await closeBrowser(browser);
});

/** An explorer in this process on a free port, and a page open on it that fails the test on any script error or request elsewhere. */
async function open(t: ExecutionContext, argv: string[]): Promise<{ page: Page; server: ExplorerServer }> {
  const server = await startExplorer(await explorerApp(argv), 0);
  t.teardown(() => server.close());
  const page = await browser.context.newPage();
  t.teardown(() => page.close());
  page.on('pageerror', (error) => t.fail(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused action (a bad trace pasted) is a 400 the page shows; the browser logs it too.
    if (message.type() === 'error' && !/status of 400 \(Bad Request\)/.test(message.text())) t.fail(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) t.fail(`the page requested ${request.url()}`);
  });
  await page.goto(server.url);
  await page.locator('body[data-step]').waitFor();
  return { page, server };
}

/** Clicks the button of `event` among the enabled events and waits for the page to show step `step`. */
async function click(page: Page, event: unknown, step: number): Promise<void> {
  await page.locator(`#lcx-choices button[data-event='${JSON.stringify(event)}']`).click();
  await page.locator(`body[data-step="${step}"][data-busy="false"]`).waitFor();
}

test('clicking the volatile-vote counterexample: the warning comes at its step, and the saved trace replays to the same violation', async (t) => {
  const { page } = await open(t, ['raft/volatile-vote']);
  t.deepEqual(await page.locator('.lc-name').allTextContents(), ['node 1', 'node 2', 'node 3'], 'the viewer\'s diagram, a lane per node');
  t.true(await page.locator('#lcx-choices button[data-event*="crash"]').count() === 3, 'every fault is a choice');
  for (const [i, event] of clicks.entries()) {
    t.true(await page.locator('#lcx-warning').isHidden(), `no warning before step ${i + 1}`);
    await click(page, event, i + 1);
  }
  const warning = page.locator('#lcx-warning');
  t.true(await warning.isVisible());
  t.is(await warning.textContent(), `VIOLATION election-safety at step 8: ${regression.violation.detail} (just now)`);
  t.is(await page.locator('#lcx-verdicts tr[data-property="election-safety"] td.lcx-violated').count(), 1);
  t.is(await page.locator('#lcx-verdicts tr[data-property="term-monotonic"] td.lcx-holds').count(), 1);
  t.is(await page.locator('.lc-violation').getAttribute('data-step'), '8', 'the diagram marks the violation');
  t.is(await page.locator('.lc-violation-detail p').textContent(), regression.violation.detail);
  t.is(await page.locator('#lcx-timeline li').count(), 9);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#lcx-save').click()]);
  t.is(download.suggestedFilename(), 'raft-volatile-vote.explorer.trace.json');
  const saved = join(mkdtempSync(join(tmpdir(), 'lc-explorer-')), 'walked.trace.json');
  await download.saveAs(saved);
  const replayed = cli(['replay', saved]);
  t.is(replayed.code, 1, replayed.stderr);
  t.is(replayed.stderr, '', 'replay observes the violation the saved trace records');
  t.true(replayed.stdout.includes(`VIOLATION election-safety at step 8: ${regression.violation.detail}`));
  t.deepEqual(JSON.parse(readFileSync(saved, 'utf8')).events, clicks);
});

test('undo, redo and the arrow keys move along the path; a step picked in the timeline is continued from', async (t) => {
  const { page } = await open(t, ['--trace', VOLATILE]);
  await page.locator('body[data-step="8"]').waitFor();
  t.true(await page.locator('#lcx-warning').isVisible(), 'a loaded counterexample opens at its end, violated');
  await page.locator('#lcx-undo').click();
  await page.locator('body[data-step="7"][data-busy="false"]').waitFor();
  t.true(await page.locator('#lcx-warning').isHidden());
  await page.keyboard.press('ArrowRight');
  await page.locator('body[data-step="8"][data-busy="false"]').waitFor();
  t.true(await page.locator('#lcx-redo').isDisabled());
  await page.locator('#lcx-timeline button[data-step="4"]').click();
  await page.locator('body[data-step="4"][data-busy="false"]').waitFor();
  t.is(await page.locator('#lcx-timeline li.lcx-future').count(), 4, 'the loaded steps past the cursor stay, to redo');
  await click(page, { kind: 'crash', node: 2 }, 5);
  t.is(await page.locator('#lcx-timeline li').count(), 6, 'another event replaces the rest');
  t.is(await page.locator('#lcx-timeline li.lcx-future').count(), 0);
  await page.keyboard.press('ArrowLeft');
  await page.locator('body[data-step="4"][data-busy="false"]').waitFor();
  t.is(await page.locator('.lc-name').count(), 3);
});

test('a trace is loaded by pasting it in the page', async (t) => {
  const { page } = await open(t, ['raft/volatile-vote']);
  await page.locator('details summary').click();
  await page.locator('#lcx-paste').fill('not a trace');
  await page.locator('#lcx-load-paste').click();
  await page.locator('#lcx-error:not([hidden])').waitFor();
  t.regex((await page.locator('#lcx-error').textContent())!, /^pasted trace: not a trace/);
  await page.locator('#lcx-paste').fill(readFileSync(VOLATILE, 'utf8'));
  await page.locator('#lcx-load-paste').click();
  await page.locator('body[data-step="8"][data-busy="false"]').waitFor();
  t.true(await page.locator('#lcx-error').isHidden());
  t.true(await page.locator('#lcx-warning').isVisible());
});

test('a model whose message type, role and timer name are <img onerror=...> markup shows them as text', async (t) => {
  const { page } = await open(t, ['--model-file', 'test/fixtures/img-onerror.mjs']);
  const timer = page.locator('#lcx-choices button[data-event*="timer"]').first();
  t.true((await timer.textContent())!.includes('<img src=x onerror='), 'the timer name is shown as it is');
  await timer.click();
  await page.locator('body[data-step="1"][data-busy="false"]').waitFor();
  const deliver = page.locator('#lcx-choices button[data-event*="deliver"]').first();
  t.true((await deliver.textContent())!.includes('said <img src=x onerror='));
  await deliver.click();
  await page.locator('body[data-step="2"][data-busy="false"]').waitFor();
  t.true((await page.locator('.lc-state').textContent())!.includes('follower<img src=x'), 'a role with markup is text in the state panel');
  t.is(await page.locator('img').count(), 0, 'no model string became an element');
  t.is(await page.evaluate(() => document.body.dataset.pwned), undefined, 'no handler ran');
});

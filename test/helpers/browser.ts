import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (no browser download): headless, no sandbox (tests
 * may run as root in a container), nothing reaching the network, and a fresh profile each time.
 * One browser per test file keeps the browser tests fast; close it with `closeBrowser`.
 */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  profile: string;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'leadercheck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  return { context, profile };
}

export async function closeBrowser(browser: TestBrowser): Promise<void> {
  await browser.context.close();
  rmSync(browser.profile, { recursive: true, force: true });
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { raft } from '../models/raft/index.js';
import { propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import { traceViewData } from '../src/report/view/buildViewData.js';
import { viewerHtml } from '../src/report/view/viewerPage.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { TRACE_FORMAT, type Trace } from '../src/trace/format.js';
import { createSystem } from '../src/world/world.js';
import { closeBrowser, launchBrowser } from '../test/helpers/browser.js';
import type { Figure } from './bench.js';

export const VIEWER_BENCH_EVENTS = 1000;

/** A 1,000-event trace: the first events of a long chaos run of 5 Raft nodes (crashes, partitions, drops, duplicates). */
export function longTrace(events = VIEWER_BENCH_EVENTS): Trace {
  const nodes = 5;
  const system = createSystem(raft, nodes);
  const spec = findProfile('chaos')!;
  for (let run = 0; ; run++) {
    const seed = `viewer-bench/${run}`;
    const result = randomRun({ system, profile: profileFor(spec, raft, seed), monitor: new Monitor(propertiesNamed(raft.promises), null), seed, eventsMax: 100_000 });
    if (result.events.length < events) continue;
    return { format: TRACE_FORMAT, model: raft.name, nodes, profile: 'chaos', seed, properties: [...raft.promises], events: result.events.slice(0, events) };
  }
}

/**
 * How fast the viewer of a 1,000-event trace opens and steps in Debian's chromium: the time from
 * a step change to the page laid out again (the handler, style and layout; painting is left
 * out, which headless chromium does off the main thread), over 200 slider moves spread over the
 * run (each a jump, so most redraw the diagram's window) and 200 single steps by the arrow key.
 */
export async function viewerBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-viewer-bench-'));
  const trace = longTrace();
  const html = viewerHtml(traceViewData(trace, raft));
  const path = join(dir, 'long.html');
  writeFileSync(path, html);
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const opened = performance.now();
    await page.goto(pathToFileURL(path).href);
    await page.locator('.lc-state').waitFor();
    const openMs = performance.now() - opened;
    const timings = await page.evaluate(async (events: number) => {
      const slider = document.querySelector('.lc-slider') as HTMLInputElement;
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      // The handler's work and the style and layout it causes (reading offsetHeight forces them),
      // measured synchronously; then a frame is let through so each change is painted.
      const timed = async (change: () => void): Promise<number> => {
        const started = performance.now();
        change();
        void document.body.offsetHeight;
        const ms = performance.now() - started;
        await frame();
        return ms;
      };
      const jumps: number[] = [];
      const steps: number[] = [];
      for (let i = 0; i < 200; i++) {
        jumps.push(
          await timed(() => {
            slider.value = String((i * 379) % (events + 1));
            slider.dispatchEvent(new Event('input'));
          }),
        );
      }
      for (let i = 0; i < 200; i++) steps.push(await timed(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))));
      return { jumps, steps };
    }, VIEWER_BENCH_EVENTS);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const max = (xs: number[]) => Math.max(...xs);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return [
      { name: 'viewer 1000 events: page size', unit: 'KiB', value: Math.round(html.length / 1024) },
      { name: 'viewer 1000 events: open', unit: 'ms', value: Math.round(openMs) },
      { name: 'viewer 1000 events: jump to a step, median', unit: 'ms', value: round(median(timings.jumps)) },
      { name: 'viewer 1000 events: jump to a step, slowest', unit: 'ms', value: round(max(timings.jumps)) },
      { name: 'viewer 1000 events: arrow key step, median', unit: 'ms', value: round(median(timings.steps)) },
      { name: 'viewer 1000 events: arrow key step, slowest', unit: 'ms', value: round(max(timings.steps)) },
    ];
  } finally {
    await closeBrowser(browser);
    rmSync(dir, { recursive: true, force: true });
  }
}

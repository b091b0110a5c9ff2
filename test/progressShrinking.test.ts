import test from 'ava';
import { PassThrough } from 'node:stream';
import { RunProgress } from '../src/cli/progress.js';

// Issue 14's 10-node check sat for over 10 minutes on "progress: 4/1000 runs | 4 runs | 3013
// events/s | 1 violation", repeated, while the shrink ran: nothing said the runs were over and
// the wait was the shrinker's. The line now says so while a counterexample is not shrunk yet.
test('the progress line says when counterexamples are still shrinking, and nothing when none are', async (t) => {
  const stream = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
  const progress = new RunProgress('runs', 1000, { stream, logEveryMs: 20 });
  progress.update(4, { runs: 4, events: 900, violations: 1, shrinking: 1 });
  await new Promise((resolve) => setTimeout(resolve, 120));
  progress.update(4, { runs: 4, events: 900, violations: 1, shrinking: 0 });
  progress.stop();
  const lines = text.split('\n').filter((line) => line.startsWith('progress: '));
  t.true(lines.some((line) => /^progress: 4\/1000 runs \| 4 runs \| \d+ events\/s \| 1 violation \| shrinking 1$/.test(line)), text);
  t.regex(lines.at(-1)!, /^progress: 4\/1000 runs \| 4 runs \| \d+ events\/s \| 1 violation$/);
});

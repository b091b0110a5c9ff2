/// <reference lib="dom" />
/**
 * The explorer page's script: the viewer's client API (diagram, event and state panels) draws the
 * path walked so far, and this adds the explorer's own parts: the enabled events as buttons, the
 * verdicts, the warning, undo/redo, the timeline and loading a trace. Every change is a POST to
 * the explorer; the page shows what the server answers. Model strings reach the page only through
 * textContent (htmlEl), never as markup.
 */
import { renderDiagram, type DiagramHandle } from '../../report/view/client/diagram.js';
import { clear, htmlEl } from '../../report/view/client/dom.js';
import { renderEventPanel, renderStatePanel } from '../../report/view/client/statePanel.js';
import type { ExplorerSnapshot } from '../snapshot.js';

type Answer = ExplorerSnapshot & { newly?: { property: string; step: number; detail: string }[] };

const byId = (id: string): HTMLElement => document.getElementById(id)!;
let diagram: DiagramHandle | null = null;
/** The step the server says is current: a click on the diagram elsewhere moves there. */
let current = 0;
let busy = false;

/** A GET (no body) or a POST of JSON; a refusal or error is thrown with the server's one line. */
async function request(path: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(text.trim() || `HTTP ${response.status}`);
  }
  if (!response.ok) throw new Error((value as { error?: string }).error ?? `HTTP ${response.status}`);
  return value as Answer;
}

/** One action at a time: a click while the last one is in flight is ignored, not queued. */
export async function act(path: string, body: unknown = {}): Promise<void> {
  if (busy) return;
  busy = true;
  document.body.setAttribute('data-busy', 'true');
  try {
    render(await request(path, body));
    showError(null);
  } catch (error) {
    showError((error as Error).message);
  } finally {
    busy = false;
    document.body.setAttribute('data-busy', 'false');
  }
}

function showError(text: string | null): void {
  const box = byId('lcx-error');
  box.hidden = text === null;
  box.textContent = text ?? '';
}

function render(s: Answer): void {
  const { view, cursor } = s;
  current = cursor;
  document.title = `leadercheck explorer: ${view.model}`;
  byId('lcx-model').textContent = `${view.model}, ${view.nodes} nodes`;
  byId('lcx-where').textContent = `step ${cursor} of ${s.timeline.length - 1} · t=${view.steps[cursor].at}`;
  const warning = byId('lcx-warning');
  const v = s.violation;
  warning.hidden = v === null;
  warning.textContent = v === null ? '' : `VIOLATION ${v.property} at step ${v.step}: ${v.detail}${s.newly !== undefined && s.newly.length > 0 ? ' (just now)' : ''}`;
  (byId('lcx-undo') as HTMLButtonElement).disabled = cursor === 0;
  (byId('lcx-redo') as HTMLButtonElement).disabled = cursor >= s.timeline.length - 1;
  if (diagram === null) diagram = renderDiagram(byId('lcx-diagram'), view, { selectedStep: cursor, onSelect: (step) => void (step !== current && act('/api/goto', { step })) });
  else diagram.update(view);
  diagram.select(cursor);
  renderEventPanel(byId('lcx-event'), view, cursor);
  renderStatePanel(byId('lcx-state'), view, cursor);
  renderVerdicts(s);
  renderChoices(s);
  renderTimeline(s);
  document.body.setAttribute('data-step', String(cursor));
}

function renderVerdicts(s: Answer): void {
  const body = (byId('lcx-verdicts') as HTMLTableElement).tBodies[0];
  clear(body);
  for (const v of s.verdicts) {
    const row = body.insertRow();
    row.setAttribute('data-property', v.property);
    row.appendChild(htmlEl('td', undefined, v.property));
    const [text, className] =
      v.violation !== null
        ? [`violated at step ${v.violation.step}: ${v.violation.detail}`, 'lcx-violated']
        : v.judged
          ? ['holds so far', 'lcx-holds']
          : ['not judged: faults never stop on this path', 'lcx-unjudged'];
    row.appendChild(htmlEl('td', className, text));
  }
}

const PROGRESS = new Set(['deliver', 'timer']);

/** The enabled events as buttons, grouped by kind in the enumerator's order; unknown kinds too. */
function renderChoices(s: Answer): void {
  const box = byId('lcx-choices');
  clear(box);
  let kind: string | null = null;
  for (const choice of s.enabled) {
    if (choice.event.kind !== kind) {
      kind = choice.event.kind;
      box.appendChild(htmlEl('h3', undefined, kind));
    }
    const button = box.appendChild(htmlEl('button', PROGRESS.has(kind) ? 'lcx-progress' : 'lcx-fault', choice.label));
    button.type = 'button';
    button.setAttribute('data-event', JSON.stringify(choice.event));
    button.addEventListener('click', () => void act('/api/step', { event: choice.event }));
  }
  if (s.enabled.length === 0) box.appendChild(htmlEl('p', undefined, 'nothing is enabled'));
}

/** Every step of the timeline, the ones past the cursor greyed (redo, or click to go there). */
function renderTimeline(s: Answer): void {
  const list = byId('lcx-timeline');
  clear(list);
  const violating = s.violation?.step ?? -1;
  for (const step of s.timeline) {
    const item = list.appendChild(htmlEl('li', step.index === s.cursor ? 'lcx-current' : step.index > s.cursor ? 'lcx-future' : undefined));
    if (step.index === violating) item.classList.add('lcx-violating');
    const button = item.appendChild(htmlEl('button', undefined, `${step.index}  t=${step.at}  ${step.label}`));
    button.type = 'button';
    button.setAttribute('data-step', String(step.index));
    button.addEventListener('click', () => void act('/api/goto', { step: step.index }));
  }
  list.querySelector('.lcx-current')?.scrollIntoView({ block: 'nearest' });
}

export function start(): void {
  byId('lcx-undo').addEventListener('click', () => void act('/api/undo'));
  byId('lcx-redo').addEventListener('click', () => void act('/api/redo'));
  const file = byId('lcx-file') as HTMLInputElement;
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (chosen === undefined) return;
    await act('/api/load', { text: await chosen.text(), name: chosen.name });
    file.value = '';
  });
  byId('lcx-load-paste').addEventListener('click', () => void act('/api/load', { text: (byId('lcx-paste') as HTMLTextAreaElement).value, name: 'pasted trace' }));
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target !== null && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT')) return;
    if (event.key === 'ArrowLeft') void act('/api/undo');
    else if (event.key === 'ArrowRight') void act('/api/redo');
  });
  request('/api/state').then(render, (error: Error) => showError(error.message));
}

start();

/// <reference lib="dom" />
/**
 * Part of the viewer client API (see diagram.ts):
 *
 *   mountViewer(root: HTMLElement, data: ViewData, options?: { selectedStep?: number }): ViewerHandle
 *     The whole viewer page in `root`: header (title, where the run came from, the violation),
 *     a step slider with previous/next buttons, the diagram, the event panel and the state panel.
 *     Left and right arrow keys step (Home and End jump to the ends) unless a text field has focus.
 *   ViewerHandle.select(step), ViewerHandle.step, ViewerHandle.update(data), ViewerHandle.destroy().
 */
import { renderDiagram } from './diagram.js';
import { clear, htmlEl } from './dom.js';
import { renderEventPanel, renderStatePanel } from './statePanel.js';
import type { ViewData } from './viewData.js';

export interface ViewerHandle {
  select(step: number): void;
  readonly step: number;
  update(data: ViewData): void;
  destroy(): void;
}

const LEGEND =
  'lanes: orange leader, purple candidate, blue follower, dashed down · arrow: message sent → delivered (the selected step\'s in orange), ' +
  'red ✕ on an arrow: dropped, ○: still in flight · clock: timer fires · red ✕ on a lane: crash · R: restart · 2: duplicate · ' +
  'shaded band: partition · red column: the violation · green dashed line: faults stop · click anything to select its step; ← → step';

export function mountViewer(root: HTMLElement, data: ViewData, options: { selectedStep?: number } = {}): ViewerHandle {
  clear(root);
  root.classList.add('lc-viewer');
  const header = root.appendChild(htmlEl('header', 'lc-header'));
  const controls = root.appendChild(htmlEl('div', 'lc-controls'));
  const prev = controls.appendChild(htmlEl('button', 'lc-prev', '◀'));
  const slider = controls.appendChild(htmlEl('input', 'lc-slider'));
  slider.type = 'range';
  slider.min = '0';
  const next = controls.appendChild(htmlEl('button', 'lc-next', '▶'));
  const stepLabel = controls.appendChild(htmlEl('span', 'lc-step-label'));
  const diagramRoot = root.appendChild(htmlEl('div'));
  root.appendChild(htmlEl('p', 'lc-legend', LEGEND));
  const panels = root.appendChild(htmlEl('div', 'lc-panels'));
  const eventPanel = panels.appendChild(htmlEl('section', 'lc-event-panel'));
  const statePanel = panels.appendChild(htmlEl('section', 'lc-state-panel'));
  prev.title = 'previous step (left arrow)';
  next.title = 'next step (right arrow)';
  slider.setAttribute('aria-label', 'step');

  let step = 0;
  const select = (to: number): void => {
    step = Math.max(0, Math.min(data.steps.length - 1, Math.round(to)));
    slider.value = String(step);
    stepLabel.textContent = `step ${step} of ${data.steps.length - 1} · t=${data.steps[step].at}`;
    if (diagram.selectedStep !== step) diagram.select(step);
    renderEventPanel(eventPanel, data, step);
    renderStatePanel(statePanel, data, step);
    root.setAttribute('data-step', String(step));
  };
  const start = options.selectedStep ?? data.violation?.step ?? 0;
  const diagram = renderDiagram(diagramRoot, data, { selectedStep: start, onSelect: select });
  const drawHeader = (): void => {
    clear(header);
    header.appendChild(htmlEl('h1', 'lc-title', data.title));
    const meta = header.appendChild(htmlEl('p', 'lc-meta'));
    meta.appendChild(htmlEl('span', undefined, `model ${data.model} · ${data.nodes} nodes`));
    for (const m of data.meta) meta.appendChild(htmlEl('span', undefined, ` · ${m.label} ${m.value}`));
    meta.appendChild(htmlEl('span', undefined, ` · properties ${data.properties.join(', ') || 'none'}`));
    const v = data.violation;
    if (v !== null) {
      const jump = header.appendChild(htmlEl('button', 'lc-goto-violation', `✖ ${v.property} violated at step ${v.step}: ${v.detail}`));
      jump.addEventListener('click', () => select(v.step));
    }
    slider.max = String(data.steps.length - 1);
  };
  const onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (target !== null && (target === slider || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range'))) return;
    const to = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: data.steps.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(to);
  };
  slider.addEventListener('input', () => select(Number(slider.value)));
  prev.addEventListener('click', () => select(step - 1));
  next.addEventListener('click', () => select(step + 1));
  document.addEventListener('keydown', onKey);
  drawHeader();
  select(start);
  return {
    select,
    get step() {
      return step;
    },
    update(nextData: ViewData) {
      data = nextData;
      drawHeader();
      diagram.update(data);
      select(Math.min(step, data.steps.length - 1));
    },
    destroy() {
      document.removeEventListener('keydown', onKey);
      diagram.destroy();
      clear(root);
    },
  };
}

/// <reference lib="dom" />
/**
 * The space-time diagram, the part of the viewer the explorer reuses.
 *
 * Contract (leadercheck viewer client API, v1; the explorer calls it, so change it only with it):
 *
 *   renderDiagram(root: HTMLElement, data: ViewData, options?: DiagramOptions): DiagramHandle
 *     Empties `root` and draws `data` (see viewData.ts) into it: one lane per node (node 1 on
 *     top), x by step, role and term along each lane, message arrows from send to delivery, drops
 *     as crosses, duplicates, timer firings, crashes, restarts, partitions as shaded bands, the
 *     violation and the stabilization point as vertical lines. Only the steps in view (plus a
 *     margin) are drawn, so a 1,000-event run stays cheap; scrolling draws the rest.
 *     options.selectedStep: the step shown selected at first (default: the violation's, else 0).
 *     options.onSelect(step): called when a person clicks a step's column or anything drawn in
 *     it (an arrow selects its delivery or drop step). The diagram selects the step itself first.
 *   DiagramHandle.select(step): highlights a step (clamped to the run) and scrolls it into view.
 *   DiagramHandle.update(data): redraws with new data (the explorer's run after another event);
 *     keeps the selection when the step still exists.
 *   DiagramHandle.selectedStep: the step selected now.
 *   DiagramHandle.destroy(): removes the listeners and empties `root`.
 *
 * Events of a kind this file does not know (a later fault kind) are drawn as a diamond on the
 * lane of their `node`, or on the axis, labelled with the event as viewData labels it.
 */
import { clear, htmlEl, svgEl, withTitle } from './dom.js';
import { drawArrow, drawEvent } from './glyphs.js';
import { laneY, layoutOf, roleClass, roleShort, type DiagramLayout } from './layout.js';
import type { ViewData, ViewStep } from './viewData.js';

export interface DiagramOptions {
  selectedStep?: number;
  onSelect?: (step: number) => void;
}

export interface DiagramHandle {
  select(step: number): void;
  update(data: ViewData): void;
  readonly selectedStep: number;
  destroy(): void;
}

/** Steps drawn beyond each edge of the view, so short scrolls draw nothing. */
const MARGIN_STEPS = 30;
const NAMES_WIDTH = 78;
/** The selection sits inside its column, so the violation's outline at the same step shows around it. */
const SELECTION_INSET = 3;

export function renderDiagram(root: HTMLElement, data: ViewData, options: DiagramOptions = {}): DiagramHandle {
  clear(root);
  root.classList.add('lc-diagram');
  const names = svgEl('svg', { class: 'lc-names', width: NAMES_WIDTH }) as SVGSVGElement;
  const scroller = htmlEl('div', 'lc-scroll');
  const svg = svgEl('svg', { class: 'lc-space-time' }) as SVGSVGElement;
  scroller.appendChild(svg);
  root.append(names, scroller);
  const layers = ['bands', 'lanes', 'columns', 'items', 'markers', 'axis'].map((name) => svg.appendChild(svgEl('g', { class: `lc-${name}` })));
  const [bands, lanes, columns, items, markers, axis] = layers;
  const defs = svg.appendChild(svgEl('defs', {}));
  const head = defs.appendChild(svgEl('marker', { id: 'lc-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }));
  head.appendChild(svgEl('path', { d: 'M0,0L10,5L0,10Z', class: 'lc-arrow-head' }));
  const selection = svg.appendChild(svgEl('rect', { class: 'lc-selection', y: SELECTION_INSET }));
  let layout: DiagramLayout;
  let drawn: [number, number] = [1, 0];
  let selected = 0;

  const viewWidth = (): number => (scroller.clientWidth > 0 ? scroller.clientWidth : 1200);
  const visibleSteps = (): [number, number] => {
    const w = layout.stepWidth;
    return [Math.floor(scroller.scrollLeft / w), Math.ceil((scroller.scrollLeft + viewWidth()) / w)];
  };
  const drawWindow = (force: boolean): void => {
    const [first, last] = visibleSteps();
    if (!force && first >= drawn[0] && last <= drawn[1]) return;
    const lo = Math.max(0, first - MARGIN_STEPS);
    const hi = Math.min(layout.lastStep, last + MARGIN_STEPS);
    drawn = [lo, hi];
    for (const layer of [bands, lanes, columns, items, axis]) clear(layer);
    drawBands(bands, data, layout, lo, hi);
    drawLanes(lanes, layout, lo, hi);
    for (let s = lo; s <= hi; s++) {
      const w = layout.stepWidth;
      columns.appendChild(svgEl('rect', { class: 'lc-column', x: layout.x(s) - w / 2, y: 0, width: w, height: layout.height, 'data-step': s }));
      drawAxisTick(axis, layout, data.steps[s]);
      drawEvent(items, data, layout, data.steps[s]);
    }
    for (const arrow of layout.arrows) if (arrow.to >= lo && arrow.from <= hi) drawArrow(items, layout, arrow.message);
    active = [];
  };
  const drawAll = (): void => {
    layout = layoutOf(data, viewWidth());
    selection.setAttribute('width', String(layout.stepWidth - 2 * SELECTION_INSET));
    // With room to spare every message is labelled; in a dense run only those of the selected step.
    svg.classList.toggle('lc-dense', layout.stepWidth < 60);
    svg.setAttribute('width', String(layout.width));
    svg.setAttribute('height', String(layout.height));
    names.setAttribute('height', String(layout.height));
    selection.setAttribute('height', String(layout.height - 2 * SELECTION_INSET));
    clear(markers);
    drawMarks(markers, data, layout);
    drawWindow(true);
  };
  // The messages the selected step sent, delivered, dropped or copied stand out, with their labels.
  let active: Element[] = [];
  const markActive = (): void => {
    for (const node of active) node.classList.remove('lc-active');
    const step = data.steps[selected];
    const ids = typeof step.event?.id === 'number' ? [...step.sent, step.event.id] : step.sent;
    active = ids.flatMap((id) => [...items.querySelectorAll(`[data-msg="${id}"]`)]);
    for (const node of active) node.classList.add('lc-active');
  };
  const drawNames = (): void => {
    clear(names);
    const step = data.steps[selected];
    for (let node = 1; node <= data.nodes; node++) {
      const s = data.snapshots[step.nodes[node - 1]];
      names.appendChild(svgEl('text', { class: 'lc-name', x: 6, y: laneY(node) - 4 }, `node ${node}`));
      names.appendChild(svgEl('text', { class: `lc-name-role ${roleClass(s.role, s.up)}`, x: 6, y: laneY(node) + 12 }, roleShort(s.role, s.term, s.up)));
    }
  };
  const handle: DiagramHandle = {
    get selectedStep() {
      return selected;
    },
    select(step: number) {
      selected = Math.max(0, Math.min(layout.lastStep, Math.round(step)));
      const x = layout.x(selected);
      const w = layout.stepWidth;
      selection.setAttribute('x', String(x - w / 2 + SELECTION_INSET));
      if (x < scroller.scrollLeft + w || x > scroller.scrollLeft + viewWidth() - w) scroller.scrollLeft = Math.max(0, x - viewWidth() / 2);
      drawWindow(false);
      markActive();
      drawNames();
    },
    update(next: ViewData) {
      data = next;
      drawAll();
      handle.select(selected);
    },
    destroy() {
      scroller.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
      svg.removeEventListener('click', onClick);
      clear(root);
    },
  };
  let pending = false;
  const onScroll = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      drawWindow(false);
    });
  };
  const onClick = (event: Event): void => {
    const hit = (event.target as Element).closest('[data-step]');
    if (hit === null) return;
    const step = Number(hit.getAttribute('data-step'));
    handle.select(step);
    options.onSelect?.(step);
  };
  // A wider or narrower window changes how wide a step may be: lay out again.
  const onResize = (): void => {
    if (layoutOf(data, viewWidth()).stepWidth === layout.stepWidth) return;
    drawAll();
    handle.select(selected);
  };
  scroller.addEventListener('scroll', onScroll);
  window.addEventListener('resize', onResize);
  svg.addEventListener('click', onClick);
  drawAll();
  handle.select(options.selectedStep ?? data.violation?.step ?? 0);
  return handle;
}

function drawBands(layer: SVGElement, data: ViewData, layout: DiagramLayout, lo: number, hi: number): void {
  for (const run of layout.partitions) {
    if (run.to < lo || run.from > hi) continue;
    const x = layout.x(run.from) - layout.stepWidth / 2;
    const width = (run.to - run.from + 1) * layout.stepWidth;
    const grouped = new Set(run.groups.flat());
    const label = `partition ${run.groups.map((g) => `[${g.join(',')}]`).join(' ')} (steps ${run.from}-${run.to})`;
    for (let node = 1; node <= data.nodes; node++) {
      const group = run.groups.findIndex((g) => g.includes(node));
      // Nodes in no group are cut off from everyone: they get the darkest shade.
      const shade = grouped.has(node) ? `lc-band-${group % 4}` : 'lc-band-alone';
      const y = laneY(node) - layout.laneHeight / 2;
      layer.appendChild(withTitle(svgEl('rect', { class: `lc-band ${shade}`, x, y, width, height: layout.laneHeight, 'data-step': run.from }), label));
    }
  }
}

function drawLanes(layer: SVGElement, layout: DiagramLayout, lo: number, hi: number): void {
  for (const seg of layout.segments) {
    if (seg.to < lo || seg.from > hi) continue;
    const x1 = layout.x(seg.from) - layout.stepWidth / 2;
    const x2 = layout.x(seg.to) + layout.stepWidth / 2;
    const y = laneY(seg.node);
    const text = seg.up ? `node ${seg.node}: ${seg.role} in term ${seg.term} (steps ${seg.from}-${seg.to})` : `node ${seg.node} down (steps ${seg.from}-${seg.to})`;
    layer.appendChild(withTitle(svgEl('line', { class: `lc-lane ${roleClass(seg.role, seg.up)}`, x1, x2, y1: y, y2: y }), text));
    layer.appendChild(svgEl('text', { class: 'lc-lane-label', x: x1 + 3, y: y - 9 }, roleShort(seg.role, seg.term, seg.up)));
  }
}

function drawAxisTick(layer: SVGElement, layout: DiagramLayout, step: ViewStep): void {
  const x = layout.x(step.index);
  layer.appendChild(svgEl('line', { class: 'lc-tick', x1: x, x2: x, y1: 36, y2: 42 }));
  // Every step labelled when there is room, else every fifth.
  if (step.index % (layout.stepWidth >= 60 ? 1 : 5) === 0) {
    layer.appendChild(svgEl('text', { class: 'lc-axis-step', x, y: 14 }, String(step.index)));
    layer.appendChild(svgEl('text', { class: 'lc-axis-time', x, y: 30 }, `t${step.at}`));
  }
}

function drawMarks(layer: SVGElement, data: ViewData, layout: DiagramLayout): void {
  const stable = data.stabilization;
  if (stable !== null) {
    const x = layout.x(stable.step) + layout.stepWidth / 2;
    layer.appendChild(svgEl('line', { class: 'lc-stable', x1: x, x2: x, y1: 0, y2: layout.height }));
    const label = `faults stop after step ${stable.step} (t=${stable.at}); a leader is due by t=${stable.at + stable.boundTicks}`;
    layer.appendChild(withTitle(svgEl('text', { class: 'lc-stable-label', x: x + 3, y: layout.height - 4, 'data-step': stable.step }, 'faults stop'), label));
  }
  const v = data.violation;
  if (v !== null) {
    const x = layout.x(v.step);
    const marker = svgEl('g', { class: 'lc-violation', 'data-step': v.step });
    marker.appendChild(svgEl('rect', { x: x - layout.stepWidth / 2, y: 0, width: layout.stepWidth, height: layout.height }));
    marker.appendChild(svgEl('text', { x: x + layout.stepWidth / 2 + 3, y: 14 }, `✖ ${v.property}`));
    layer.appendChild(withTitle(marker, `step ${v.step}: ${v.property} violated: ${v.detail}`));
  }
}

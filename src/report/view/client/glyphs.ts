/// <reference lib="dom" />
/**
 * What the diagram draws for one message or one event: arrows from send to delivery (a drop ends
 * partway with a cross, a message still in flight is a short dashed stub), and a glyph per event on
 * its node's lane. Every element carries `data-step`, the step a click on it selects.
 */
import { svgEl, withTitle } from './dom.js';
import { laneY, type DiagramLayout } from './layout.js';
import type { ViewData, ViewMessage, ViewStep } from './viewData.js';

export function drawArrow(layer: SVGElement, layout: DiagramLayout, m: ViewMessage): void {
  const x1 = layout.x(m.sentStep);
  const y1 = laneY(m.from);
  const xTo = layout.x(m.end?.step ?? Math.min(layout.lastStep + 0.8, m.sentStep + 0.8));
  const yTo = laneY(m.to);
  const fate = m.end === null ? 'still in flight' : m.end.kind === 'deliver' ? `delivered at step ${m.end.step}` : `dropped at step ${m.end.step}`;
  const tip = `#${m.id} ${m.from}->${m.to} ${m.label}: sent at step ${m.sentStep}${m.copyOf === null ? '' : ` (a copy of #${m.copyOf})`}, ${fate}`;
  const g = withTitle(svgEl('g', { class: `lc-msg lc-msg-${m.end?.kind ?? 'flight'}`, 'data-step': m.end?.step ?? m.sentStep, 'data-msg': m.id }), tip);
  // A drop ends the arrow partway, with a cross; a message still in flight is a short dashed stub.
  const part = m.end === null ? 0.35 : m.end.kind === 'drop' ? 0.6 : 1;
  const x2 = x1 + (xTo - x1) * (m.end === null ? 1 : part);
  const y2 = y1 + (yTo - y1) * part;
  g.appendChild(svgEl('line', { x1, y1, x2, y2, 'marker-end': m.end?.kind === 'deliver' ? 'url(#lc-arrow)' : '' }));
  if (m.end?.kind === 'drop') g.appendChild(cross(x2, y2, 5, 'lc-drop'));
  if (m.end === null) g.appendChild(svgEl('circle', { class: 'lc-flight', cx: x2, cy: y2, r: 3 }));
  if (part === 1) g.appendChild(svgEl('text', { class: 'lc-msg-label', x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3 }, m.type));
  layer.appendChild(g);
}

function cross(x: number, y: number, r: number, className: string): SVGElement {
  return svgEl('path', { class: className, d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}` });
}

export function drawEvent(layer: SVGElement, data: ViewData, layout: DiagramLayout, step: ViewStep): void {
  const e = step.event;
  if (e === null) return;
  const x = layout.x(step.index);
  const tip = `step ${step.index} t=${step.at}: ${step.label}`;
  const at = (node: number): number => laneY(node);
  const glyph = (className: string): SVGElement => layer.appendChild(withTitle(svgEl('g', { class: `lc-event ${className}`, 'data-step': step.index }), tip));
  const onLane = typeof e.node === 'number' && e.node >= 1 && e.node <= data.nodes ? e.node : null;
  switch (e.kind) {
    case 'deliver':
    case 'drop':
      return;
    case 'duplicate': {
      const m = data.messages.find((q) => q.copyOf === e.id && q.sentStep === step.index);
      const g = glyph('lc-dup');
      const y = at(m?.from ?? 1);
      g.append(svgEl('rect', { x: x - 6, y: y - 6, width: 12, height: 12, rx: 2 }), svgEl('text', { x, y: y + 4 }, '2'));
      return;
    }
    case 'timer': {
      if (onLane === null) break;
      const g = glyph('lc-timer');
      const y = at(onLane);
      g.append(svgEl('circle', { cx: x, cy: y, r: 7 }), svgEl('path', { d: `M${x},${y - 4}L${x},${y}L${x + 3},${y + 2}` }));
      g.appendChild(svgEl('text', { class: 'lc-event-label', x, y: y + 20 }, String(e.timer)));
      return;
    }
    case 'crash':
      if (onLane === null) break;
      glyph('lc-crash').appendChild(cross(x, at(onLane), 8, ''));
      return;
    case 'restart': {
      if (onLane === null) break;
      const g = glyph('lc-restart');
      g.append(svgEl('circle', { cx: x, cy: at(onLane), r: 7 }), svgEl('text', { x, y: at(onLane) + 4 }, 'R'));
      return;
    }
    case 'partition':
    case 'heal': {
      const g = glyph(`lc-${e.kind}`);
      g.append(svgEl('line', { x1: x, x2: x, y1: 36, y2: laneY(data.nodes) + 24 }), svgEl('text', { class: 'lc-event-label', x, y: laneY(data.nodes) + 36 }, e.kind));
      return;
    }
  }
  // A kind this viewer does not know (or one without a valid node): a labelled diamond.
  const g = glyph('lc-other');
  const y = onLane === null ? 40 : at(onLane);
  g.append(svgEl('path', { d: `M${x},${y - 7}L${x + 7},${y}L${x},${y + 7}L${x - 7},${y}Z` }), svgEl('text', { class: 'lc-event-label', x, y: y + 20 }, e.kind));
}

/// <reference lib="dom" />
/**
 * Part of the viewer client API (see diagram.ts for the diagram):
 *
 *   renderStatePanel(root: HTMLElement, data: ViewData, step: number): void
 *     Fills `root` with a table of every node at `step`: up, role, term, leader, the rest of its
 *     view (a column shown when some view has more), volatile state, stable storage and pending
 *     timers. What differs from the step before is
 *     marked with the class `lc-changed` (a whole cell, or one top-level field of a state).
 *   renderEventPanel(root: HTMLElement, data: ViewData, step: number): void
 *     Fills `root` with what the step's event did: the event, the node that stepped and what it
 *     handled, its marks, the messages it sent, what is in flight after it, the violation's detail
 *     at its step and the stabilization point.
 */
import { clear, htmlEl, jsonLine } from './dom.js';
import type { ViewData, ViewNode } from './viewData.js';

const VIEW_KEYS = ['role', 'term', 'leader'];

export function renderStatePanel(root: HTMLElement, data: ViewData, step: number): void {
  clear(root);
  const now = data.steps[step];
  const before = step > 0 ? data.steps[step - 1] : null;
  const table = htmlEl('table', 'lc-state');
  const head = table.createTHead().insertRow();
  // A model's view may say more than role, term and leader: then it gets a column of its own.
  const wideView = data.snapshots.some((n) => n.view !== null && typeof n.view === 'object' && Object.keys(n.view).some((k) => !VIEW_KEYS.includes(k)));
  const columns = ['node', 'up', 'role', 'term', 'leader', ...(wideView ? ['view'] : []), 'state', 'stored', 'timers'];
  for (const name of columns) head.appendChild(htmlEl('th', undefined, name));
  const body = table.createTBody();
  for (let node = 1; node <= data.nodes; node++) {
    const s = data.snapshots[now.nodes[node - 1]];
    const p = before === null ? null : data.snapshots[before.nodes[node - 1]];
    const row = body.insertRow();
    row.className = s.up ? 'lc-node-up' : 'lc-node-down';
    row.setAttribute('data-node', String(node));
    if (now.stepped === node) row.classList.add('lc-stepped');
    const cell = (text: string, changed: boolean): void => {
      row.appendChild(htmlEl('td', changed ? 'lc-changed' : undefined, text));
    };
    const differs = (pick: (n: ViewNode) => unknown): boolean => p !== null && jsonLine(pick(s)) !== jsonLine(pick(p));
    cell(String(node), false);
    cell(s.up ? 'up' : 'down', differs((n) => n.up));
    cell(s.role ?? '-', differs((n) => n.role));
    cell(s.term === null ? '-' : String(s.term), differs((n) => n.term));
    cell(s.leader === null ? '-' : String(s.leader), differs((n) => n.leader));
    if (wideView) row.appendChild(fieldsCell(s.view, p === null ? undefined : p.view));
    row.appendChild(fieldsCell(s.state, p === null ? undefined : p.state));
    row.appendChild(fieldsCell(s.stored, p === null ? undefined : p.stored));
    cell(s.timers.map((t) => `${t.name} (#${t.id}, set t${t.setAt}, after ${jsonLine(t.after)})`).join('\n') || '-', differs((n) => n.timers.map((t) => t.id)));
  }
  root.appendChild(table);
}

/**
 * A state as one line per top-level field, each field that differs from `previous` marked; a
 * state that is not an object is one line. `previous` undefined: nothing to compare (step 0).
 */
function fieldsCell(value: unknown, previous: unknown): HTMLTableCellElement {
  const td = htmlEl('td', 'lc-fields');
  const compare = previous !== undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    td.appendChild(htmlEl('div', compare && jsonLine(value) !== jsonLine(previous) ? 'lc-changed' : undefined, jsonLine(value)));
    return td;
  }
  const old = previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? (previous as Record<string, unknown>) : {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const line = htmlEl('div', compare && jsonLine(field) !== jsonLine(old[key]) ? 'lc-changed' : undefined);
    line.append(htmlEl('span', 'lc-key', `${key}: `), htmlEl('span', 'lc-value', jsonLine(field)));
    td.appendChild(line);
  }
  return td;
}

export function renderEventPanel(root: HTMLElement, data: ViewData, step: number): void {
  clear(root);
  const now = data.steps[step];
  const byId = new Map(data.messages.map((m) => [m.id, m]));
  const describe = (id: number): string => {
    const m = byId.get(id);
    return m === undefined ? `#${id}` : `#${id} ${m.from}->${m.to} ${m.label}`;
  };
  root.appendChild(htmlEl('h2', 'lc-event-title', `step ${now.index} · t=${now.at} · ${now.label}`));
  const list = htmlEl('dl', 'lc-facts');
  const fact = (name: string, text: string, className?: string): void => {
    list.append(htmlEl('dt', undefined, name), htmlEl('dd', className, text));
  };
  if (now.stepped !== null) fact('stepped', `node ${now.stepped}${now.input === null ? '' : ` handled ${now.input}`}`);
  if (now.marks.length > 0) fact('marks', now.marks.join(', '), 'lc-marks');
  if (now.sent.length > 0) fact('sent', now.sent.map(describe).join('\n'));
  fact('in flight', now.network.length === 0 ? 'nothing' : now.network.map(describe).join('\n'));
  fact('network', now.partition === null ? 'whole' : `partitioned ${now.partition.map((g) => `[${g.join(',')}]`).join(' ')}`);
  const stable = data.stabilization;
  if (stable !== null && step >= stable.step) fact('faults', `stopped after step ${stable.step} (t=${stable.at}); a leader is due by t=${stable.at + stable.boundTicks}`);
  root.appendChild(list);
  const v = data.violation;
  if (v !== null && v.step === step) {
    const box = htmlEl('div', 'lc-violation-detail');
    box.append(htmlEl('strong', undefined, `${v.property} violated at step ${v.step}`), htmlEl('p', undefined, v.detail));
    root.appendChild(box);
  }
}

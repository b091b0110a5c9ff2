/// <reference lib="dom" />
/**
 * The only way the viewer builds its page: elements whose text is set with textContent and whose
 * attributes with setAttribute, never markup from strings, so a model's `<img onerror=...>` message
 * type shows as text (issue 16 item 4).
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element with a class and text. */
export function htmlEl<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An SVG element with attributes and text. */
export function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Adds an SVG tooltip: the text people see when hovering. */
export function withTitle<T extends SVGElement>(node: T, text: string): T {
  node.appendChild(svgEl('title', {}, text));
  return node;
}

/** Removes every child of `node`. */
export function clear(node: Element): void {
  while (node.firstChild !== null) node.removeChild(node.firstChild);
}

/** Plain data as one line of JSON (undefined as `undefined`), for tables and tooltips. */
export function jsonLine(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

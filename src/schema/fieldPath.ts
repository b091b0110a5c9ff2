/**
 * A JSON pointer rendered as people write the field in code: `/events/3/node` as
 * `events[3].node`. The value decides whether a segment indexes a list, so a model named "1" is
 * `models["1"]`; keys that are not identifiers are quoted (`inputs["leader <- tick"]`).
 */
export function fieldPath(pointer: string, root: unknown): string {
  if (pointer === '') return '';
  return pathOfKeys(pointer.slice(1).split('/').map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~')), root);
}

/** The same rendering from the keys themselves (`['models', name, 'model']`). */
export function pathOfKeys(keys: readonly (string | number)[], root: unknown): string {
  let path = '';
  let value = root;
  for (const key of keys.map(String)) {
    if (Array.isArray(value)) path += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

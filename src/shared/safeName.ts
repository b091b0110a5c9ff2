import { createHash } from 'node:crypto';

/**
 * Characters Windows refuses in a file name, or artifact uploaders do (`actions/upload-artifact`
 * refuses `" : < > | * ? \r \n`), control characters, the separators, and `%` itself so that
 * encoding stays one-to-one: two different names never share a file.
 */
const UNSAFE = /[<>:"|?*\\/%\u0000-\u001f\u007f]/g;
/** Windows reserves these names as devices, with any extension: `con.trace.json` cannot be created. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Room for the suffixes a name gets (`.trace.json`, the atomic write's `.<pid>.tmp`) under the usual 255-byte limit. */
const SEGMENT_BYTES_MAX = 180;

/**
 * A name (a model, profile or property) as one file or folder name that every file system and
 * artifact store takes, unchanged when it already is one (so `volatile-vote` stays itself):
 * unsafe characters are percent-encoded (`a|b` is `a%7Cb`), and so are a trailing dot or space,
 * the first letter of a reserved device name, and `.`/`..`; an empty name is `%`. A name too
 * long for a file system keeps its start and gets a hash of the whole.
 */
export function safeFileName(name: string): string {
  if (name === '') return '%';
  let safe = name.replace(UNSAFE, percent);
  if (safe === '.' || safe === '..') safe = safe.replace(/\./g, percent);
  if (RESERVED.test(safe)) safe = percent(safe[0]) + safe.slice(1);
  safe = safe.replace(/[. ]$/, percent);
  if (Buffer.byteLength(safe) <= SEGMENT_BYTES_MAX) return safe;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  // Cut by code points so the kept start is still valid UTF-16, then clear a cut-open escape.
  const start = [...safe].slice(0, 120).join('').replace(/%[0-9A-F]?$/, '');
  return `${start}~${hash}`;
}

/**
 * A model name as a relative path: its `/` separates folders, as in `raft/volatile-vote`, and
 * each part is a safeFileName, so no name climbs out (`../x` is `%2E%2E/x`) or starts at the root.
 */
export function safeNamePath(name: string): string[] {
  return name.split('/').map(safeFileName);
}

/**
 * Whether a file or folder name is one safeFileName could have given (its `%` escapes aside):
 * how a path read back from a report is checked before anything is written by it.
 */
export function isSafeFileName(name: string): boolean {
  return (
    name !== '' &&
    !/[<>:"|?*\\/\u0000-\u001f\u007f]/.test(name) &&
    name !== '.' &&
    name !== '..' &&
    !RESERVED.test(name) &&
    !/[. ]$/.test(name) &&
    Buffer.byteLength(name) <= SEGMENT_BYTES_MAX + '.trace.json'.length
  );
}

/** A relative `a/b/c.trace.json` of safe names, as tracePathOf builds them (either separator): a trace path a report may name. */
export function isReportTracePath(trace: string): boolean {
  return trace.endsWith('.trace.json') && trace.split(/[\\/]/).every(isSafeFileName);
}

function percent(char: string): string {
  return [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

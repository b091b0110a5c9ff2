/**
 * Escapers for strings a model (or a user's path or seed) supplies, one per place they are
 * rendered: a model name, message type, role, timer name, mark or `describeMessage` output may
 * hold anything, and must neither break a report's structure nor reach a terminal raw. Each leaves
 * plain names (`raft`, `RequestVote`, `candidate steps down on higher term`) exactly as they are.
 */

// C0 and C1 controls and DEL (ANSI escapes start with ESC, a newline ends a line), the line and
// paragraph separators, bidirectional overrides (they reorder what a reader sees), U+FFFE/U+FFFF
// and lone surrogates (neither is valid XML or UTF-8).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeUnsafe(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * Text on one line with nothing a terminal acts on: control characters, newlines included, are
 * shown escaped (`\x1b`, `\n`), so an error message stays one line and `.txt` traces and `replay`
 * output carry no ANSI escape sequence.
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, escapeUnsafe);
}

/** What a terminal or a `.txt` file shows: the same as `oneLine`, named for where it is used. */
export const terminalText = oneLine;

/**
 * Lines of output for a terminal, built around model strings: each line as `terminalText` shows
 * it, so no ANSI escape or other control character in a model string reaches the terminal raw.
 */
export function terminalLines(text: string): string {
  return text.split('\n').map(oneLine).join('\n');
}

/**
 * Text in a Markdown heading, paragraph, list item or table cell: on one line, HTML shown as text
 * (`<script>` stays visible and inert), and the characters that open emphasis, code, links or
 * cells (`` ` * _ [ ] | \ ``) escaped with a backslash.
 */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A table cell is Markdown text: `|` is escaped there too. */
export const markdownCell = markdownText;

/**
 * Text as inline code (`` `RequestVote` ``): on one line, fenced with more backticks than any run
 * of backticks inside it. In a table cell give `inTable`, as GFM splits cells at a `|` even in code
 * (`\|` there stands for `|`); outside a table it would show the backslash.
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
  const line = oneLine(text);
  const body = options.inTable === true ? line.replace(/\|/g, '\\|') : line;
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side keeps a backtick at either end from joining the fence; GFM strips it.
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A relative path as a Markdown link target: every byte outside the characters a URL path keeps
 * as they are is percent-encoded (a space, parentheses, `<>`, `&`, `%`, a newline, non-ASCII), so
 * the link ends where the path does and still names the file.
 */
export function markdownLinkTarget(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~/!$'*+,;=:@]/gu, (char) =>
    [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * Text Mermaid accepts in a message or note: `;` ends a statement, `#` starts an entity code,
 * `%%` a comment, `:` `<` `>` `{` `}` and quotes confuse the parser or the HTML, and a newline ends
 * the statement; they all become plain words or spaces.
 */
export function mermaidLabel(text: string): string {
  return text
    .replace(/->/g, ' to ')
    .replace(/>/g, ' names ')
    .replace(/[^A-Za-z0-9 ,.()_=+/-]/g, ' ')
    .replace(/-{2,}/g, 'down')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text in an XML attribute or element: control characters shown escaped (XML 1.0 forbids them), markup as entities. */
export function xmlText(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A name in an lcov `FN:` or `FNDA:` record: one line, and no `,`, which separates the record's fields. */
export function lcovField(text: string): string {
  return oneLine(text).replace(/,/g, ';');
}

/** Text in HTML content or a quoted attribute: markup as entities, so it shows as text. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Plain data as JSON inside `<script type="application/json">`: `<` (and `>`, `&`) as `\u003c`
 * and so on, so no string in it can close the element (`</script>`) or open a comment, and U+2028
 * and U+2029 escaped too; JSON.parse reads back exactly the value.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

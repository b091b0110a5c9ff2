import { fileURLToPath } from 'node:url';
import { clientBundle } from '../report/view/clientBundle.js';
import { VIEWER_CSS } from '../report/view/viewerStyle.js';

let script: string | null = null;

/** The compiled explorer client and the viewer modules it imports, as one classic script (built once). */
export function explorerScript(): string {
  script ??= clientBundle([fileURLToPath(new URL('./client/explorerClient.js', import.meta.url))]);
  return script;
}

/**
 * The explorer's one page: markup, style and script inline (no CDN, nothing fetched but the
 * explorer's own JSON). It holds no model string: the script fetches the state and renders every
 * model-provided string with textContent, so a message type like `<img src=x onerror=...>` is text.
 * `nonce` is the Content-Security-Policy nonce of this response: no other script runs.
 */
export function explorerPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leadercheck explorer</title>
<style>${VIEWER_CSS}${STYLE}</style>
</head>
<body>
<header class="lcx-header">
  <h1>leadercheck explorer: <span id="lcx-model"></span></h1>
  <span id="lcx-where"></span>
</header>
<div id="lcx-warning" class="lcx-warning" role="alert" hidden></div>
<div id="lcx-error" class="lcx-error" role="status" hidden></div>
<nav class="lcx-toolbar">
  <button id="lcx-undo" type="button" title="undo (left arrow)">Undo</button>
  <button id="lcx-redo" type="button" title="redo (right arrow)">Redo</button>
  <a id="lcx-save" href="/api/trace" download>Save trace</a>
  <label>Load trace <input id="lcx-file" type="file" accept=".json,application/json"></label>
  <details><summary>Paste a trace</summary>
    <textarea id="lcx-paste" rows="6" cols="60" spellcheck="false"></textarea>
    <button id="lcx-load-paste" type="button">Load pasted trace</button>
  </details>
</nav>
<main class="lcx-main">
  <section class="lcx-path">
    <div id="lcx-diagram"></div>
    <div class="lc-panels">
      <section id="lcx-event" class="lc-event-panel"></section>
      <section id="lcx-state" class="lc-state-panel"></section>
    </div>
  </section>
  <section class="lcx-side">
    <h2>Properties</h2>
    <table id="lcx-verdicts"><thead><tr><th>property</th><th>verdict</th></tr></thead><tbody></tbody></table>
    <h2>Enabled events</h2>
    <div id="lcx-choices"></div>
    <h2>Timeline</h2>
    <ol id="lcx-timeline" start="0"></ol>
  </section>
</main>
<script nonce="${nonce}">${explorerScript()}</script>
</body>
</html>
`;
}

const STYLE = `
.lcx-header { display: flex; gap: 1em; align-items: baseline; padding: 8px 16px; background: #1d2430; color: #fff; }
.lcx-header h1 { font-size: 17px; margin: 0; }
.lcx-toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--line); }
.lcx-toolbar button, .lcx-toolbar a { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); color: inherit; text-decoration: none; cursor: pointer; }
.lcx-warning { padding: 8px 16px; background: var(--bad); color: #fff; font-weight: 600; white-space: pre-wrap; }
.lcx-error { padding: 6px 16px; background: #fffaeb; color: #7a2e0e; white-space: pre-wrap; }
.lcx-main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18em, 1fr); gap: 16px; padding: 12px 16px; }
.lcx-side h2 { font-size: 15px; margin: 12px 0 4px; }
.lcx-side table { border-collapse: collapse; width: 100%; }
.lcx-side td, .lcx-side th { border: 1px solid var(--line); padding: 2px 6px; text-align: left; vertical-align: top; }
.lcx-violated { color: var(--bad); font-weight: 600; }
.lcx-holds { color: var(--good); }
.lcx-unjudged { color: var(--muted); }
#lcx-choices { display: flex; flex-wrap: wrap; gap: 4px; }
#lcx-choices h3 { flex-basis: 100%; font-size: 12px; margin: 6px 0 0; color: var(--muted); text-transform: uppercase; }
#lcx-choices button { font: 12px ui-monospace, monospace; padding: 2px 6px; cursor: pointer; }
#lcx-choices button.lcx-fault { border: 1px solid var(--leader); }
#lcx-timeline { max-height: 40vh; overflow-y: auto; padding-left: 0; list-style: none; font: 12px ui-monospace, monospace; }
#lcx-timeline button { all: unset; cursor: pointer; white-space: pre-wrap; }
#lcx-timeline .lcx-current { background: var(--select); }
#lcx-timeline .lcx-future { color: var(--muted); }
#lcx-timeline .lcx-violating { color: var(--bad); }
`;

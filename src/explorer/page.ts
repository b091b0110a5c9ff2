import { EXPLORER_SCRIPT } from './pageScript.js';

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
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>leadercheck explorer: <span id="model"></span></h1>
  <span id="where"></span>
</header>
<div id="warning" class="warning" role="alert" hidden></div>
<div id="error" class="error" role="status" hidden></div>
<nav class="toolbar">
  <button id="undo" type="button" title="undo (Left arrow)">Undo</button>
  <button id="redo" type="button" title="redo (Right arrow)">Redo</button>
  <a id="save" href="/api/trace" download>Save trace</a>
  <label>Load trace <input id="file" type="file" accept=".json,application/json"></label>
  <details id="paste-box"><summary>Paste a trace</summary>
    <textarea id="paste" rows="6" cols="60" spellcheck="false"></textarea>
    <button id="load-paste" type="button">Load pasted trace</button>
  </details>
</nav>
<main>
  <section class="left">
    <h2>Path</h2>
    <div id="diagram"></div>
    <ol id="timeline" start="0"></ol>
  </section>
  <section class="right">
    <h2>Properties</h2>
    <table id="verdicts"><thead><tr><th>property</th><th>verdict</th></tr></thead><tbody></tbody></table>
    <h2>Enabled events</h2>
    <div id="choices"></div>
    <h2>Nodes</h2>
    <div id="nodes"></div>
    <h2>In flight</h2>
    <ul id="network"></ul>
  </section>
</main>
<script nonce="${nonce}">${EXPLORER_SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header { display: flex; gap: 1em; align-items: baseline; padding: 0.5em 1em; background: #24324a; color: #fff; }
h1 { font-size: 1.1em; margin: 0; }
h2 { font-size: 1em; margin: 0.8em 0 0.3em; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.6em; align-items: center; padding: 0.5em 1em; border-bottom: 1px solid #ddd; }
.toolbar a { padding: 0.2em 0.6em; border: 1px solid #888; border-radius: 3px; text-decoration: none; color: inherit; background: #fff; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1em; padding: 0 1em 1em; }
.warning { padding: 0.6em 1em; background: #b00020; color: #fff; font-weight: bold; }
.error { padding: 0.4em 1em; background: #fff3cd; color: #5c4400; }
#diagram { overflow-x: auto; background: #fff; border: 1px solid #ddd; }
#timeline { max-height: 40vh; overflow-y: auto; padding-left: 3em; font-family: ui-monospace, monospace; }
#timeline li.future { color: #999; }
#timeline li.current { background: #dbe9ff; }
#timeline li.violating { color: #b00020; }
#timeline button { all: unset; cursor: pointer; }
#choices { display: flex; flex-wrap: wrap; gap: 0.3em; }
#choices h3 { flex-basis: 100%; font-size: 0.9em; margin: 0.3em 0 0; color: #555; }
#choices button { font-family: ui-monospace, monospace; }
#choices button.fault { border-color: #b26b00; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: 0.15em 0.5em; text-align: left; }
td.violated { color: #b00020; font-weight: bold; }
td.holds { color: #1b6e1b; }
td.unjudged { color: #777; }
.node { border: 1px solid #ddd; background: #fff; margin-bottom: 0.4em; padding: 0.3em 0.5em; }
.node.down { opacity: 0.6; }
.node pre { margin: 0.2em 0; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
#network { font-family: ui-monospace, monospace; }
svg text { font: 11px ui-monospace, monospace; }
`;

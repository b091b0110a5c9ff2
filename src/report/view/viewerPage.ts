import { createHash } from 'node:crypto';
import { htmlText, scriptJson } from '../escape.js';
import { viewerScript } from './clientBundle.js';
import { VIEW_DATA_ELEMENT_ID, type ViewData } from './client/viewData.js';
import { VIEWER_CSS } from './viewerStyle.js';

/** What a self-contained page is made of; the explorer builds its page from the same parts. */
export interface PageParts {
  title: string;
  /** Embedded as JSON in the page's data block (VIEW_DATA_ELEMENT_ID), escaped so it cannot end the block. */
  data: unknown;
  /** The page's one script (see clientBundle). */
  script: string;
  style?: string;
  /** Extra Content-Security-Policy sources, e.g. `connect-src 'self'` for a page that talks to its server. */
  extraPolicy?: string;
}

/**
 * One HTML page that loads nothing: style and script inline, the data as JSON. Its
 * Content-Security-Policy allows only the page's own script (by hash), so even a model string that
 * reached the page as markup could neither run a handler nor load an image.
 */
export function pageHtml(parts: PageParts): string {
  const hash = createHash('sha256').update(parts.script).digest('base64');
  const style = parts.style ?? VIEWER_CSS;
  const policy = [`default-src 'none'`, `style-src 'unsafe-inline'`, `script-src 'sha256-${hash}'`, parts.extraPolicy].filter(Boolean).join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(policy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(parts.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<div id="leadercheck-viewer"></div>',
    `<script type="application/json" id="${VIEW_DATA_ELEMENT_ID}">${scriptJson(parts.data)}</script>`,
    // The bundle is compiled client code, never model text; `</script` cannot occur in it unless
    // written there, which the check below refuses.
    `<script>${safeScript(parts.script)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The viewer page of one run. */
export function viewerHtml(data: ViewData): string {
  return pageHtml({ title: `leadercheck: ${data.title}`, data, script: viewerScript() });
}

function safeScript(script: string): string {
  if (/<\/script|<!--/i.test(script)) throw new Error('the client script holds `</script` or `<!--`, which would end the page\'s script early');
  return script;
}

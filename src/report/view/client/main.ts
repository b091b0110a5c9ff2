/// <reference lib="dom" />
/**
 * The viewer page's entry: reads the run from the page's JSON block and mounts the viewer. It
 * also exposes the client API as `window.leadercheckView` ({ renderDiagram, renderStatePanel,
 * renderEventPanel, mountViewer }) for pages that bring their own data, as the explorer does.
 */
import { renderDiagram } from './diagram.js';
import { renderEventPanel, renderStatePanel } from './statePanel.js';
import { mountViewer } from './viewer.js';
import { VIEW_DATA_ELEMENT_ID, type ViewData } from './viewData.js';

(globalThis as unknown as { leadercheckView: object }).leadercheckView = { renderDiagram, renderStatePanel, renderEventPanel, mountViewer };

const block = document.getElementById(VIEW_DATA_ELEMENT_ID);
const root = document.getElementById('leadercheck-viewer');
if (block !== null && root !== null) mountViewer(root, JSON.parse(block.textContent ?? 'null') as ViewData);

/**
 * The viewer's style sheet, inlined in every page (a page loads nothing). Kept here as text rather
 * than a .css file so tsc carries it into dist/ with the code. The explorer's page can use it too.
 */
export const VIEWER_CSS = `
:root { --fg: #1d2430; --muted: #667085; --line: #d0d5dd; --bg: #fff; --panel: #f7f8fa;
  --leader: #d97706; --candidate: #7c3aed; --follower: #2563eb; --other: #0f766e; --down: #98a2b3;
  --bad: #d92d20; --good: #15803d; --select: rgba(37, 99, 235, 0.08); }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
.lc-viewer { padding: 12px 16px; }
.lc-header h1 { font-size: 18px; margin: 0 0 4px; }
.lc-meta { color: var(--muted); margin: 0 0 8px; }
.lc-goto-violation { display: block; max-width: 100%; text-align: left; border: 1px solid var(--bad); color: var(--bad);
  background: #fef3f2; border-radius: 6px; padding: 6px 10px; cursor: pointer; font: inherit; white-space: pre-wrap; }
.lc-controls { display: flex; align-items: center; gap: 8px; margin: 10px 0; }
.lc-controls button { font: inherit; padding: 2px 10px; cursor: pointer; }
.lc-slider { flex: 1; }
.lc-step-label { min-width: 14em; font-variant-numeric: tabular-nums; }
.lc-diagram { display: flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.lc-names { flex: none; background: var(--panel); border-right: 1px solid var(--line); }
.lc-name { font-weight: 600; font-size: 13px; }
.lc-name-role { font-size: 12px; font-weight: 600; }
.lc-scroll { flex: 1; overflow-x: auto; overflow-y: hidden; }
.lc-space-time { display: block; user-select: none; }
.lc-space-time text { font-size: 10px; text-anchor: middle; fill: var(--fg); }
.lc-column { fill: transparent; cursor: pointer; }
.lc-column:hover { fill: rgba(0, 0, 0, 0.04); }
.lc-selection { fill: var(--select); stroke: var(--follower); stroke-width: 2; pointer-events: none; }
.lc-tick { stroke: var(--line); }
.lc-axis-step { font-weight: 600; }
.lc-space-time .lc-axis-time { fill: var(--muted); }
.lc-lane { stroke-width: 5; stroke-linecap: butt; }
.lc-lane.role-leader { stroke: var(--leader); stroke-width: 8; }
.lc-lane.role-candidate { stroke: var(--candidate); }
.lc-lane.role-follower { stroke: var(--follower); opacity: 0.45; }
.lc-lane.role-other { stroke: var(--other); }
.lc-lane.role-down { stroke: var(--down); stroke-width: 2; stroke-dasharray: 4 4; }
.lc-space-time .lc-lane-label { text-anchor: start; font-size: 10px; fill: var(--muted); pointer-events: none; }
.lc-name-role.role-leader { fill: var(--leader); } .lc-name-role.role-candidate { fill: var(--candidate); }
.lc-name-role.role-follower { fill: var(--follower); } .lc-name-role.role-other { fill: var(--other); }
.lc-name-role.role-down { fill: var(--down); }
.lc-band { cursor: pointer; }
.lc-band-0 { fill: rgba(234, 179, 8, 0.16); } .lc-band-1 { fill: rgba(20, 184, 166, 0.16); }
.lc-band-2 { fill: rgba(236, 72, 153, 0.14); } .lc-band-3 { fill: rgba(99, 102, 241, 0.14); }
.lc-band-alone { fill: rgba(71, 84, 103, 0.22); }
.lc-msg { cursor: pointer; }
.lc-msg line { stroke: #475467; stroke-width: 1.3; }
.lc-msg:hover line, .lc-msg.lc-active line { stroke: var(--fg); stroke-width: 2.4; }
.lc-msg.lc-active line { stroke: #b54708; }
.lc-dense .lc-msg-label { display: none; }
.lc-dense .lc-msg.lc-active .lc-msg-label, .lc-dense .lc-msg:hover .lc-msg-label { display: inline; }
.lc-msg-drop line { stroke-dasharray: 3 2; }
.lc-msg-flight line { stroke-dasharray: 2 3; stroke: var(--muted); }
.lc-flight { fill: #fff; stroke: var(--muted); }
.lc-arrow-head { fill: #475467; }
.lc-drop { stroke: var(--bad); stroke-width: 2.4; fill: none; }
.lc-space-time .lc-msg-label { font-size: 9px; fill: #344054; paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
.lc-event { cursor: pointer; }
.lc-timer circle { fill: #fff; stroke: var(--follower); stroke-width: 1.5; }
.lc-timer path { stroke: var(--follower); fill: none; stroke-width: 1.5; }
.lc-space-time .lc-event-label { font-size: 9px; fill: var(--muted); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.lc-crash path { stroke: var(--bad); stroke-width: 3.5; fill: none; }
.lc-restart circle { fill: #fff; stroke: var(--good); stroke-width: 2; }
.lc-space-time .lc-restart text { fill: var(--good); font-weight: 700; }
.lc-dup rect { fill: #fff; stroke: #475467; }
.lc-space-time .lc-dup text { font-weight: 700; }
.lc-partition line, .lc-heal line { stroke: var(--muted); stroke-dasharray: 6 3; }
.lc-other path { fill: #fff; stroke: var(--other); stroke-width: 1.5; }
.lc-violation rect { fill: rgba(217, 45, 32, 0.12); stroke: var(--bad); stroke-width: 2; cursor: pointer; }
.lc-space-time .lc-violation text { fill: var(--bad); font-weight: 700; font-size: 12px; text-anchor: start; }
.lc-stable { stroke: var(--good); stroke-width: 2; stroke-dasharray: 8 4; pointer-events: none; }
.lc-space-time .lc-stable-label { fill: var(--good); font-weight: 600; text-anchor: start; cursor: pointer; }
.lc-legend { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
.lc-panels { display: grid; grid-template-columns: minmax(260px, 1fr) 2.4fr; gap: 12px; margin-top: 12px; align-items: start; }
.lc-panels section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
.lc-event-title { font-size: 15px; margin: 0 0 6px; overflow-wrap: anywhere; }
.lc-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
.lc-facts dt { color: var(--muted); }
.lc-facts dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.lc-violation-detail { margin-top: 8px; border-left: 4px solid var(--bad); background: #fef3f2; padding: 6px 10px; }
.lc-violation-detail p { margin: 4px 0 0; overflow-wrap: anywhere; }
.lc-state { border-collapse: collapse; width: 100%; font-size: 13px; }
.lc-state th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); padding: 3px 6px; }
.lc-state td { vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.lc-state .lc-node-down td { color: var(--muted); }
.lc-state .lc-stepped td:first-child { box-shadow: inset 3px 0 var(--follower); font-weight: 700; }
.lc-fields { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12px; }
.lc-key { color: var(--muted); }
.lc-changed { background: #fef0c7; outline: 1px solid #fdb022; }
`;

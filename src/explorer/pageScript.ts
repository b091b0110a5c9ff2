/**
 * The explorer page's script, inlined by page.ts. Plain ES2020 in a string (no template literal
 * or `${` inside, so this file stays a plain String.raw). Every model-provided string reaches
 * the DOM through textContent or a data attribute, never innerHTML.
 */
export const EXPLORER_SCRIPT = String.raw`
(function () {
  'use strict';
  var snapshot = null;
  var busy = false;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function request(path, body) {
    var init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var value;
        try { value = JSON.parse(text); } catch (e) { throw new Error(text.trim() || ('HTTP ' + response.status)); }
        if (!response.ok) throw new Error(value.error || ('HTTP ' + response.status));
        return value;
      });
    });
  }

  function act(path, body) {
    if (busy) return Promise.resolve();
    busy = true;
    document.body.dataset.busy = 'true';
    return request(path, body).then(function (next) { showError(null); render(next); }, function (e) { showError(e.message); })
      .then(function () { busy = false; document.body.dataset.busy = 'false'; });
  }

  function showError(text) {
    var box = $('error');
    box.hidden = text === null;
    box.textContent = text === null ? '' : text;
  }

  function violationLine(v) {
    return 'VIOLATION ' + v.property + ' at step ' + v.step + ': ' + v.detail;
  }

  function render(s) {
    snapshot = s;
    $('model').textContent = s.model;
    document.title = 'leadercheck explorer: ' + s.model;
    $('where').textContent = s.nodes + ' nodes, step ' + s.cursor + ' of ' + (s.steps.length - 1) + ', t=' + s.steps[s.cursor].now;
    var warning = $('warning');
    warning.hidden = s.violation === null;
    warning.textContent = s.violation === null ? '' : violationLine(s.violation) + (s.newly && s.newly.length > 0 ? ' (just now)' : '');
    $('undo').disabled = s.cursor === 0;
    $('redo').disabled = s.cursor >= s.steps.length - 1;
    renderVerdicts(s);
    renderChoices(s);
    renderNodes(s);
    renderNetwork(s);
    renderTimeline(s);
    renderDiagram($('diagram'), s);
    document.body.dataset.step = String(s.cursor);
  }

  function renderVerdicts(s) {
    var body = $('verdicts').tBodies[0];
    clear(body);
    s.verdicts.forEach(function (v) {
      var row = el('tr');
      row.dataset.property = v.property;
      row.appendChild(el('td', null, v.property));
      var text, cls;
      if (v.violation !== null) { text = 'violated at step ' + v.violation.step + ': ' + v.violation.detail; cls = 'violated'; }
      else if (!v.judged) { text = 'not judged: faults never stop on this path'; cls = 'unjudged'; }
      else { text = 'holds so far'; cls = 'holds'; }
      row.appendChild(el('td', cls, text));
      body.appendChild(row);
    });
  }

  var PROGRESS = { deliver: true, timer: true };
  function renderChoices(s) {
    var box = $('choices');
    clear(box);
    var lastKind = null;
    s.enabled.forEach(function (choice) {
      var kind = choice.event.kind;
      if (kind !== lastKind) { box.appendChild(el('h3', null, kind)); lastKind = kind; }
      var button = el('button', PROGRESS[kind] ? 'progress' : 'fault', choice.label);
      button.type = 'button';
      button.dataset.event = JSON.stringify(choice.event);
      button.dataset.kind = kind;
      button.addEventListener('click', function () { act('/api/step', { event: choice.event }); });
      box.appendChild(button);
    });
    if (s.enabled.length === 0) box.appendChild(el('p', null, 'nothing is enabled'));
  }

  function renderNodes(s) {
    var box = $('nodes');
    clear(box);
    s.here.forEach(function (n) {
      var card = el('div', n.up ? 'node' : 'node down');
      card.dataset.node = String(n.node);
      var head = n.up ? ('node ' + n.node + ': ' + n.role + ', term ' + n.term + (n.leader === null ? '' : ', leader ' + n.leader)) : ('node ' + n.node + ': down');
      card.appendChild(el('strong', null, head));
      if (n.timers.length > 0) card.appendChild(el('div', null, 'timers: ' + n.timers.join(', ')));
      card.appendChild(el('div', null, 'state'));
      card.appendChild(el('pre', null, JSON.stringify(n.state, null, 1)));
      card.appendChild(el('div', null, 'stable storage'));
      card.appendChild(el('pre', null, JSON.stringify(n.stored, null, 1)));
      box.appendChild(card);
    });
    if (s.partition !== null) box.appendChild(el('p', null, 'partition: ' + s.partition.map(function (g) { return '[' + g.join(',') + ']'; }).join(' ')));
  }

  function renderNetwork(s) {
    var list = $('network');
    clear(list);
    s.network.forEach(function (m) { list.appendChild(el('li', null, '#' + m.id + ' ' + m.from + '->' + m.to + ' ' + m.label + ' (sent t=' + m.sentAt + ')')); });
    if (s.network.length === 0) list.appendChild(el('li', null, 'nothing'));
  }

  function renderTimeline(s) {
    var list = $('timeline');
    clear(list);
    var violating = s.violation === null ? -1 : s.violation.step;
    s.steps.forEach(function (step) {
      var item = el('li', step.index === s.cursor ? 'current' : step.index > s.cursor ? 'future' : '');
      if (step.index === violating) item.classList.add('violating');
      var button = el('button', null, 't=' + step.now + '  ' + step.label);
      button.type = 'button';
      button.dataset.step = String(step.index);
      button.addEventListener('click', function () { act('/api/goto', { step: step.index }); });
      item.appendChild(button);
      list.appendChild(item);
    });
    var current = list.querySelector('li.current');
    if (current && current.scrollIntoView) current.scrollIntoView({ block: 'nearest' });
  }

  // A space-time diagram of the timeline: one lane per node, a column per step, message arrows.
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, String(attrs[k]));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  var ROLE_COLOR = { leader: '#b00020', candidate: '#b26b00', follower: '#24324a' };
  function renderDiagram(box, s) {
    clear(box);
    var dx = 28, dy = 34, left = 40, top = 20;
    var width = left + dx * (s.steps.length + 1), height = top + dy * s.nodes;
    var root = svg('svg', { width: width, height: height, role: 'img', 'aria-label': 'space-time diagram' });
    var laneY = function (node) { return top + dy * (node - 1) + dy / 2; };
    for (var n = 1; n <= s.nodes; n++) {
      root.appendChild(svg('text', { x: 4, y: laneY(n) + 4 }, 'n' + n));
      root.appendChild(svg('line', { x1: left, x2: width, y1: laneY(n), y2: laneY(n), stroke: '#ccc' }));
    }
    s.steps.forEach(function (step) {
      var x = left + dx * step.index + dx / 2;
      var g = svg('g', { 'class': 'step', 'data-step': step.index, opacity: step.index > s.cursor ? 0.35 : 1, cursor: 'pointer' });
      if (step.index === s.cursor) g.appendChild(svg('rect', { x: x - dx / 2, y: 0, width: dx, height: height, fill: '#dbe9ff' }));
      g.appendChild(svg('title', {}, step.index + ': ' + step.label));
      if (step.message) {
        var kind = step.event.kind;
        g.appendChild(svg('line', { x1: x - dx / 2, y1: laneY(step.message.from), x2: x, y2: laneY(step.message.to), stroke: kind === 'drop' ? '#b00020' : '#555', 'stroke-dasharray': kind === 'duplicate' ? '3 2' : '' }));
        if (kind === 'drop') g.appendChild(svg('text', { x: x - 4, y: laneY(step.message.to) + 4, fill: '#b00020' }, 'x'));
      }
      step.views.forEach(function (v) {
        var y = laneY(v.node);
        if (!v.up) { g.appendChild(svg('text', { x: x - 6, y: y + 4, fill: '#999' }, '--')); return; }
        g.appendChild(svg('circle', { cx: x, cy: y, r: 3, fill: ROLE_COLOR[v.role] || '#555' }));
        g.appendChild(svg('text', { x: x - 8, y: y - 6 }, String(v.role).charAt(0).toUpperCase() + v.term));
      });
      g.addEventListener('click', function () { act('/api/goto', { step: step.index }); });
      root.appendChild(g);
    });
    box.appendChild(root);
  }

  function loadText(text, name) { return act('/api/load', { text: text, name: name }); }

  $('undo').addEventListener('click', function () { act('/api/undo', {}); });
  $('redo').addEventListener('click', function () { act('/api/redo', {}); });
  $('file').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    file.text().then(function (text) { return loadText(text, file.name); }).then(function () { e.target.value = ''; });
  });
  $('load-paste').addEventListener('click', function () { loadText($('paste').value, 'pasted trace'); });
  document.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT')) return;
    if (e.key === 'ArrowLeft') act('/api/undo', {});
    else if (e.key === 'ArrowRight') act('/api/redo', {});
  });
  request('/api/state').then(render, function (e) { showError(e.message); });
})();
`;

// The timeline of one simulator trace, drawn on a canvas on demand: every
// frame draws only what falls inside the visible time window, and when more
// messages are in view than can be told apart, their density instead. The
// data comes from the JSON block #trace-data (written by store-view).
(function () {
  'use strict';
  var root = document.documentElement;
  var D = JSON.parse(document.getElementById('trace-data').textContent);

  // ------------------------------------------------------------ layout and colours
  var LABEL_W = 118, AXIS_H = 26, NET_H = 30, SERVER_H = 70, CLIENT_H = 24;
  var ROLE_H = 15, PLOT_H = 16;
  var DENSITY_LIMIT = 2500;  // more messages than this in view: draw their density
  var ROLE_NAMES = ['follower', 'candidate', 'leader'];
  var ROLE_COLOURS = ['#e9edf1', '#ffe2a8', '#bfe6c1'];
  var KIND_COLOURS = {
    RequestVote: '#e07b00', RequestVoteReply: '#a86a00', AppendEntries: '#1f63c6', heartbeat: '#93b4e0',
    AppendEntriesReply: '#6b4cc0', ClientRequest: '#2e7d32', ClientReply: '#00897b', other: '#777'
  };
  var GROUP_COLOURS = ['#1f77b4', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];
  var MARKS = {  // glyph, colour, vertical place in a server lane (0 top .. 1 bottom), whether its text is shown
    crash: ['✕', '#c62828', 0.5, true], restart: ['▶', '#2e7d32', 0.5, true], start: ['▶', '#2e7d32', 0.5, false],
    pause: ['❚❚', '#1565c0', 0.5, true], resume: ['▶', '#1565c0', 0.5, true],
    clock: ['◷', '#8e24aa', 0.5, true], 'clock-jump': ['◷', '#8e24aa', 0.5, true],
    'apply-lag': ['⚙', '#555', 0.5, true], 'fsync-latency': ['⚙', '#555', 0.5, true],
    forge: ['✶', '#d81b60', 0.5, true], trace: ['•', '#b8860b', 0.36, true],
    save: ['◆', '#7b1fa2', 0.7, false], append: ['■', '#1f63c6', 0.7, false], truncate: ['▼', '#e65100', 0.7, true],
    sync: ['ǀ', '#8a8f96', 0.8, false], note: ['⚑', '#333', 0.5, true], network: ['⚑', '#777', 0.5, true]
  };
  var STORAGE_MARKS = {save: 1, append: 1, sync: 1};

  // ------------------------------------------------------------ data
  var F = D.flights, S = D.status, M = D.marks, O = D.ops;
  var nFlights = F.t0.length;
  var lanes = [];
  var laneOf = {};
  (function buildLanes() {
    var y = AXIS_H;
    lanes.push({id: 0, kind: 'net', y: y, h: NET_H, label: 'network'});
    y += NET_H;
    for (var s = 1; s <= D.servers; s++) {
      laneOf[s] = lanes.length;
      lanes.push({id: s, kind: 'server', y: y, h: SERVER_H, label: 'server ' + s});
      y += SERVER_H;
    }
    D.clients.forEach(function (c) {
      laneOf[c] = lanes.length;
      lanes.push({id: c, kind: 'client', y: y, h: CLIENT_H, label: 'client ' + c});
      y += CLIENT_H;
    });
    lanes.height = y + 4;
  })();
  laneOf[0] = 0;
  function laneMid(id) { var l = lanes[laneOf[id]]; return l ? l.y + l.h / 2 : AXIS_H + NET_H / 2; }

  function lowerBound(arr, value) {  // first index with arr[i] >= value
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // Flights are sorted by send time; the long ones (or never ended) are kept
  // apart so that the visible window can be found by binary search.
  var LONG_FLIGHT = 200000;
  var longFlights = [], maxShort = 0;
  for (var i = 0; i < nFlights; i++) {
    var d = F.t1[i] - F.t0[i];
    if (d > LONG_FLIGHT || F.fate[i] === 2) longFlights.push(i); else if (d > maxShort) maxShort = d;
  }
  var flightsByEnd = new Int32Array(nFlights);
  for (i = 0; i < nFlights; i++) flightsByEnd[i] = i;
  flightsByEnd.sort(function (a, b) { return F.t1[a] - F.t1[b]; });
  var flightEnds = new Float64Array(nFlights);
  for (i = 0; i < nFlights; i++) flightEnds[i] = F.t1[flightsByEnd[i]];

  // Per server: its status points, and runs of one (up, role, term).
  var statusOf = {}, runsOf = {}, maxIndex = 1;
  for (var s = 1; s <= D.servers; s++) { statusOf[s] = []; runsOf[s] = []; }
  for (i = 0; i < S.t.length; i++) {
    var node = S.n[i];
    if (!statusOf[node]) continue;
    statusOf[node].push(i);
    maxIndex = Math.max(maxIndex, S.commit[i], S.applied[i]);
    var runs = runsOf[node], last = runs[runs.length - 1];
    if (!last || last.up !== S.up[i] || last.role !== S.role[i] || last.term !== S.term[i]) {
      runs.push({t: S.t[i], up: S.up[i], role: S.role[i], term: S.term[i]});
    }
  }
  var statusTimes = {};
  for (s = 1; s <= D.servers; s++) {
    statusTimes[s] = statusOf[s].map(function (k) { return S.t[k]; });
    runsOf[s].times = runsOf[s].map(function (r) { return r.t; });
  }
  // Paused and crashed intervals, from the marks.
  var intervals = {};
  (function buildIntervals() {
    var open = {};
    for (var k = 0; k < M.t.length; k++) {
      var kind = D.markKinds[M.k[k]], n = M.n[k];
      if (!n) continue;
      if (kind === 'pause' || kind === 'crash') open[n + kind] = M.t[k];
      var begin = kind === 'resume' ? 'pause' : kind === 'restart' ? 'crash' : kind === 'crash' ? 'pause' : null;
      if (begin && open[n + begin] !== undefined) {
        (intervals[n] = intervals[n] || []).push({kind: begin, t0: open[n + begin], t1: M.t[k]});
        delete open[n + begin];
      }
    }
    Object.keys(open).forEach(function (key) {
      var n = parseInt(key, 10), kind = key.replace(/^\d+/, '');
      (intervals[n] = intervals[n] || []).push({kind: kind, t0: open[key], t1: D.end});
    });
  })();
  var opsByClient = {};
  for (i = 0; i < O.c.length; i++) (opsByClient[O.c[i]] = opsByClient[O.c[i]] || []).push(i);
  var maxOp = 0;
  for (i = 0; i < O.c.length; i++) maxOp = Math.max(maxOp, (O.t1[i] < 0 ? D.end : O.t1[i]) - O.t0[i]);
  var netTimes = D.net.map(function (n) { return n.t; });
  // The client operation the history got stuck on: its client's bar nearest to the checker's times.
  var stuckOp = -1;
  if (D.stuck) {
    var bestGap = Infinity;
    (opsByClient[D.stuck.client] || []).forEach(function (k) {
      var gap = Math.abs(O.t0[k] - D.stuck.t0) + Math.abs((O.t1[k] < 0 ? D.end : O.t1[k]) - D.stuck.t1);
      if (gap < bestGap) { bestGap = gap; stuckOp = k; }
    });
  }

  // ------------------------------------------------------------ view state
  var canvas = document.getElementById('timeline');
  var ctx = canvas.getContext('2d');
  var tip = document.getElementById('tip');
  var width = 800, dpr = 1;
  var span = Math.max(D.end, 1000);
  var view = {t0: 0, t1: span};
  var MIN_SPAN = 20;
  var hidden = {};  // message kinds switched off
  var showStorage = true;
  var selected = null;  // {type: 'flight'|'mark'|'op', index}
  var hover = null;
  var dirty = false;
  var stats = {drawn: 0, frames: 0};
  var violation = D.violation;
  var violationLane = D.stop ? D.stop.node : D.stuck ? D.stuck.client : 0;
  var pointerT = null;  // the time under the pointer, for the lane labels

  function plotW() { return Math.max(50, width - LABEL_W); }
  function xOf(t) { return LABEL_W + (t - view.t0) / (view.t1 - view.t0) * plotW(); }
  function tOf(x) { return view.t0 + (x - LABEL_W) / plotW() * (view.t1 - view.t0); }

  function setView(t0, t1) {
    var s = Math.max(MIN_SPAN, Math.min(t1 - t0, span * 1.2));
    var mid = (t0 + t1) / 2;
    t0 = mid - s / 2;
    var lo = -span * 0.1, hi = span * 1.1;
    if (t0 < lo) t0 = lo;
    if (t0 + s > hi) t0 = hi - s;
    view.t0 = t0;
    view.t1 = t0 + s;
    redraw();
  }
  function zoomAround(t, factor) {
    setView(t - (t - view.t0) * factor, t + (view.t1 - t) * factor);
  }
  function centreOn(t, s) {
    s = s || (view.t1 - view.t0);
    setView(t - s / 2, t + s / 2);
  }
  function flightsBetween(t0, t1) {
    return Math.max(0, lowerBound(F.t0, t1) - lowerBound(F.t0, t0));
  }
  function fit() { setView(-span * 0.01, span * 1.01); }
  function goToViolation() {
    if (violation === null || violation === undefined) return fit();
    // Narrow enough that the messages around it can be told apart.
    var s = Math.min(Math.max(span / 8, 20000), 1000000, span * 1.02);
    while (s > 2000 && flightsBetween(violation - s * 0.7, violation + s * 0.3) > 400) s /= 2;
    if (D.stuck) s = Math.max(s, Math.min(span * 1.02, (D.stuck.t1 - D.stuck.t0) * 4));
    // More of what led to it than of what came after.
    setView(violation - s * 0.7, violation + s * 0.3);
    showAround(violation);
  }

  // ------------------------------------------------------------ formatting
  function fmtTime(us) {
    var a = Math.abs(us);
    if (a >= 1e6) return (us / 1e6).toFixed(6).replace(/0+$/, '').replace(/\.$/, '') + ' s';
    if (a >= 1e3) return (us / 1e3).toFixed(3).replace(/0+$/, '').replace(/\.$/, '') + ' ms';
    return Math.round(us) + ' µs';
  }
  function fmtTick(us, step) {
    var digits = Math.max(0, Math.ceil(-Math.log10(step / 1e6) - 1e-9));
    if (step >= 1e6 || us === 0) return (us / 1e6).toFixed(Math.min(digits, 6)) + ' s';
    var msDigits = Math.max(0, Math.ceil(-Math.log10(step / 1e3) - 1e-9));
    return (us / 1e3).toFixed(Math.min(msDigits, 3)) + ' ms';
  }
  function endpointName(id) { return id >= 1000 ? 'client ' + id : id === 0 ? 'network' : 'server ' + id; }

  // ------------------------------------------------------------ drawing
  function redraw() {
    if (dirty) return;
    dirty = true;
    requestAnimationFrame(function () { dirty = false; draw(); });
  }

  function resize() {
    dpr = window.devicePixelRatio || 1;
    width = Math.max(400, canvas.parentElement.clientWidth);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(lanes.height * dpr);
    canvas.style.height = lanes.height + 'px';
    draw();
  }

  var hatch = null;
  function pattern(colour, background) {
    var p = document.createElement('canvas');
    p.width = p.height = 8;
    var c = p.getContext('2d');
    c.fillStyle = background;
    c.fillRect(0, 0, 8, 8);
    c.strokeStyle = colour;
    c.lineWidth = 2;
    c.beginPath();
    c.moveTo(0, 8); c.lineTo(8, 0); c.moveTo(-2, 2); c.lineTo(2, -2); c.moveTo(6, 10); c.lineTo(10, 6);
    c.stroke();
    return ctx.createPattern(p, 'repeat');
  }

  function clampX(x) { return Math.max(LABEL_W, Math.min(width, x)); }

  function draw() {
    if (!hatch) hatch = {crash: pattern('#8a8f96', '#d9dcdf'), pause: pattern('#90b4e8', '#eaf1fb'),
                         failed: pattern('#cfcfcf', '#efefef')};
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, lanes.height);
    stats.drawn = 0;
    drawLaneBackgrounds();
    drawNetwork();
    drawStatus();
    drawOperations();
    drawMarks();
    drawFlights();
    drawRoleLabels();
    drawViolation();
    drawPointerLine();
    drawAxis();
    drawLabels();
    document.getElementById('range').textContent =
        fmtTime(Math.max(0, view.t0)) + ' – ' + fmtTime(view.t1) + '  (' + fmtTime(view.t1 - view.t0) + ' shown)';
    stats.frames++;
    if (root.dataset.viewState !== 'ready' && !/^error/.test(root.dataset.viewState || '')) {
      root.dataset.viewState = 'ready';
    }
    root.dataset.drawn = String(stats.drawn);
  }

  function drawLaneBackgrounds() {
    for (var k = 0; k < lanes.length; k++) {
      var l = lanes[k];
      ctx.fillStyle = k % 2 ? '#fcfcfc' : '#f6f7f8';
      ctx.fillRect(LABEL_W, l.y, width - LABEL_W, l.h);
      ctx.fillStyle = '#e3e5e8';
      ctx.fillRect(LABEL_W, l.y + l.h - 1, width - LABEL_W, 1);
    }
    var x0 = clampX(xOf(0)), x1 = clampX(xOf(D.end));
    if (x0 > LABEL_W) { ctx.fillStyle = '#eceef0'; ctx.fillRect(LABEL_W, AXIS_H, x0 - LABEL_W, lanes.height - AXIS_H); }
    if (x1 < width) { ctx.fillStyle = '#eceef0'; ctx.fillRect(x1, AXIS_H, width - x1, lanes.height - AXIS_H); }
  }

  function drawAxis() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, AXIS_H);
    var s = view.t1 - view.t0, raw = s / (plotW() / 90), p = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * p; }).filter(function (v) { return v >= raw; })[0];
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (var t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
      var x = xOf(t);
      if (x < LABEL_W) continue;
      ctx.fillStyle = '#dfe2e6';
      ctx.fillRect(Math.round(x), AXIS_H, 1, lanes.height - AXIS_H);
      ctx.fillStyle = '#333';
      ctx.fillRect(Math.round(x), AXIS_H - 6, 1, 6);
      ctx.fillText(fmtTick(t, step), x, 10);
    }
    ctx.fillStyle = '#aab';
    ctx.fillRect(LABEL_W, AXIS_H - 1, width - LABEL_W, 1);
  }

  function drawLabels() {
    ctx.fillStyle = '#f0f0ee';
    ctx.fillRect(0, 0, LABEL_W, lanes.height);
    ctx.fillStyle = '#c8ccd0';
    ctx.fillRect(LABEL_W - 1, 0, 1, lanes.height);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    var at = labelTime();
    for (var k = 0; k < lanes.length; k++) {
      var l = lanes[k];
      ctx.fillStyle = (selected && selectedLanes().indexOf(l.id) >= 0) ? '#1565c0' : '#1d2329';
      ctx.font = (l.kind === 'client' ? '' : 'bold ') + '12px system-ui, sans-serif';
      ctx.fillText(l.label, 8, l.kind === 'server' ? l.y + 14 : l.y + l.h / 2);
      if (l.kind === 'server') {
        var st = statusAt(l.id, at);
        ctx.font = '11px system-ui, sans-serif';
        ctx.fillStyle = '#555';
        if (st !== null) {
          if (!S.up[st]) {
            ctx.fillText('crashed', 8, l.y + 30);
          } else {
            ctx.fillText(ROLE_NAMES[S.role[st]] + ', term ' + S.term[st], 8, l.y + 29);
            ctx.fillText('commit ' + S.commit[st], 8, l.y + 43);
            ctx.fillText('applied ' + S.applied[st], 8, l.y + 56);
          }
        }
      }
    }
    ctx.fillStyle = '#666';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText('status at ' + fmtTime(Math.max(0, at)), 6, 12);
  }

  // The lane labels show the status at the pointer, else at the violation when in view, else at the centre.
  function labelTime() {
    if (pointerT !== null) return pointerT;
    if (violation !== null && violation !== undefined && violation >= view.t0 && violation <= view.t1) return violation;
    return (view.t0 + view.t1) / 2;
  }

  function drawPointerLine() {
    if (pointerT === null) return;
    var x = Math.round(xOf(pointerT)) + 0.5;
    ctx.strokeStyle = 'rgba(0,0,0,.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_H);
    ctx.lineTo(x, lanes.height);
    ctx.stroke();
  }

  function statusAt(node, t) {  // index into S of the status in force at t, or null
    var times = statusTimes[node];
    if (!times || !times.length) return null;
    var k = lowerBound(times, t + 0.5) - 1;
    return k < 0 ? null : statusOf[node][k];
  }

  function drawStatus() {
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (var s = 1; s <= D.servers; s++) {
      var l = lanes[laneOf[s]];
      var runs = runsOf[s];
      var k = Math.max(0, lowerBound(runs.times, view.t0) - 1);
      for (; k < runs.length && runs[k].t <= view.t1; k++) {
        var r = runs[k];
        var a = clampX(xOf(r.t)), b = clampX(xOf(k + 1 < runs.length ? runs[k + 1].t : D.end));
        if (b - a < 0.5) continue;
        ctx.fillStyle = r.up ? ROLE_COLOURS[r.role] || '#eee' : hatch.crash;
        ctx.fillRect(a, l.y + 1, b - a, ROLE_H);
        if (r.up && r.role === 2) { ctx.fillStyle = 'rgba(46,125,50,.06)'; ctx.fillRect(a, l.y + ROLE_H + 1, b - a, l.h - ROLE_H - 2); }
        stats.drawn++;
      }
      (intervals[s] || []).forEach(function (iv) {
        if (iv.t1 < view.t0 || iv.t0 > view.t1) return;
        var a = clampX(xOf(iv.t0)), b = clampX(xOf(iv.t1));
        ctx.fillStyle = iv.kind === 'crash' ? hatch.crash : hatch.pause;
        ctx.globalAlpha = iv.kind === 'crash' ? 0.55 : 0.7;
        ctx.fillRect(a, l.y + ROLE_H + 1, Math.max(1, b - a), l.h - ROLE_H - 2);
        ctx.globalAlpha = 1;
        if (iv.kind === 'pause' && b - a > 60) {  // a crash is named in the role strip already
          ctx.fillStyle = '#1565c0';
          ctx.fillText('paused', a + 4, l.y + l.h / 2);
        }
      });
      drawIndexPlot(s, l);
    }
  }

  // Role and term over each run of the role strip, drawn after the messages so that they stay readable.
  function drawRoleLabels() {
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (var s = 1; s <= D.servers; s++) {
      var l = lanes[laneOf[s]], runs = runsOf[s];
      for (var k = Math.max(0, lowerBound(runs.times, view.t0) - 1); k < runs.length && runs[k].t <= view.t1; k++) {
        var r = runs[k];
        var a = clampX(xOf(r.t)), b = clampX(xOf(k + 1 < runs.length ? runs[k + 1].t : D.end));
        if (b - a <= 24) continue;
        var text = r.up ? ROLE_NAMES[r.role] + ' · term ' + r.term : 'crashed';
        if (b - a < text.length * 6 + 10) text = r.up ? 't' + r.term : '✕';
        ctx.fillStyle = r.up ? ROLE_COLOURS[r.role] || '#eee' : '#d9dcdf';
        ctx.fillRect(a + 2, l.y + 2, Math.min(b - a - 4, text.length * 6 + 6), ROLE_H - 2);
        ctx.fillStyle = '#222';
        ctx.fillText(text, a + 4, l.y + 1 + ROLE_H / 2);
      }
    }
  }

  // Commit (solid) and applied (dashed) index as steps in the lane's bottom strip.
  function drawIndexPlot(s, l) {
    var points = statusOf[s], times = statusTimes[s];
    if (!points.length) return;
    var base = l.y + l.h - 3, scale = PLOT_H / maxIndex;
    var first = Math.max(0, lowerBound(times, view.t0) - 1);
    var lastK = Math.min(points.length, lowerBound(times, view.t1) + 1);
    [['commit', '#2e7d32', []], ['applied', '#6d7580', [3, 2]]].forEach(function (series) {
      var key = series[0], values = S[key];
      ctx.strokeStyle = series[1];
      ctx.setLineDash(series[2]);
      ctx.lineWidth = 1.3;
      ctx.beginPath();
      var px = -1, started = false, prevY = 0;
      for (var k = first; k < lastK; k++) {
        var idx = points[k], x = clampX(xOf(S.t[idx])), y = base - values[idx] * scale;
        if (!started) { ctx.moveTo(x, y); started = true; prevY = y; continue; }
        if (Math.floor(x) === px && k + 1 < lastK) { prevY = y; continue; }  // one step per pixel column
        ctx.lineTo(x, prevY);
        ctx.lineTo(x, y);
        prevY = y;
        px = Math.floor(x);
      }
      if (started) ctx.lineTo(clampX(xOf(Math.min(view.t1, D.end))), prevY);
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  function drawNetwork() {
    var netLane = lanes[0];
    var k = Math.max(0, lowerBound(netTimes, view.t0) - 1);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (; k < D.net.length && D.net[k].t <= view.t1; k++) {
      var n = D.net[k];
      var a = clampX(xOf(n.t)), b = clampX(xOf(k + 1 < D.net.length ? D.net[k + 1].t : D.end));
      if (!n.whole) {
        ctx.fillStyle = 'rgba(198,40,40,.10)';
        ctx.fillRect(a, netLane.y, Math.max(1, b - a), netLane.h - 1);
        for (var s = 1; s <= D.servers; s++) {
          var l = lanes[laneOf[s]], g = n.group[s - 1], iso = n.iso[s - 1];
          if (g < 0 && !iso) continue;
          ctx.fillStyle = iso ? '#c62828' : GROUP_COLOURS[g % GROUP_COLOURS.length];
          ctx.fillRect(a, l.y + ROLE_H + 1, Math.max(1, b - a), 3);
        }
      }
      if (n.t < view.t0 && !n.whole && b - a > 80) {  // in force since before the window: name it at the edge
        ctx.fillStyle = '#b71c1c';
        ctx.fillText(clip('◂ ' + n.what, b - a - 8), LABEL_W + 4, netLane.y + netLane.h / 2);
      }
      if (k > 0 && n.t >= view.t0) {  // the moment the network changed: a cut across every lane
        ctx.strokeStyle = n.whole ? 'rgba(46,125,50,.8)' : 'rgba(198,40,40,.85)';
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(Math.round(a) + 0.5, netLane.y);
        ctx.lineTo(Math.round(a) + 0.5, lanes[laneOf[D.servers]].y + SERVER_H);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = n.whole ? '#1b5e20' : '#b71c1c';
        var room = (k + 1 < D.net.length ? clampX(xOf(D.net[k + 1].t)) : width) - a;
        if (room > 40) ctx.fillText(clip(n.what, room - 8), a + 4, netLane.y + netLane.h / 2);
        stats.drawn++;
      }
    }
  }

  function clip(text, px) {
    var chars = Math.floor(px / 6);
    return text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)) + '…';
  }

  function drawMarks() {
    var lo = lowerBound(M.t, view.t0 - 1), hi = lowerBound(M.t, view.t1 + 1);
    var lastX = {}, labelEnd = {};
    ctx.textBaseline = 'middle';
    for (var k = lo; k < hi; k++) {
      var kind = D.markKinds[M.k[k]];
      if (!showStorage && STORAGE_MARKS[kind]) continue;
      var style = MARKS[kind] || ['•', '#555', 0.5, true];
      var n = M.n[k], l = lanes[laneOf[n] !== undefined ? laneOf[n] : 0];
      var x = xOf(M.t[k]);
      var key = n + kind, px = Math.floor(x);
      if (lastX[key] === px) continue;  // one glyph per pixel column and kind
      lastX[key] = px;
      var y = l.kind === 'server' ? l.y + ROLE_H + (l.h - ROLE_H) * style[2] : l.y + l.h / 2;
      ctx.fillStyle = style[1];
      ctx.textAlign = 'center';
      ctx.font = (kind === 'sync' ? '9px' : kind === 'crash' ? 'bold 15px' : '12px') + ' system-ui, sans-serif';
      ctx.fillText(style[0], x, y);
      stats.drawn++;
      if (style[3] && (labelEnd[n] === undefined || x > labelEnd[n])) {
        var text = M.text[k];
        var room = Math.min(260, width - x - 10);
        if (room > 30) {
          ctx.textAlign = 'left';
          ctx.font = '10.5px system-ui, sans-serif';
          ctx.fillText(clip(text, room), x + 8, y);
          labelEnd[n] = x + 14 + Math.min(room, text.length * 6);
        }
      }
    }
  }

  function drawOperations() {
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    D.clients.forEach(function (c) {
      var l = lanes[laneOf[c]], list = opsByClient[c] || [];
      var starts = list.starts || (list.starts = list.map(function (k) { return O.t0[k]; }));
      var k = lowerBound(starts, view.t0 - maxOp), lastEnd = -1;
      for (; k < list.length && O.t0[list[k]] <= view.t1; k++) {
        var o = list[k], open = O.t1[o] < 0, t1 = open ? D.end : O.t1[o];
        if (t1 < view.t0) continue;
        var a = xOf(O.t0[o]), b = xOf(t1);
        if (b < lastEnd) continue;  // hidden under the previous bar at this zoom
        var w = Math.max(2, b - a);
        var ok = !open && /^ok/.test(O.out[o]);
        var stuck = o === stuckOp;
        ctx.fillStyle = stuck ? '#ffcdd2' : open ? '#ffe0b2' : ok ? '#c8e6c9' : hatch.failed;
        ctx.fillRect(a, l.y + 3, w, l.h - 6);
        ctx.strokeStyle = stuck ? '#c62828' : open ? '#e65100' : ok ? '#2e7d32' : '#888';
        ctx.lineWidth = stuck ? 2.5 : 1;
        ctx.setLineDash(open ? [3, 2] : []);
        ctx.strokeRect(a + 0.5, l.y + 3.5, w - 1, l.h - 7);
        ctx.setLineDash([]);
        ctx.lineWidth = 1;
        if (w > 40) {
          ctx.fillStyle = '#1d2329';
          ctx.fillText(clip(O.label[o] + (O.out[o] ? '  ' + O.out[o] : '  …'), w - 6), Math.max(a, LABEL_W) + 3, l.y + l.h / 2);
        }
        lastEnd = a + w;
        stats.drawn++;
      }
    });
  }

  function visibleFlights(each) {
    var lo = lowerBound(F.t0, view.t0 - maxShort), hi = lowerBound(F.t0, view.t1 + 1);
    for (var k = lo; k < hi; k++) {
      if (F.fate[k] === 2 || F.t1[k] - F.t0[k] > LONG_FLIGHT) continue;  // drawn from the long list
      if (F.t1[k] >= view.t0 && !hidden[D.kinds[F.k[k]]]) each(k);
    }
    for (var j = 0; j < longFlights.length; j++) {
      var f = longFlights[j];
      if (F.t0[f] <= view.t1 && F.t1[f] >= view.t0 && !hidden[D.kinds[F.k[f]]]) each(f);
    }
  }

  var densityMode = false;
  function drawFlights() {
    var count = 0;
    visibleFlights(function () { count++; });
    densityMode = count > DENSITY_LIMIT;
    var hint = document.getElementById('hint');
    if (densityMode) {
      drawDensity();
      hint.textContent = count + ' messages in view: their density is shown; zoom in to see each one';
      return;
    }
    hint.textContent = count + ' messages in view';
    visibleFlights(drawFlight);
    if (selected && selected.type === 'flight') drawFlight(selected.index, true);
  }

  function drawFlight(k, emphasised) {
    var kind = D.kinds[F.k[k]], colour = KIND_COLOURS[kind] || '#777';
    var x0 = xOf(F.t0[k]), y0 = laneMid(F.from[k]), x1 = xOf(F.t1[k]), y1 = laneMid(F.to[k]);
    var fate = F.fate[k], flags = F.flags[k];
    if (fate === 1 && F.t1[k] === F.t0[k]) {  // dropped as it left: a stub towards its destination
      var dir = y1 > y0 ? 1 : -1;
      x1 = x0 + 6; y1 = y0 + dir * 14;
    }
    ctx.strokeStyle = emphasised ? '#000' : colour;
    ctx.lineWidth = emphasised ? 2.6 : (kind === 'heartbeat' ? 0.9 : 1.3);
    ctx.globalAlpha = emphasised ? 1 : 0.85;
    ctx.setLineDash(fate === 2 ? [2, 3] : (flags & 1) ? [5, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.setLineDash([]);
    if (fate === 0) {  // an arrowhead where it arrived
      var ang = Math.atan2(y1 - y0, x1 - x0), h = 6;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - h * Math.cos(ang - 0.45), y1 - h * Math.sin(ang - 0.45));
      ctx.lineTo(x1 - h * Math.cos(ang + 0.45), y1 - h * Math.sin(ang + 0.45));
      ctx.fill();
    } else if (fate === 1) {
      ctx.strokeStyle = '#d32f2f';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x1 - 4, y1 - 4); ctx.lineTo(x1 + 4, y1 + 4);
      ctx.moveTo(x1 + 4, y1 - 4); ctx.lineTo(x1 - 4, y1 + 4);
      ctx.stroke();
    }
    if (flags & 1) {
      ctx.fillStyle = '#d81b60';
      ctx.font = 'bold 10px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.fillText('2×', x1 + 3, y1 - 7);
    }
    if (flags & 2) {
      ctx.fillStyle = '#d81b60';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('✶', x1, y1 - 9);
    }
    ctx.globalAlpha = 1;
    stats.drawn++;
  }

  function drawDensity() {
    var bucket = 2, cols = Math.ceil(plotW() / bucket) + 1;
    var sent = {}, dropped = {}, maxCount = 1;
    visibleFlights(function (k) {
      var c = Math.floor((xOf(F.t0[k]) - LABEL_W) / bucket);
      if (c < 0 || c >= cols) return;
      var from = F.from[k];
      var row = sent[from] || (sent[from] = new Uint32Array(cols));
      if (++row[c] > maxCount) maxCount = row[c];
      if (F.fate[k] === 1) {
        var d = dropped[from] || (dropped[from] = new Uint32Array(cols));
        d[c]++;
      }
    });
    Object.keys(sent).forEach(function (from) {
      var l = lanes[laneOf[from]];
      if (!l) return;
      var row = sent[from], drops = dropped[from], mid = l.y + l.h / 2, half = (l.h - ROLE_H - 6) / 2;
      for (var c = 0; c < cols; c++) {
        if (!row[c]) continue;
        var h = Math.max(1, Math.sqrt(row[c] / maxCount) * half);
        ctx.fillStyle = 'rgba(31,99,198,.55)';
        ctx.fillRect(LABEL_W + c * bucket, mid + ROLE_H / 2 - h, bucket, 2 * h);
        if (drops && drops[c]) {
          ctx.fillStyle = 'rgba(211,47,47,.9)';
          ctx.fillRect(LABEL_W + c * bucket, mid + ROLE_H / 2 + h, bucket, Math.min(6, 1 + drops[c]));
        }
        stats.drawn++;
      }
    });
  }

  function drawViolation() {
    delete root.dataset.violationX;
    if (violation === null || violation === undefined) return;
    var x = xOf(violation);
    if (x < LABEL_W - 2 || x > width + 2) return;
    // Where it is on the page, for the browser test that checks the screenshot shows it.
    var box = canvas.getBoundingClientRect();
    root.dataset.violationX = String(Math.round(box.left + window.scrollX + x));
    root.dataset.violationY = String(Math.round(box.top + window.scrollY + laneMid(violationLane || 1)));
    ctx.strokeStyle = '#d32f2f';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_H);
    ctx.lineTo(x, lanes.height);
    ctx.stroke();
    ctx.fillStyle = '#d32f2f';
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(D.stop ? 'the run stopped here'
                 : D.cut && violation >= D.cut.t ? 'the trace was cut here (its size cap)'
                 : D.stuck ? 'the history got stuck: this operation cannot take effect (see the history view)'
                 : 'the run ended here', x + 5, AXIS_H + 8);
    if (violationLane && laneOf[violationLane] !== undefined) {
      ctx.beginPath();
      ctx.arc(x, laneMid(violationLane), 9, 0, 2 * Math.PI);
      ctx.stroke();
    }
    stats.drawn++;
  }

  // ------------------------------------------------------------ what is under the pointer
  function distToSegment(px, py, x0, y0, x1, y1) {
    var dx = x1 - x0, dy = y1 - y0, len = dx * dx + dy * dy;
    var u = len ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len)) : 0;
    var cx = x0 + u * dx, cy = y0 + u * dy;
    return Math.hypot(px - cx, py - cy);
  }

  function laneAt(y) {
    for (var k = 0; k < lanes.length; k++) if (y >= lanes[k].y && y < lanes[k].y + lanes[k].h) return lanes[k];
    return null;
  }

  function pick(px, py) {
    if (px < LABEL_W || py < AXIS_H) return null;
    var best = null, bestD = 6;
    if (!densityMode) {
      visibleFlights(function (k) {
        var x1 = xOf(F.t1[k]), y1 = laneMid(F.to[k]);
        if (F.fate[k] === 1 && F.t1[k] === F.t0[k]) { x1 = xOf(F.t0[k]) + 6; y1 = laneMid(F.from[k]) + (laneMid(F.to[k]) > laneMid(F.from[k]) ? 14 : -14); }
        var dist = distToSegment(px, py, xOf(F.t0[k]), laneMid(F.from[k]), x1, y1);
        if (dist < bestD) { bestD = dist; best = {type: 'flight', index: k}; }
      });
    }
    var l = laneAt(py);
    if (!l) return best;
    var lo = lowerBound(M.t, tOf(px - 8)), hi = lowerBound(M.t, tOf(px + 8));
    for (var k = lo; k < hi; k++) {
      if (M.n[k] !== l.id) continue;
      if (!showStorage && STORAGE_MARKS[D.markKinds[M.k[k]]]) continue;
      var style = MARKS[D.markKinds[M.k[k]]] || [0, 0, 0.5];
      var y = l.kind === 'server' ? l.y + ROLE_H + (l.h - ROLE_H) * style[2] : l.y + l.h / 2;
      var dist = Math.hypot(px - xOf(M.t[k]), py - y) - 1;
      if (dist < bestD) { bestD = dist; best = {type: 'mark', index: k}; }
    }
    if (best) return best;
    var t = tOf(px);
    if (l.kind === 'client') {
      var list = opsByClient[l.id] || [];
      for (var j = 0; j < list.length; j++) {
        var o = list[j], end = O.t1[o] < 0 ? D.end : O.t1[o];
        if (O.t0[o] <= t && t <= end) return {type: 'op', index: o};
      }
      return null;
    }
    if (l.kind === 'server') {
      var st = statusAt(l.id, t);
      return st === null ? null : {type: 'status', index: st, t: t};
    }
    var net = Math.max(0, lowerBound(netTimes, t + 0.5) - 1);
    return {type: 'net', index: net};
  }

  function describe(item) {
    if (!item) return '';
    var k = item.index;
    if (item.type === 'flight') {
      var fate = F.fate[k] === 0 ? 'delivered ' + fmtTime(F.t1[k]) + ' (after ' + fmtTime(F.t1[k] - F.t0[k]) + ')'
               : F.fate[k] === 1 ? 'DROPPED ' + fmtTime(F.t1[k]) + ': ' + D.reasons[F.why[k]]
               : 'still in flight when the trace ends';
      return D.kinds[F.k[k]] + '  ' + endpointName(F.from[k]) + ' → ' + endpointName(F.to[k]) + '\n' +
             F.sum[k] + '\n' + ((F.flags[k] & 2) ? 'forged at ' : 'sent ') + fmtTime(F.t0[k]) + ', ' + fate +
             ((F.flags[k] & 1) ? '\na duplicate: a second copy of the same send' : '') + '\nmessage id ' + F.id[k];
    }
    if (item.type === 'mark') {
      return D.markKinds[M.k[k]] + '  ' + endpointName(M.n[k]) + ' at ' + fmtTime(M.t[k]) + '\n' + M.text[k];
    }
    if (item.type === 'op') {
      return 'client ' + O.c[k] + ': ' + O.label[k] + '\ncalled ' + fmtTime(O.t0[k]) +
             (O.t1[k] < 0 ? ', never answered within the trace' : ', ended ' + fmtTime(O.t1[k]) + ': ' + O.out[k]) +
             '\n' + O.n[k] + ' request' + (O.n[k] === 1 ? '' : 's') + ' sent';
    }
    if (item.type === 'status') {
      if (!S.up[k]) return 'server ' + S.n[k] + ' at ' + fmtTime(item.t) + ': crashed';
      return 'server ' + S.n[k] + ' at ' + fmtTime(item.t) + ': ' + ROLE_NAMES[S.role[k]] + ', term ' + S.term[k] +
             '\ncommit ' + S.commit[k] + ', applied ' + S.applied[k] + ', last log index ' + S.last[k] +
             (S.leader[k] ? ', believes ' + S.leader[k] + ' leads' : '') + '\n(since ' + fmtTime(S.t[k]) + ')';
    }
    var n = D.net[k];
    return 'network from ' + fmtTime(n.t) + ': ' + (n.whole ? 'everyone reaches everyone' : n.what) +
           (n.cuts.length ? '\none-way cuts: ' + n.cuts.map(function (c) { return c[0] + '→' + c[1]; }).join(', ') : '');
  }

  function selectedLanes() {
    if (!selected) return [];
    if (selected.type === 'flight') return [F.from[selected.index], F.to[selected.index]];
    if (selected.type === 'mark') return [M.n[selected.index]];
    if (selected.type === 'op') return [O.c[selected.index]];
    return [];
  }

  // ------------------------------------------------------------ the events around a moment
  function itemTime(item) {
    if (item.type === 'flight') return item.end ? F.t1[item.index] : F.t0[item.index];
    if (item.type === 'mark') return M.t[item.index];
    if (item.type === 'status') return S.t[item.index];
    if (item.type === 'net') return D.net[item.index].t;
    return O.t0[item.index];
  }

  function showAround(t) {
    var before = 30, after = 12, items = [];
    function take(times, make) {
      var at = lowerBound(times, t + 0.5);
      for (var k = Math.max(0, at - before); k < Math.min(times.length, at + after); k++) items.push(make(k));
    }
    take(F.t0, function (k) { return {type: 'flight', index: k}; });
    take(flightEnds, function (k) { return {type: 'flight', index: flightsByEnd[k], end: true}; });
    take(M.t, function (k) { return {type: 'mark', index: k}; });
    take(S.t, function (k) { return {type: 'status', index: k}; });
    take(netTimes, function (k) { return {type: 'net', index: k}; });
    items = items.filter(function (it) {
      if (it.type === 'flight') return !hidden[D.kinds[F.k[it.index]]] && (it.end ? F.fate[it.index] !== 2 : !(F.flags[it.index] & 2));
      if (it.type === 'mark') return showStorage || !STORAGE_MARKS[D.markKinds[M.k[it.index]]];
      return true;
    });
    items.sort(function (a, b) { return itemTime(a) - itemTime(b); });
    var at = 0;
    while (at < items.length && itemTime(items[at]) <= t) at++;
    items = items.slice(Math.max(0, at - before), at + after);
    var table = document.getElementById('around-events');
    table.textContent = '';
    document.getElementById('around-title').textContent = 'Events around ' + fmtTime(t);
    items.forEach(function (it) {
      var tr = document.createElement('tr');
      var time = itemTime(it);
      if (violation !== null && time === violation) tr.className = 'at';
      var cells = [fmtTime(time), rowText(it)];
      cells.forEach(function (text, c) {
        var td = document.createElement('td');
        td.textContent = text;
        if (c === 0) td.className = 't';
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { select(it.type === 'status' || it.type === 'net' ? null : it); centreOn(time); });
      table.appendChild(tr);
    });
  }

  function rowText(it) {
    var k = it.index;
    if (it.type === 'flight') {
      var what = D.kinds[F.k[k]] + ' ' + F.from[k] + '→' + F.to[k] + ': ' + F.sum[k];
      if (!it.end) return ((F.flags[k] & 2) ? 'forged ' : 'send ') + what;
      return (F.fate[k] === 1 ? 'DROP (' + D.reasons[F.why[k]] + ') ' : 'deliver ') + what;
    }
    if (it.type === 'mark') return D.markKinds[M.k[k]] + ' ' + endpointName(M.n[k]) + ': ' + M.text[k];
    if (it.type === 'status') {
      return 'server ' + S.n[k] + ' is ' + (S.up[k] ? ROLE_NAMES[S.role[k]] + ', term ' + S.term[k] + ', commit ' +
             S.commit[k] + ', applied ' + S.applied[k] + ', last ' + S.last[k] : 'down');
    }
    return 'network: ' + D.net[k].what;
  }

  function select(item) {
    selected = item && (item.type === 'flight' || item.type === 'mark' || item.type === 'op') ? item : null;
    document.getElementById('details').textContent = item ? describe(item) : 'Click a message, a mark or a bar.';
    redraw();
  }

  // ------------------------------------------------------------ input
  var drag = null;
  canvas.addEventListener('pointerdown', function (e) {
    drag = {x: e.clientX, t0: view.t0, t1: view.t1, moved: false};
    canvas.setPointerCapture(e.pointerId);
    canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', function (e) {
    var r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
    if (drag) {
      var dx = e.clientX - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      if (drag.moved) {
        var dt = dx / plotW() * (drag.t1 - drag.t0);
        setView(drag.t0 - dt, drag.t1 - dt);
        tip.style.display = 'none';
        return;
      }
    }
    pointerT = px > LABEL_W ? tOf(px) : null;
    redraw();
    hover = pick(px, py);
    if (!hover) { tip.style.display = 'none'; return; }
    tip.textContent = describe(hover);
    tip.style.display = 'block';
    var left = px + 14, top = py + 14;
    if (left + tip.offsetWidth > width) left = px - tip.offsetWidth - 10;
    if (top + tip.offsetHeight > lanes.height) top = Math.max(0, py - tip.offsetHeight - 10);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  });
  canvas.addEventListener('pointerup', function (e) {
    var r = canvas.getBoundingClientRect();
    if (drag && !drag.moved) {
      var item = pick(e.clientX - r.left, e.clientY - r.top);
      select(item);
      if (e.clientX - r.left > LABEL_W) showAround(item && item.type !== 'status' && item.type !== 'net' ? itemTime(item) : tOf(e.clientX - r.left));
    }
    drag = null;
    canvas.classList.remove('dragging');
  });
  canvas.addEventListener('pointerleave', function () { tip.style.display = 'none'; pointerT = null; redraw(); });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect(), px = e.clientX - r.left;
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      var dt = (e.deltaX || e.deltaY) / plotW() * (view.t1 - view.t0);
      setView(view.t0 + dt, view.t1 + dt);
      return;
    }
    zoomAround(tOf(Math.max(LABEL_W, px)), Math.exp(e.deltaY * 0.0015));
  }, {passive: false});
  canvas.addEventListener('dblclick', function (e) {
    var r = canvas.getBoundingClientRect();
    zoomAround(tOf(e.clientX - r.left), e.shiftKey ? 2 : 0.5);
  });
  document.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'TEXTAREA')) return;
    var s = view.t1 - view.t0, mid = (view.t0 + view.t1) / 2;
    if (e.key === '+' || e.key === '=') zoomAround(mid, 0.6);
    else if (e.key === '-' || e.key === '_') zoomAround(mid, 1 / 0.6);
    else if (e.key === 'ArrowLeft') setView(view.t0 - s * 0.15, view.t1 - s * 0.15);
    else if (e.key === 'ArrowRight') setView(view.t0 + s * 0.15, view.t1 + s * 0.15);
    else if (e.key === 'f' || e.key === '0') fit();
    else if (e.key === 'v') goToViolation();
    else return;
    e.preventDefault();
  });
  function button(id, action) { document.getElementById(id).addEventListener('click', action); }
  button('fit', fit);
  button('to-violation', goToViolation);
  button('zoom-in', function () { zoomAround((view.t0 + view.t1) / 2, 0.5); });
  button('zoom-out', function () { zoomAround((view.t0 + view.t1) / 2, 2); });
  window.addEventListener('resize', resize);

  // ------------------------------------------------------------ the page around the canvas
  function text(id, value) { document.getElementById(id).textContent = value; }
  (function fillPage() {
    document.title = (D.verdict ? 'FAILED ' : '') + D.title + ' — trace view';
    text('title', D.title);
    var v = document.getElementById('verdict');
    var badge = document.createElement('span');
    badge.className = 'badge';
    if (D.verdict) {
      v.className = 'verdict failed';
      badge.textContent = 'FAILED';
      v.appendChild(badge);
      v.appendChild(document.createTextNode((D.verdict.test ? D.verdict.test + ', seed ' + D.verdict.seed + ': ' : '') +
                                            D.verdict.message));
    } else {
      v.className = 'verdict unknown';
      badge.textContent = 'no verdict';
      v.appendChild(badge);
      v.appendChild(document.createTextNode('this trace carries no grader verdict (it was not written by a grader re-run)'));
    }
    if (D.stop) v.appendChild(document.createTextNode('\nThe run stopped at ' + fmtTime(D.stop.t) +
                                                      (D.stop.node ? ', after a step of ' + endpointName(D.stop.node) : '') + ': ' + D.stop.text));
    if (D.stuck) v.appendChild(document.createTextNode('\nThe operation the history got stuck on is client ' + D.stuck.client +
                                                       '\'s, from ' + fmtTime(D.stuck.t0) + ' to ' + fmtTime(D.stuck.t1) + ' (red in its lane).'));
    var notes = document.getElementById('notes');
    function note(t) { var div = document.createElement('div'); div.textContent = t; notes.appendChild(div); }
    if (D.cut) note('The trace was cut at ' + fmtTime(D.cut.t) + ' when it reached its size limit (' + D.cut.limit +
                    ' bytes): what happened later is not in the file' +
                    (D.endLine ? ' (' + D.endLine.not_written + ' events left out).' : '.'));
    if (!D.endLine) note('The trace has no end line: the run was stopped before it finished (a limit, or a crash of the process).');
    if (D.verdict && D.verdict.rerun) note(D.verdict.rerun);
    D.warnings.forEach(note);
    var links = document.getElementById('links');
    function link(label, value, href) {
      var span = document.createElement('span');
      span.appendChild(document.createTextNode(label + ' '));
      var el = document.createElement(href ? 'a' : 'code');
      el.textContent = value;
      if (href) el.href = href;
      span.appendChild(el);
      links.appendChild(span);
    }
    if (D.history) link('history view of the same run:', D.history, D.history);
    link('trace:', D.trace);
    if (D.verdict && D.verdict.replay) link('replay:', D.verdict.replay);
    link('seed', D.seed + ', ' + D.servers + ' servers, ' + D.clients.length + ' clients, ' + fmtTime(D.end) +
         ' simulated' + (D.endLine ? ', ' + D.endLine.events + ' events, trace hash ' + D.endLine.hash : ''));
    var filters = document.getElementById('filters');
    var counts = {};
    for (var k = 0; k < nFlights; k++) counts[F.k[k]] = (counts[F.k[k]] || 0) + 1;
    D.kinds.forEach(function (kind, index) {
      if (!counts[index]) return;
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.addEventListener('change', function () { hidden[kind] = !box.checked; redraw(); });
      var sw = document.createElement('span');
      sw.className = 'sw';
      sw.style.background = KIND_COLOURS[kind] || '#777';
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(document.createTextNode(kind + ' (' + counts[index] + ')'));
      filters.appendChild(label);
    });
    var storage = document.getElementById('storage');
    storage.addEventListener('change', function () { showStorage = storage.checked; redraw(); });
    if (violation === null || violation === undefined) document.getElementById('to-violation').disabled = true;
    document.getElementById('details').textContent = 'Click a message, a mark or a bar.';
  })();

  // ------------------------------------------------------------ a measure of drawing speed (#bench)
  function bench() {
    var frames = [], windows = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001];
    windows.forEach(function (fraction) {
      for (var step = 0; step < 8; step++) {
        var s = span * fraction, t0 = (span - s) * step / 7;
        view.t0 = t0; view.t1 = t0 + s;
        var started = performance.now();
        draw();
        frames.push(performance.now() - started);
      }
    });
    frames.sort(function (a, b) { return a - b; });
    var mean = frames.reduce(function (a, b) { return a + b; }, 0) / frames.length;
    root.dataset.bench = JSON.stringify({frames: frames.length, flights: nFlights, marks: M.t.length,
                                         status: S.t.length, mean_ms: +mean.toFixed(2),
                                         p95_ms: +frames[Math.floor(frames.length * 0.95)].toFixed(2),
                                         max_ms: +frames[frames.length - 1].toFixed(2)});
  }

  resize();
  goToViolation();
  draw();
  if (location.hash === '#bench') bench();
  if (location.hash === '#bench' || location.hash === '#all') { fit(); draw(); }
  if (violation !== null && violation !== undefined) showAround(violation);
})();

// Gantry's dashboard: one page for every app, fed by the control plane's event stream
// (GET /api/v1/dashboard/events, server-sent events) and its API, with the session cookie.
// No framework and no build step; the charts are in charts.js.
(function () {
  'use strict';

  const state = {
    session: null,
    stream: null,
    hosts: new Map(),
    instances: new Map(),
    apps: new Map(),
    alerts: new Map(),
    charts: new Map(), // app name -> {metric key -> chart}
    detail: null, // {id, charts}
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'testid') e.dataset.testid = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // ---- the API ----

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.session) headers['X-Gantry-CSRF'] = state.session.csrf;
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: AbortSignal.timeout(10000), // a request that hangs must not hold one of the browser's connections
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const err = new Error((json && (json.detail || json.title)) || res.status + ' ' + res.statusText);
      err.status = res.status;
      throw err;
    }
    return json;
  }

  const get = (path) => api('GET', path);
  const Charts = window.GantryCharts;

  // ---- session ----

  async function start() {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('flag-form').addEventListener('submit', submitToggle);
    $('flag-cancel').addEventListener('click', () => { $('flag-form').hidden = true; });
    $('detail-close').addEventListener('click', closeDetail);
    try {
      signedIn(await api('GET', '/api/v1/session'));
    } catch (e) {
      showLogin('');
    }
  }

  async function login(ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      const s = await api('POST', '/api/v1/session', { token: $('token').value });
      $('token').value = '';
      signedIn(s);
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  }

  async function logout() {
    try { await api('DELETE', '/api/v1/session'); } catch (e) { /* the session is gone either way */ }
    showLogin('');
  }

  function showLogin(message) {
    if (state.stream) state.stream.close();
    state.stream = null;
    state.session = null;
    $('who').hidden = true;
    $('main').hidden = true;
    $('banner').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    document.body.dataset.view = 'login';
  }

  function signedIn(session) {
    state.session = session;
    $('who-name').textContent = session.name;
    $('who-role').textContent = session.role;
    $('who').hidden = false;
    $('login').hidden = true;
    $('main').hidden = false;
    document.body.dataset.view = 'dashboard';
    document.body.dataset.role = session.role;
    connect();
    loadFlags();
    loadAlertsAndSilences();
  }

  // ---- the event stream ----

  function connect() {
    if (state.stream) state.stream.close();
    const es = new EventSource('/api/v1/dashboard/events');
    state.stream = es;
    const on = (name, fn) => es.addEventListener(name, (m) => fn(JSON.parse(m.data)));
    on('snapshot', applySnapshot);
    on('instance', applyInstance);
    on('host', applyHost);
    on('app', applyApp);
    on('alert', applyAlert);
    on('samples', applySamples);
    es.onerror = () => {
      if (state.stream !== es) return;
      $('banner').hidden = false;
      document.body.dataset.stream = 'reconnecting';
      if (es.readyState === EventSource.CLOSED) reconnectLater(es);
    };
  }

  // The browser retries by itself unless the server answered with an error (a session that ended: 401).
  function reconnectLater(es) {
    setTimeout(async () => {
      if (state.stream !== es) return;
      try {
        await api('GET', '/api/v1/session');
        connect();
      } catch (e) {
        if (e.status === 401) showLogin('Your session ended: log in again.');
        else reconnectLater(es);
      }
    }, 1000);
  }

  function applySnapshot(s) {
    $('banner').hidden = true;
    document.body.dataset.stream = 'live';
    state.hosts = new Map((s.hosts || []).map((h) => [h.host, h]));
    state.instances = new Map((s.instances || []).map((i) => [i.id, i]));
    state.apps = new Map((s.apps || []).map((a) => [a.name, a]));
    state.alerts = new Map();
    for (const a of s.alerts || []) keepAlert(a);
    $('apps').replaceChildren();
    $('hosts').replaceChildren();
    for (const app of appNames()) renderApp(app);
    for (const i of state.instances.values()) renderInstance(i);
    for (const h of state.hosts.values()) renderHost(h);
    renderAlerts();
    loadAlertsAndSilences();
  }

  function applyInstance(i) {
    if (i.state === 'GONE') {
      state.instances.delete(i.id);
      const box = $('instance-' + i.id);
      if (box) box.remove();
      return;
    }
    state.instances.set(i.id, i);
    if (!$('app-' + i.app)) renderApp(i.app);
    renderInstance(i);
  }

  function applyHost(h) {
    state.hosts.set(h.host, h);
    renderHost(h);
  }

  function applyApp(a) {
    state.apps.set(a.name, a);
    renderApp(a.name);
    loadHistory(a.name);
  }

  function applyAlert(a) {
    keepAlert(a);
    renderAlerts();
    loadAlertsAndSilences();
  }

  function applySamples(s) {
    const second = Math.floor(s.at / 1000);
    for (const [id, v] of Object.entries(s.instances || {})) {
      const i = state.instances.get(id);
      if (!i) continue;
      if (v.cpu !== undefined) i.cpu = v.cpu;
      if (v.memoryBytes !== undefined) i.memoryBytes = v.memoryBytes;
      renderInstance(i);
      if (state.detail && state.detail.id === id) Charts.extend(state.detail.charts, second, liveValues(v, null));
    }
    for (const [name, v] of Object.entries(s.hosts || {})) {
      const h = state.hosts.get(name);
      if (!h) continue;
      Object.assign(h, { cpu: v.cpu, memoryBytes: v.memoryBytes });
      renderHost(h);
    }
    for (const app of appNames()) {
      const charts = state.charts.get(app);
      if (!charts) continue;
      let cpu = 0, mem = 0;
      for (const i of state.instances.values()) {
        if (i.app === app) { cpu += i.cpu || 0; mem += i.memoryBytes || 0; }
      }
      Charts.extend(charts, second, liveValues({ cpu, memoryBytes: mem }, (s.apps || {})[app]));
    }
  }

  function liveValues(resources, traffic) {
    const v = { cpu: resources.cpu, memory: resources.memoryBytes };
    if (traffic) {
      v.rps = traffic.rps;
      v.errors = traffic.rps !== null && traffic.errorRate !== null ? traffic.rps * traffic.errorRate : null;
      v.p99 = traffic.p99Ms;
    }
    return v;
  }

  // ---- rendering ----

  function appNames() {
    const names = new Set(state.apps.keys());
    for (const i of state.instances.values()) names.add(i.app);
    return [...names].sort();
  }

  function renderApp(name) {
    let card = $('app-' + name);
    if (!card) {
      card = el('article', { id: 'app-' + name, class: 'app', testid: 'app-' + name },
        el('h3', {}, name, ' ', el('span', { class: 'release', testid: 'app-release-' + name })),
        el('div', { class: 'rollout', testid: 'app-rollout-' + name }),
        el('div', { class: 'canary', testid: 'app-canary-' + name }),
        el('div', { class: 'boxes', id: 'boxes-' + name, testid: 'boxes-' + name }),
        el('div', { class: 'charts', id: 'charts-' + name }),
        el('details', { class: 'history' },
          el('summary', {}, 'Deploy history'),
          el('ol', { id: 'history-' + name, testid: 'history-' + name })));
      const names = appNames();
      const next = names.slice(names.indexOf(name) + 1).map((n) => $('app-' + n)).find((n) => n);
      $('apps').insertBefore(card, next || null);
      seedCharts(name, card.querySelector('.charts'));
      loadHistory(name);
    }
    const a = state.apps.get(name) || {};
    card.querySelector('.release').textContent = a.liveRelease ? 'live release ' + a.liveRelease : 'no live release';
    const d = a.deployment;
    card.querySelector('.rollout').textContent = d
      ? 'Deploying release ' + d.release + ' (' + (d.strategy || 'rolling') + ', ' + d.state + ')'
        + (d.step !== null && d.step !== undefined ? ' step ' + d.step : '') + (d.progress ? ': ' + d.progress : '')
      : '';
    const c = a.canary;
    const canary = card.querySelector('.canary');
    canary.replaceChildren();
    if (c) {
      canary.append('Canary' + (c.release ? ' release ' + c.release : '') + (c.state ? ' ' + c.state : '')
        + ': ' + c.weight + '% (step ' + c.step + ' of ' + c.steps + '), verdict ',
        el('strong', { class: 'verdict ' + String(c.verdict).toLowerCase() }, String(c.verdict || 'pending')));
      const reasons = el('ul', {});
      for (const r of c.reasons || []) reasons.append(el('li', {}, r));
      canary.append(reasons);
    }
  }

  function renderInstance(i) {
    if (!$('app-' + i.app)) renderApp(i.app);
    let box = $('instance-' + i.id);
    if (!box) {
      box = el('div', { id: 'instance-' + i.id, class: 'box', testid: 'instance-' + i.id, title: 'Show charts',
        onclick: () => openDetail(i.id) },
        el('div', { class: 'id' }), el('div', { class: 'host' }), el('div', { class: 'release' }),
        el('div', { class: 'state' }), el('div', { class: 'cpu' }), el('div', { class: 'mem' }));
      $('boxes-' + i.app).append(box);
    }
    const up = i.state === 'READY';
    box.className = 'box ' + (up ? 'up' : 'down') + (i.canary ? ' canary' : '') + (i.standby ? ' standby' : '');
    box.dataset.state = i.state;
    box.dataset.release = i.release;
    box.dataset.app = i.app;
    box.querySelector('.id').textContent = i.id;
    box.querySelector('.host').textContent = i.host;
    box.querySelector('.release').textContent = 'release ' + i.release + (i.canary ? ' (canary)' : '');
    box.querySelector('.state').textContent = i.state + (i.restarts ? ', ' + i.restarts + ' restarts' : '');
    box.querySelector('.cpu').textContent = 'CPU ' + fmt(i.cpu, 1) + '%';
    box.querySelector('.mem').textContent = 'mem ' + mib(i.memoryBytes);
  }

  function renderHost(h) {
    let box = $('host-' + h.host);
    if (!box) {
      box = el('div', { id: 'host-' + h.host, class: 'box', testid: 'host-' + h.host },
        el('div', { class: 'id' }, h.host), el('div', { class: 'cpu' }), el('div', { class: 'mem' }));
      $('hosts').append(box);
    }
    box.className = 'box ' + (h.up ? 'up' : 'down');
    box.dataset.up = String(h.up);
    box.querySelector('.cpu').textContent = 'CPU ' + fmt(h.cpu, 1) + '%';
    box.querySelector('.mem').textContent = 'mem ' + mib(h.memoryBytes)
      + (h.memoryTotalBytes ? ' of ' + mib(h.memoryTotalBytes) : '');
  }

  // One row per rule and app (or host): alerts are grouped by app, and the subject column names the
  // instances. The stream names an alert's app and host; GET /api/v1/alerts its group.
  function alertKey(a) {
    return [a.rule, a.app || a.group, a.host].join('|');
  }

  // Keeps the newer of two states of an alert (the API's list may be older than the stream's event).
  function keepAlert(a) {
    const had = state.alerts.get(alertKey(a));
    if (!had || (a.since || 0) >= (had.since || 0)) state.alerts.set(alertKey(a), a);
  }

  function renderAlerts() {
    const rows = [...state.alerts.values()].sort((x, y) => (y.since || 0) - (x.since || 0)).slice(0, 12);
    const body = $('alerts').tBodies[0];
    body.replaceChildren();
    for (const a of rows) {
      const st = a.silenced ? 'silenced' : a.state;
      const subject = [a.app || a.group, a.host].concat(a.subjects && a.subjects.length ? a.subjects : [a.instance])
        .filter((x, i, all) => x && all.indexOf(x) === i).join(' ');
      body.append(el('tr', { class: 'alert ' + st, testid: 'alert-' + a.rule },
        el('td', {}, st), el('td', {}, a.rule), el('td', {}, a.severity || ''), el('td', {}, subject),
        el('td', {}, fmt(a.value, 2)), el('td', {}, a.since ? new Date(a.since).toLocaleTimeString() : '')));
    }
    if (!rows.length) body.append(el('tr', {}, el('td', { colspan: '6' }, 'No alerts.')));
  }

  async function loadAlertsAndSilences() {
    try {
      const list = await api('GET', '/api/v1/alerts');
      for (const a of list.alerts || []) keepAlert(a);
      renderAlerts();
      const ul = $('silences');
      ul.replaceChildren();
      for (const s of list.silences || []) {
        ul.append(el('li', { testid: 'silence-' + s.app },
          'Silenced: ' + s.app + ' until ' + new Date(s.until).toLocaleString() + ' by ' + s.by + ': ' + s.reason));
      }
    } catch (e) { /* shown again on the next alert event */ }
  }

  async function loadHistory(app) {
    try {
      const events = await api('GET', '/api/v1/apps/' + encodeURIComponent(app) + '/history');
      const ol = $('history-' + app);
      if (!ol) return;
      ol.replaceChildren();
      for (const h of (events || []).slice(0, 20)) {
        ol.append(el('li', {}, new Date(h.time).toLocaleString() + ' ' + h.actor + ' ' + h.action
          + (h.detail ? ': ' + h.detail : '')));
      }
    } catch (e) { /* an app without history (404) shows none */ }
  }

  // ---- flags ----

  async function loadFlags() {
    const body = $('flags').tBodies[0];
    let flags;
    try {
      flags = await api('GET', '/api/v1/flags');
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: '5' }, 'Flags: ' + e.message)));
      return;
    }
    body.replaceChildren();
    const viewer = state.session.role === 'viewer';
    for (const f of flags) {
      const env = (f.environments || {}).production;
      const on = !!(env && env.enabled);
      body.append(el('tr', { testid: 'flag-' + f.key, 'data-on': String(on) },
        el('td', {}, f.key), el('td', { class: on ? 'on' : 'off', testid: 'flag-state-' + f.key }, on ? 'on' : 'off'),
        el('td', {}, String(f.version)), el('td', {}, f.updatedBy || ''),
        el('td', {}, el('button', {
          type: 'button', testid: 'flag-toggle-' + f.key, disabled: viewer,
          title: viewer ? 'Viewers cannot change flags' : null,
          onclick: () => askReason(f, !on),
        }, on ? 'Turn off' : 'Turn on'))));
    }
    if (!flags.length) body.append(el('tr', {}, el('td', { colspan: '5' }, 'No flags.')));
  }

  function askReason(flag, on) {
    const form = $('flag-form');
    form.dataset.key = flag.key;
    form.dataset.on = String(on);
    form.dataset.version = String(flag.version);
    $('flag-form-what').textContent = 'Turn ' + flag.key + (on ? ' on' : ' off') + ' in production.';
    $('flag-reason').value = '';
    $('flag-error').textContent = '';
    form.hidden = false;
    $('flag-reason').focus();
  }

  async function submitToggle(ev) {
    ev.preventDefault();
    const form = $('flag-form');
    try {
      await api('POST', '/api/v1/flags/' + encodeURIComponent(form.dataset.key) + '/toggle', {
        env: 'production', on: form.dataset.on === 'true', reason: $('flag-reason').value,
        version: Number(form.dataset.version),
      });
      form.hidden = true;
    } catch (e) {
      $('flag-error').textContent = e.message;
    }
    loadFlags();
  }

  // ---- charts ----

  function seedCharts(app, container) {
    state.charts.set(app, Charts.make(container, 'app=' + encodeURIComponent(app), 'chart-' + app, get));
  }

  function openDetail(id) {
    closeDetail();
    $('detail').hidden = false;
    $('detail-id').textContent = id;
    state.detail = { id, charts: Charts.make($('detail-charts'), 'instance=' + encodeURIComponent(id), 'chart-i', get) };
  }

  function closeDetail() {
    if (state.detail) Charts.destroy(state.detail.charts);
    state.detail = null;
    $('detail-charts').replaceChildren();
    $('detail').hidden = true;
  }

  function fmt(v, digits) {
    return v === null || v === undefined ? '–' : Number(v).toFixed(digits);
  }

  function mib(bytes) {
    return bytes === null || bytes === undefined ? '–' : (bytes / 1048576).toFixed(0) + ' MiB';
  }

  start();
})();

// CreditLedger dashboard: plain JS over the public API. The key lives in sessionStorage only.
'use strict';

const state = {
  key: null, admin: false, canManage: false, workspace: null, users: [], keys: [], etags: {}, data: {}, integration: null,
  expanded: new Set(), showAll: new Set(), chart: null, timer: null,
};
const $ = (id) => document.getElementById(id);
const fmt = (n) => Number(n).toLocaleString('en-US', { maximumFractionDigits: 4 });
// Every time on the page in the one zone the page names (the report's), never the browser's own.
const when = (instant, style = { dateStyle: 'medium', timeStyle: 'short' }) => new Date(instant).toLocaleString('en-US', { timeZone: timeZone(), ...style });

async function api(path, etag) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (etag) headers['If-None-Match'] = etag;
  const response = await fetch(path, { headers });
  if (response.status === 304) return { notModified: true };
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `${response.status} ${response.statusText}`);
  }
  return { body: await response.json(), etag: response.headers.get('ETag') };
}

// Every item of a list route, following nextCursor page by page (1,000 items a page).
async function listAll(path) {
  const items = [];
  let cursor = null;
  do {
    const page = (await api(`${path}${path.includes('?') ? '&' : '?'}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

// --- time zones: local calendar boundaries of the chosen zone, as instants -------------------------------
function offsetMinutes(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant).map((p) => [p.type, p.value]));
  return (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000) / 60000;
}

function startOfDay(instant, zone, plusDays = 0) {
  const local = new Date(instant + offsetMinutes(instant, zone) * 60000);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + plusDays);
  return midnight - offsetMinutes(midnight - offsetMinutes(midnight, zone) * 60000, zone) * 60000;
}

function range() {
  const zone = timeZone();
  const now = Date.now();
  switch ($('preset').value) {
    case 'today': return [startOfDay(now, zone), startOfDay(now, zone, 1)];
    case '7d': return [startOfDay(now, zone, -6), startOfDay(now, zone, 1)];
    case 'cycle': return [Date.parse(state.workspace.cycle.start), Date.parse(state.workspace.cycle.end)];
    case 'custom': {
      const from = Date.parse($('from').value), to = Date.parse($('to').value);
      if (Number.isNaN(from) || Number.isNaN(to)) return [startOfDay(now, zone, -29), startOfDay(now, zone, 1)];
      return [from, to];
    }
    default: return [startOfDay(now, zone, -29), startOfDay(now, zone, 1)];
  }
}

function timeZone() { return $('timezone').value.trim() || state.workspace?.timeZone || 'UTC'; }

function query(extra = '') {
  const [from, to] = range();
  return `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}` +
    `&granularity=${$('granularity').value}&timeZone=${encodeURIComponent(timeZone())}${resourceFilter()}${extra}`;
}

// --- loading -----------------------------------------------------------------------------------------------
function reportPaths() {
  const base = `/v1/workspaces/${state.workspace.id}`;
  const paths = {
    usage: `${base}/reports/usage?${query()}`, users: `${base}/reports/users?${query()}`,
    integrations: `${base}/reports/integrations?${query()}`, resources: `${base}/reports/resources?${query()}`,
  };
  if (state.integration) paths.integration = `${base}/integrations/${state.integration}/reports/usage?${query()}`;
  return paths;
}

async function refresh(force = false) {
  try {
    const paths = reportPaths();
    let changed = false;
    await Promise.all(Object.entries(paths).map(async ([name, path]) => {
      const result = await api(path, force ? null : state.etags[path]);
      if (result.notModified) return;
      state.etags[path] = result.etag;
      state.data[name] = result.body;
      changed = true;
    }));
    if (changed || force) {
      await Promise.all([loadBalance(), loadLimits(), loadRunway(), loadValue(), loadTopUps()]);
      render();
      $('last-changed').textContent = when(Date.now(), { timeStyle: 'short' });
      $('zone-said').textContent = timeZone();
    }
    $('error').textContent = '';
  } catch (e) {
    $('error').textContent = e.message;
  }
}

async function loadBalance() {
  const balance = (await api(`/v1/workspaces/${state.workspace.id}/balance`)).body;
  $('actions-available').textContent = fmt(balance.actions.available);
  $('actions-held').textContent = fmt(balance.actions.held);
  $('credits-available').textContent = fmt(balance.dataCredits.available);
  $('credits-held').textContent = fmt(balance.dataCredits.held);
  // Credit carried over from the last cycle (plan.rollover) is part of available; say how much of it there is.
  const all = await listAll(`/v1/workspaces/${state.workspace.id}/grants`);
  // The list is read after the service applied due expiries, so a live grant is an active one with credit left.
  const grants = all.filter((g) => g.status === 'active' && Number(g.remaining) > 0);
  renderGrants(all);
  for (const [currency, id] of [['actions', 'actions-rollover'], ['data_credits', 'credits-rollover']]) {
    const carried = grants.filter((g) => g.source === 'rollover' && g.currency === currency).reduce((sum, g) => sum + Number(g.remaining), 0);
    $(id).textContent = carried > 0 ? ` · rolled over ${fmt(carried)}` : '';
  }
  $('cycle-end').textContent = when(balance.cycle.end, { dateStyle: 'medium' });
  const plan = state.workspace.plan;
  const low = [['Actions', balance.actions.available, plan.actionsPerCycle], ['Data credits', balance.dataCredits.available, plan.dataCreditsPerCycle]]
    .filter(([, available, allowance]) => allowance > 0 && available < allowance * 0.1)
    .map(([name, available]) => `${name} low: ${fmt(available)} left`);
  $('low-balance').hidden = low.length === 0;
  $('low-balance').textContent = low.length ? `⚠ ${low.join(' · ')}. Work pauses when credits run out; add credits to continue.` : '';
}

// "Credit value": what this billing cycle consumed, what expired unused (breakage), and what is still held in credit,
// in the workspace's price currency. The cycle is the service's, so the card agrees with the balance beside it.
async function loadValue() {
  const { start, end } = state.workspace.cycle;
  const value = (await api(`/v1/workspaces/${state.workspace.id}/reports/value?from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`)).body;
  const money = (n) => Number(n).toLocaleString('en-US', { style: 'currency', currency: value.priceCurrency });
  $('value-consumed').textContent = money(value.totals.consumedValue);
  $('value-breakage').textContent = money(value.totals.breakageValue);
  $('value-outstanding').textContent = money(value.outstanding.totalValue);
}

// The auto top-up rules under the grants they make: what triggers each, what it adds, and how many it made this cycle.
async function loadTopUps() {
  const rules = (await api(`/v1/workspaces/${state.workspace.id}/auto-top-up`)).body;
  const said = [['Actions', rules.actions], ['Data credits', rules.dataCredits]].filter(([, rule]) => rule)
    .map(([name, r]) => `${name} below ${fmt(r.below)} → ${fmt(r.amount)} ${r.mode === 'request' ? 'requested for payment' : 'granted'}` +
      ` (${r.usedThisCycle} of ${r.maxPerCycle} this cycle)`);
  $('auto-top-up').textContent = said.length ? `Auto top-up: ${said.join(' · ')}` : 'No auto top-up: work pauses when credit runs out.';
}

// Every grant, newest first: the spent and expired ones behind "show all", pending and voided ones always shown.
function renderGrants(all) {
  const currencyName = { actions: 'Actions', data_credits: 'Data credits' };
  const live = all.filter((g) => g.status !== 'active' || Number(g.remaining) > 0).reverse();
  const items = state.showAll.has('grants') ? [...all].reverse() : live;
  const toggle = $('grants-all');
  toggle.hidden = live.length === all.length;
  toggle.textContent = state.showAll.has('grants') ? 'Show live grants only' : `Show all ${all.length} (${all.length - live.length} spent or expired)`;
  toggle.onclick = () => { state.showAll.has('grants') ? state.showAll.delete('grants') : state.showAll.add('grants'); renderGrants(all); };
  const price = (g) => Number(g.unitPrice) === 0 ? '–' : Number(g.unitPrice).toLocaleString('en-US', { style: 'currency', currency: state.workspace.priceCurrency, maximumFractionDigits: 6 });
  rows('grants-table', items, (g) => [g.source + (g.autoTopUp ? ' (auto top-up)' : ''), currencyName[g.currency], g.status, fmt(g.amount), fmt(g.remaining),
    price(g), when(g.effectiveAt, { dateStyle: 'medium' }), g.expiresAt ? when(g.expiresAt, { dateStyle: 'medium' }) : 'never'],
  (tr, g) => { tr.dataset.grant = g.id; tr.className = `grant-${g.status}`; });
}

// --- rendering ---------------------------------------------------------------------------------------------
function render() {
  const usage = state.data.usage;
  $('total-actions').textContent = fmt(usage.totals.actions);
  $('total-credits').textContent = fmt(usage.totals.dataCredits);
  $('total-events').textContent = fmt(usage.totals.events);
  renderChart(usage);
  rows('users-table', state.data.users.items, (u) => [u.userId ? `${u.name} <${u.email}>` : '(no user)', fmt(u.actions), fmt(u.dataCredits), fmt(u.events)]);
  rows('integrations-table', shown('integrations', state.data.integrations.items),
    (i) => [i.name, fmt(i.actions), fmt(i.dataCredits), fmt(i.attempts), fmt(i.successes), rate(i)],
    (tr, i) => { tr.className = 'clickable' + (i.integration === state.integration ? ' selected' : ''); tr.onclick = () => drill(i.integration, i.name); });
  $('services').hidden = !state.integration || !state.data.integration;
  if (state.integration && state.data.integration) {
    rows('services-table', shown('services', state.data.integration.byService), (s) => [serviceName(state.integration, s.service), fmt(s.actions), fmt(s.dataCredits), fmt(s.attempts), fmt(s.successes), rate(s)]);
  }
  renderResources(state.data.resources);
}

// Catalog rows without usage in the range wait behind "show all": the table lists what was used.
function shown(table, items) {
  const used = items.filter((x) => Number(x.attempts) > 0 || Number(x.actions) !== 0 || Number(x.dataCredits) !== 0);
  const all = state.showAll.has(table);
  const toggle = $(`${table}-all`);
  toggle.hidden = used.length === items.length;
  toggle.textContent = all ? 'Show used only' : `Show all ${items.length} (${items.length - used.length} unused)`;
  toggle.onclick = () => { all ? state.showAll.delete(table) : state.showAll.add(table); render(); };
  return all ? items : used;
}

// A service by the name the catalog gives it (its key when the catalog does not list it).
function serviceName(integration, service) {
  const found = state.catalog?.find((i) => i.key === integration)?.services.find((s) => s.key === service);
  return found ? found.name : service;
}

const rate = (x) => (x.attempts ? `${(100 * x.successes / x.attempts).toFixed(1)}%` : '–');

function rows(tableId, items, cells, decorate) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren(...items.map((item) => {
    const tr = document.createElement('tr');
    for (const text of cells(item)) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    if (decorate) decorate(tr, item);
    return tr;
  }));
}

function renderChart(usage) {
  const zone = usage.timeZone;
  const unit = usage.granularity;
  const label = (iso) => new Date(iso).toLocaleString('en-US', unit === 'hour'
    ? { timeZone: zone, month: 'short', day: 'numeric', hour: '2-digit' }
    : { timeZone: zone, month: 'short', day: 'numeric', year: unit === 'month' ? 'numeric' : undefined });
  const data = {
    labels: usage.series.map((p) => label(p.start)),
    datasets: [
      { label: 'Actions', data: usage.series.map((p) => p.actions), backgroundColor: '#3867d6', yAxisID: 'y' },
      { label: 'Data credits', data: usage.series.map((p) => p.dataCredits), backgroundColor: '#20bf6b', yAxisID: 'y2' },
    ],
  };
  if (state.chart) {
    state.chart.data = data;
    state.chart.update();
    return;
  }
  state.chart = new Chart($('usage-chart'), {
    type: 'bar', data,
    // Two currencies, two axes side by side: an action and a data credit are never added together.
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: {
        y: { beginAtZero: true, position: 'left', title: { display: true, text: 'Actions' } },
        y2: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'Data credits' } },
      },
    },
  });
}

async function drill(integration, name) {
  state.integration = integration;
  $('services-of').textContent = name;
  await refresh(true);
}

async function downloadCsv(report) {
  const paths = reportPaths();
  const response = await fetch(`${paths[report]}&format=csv`, { headers: { Authorization: `Bearer ${state.key}` } });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `${report}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

// --- sign-in and workspace choice ----------------------------------------------------------------------------
async function signIn(key) {
  state.key = key;
  const me = (await api('/v1/me')).body;
  state.admin = me.admin;
  // Controls that change settings show only for a key that may use them.
  state.canManage = me.admin || me.scopes.includes('manage');
  state.keyId = me.apiKeyId;
  document.body.classList.toggle('read-only', !state.canManage);
  if (me.admin) {
    state.workspaces = byName(await listAll('/v1/workspaces'));
    showWorkspaces(state.workspaces);
    $('workspace-picker').hidden = false;
    await selectWorkspace(state.workspaces[0]?.id);
  } else {
    await selectWorkspace(me.workspaceId);
  }
  sessionStorage.setItem('creditledger.key', key);
  $('signin').hidden = true;
  $('app').hidden = false;
  clearInterval(state.timer);
  state.timer = setInterval(() => refresh(false), 10_000);
}

// The admin's picker: sorted by name; typing asks the workspaces list for the names that contain the text (?name=),
// and the chosen workspace stays listed.
const byName = (list) => list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

function showWorkspaces(list) {
  const chosen = state.workspace;
  const shown = chosen && !list.some((w) => w.id === chosen.id) ? byName([...list, chosen]) : list;
  $('workspace').replaceChildren(...shown.map((w) => new Option(w.name, w.id)));
  if (chosen) $('workspace').value = chosen.id;
}

async function filterWorkspaces(text) {
  const needle = text.trim();
  state.matches = needle ? byName(await listAll(`/v1/workspaces?name=${encodeURIComponent(needle)}`)) : state.workspaces;
  if ($('workspace-filter').value.trim() === needle) showWorkspaces(state.matches);
}

async function selectWorkspace(id) {
  if (!id) throw new Error('No workspace yet: create one with POST /v1/workspaces.');
  state.workspace = (await api(`/v1/workspaces/${id}`)).body;
  if (state.admin) showWorkspaces(state.matches ?? state.workspaces);
  $('workspace-name').textContent = `${state.workspace.name} · ${state.workspace.plan.name} plan`;
  $('plan-name').textContent = `${state.workspace.plan.name} plan`;
  $('timezone').value = state.workspace.timeZone;
  state.integration = null;
  state.expanded.clear();
  state.etags = {};
  state.webhook = null;
  const base = `/v1/workspaces/${id}`;
  [state.users, state.keys] = await Promise.all([
    listAll(`${base}/users`),
    state.admin ? listAll(`${base}/api-keys`) : [],
  ]);
  await loadResourceChoices();
  await loadEstimateChoices();
  await refresh(true);
  await loadWebhooks().catch((e) => { $('webhooks-error').textContent = e.message; });
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try { await signIn($('api-key').value.trim()); $('signin-error').textContent = ''; } catch (e) { $('signin-error').textContent = e.message; }
});
$('signout').addEventListener('click', () => { sessionStorage.removeItem('creditledger.key'); location.reload(); });
$('workspace').addEventListener('change', (e) => selectWorkspace(e.target.value));
let filterTimer;
$('workspace-filter').addEventListener('input', (e) => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => filterWorkspaces(e.target.value).catch((error) => { $('error').textContent = error.message; }), 150);
});
$('workspace-filter').addEventListener('keydown', async (e) => {
  if (e.key !== 'Enter') return;
  clearTimeout(filterTimer);
  await filterWorkspaces(e.target.value);
  if (state.matches?.length) await selectWorkspace(state.matches[0].id);
});
$('preset').addEventListener('change', () => { $('custom-range').hidden = $('preset').value !== 'custom'; refresh(true); });
for (const id of ['granularity', 'timezone', 'from', 'to', 'resource']) $(id).addEventListener('change', () => refresh(true));
for (const button of document.querySelectorAll('button.csv')) button.addEventListener('click', () => downloadCsv(button.dataset.report));

const saved = sessionStorage.getItem('creditledger.key');
if (saved) signIn(saved).catch(() => sessionStorage.removeItem('creditledger.key'));

// "Alerts and webhooks": thresholds, and webhooks (add, test, delete) with each one's delivery log. Uses dashboard.js's state, api and fmt; writes need a key with the manage scope (or the admin key).
'use strict';

const eventTypes = ['balance.low', 'balance.depleted', 'balance.recovered', 'spend_limit.reached', 'grant.expiring',
  'cycle.renewed', 'rollover.forfeited', 'ping'];

async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${state.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(json?.errors ? Object.values(json.errors).flat().join(' ') : json?.detail ?? `${response.status}`);
  return json;
}

async function loadWebhooks() {
  const base = `/v1/workspaces/${state.workspace.id}`;
  const [alerts, webhooks] = await Promise.all([api(`${base}/alerts`), listAll(`${base}/webhooks`)]);
  $('alert-actions').value = alerts.body.actions.lowBalance ?? '';
  $('alert-credits').value = alerts.body.dataCredits.lowBalance ?? '';
  $('alert-days').value = alerts.body.expiringWithinDays;
  // Without manage the thresholds are shown, not offered for editing.
  for (const id of ['alert-actions', 'alert-credits', 'alert-days']) $(id).disabled = !state.canManage;
  $('webhooks-table').querySelector('tbody').replaceChildren(...webhooks.map(webhookRow));
  $('deliveries').hidden = !webhooks.some((w) => w.id === state.webhook);
  if (!$('deliveries').hidden) await showDeliveries(state.webhook);
}

function webhookRow(webhook) {
  const tr = document.createElement('tr');
  tr.dataset.webhook = webhook.id;
  for (const text of [webhook.url, webhook.events.join(', ')]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  const actions = document.createElement('td');
  actions.append(
    button('Test', () => testWebhook(webhook.id), 'manage'),
    button('Deliveries', () => showDeliveries(webhook.id)),
    button('Delete', async () => { await send('DELETE', `/v1/workspaces/${state.workspace.id}/webhooks/${webhook.id}`); await loadWebhooks(); }, 'manage'));
  tr.append(actions);
  return tr;
}

function button(label, onClick, extraClass = '') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `link ${extraClass}`.trim();
  b.textContent = label;
  b.onclick = () => onClick().catch((e) => { $('webhooks-error').textContent = e.message; });
  return b;
}

// A test ping, then the log until its delivery is settled (the dispatcher sends within a moment).
async function testWebhook(id) {
  const { eventId } = await send('POST', `/v1/workspaces/${state.workspace.id}/webhooks/${id}/test`, {});
  for (let i = 0; i < 15; i++) {
    const items = await showDeliveries(id);
    if (items.some((d) => d.eventId === eventId && d.status !== 'pending')) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function showDeliveries(id) {
  state.webhook = id;
  const items = (await api(`/v1/workspaces/${state.workspace.id}/webhooks/${id}/deliveries?limit=20`)).body.items;
  $('deliveries-of').textContent = document.querySelector(`#webhooks-table tr[data-webhook='${id}'] td`)?.textContent ?? id;
  rows('deliveries-table', items, (d) => [d.type, d.status, d.attempts, d.lastResponseStatus ?? '–',
    d.nextAttemptAt ? when(d.nextAttemptAt, { timeStyle: 'medium' }) : '–', when(d.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })],
  (tr, d) => { tr.className = `delivery-${d.status}`; tr.dataset.event = d.eventId; });
  $('deliveries').hidden = false;
  return items;
}

$('webhook-events').replaceChildren(...eventTypes.map((type) => {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = type;
  box.checked = type.startsWith('balance.');
  label.append(box, ` ${type}`);
  return label;
}));

$('webhook-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const events = [...$('webhook-events').querySelectorAll('input:checked')].map((box) => box.value);
    const created = await send('POST', `/v1/workspaces/${state.workspace.id}/webhooks`, { url: $('webhook-url').value.trim(), events });
    $('webhook-secret').textContent = `Signing secret for ${created.url} (shown this once): ${created.secret}`;
    $('webhook-secret').hidden = false;
    $('webhook-url').value = '';
    $('webhooks-error').textContent = '';
    await loadWebhooks();
  } catch (e) {
    $('webhooks-error').textContent = e.message;
  }
});

$('alerts-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const amount = (id) => ($(id).value === '' ? null : Number($(id).value));
  try {
    await send('PUT', `/v1/workspaces/${state.workspace.id}/alerts`, {
      actions: { lowBalance: amount('alert-actions') }, dataCredits: { lowBalance: amount('alert-credits') }, expiringWithinDays: Number($('alert-days').value),
    });
    $('alerts-saved').textContent = `Saved ${when(Date.now(), { timeStyle: 'medium' })}`;
    $('webhooks-error').textContent = '';
  } catch (e) {
    $('webhooks-error').textContent = e.message;
  }
});

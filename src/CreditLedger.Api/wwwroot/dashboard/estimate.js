// "Estimate a run": what a planned run can cost at most, and whether it would be accepted now or which limit or
// currency would stop it (POST …/estimates; nothing is written). Uses dashboard.js's state, api, fmt and $, webhooks.js's send and limits.js's scopeNames.
'use strict';

const currencyNames = { actions: 'actions', data_credits: 'data credits' };
const inUnits = (n, currency) => `${fmt(n)} ${Number(n) === 1 ? currencyNames[currency].slice(0, -1) : currencyNames[currency]}`;

async function loadEstimateChoices() {
  const catalog = state.catalog = await listAll('/v1/integrations');
  const services = catalog.flatMap((i) => i.services.map((s) => new Option(`${i.name} · ${s.name}`, `${i.key}/${s.key}`)));
  const kinds = [['table_run', 'Table run'], ['ai_call', 'AI call'], ['export', 'Export'], ['send', 'Send']].map(([k, n]) => new Option(`${n} (1 action)`, `kind/${k}`));
  $('estimate-work').replaceChildren(...services, ...kinds);
  $('estimate-user').replaceChildren(new Option('No user', ''), ...state.users.map((u) => new Option(`${u.name} <${u.email}>`, u.id)));
  $('estimate-resource').replaceChildren(...[...$('resource').options].map((o) => new Option(o.value ? o.text : 'No resource', o.value)));
  // Another key's limits are a manager's question: the admin picks any key; a workspace key estimates for itself.
  $('estimate-key-label').hidden = !state.admin;
  if (state.admin) {
    const keys = state.keys.filter((k) => !k.revokedAt);
    $('estimate-key').replaceChildren(new Option('No key (admin)', ''), ...keys.map((k) => new Option(`${k.name} (${k.prefix}…)`, k.id)));
  }
  $('estimate-result').textContent = '';
}

async function estimateRun(event) {
  event.preventDefault();
  const [first, second] = $('estimate-work').value.split('/');
  const item = first === 'kind' ? { kind: second } : { integration: first, service: second };
  item.quantity = Number($('estimate-rows').value);
  const body = { items: [item] };
  for (const [field, id] of [['userId', 'estimate-user'], ['resourceId', 'estimate-resource'], ['apiKeyId', 'estimate-key']]) {
    if ($(id).value && !(id === 'estimate-key' && !state.admin)) body[field] = $(id).value;
  }
  const result = $('estimate-result');
  try {
    const estimate = await send('POST', `/v1/workspaces/${state.workspace.id}/estimates`, body);
    result.className = `estimate ${estimate.allowed ? 'fits' : 'stops'}`;
    result.textContent = describe(estimate);
  } catch (e) {
    result.className = 'estimate error';
    result.textContent = e.message;
  }
}

function describe(estimate) {
  const cost = estimate.charges.length ? estimate.charges.map((c) => inUnits(c.amount, c.currency)).join(' and ') : 'nothing';
  if (estimate.allowed) return `Costs at most ${cost}. Fits: it would be accepted now.`;
  if (estimate.shortfall) {
    const s = estimate.shortfall;
    return `Costs at most ${cost}. Would stop: not enough ${currencyNames[s.currency]} (${inUnits(s.required, s.currency)} needed, ${fmt(s.available)} available).`;
  }
  const l = estimate.limit;
  return `Costs at most ${cost}. Would stop at the spend limit of ${scopeNames[l.scope].toLowerCase()} ${scopeLabel(l)}: ` +
    `${inUnits(l.required, l.currency)} needed, ${fmt(l.remaining)} left this cycle.`;
}

$('estimate-form').addEventListener('submit', estimateRun);

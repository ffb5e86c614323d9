// "Spend limits": what each capped user, key or resource spent this cycle against its cap, as a bar per currency,
// and the workspace's default workbook cap. Uses dashboard.js's state, api and fmt.
'use strict';

const scopeNames = { user: 'User', api_key: 'API key', resource: 'Resource' };

async function loadLimits() {
  const base = `/v1/workspaces/${state.workspace.id}/spend-limits`;
  // No default set is a 404: the card then says nothing about defaults.
  const [items, fallback] = await Promise.all([listAll(base), api(`${base}/defaults/workbook`).catch(() => null)]);
  $('limits').hidden = items.length === 0 && !fallback;
  $('limits-table').querySelector('tbody').replaceChildren(...items.map(limitRow));
  $('workbook-default').textContent = fallback
    ? `Every workbook without a limit of its own may spend ${caps(fallback.body)} per cycle.`
    : '';
}

function caps(limit) {
  return [['actions', limit.actions], ['data credits', limit.dataCredits]]
    .filter(([, cap]) => cap !== null).map(([name, cap]) => `${fmt(cap)} ${name}`).join(' and ');
}

function limitRow(limit) {
  const tr = document.createElement('tr');
  tr.dataset.limit = `${limit.scope}/${limit.scopeId}`;
  const who = document.createElement('td');
  who.textContent = `${scopeNames[limit.scope]} ${scopeLabel(limit)}`;
  tr.append(who, barCell(limit.actions), barCell(limit.dataCredits));
  return tr;
}

// Names, not ids: a user by name and e-mail, a key by its name and prefix (the admin lists keys; a workspace key is
// told "this key" for its own), a resource by its name from the filter's choices. An id only when none is known.
function scopeLabel(limit) {
  if (limit.scope === 'user') {
    const user = state.users.find((u) => u.id === limit.scopeId);
    return user ? `${user.name} <${user.email}>` : limit.scopeId;
  }
  if (limit.scope === 'api_key') {
    const key = state.keys.find((k) => k.id === limit.scopeId);
    return key ? `${key.name} (${key.prefix}…)` : limit.scopeId === state.keyId ? 'this key' : limit.scopeId;
  }
  const option = [...$('resource').options].find((o) => o.value === limit.scopeId);
  return option ? option.text.trim() : limit.scopeId;
}

function barCell(figures) {
  const td = document.createElement('td');
  if (!figures) {
    td.textContent = 'no cap';
    td.className = 'muted';
    return td;
  }
  const bar = document.createElement('div');
  bar.className = 'limit-bar' + (Number(figures.remaining) === 0 ? ' full' : '');
  const fill = document.createElement('span');
  const share = Number(figures.limit) > 0 ? Math.min(1, Number(figures.spent) / Number(figures.limit)) : 1;
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  bar.append(fill);
  const text = document.createElement('small');
  text.textContent = `${fmt(figures.spent)} of ${fmt(figures.limit)} · ${fmt(figures.remaining)} left`;
  td.append(bar, text);
  return td;
}

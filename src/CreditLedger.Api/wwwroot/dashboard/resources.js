// "By resource": the folder → workbook → table tree of the resources report, opened row by row, and the resource
// filter that narrows every report to one node and what is under it. Uses dashboard.js's state, api and refresh.
'use strict';

function resourceFilter() {
  const id = $('resource').value;
  return id ? `&resourceId=${encodeURIComponent(id)}` : '';
}

// The filter's choices: every resource, deleted ones too (their history stays in reports), indented under its parent.
async function loadResourceChoices() {
  const items = await listAll(`/v1/workspaces/${state.workspace.id}/resources?includeDeleted=true`);
  const children = Map.groupBy(items, (r) => r.parentId ?? '');
  const options = [new Option('All resources', '')];
  const add = (parentId, depth) => {
    for (const r of (children.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      options.push(new Option(`${'\u00a0\u00a0'.repeat(depth)}${r.name}${r.isDeleted ? ' (deleted)' : ''}`, r.id));
      add(r.id, depth + 1);
    }
  };
  add('', 0);
  $('resource').replaceChildren(...options);
}

function renderResources(report) {
  const lines = [];
  const visit = (node, depth) => {
    lines.push({ node, depth });
    if (state.expanded.has(node.resourceId)) node.children.forEach((child) => visit(child, depth + 1));
  };
  report.items.forEach((root) => visit(root, 0));
  const body = $('resources-table').querySelector('tbody');
  body.replaceChildren(...lines.map(({ node, depth }) => resourceRow(node, depth)));
  if (!$('resource').value) body.append(figuresRow('Unattributed', '', report.unattributed, 'unattributed'));
}

function resourceRow(node, depth) {
  const name = document.createElement('td');
  name.style.paddingLeft = `${0.4 + depth * 1.4}em`;
  const toggle = document.createElement('button');
  toggle.className = 'toggle link';
  toggle.textContent = node.children.length ? (state.expanded.has(node.resourceId) ? '▾' : '▸') : '';
  toggle.disabled = node.children.length === 0;
  toggle.setAttribute('aria-label', `Open ${node.name}`);
  toggle.onclick = () => { toggleOpen(node.resourceId); renderResources(state.data.resources); };
  const link = document.createElement('button');
  link.className = 'link';
  link.textContent = node.name + (node.isDeleted ? ' (deleted)' : '');
  link.title = 'Show only this resource and what is under it';
  link.onclick = () => filterTo(node.resourceId);
  name.append(toggle, link);
  const row = figuresRow(null, node.kind, node, node.resourceId);
  row.prepend(name);
  return row;
}

function figuresRow(label, kind, figures, id) {
  const tr = document.createElement('tr');
  tr.dataset.resource = id;
  const cells = [kind, fmt(figures.actions), fmt(figures.dataCredits), fmt(figures.events)];
  if (label !== null) cells.unshift(label);
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function toggleOpen(id) {
  if (!state.expanded.delete(id)) state.expanded.add(id);
}

async function filterTo(id) {
  $('resource').value = id;
  state.expanded.add(id);
  await refresh(true);
}

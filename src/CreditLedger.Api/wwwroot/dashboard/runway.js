// "Will we make it?": the cycle's balance history (from the ledger's running balances) joined to the forecast's
// projection up to the cycle's end, one line per currency on its own axis. Uses dashboard.js's state, api, fmt, timeZone.
'use strict';

const DAY_MS = 86_400_000;

async function loadRunway() {
  const base = `/v1/workspaces/${state.workspace.id}`;
  const forecast = (await api(`${base}/forecast`)).body;
  const from = forecast.cycle.start, to = forecast.asOf;
  const history = Date.parse(to) > Date.parse(from)
    ? (await api(`${base}/reports/balance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&granularity=day&timeZone=${encodeURIComponent(timeZone())}`)).body.series
    : [];
  state.runway = { forecast, history };
  $('forecast').textContent = `${forecastText('Data Credits', forecast.dataCredits)} · ${forecastText('Actions', forecast.actions)}`;
  $('forecast').classList.toggle('warning', forecast.dataCredits.beforeCycleEnd || forecast.actions.beforeCycleEnd);
  renderRunway();
}

// In words a person plans with: whole days, months past two months, and a balance already at 0 said as such.
function forecastText(name, currency) {
  if (Number(currency.available) === 0) return `${name}: none left; work that needs them pauses until a top-up`;
  if (currency.daysLeft === null) return `${name}: nothing burned in the last 7 days`;
  const days = Number(currency.daysLeft);
  const span = days < 1 ? 'less than a day'
    : days < 60 ? `about ${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}`
    : days < 365 ? `about ${Math.round(days / 30.4)} months` : 'more than a year';
  return `${name} last ${span} at the last 7 days' pace, ${currency.beforeCycleEnd ? 'running out before the cycle ends' : 'past the cycle end'}`;
}

// The projection: from now, down at the daily burn until it reaches 0 or the cycle ends.
function projection(currency, asOf, end) {
  const start = Date.parse(asOf), stop = Date.parse(end);
  if (currency.dailyBurn <= 0) return [{ x: start, y: currency.available }, { x: stop, y: currency.available }];
  const out = Math.min(stop, start + (currency.available / currency.dailyBurn) * DAY_MS);
  const points = [{ x: start, y: currency.available }, { x: out, y: Math.max(0, currency.available - currency.dailyBurn * (out - start) / DAY_MS) }];
  if (out < stop) points.push({ x: stop, y: 0 });
  return points;
}

function renderRunway() {
  const { forecast, history } = state.runway;
  const end = Date.parse(forecast.cycle.end);
  const line = (label, color, data, axis, dashed) => ({
    label, data, borderColor: color, backgroundColor: color, yAxisID: axis, pointRadius: dashed ? 0 : 2, borderDash: dashed ? [6, 4] : [], tension: 0,
  });
  const past = (key) => [{ x: Date.parse(forecast.cycle.start), y: history.length ? null : forecast[key].available },
    ...history.map((p) => ({ x: Date.parse(p.end), y: Number(p[key]) }))].filter((p) => p.y !== null);
  const datasets = [
    line('Actions', '#3867d6', past('actions'), 'y', false),
    line('Actions, projected', '#3867d6', projection(forecast.actions, forecast.asOf, forecast.cycle.end), 'y', true),
    line('Data credits', '#20bf6b', past('dataCredits'), 'y2', false),
    line('Data credits, projected', '#20bf6b', projection(forecast.dataCredits, forecast.asOf, forecast.cycle.end), 'y2', true),
  ];
  // The cycle's end, marked by a vertical line across the actions axis.
  const top = Math.max(1, ...datasets.filter((d) => d.yAxisID === 'y').flatMap((d) => d.data.map((p) => Number(p.y))));
  datasets.push({ label: 'Cycle ends', data: [{ x: end, y: 0 }, { x: end, y: top }], borderColor: '#6b7385', borderDash: [2, 3], pointRadius: 0, yAxisID: 'y' });
  const label = (ms) => new Date(ms).toLocaleDateString('en-US', { timeZone: timeZone(), month: 'short', day: 'numeric' });
  const options = {
    responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
    scales: {
      x: { type: 'linear', min: Date.parse(forecast.cycle.start), max: end, ticks: { callback: label, maxTicksLimit: 8 } },
      y: { beginAtZero: true, position: 'left', title: { display: true, text: 'Actions' } },
      y2: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'Data credits' } },
    },
    plugins: { tooltip: { callbacks: { title: (items) => label(items[0].parsed.x) } } },
  };
  $('runway-end').textContent = `cycle ends ${when(end)}`;
  if (state.runwayChart) {
    state.runwayChart.data.datasets = datasets;
    state.runwayChart.options = options;
    state.runwayChart.update();
    return;
  }
  state.runwayChart = new Chart($('runway-chart'), { type: 'line', data: { datasets }, options });
}

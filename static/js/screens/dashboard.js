// Staff dashboard: volunteers as a share of residents against 10% / 6%, hours per month,
// needs by status and response time, satisfaction against 80%; filter by street,
// community and grid (only those the caller staffs).
import { get, optional } from '../api.js';
import { barsAgainstTargets, columns } from '../charts.js';
import { lang, t } from '../i18n.js';
import { chip, empty, h, notice } from '../ui.js';

const filters = { street: '', community_id: '', grid_id: '' };
const STATUS_ORDER = ['open', 'filled', 'in_progress', 'completed', 'cancelled', 'expired'];
const pct = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1)}%`);

export async function render(root, ctx) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const [data, anomalies] = await Promise.all([
    get(`/dashboard${query ? `?${query}` : ''}`),
    optional('/reports/anomalies').catch(() => null),
  ]);
  root.replaceChildren(h('h2', {}, t('dashboard_title')), filterForm(data.filters, ctx),
    ratioCard(data.volunteer_ratio), hoursCard(data.hours_by_month), needsCard(data.needs_by_status, data.response),
    satisfactionCard(data.satisfaction), servedCard(data.served_groups, data.party_members), anomaliesCard(anomalies),
    boardsCard(data.filters));
}

/** The public boards (公示) of the communities and grids in reach: pages to open or print. */
function boardsCard(options) {
  const communities = options.communities.filter((c) => !filters.community_id || String(c.id) === String(filters.community_id));
  const link = (href, text, key) => h('li', {}, h('a', { href, target: '_blank', rel: 'noopener', dataset: { board: key } }, text));
  return h('section', { class: 'card', 'aria-labelledby': 'boards-h' }, h('h3', { id: 'boards-h' }, t('boards_title')),
    h('p', { class: 'muted' }, t('boards_hint')),
    h('ul', { class: 'plain' }, communities.slice(0, 20).flatMap((c) => [
      link(`/board/community/${c.id}`, c.name, `community:${c.id}`),
      ...options.grids.filter((g) => g.community_id === c.id).slice(0, 20)
        .map((g) => link(`/board/grid/${g.id}`, `${c.name}·${g.name}`, `grid:${g.id}`))])));
}

function select(name, label, options, onChange) {
  const el = h('select', { id: `filter-${name}`, name },
    h('option', { value: '' }, t('all')), options.map(([value, text]) => h('option', { value, selected: String(filters[name]) === String(value) }, text)));
  el.addEventListener('change', () => onChange(el.value));
  return h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), el);
}

function filterForm(options, ctx) {
  const communities = options.communities.filter((c) => !filters.street || c.street === filters.street);
  const grids = options.grids.filter((g) => (!filters.community_id || String(g.community_id) === String(filters.community_id))
    && communities.some((c) => c.id === g.community_id));
  return h('form', { class: 'filters', 'aria-label': t('filters') },
    select('street', t('street'), options.streets.map((s) => [s, s]), (v) => { filters.street = v; filters.community_id = ''; filters.grid_id = ''; ctx.rerender(); }),
    select('community_id', t('community'), communities.map((c) => [c.id, c.name]), (v) => { filters.community_id = v; filters.grid_id = ''; ctx.rerender(); }),
    select('grid_id', t('grid'), grids.map((g) => [g.id, g.name]), (v) => { filters.grid_id = v; ctx.rerender(); }));
}

/** Who was served (the groups with any need) and the party members reporting, as reports count them. */
function servedCard(groups, party) {
  const served = groups.filter((g) => g.needs);
  return h('section', { class: 'card', 'aria-labelledby': 'served-groups-h', dataset: { servedGroups: '' } },
    h('h3', { id: 'served-groups-h' }, t('dashboard_served_groups')),
    served.length ? h('ul', {}, served.map((g) => h('li', { dataset: { group: g.code } },
      t('dashboard_group_row', { name: lang() === 'en' ? g.name_en : g.name_zh, needs: g.needs, hours: g.hours }))))
      : empty(t('served_groups_none')),
    h('h3', {}, t('dashboard_party')),
    h('p', { dataset: { party: party.volunteers } }, t('dashboard_party_row', { volunteers: party.volunteers, hours: party.hours })));
}

function ratioCard(rows) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'ratio-h' }, h('h3', { id: 'ratio-h' }, t('volunteer_ratio')),
    h('p', { class: 'muted' }, t('ratio_targets')));
  if (!rows.length) { card.append(empty(t('no_data'))); return card; }
  card.append(barsAgainstTargets(rows.map((r) => ({ label: `${r.name}（${t(`kind_${r.kind}`)}）`, value: r.ratio || 0, target: r.target, meets: r.meets })),
    { label: rows.map((r) => `${r.name} ${pct(r.ratio)} / ${pct(r.target)}`).join('; '), format: pct }));
  // A grid row divides by the grid's residents (its households x the community's people per household).
  card.append(h('ul', { class: 'legend' }, rows.map((r) => h('li', { class: 'ratio-row', 'data-level': r.level },
    `${r.name}: ${r.volunteers} / ${r.residents.toLocaleString('en')} = ${pct(r.ratio)} `,
    r.residents_basis === 'grid_households' ? h('span', { class: 'muted' }, `${t('residents_from_households')} `) : '',
    chip(r.meets ? t('meets') : t('below'), r.meets ? 'ok' : 'warn')))));
  return card;
}

function hoursCard(months) {
  const items = months.map((m) => ({ label: m.month.slice(5), value: Number(m.hours) }));
  const total = items.reduce((sum, d) => sum + d.value, 0);
  return h('section', { class: 'card', 'aria-labelledby': 'hours-h' }, h('h3', { id: 'hours-h' }, t('hours_per_month')),
    h('p', { class: 'muted' }, t('hours_total', { n: total.toFixed(1) })),
    columns(items, { label: months.map((m) => `${m.month}: ${m.hours}`).join('; '), format: (v) => v.toFixed(0) }));
}

function needsCard(byStatus, response) {
  const rows = STATUS_ORDER.map((status) => ({ label: t(`status_${status}`), value: byStatus[status] || 0, target: null, neutral: true }));
  const total = rows.reduce((s, r) => s + r.value, 0);
  return h('section', { class: 'card', 'aria-labelledby': 'needs-h' }, h('h3', { id: 'needs-h' }, t('needs_by_status')),
    total ? barsAgainstTargets(rows, { label: rows.map((r) => `${r.label} ${r.value}`).join('; '), format: (v) => String(v) })
      : empty(t('no_data')),
    h('p', {}, response.answered ? t('response_time', { median: response.median_minutes, p90: response.p90_minutes, n: response.answered, days: response.window_days })
      : t('response_none', { days: response.window_days })));
}

function satisfactionCard(sat) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'sat-h' }, h('h3', { id: 'sat-h' }, t('satisfaction')));
  if (!sat.ratings) { card.append(empty(t('no_ratings'))); return card; }
  card.append(barsAgainstTargets([{ label: t('satisfied_share'), value: sat.rate, target: sat.target, meets: sat.meets }],
    { label: `${pct(sat.rate)} / ${pct(sat.target)}`, format: pct, max: 1 }),
  h('p', {}, t('satisfaction_detail', { satisfied: sat.satisfied, ratings: sat.ratings, average: sat.average }), ' ',
    chip(sat.meets ? t('meets') : t('below'), sat.meets ? 'ok' : 'warn')));
  return card;
}

function anomaliesCard(anomalies) {
  if (anomalies === null) return h('section', { class: 'card' }, h('h3', {}, t('anomalies')), notice(t('not_open_yet')));
  const { items } = anomalies;
  return h('section', { class: 'card' }, h('h3', {}, t('anomalies')),
    items.length ? h('ul', {}, items.map((a) => h('li', {}, `#${a.record_id || a.id} ${(a.reasons || []).join('，')}`))) : empty(t('anomalies_none')));
}

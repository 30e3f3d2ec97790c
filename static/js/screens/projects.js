// Projects bought by government (政府购买服务): the list and a new one (staff); a project's
// progress against its targets, its needs and activities, and its evaluation packs.
// #/projects and #/projects/<id>.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, empty, fail, field, h, showFieldErrors } from '../ui.js';

const isStaff = (ctx) => (ctx.user.roles || []).some((r) => ['social_worker', 'admin'].includes(r.role));
const communitiesOf = (ctx) => [...new Set((ctx.user.roles || [])
  .filter((r) => ['social_worker', 'admin'].includes(r.role) && r.community_id).map((r) => r.community_id))];
const issued = new Map();  // packs issued on this screen, by project

export async function render(root, ctx) {
  if (ctx.arg) return renderOne(root, ctx, Number(ctx.arg));
  const page = await get('/projects?per_page=50');
  root.replaceChildren(h('h2', {}, t('projects_title')),
    h('p', { class: 'muted', dataset: { projectsTotal: page.total } }, t('projects_total', { n: page.total })));
  if (!page.items.length) root.append(empty(t('projects_none')));
  for (const p of page.items) {
    root.append(h('article', { class: 'card', dataset: { project: p.id } },
      h('h3', {}, h('a', { href: `#/projects/${p.id}` }, p.name)),
      h('p', { class: 'muted' }, `${p.funder} · ${p.organisation}`), meters(p)));
  }
  if (isStaff(ctx) && communitiesOf(ctx).length) root.append(await createForm(ctx));
}

/** Progress against each target, as the API computes it. */
function meters(p) {
  const bar = (key, label, value, target, pct) => h('div', { class: 'meter', dataset: { meter: key, value: String(value) } },
    h('p', {}, t('project_meter', { label, value, target })),
    h('div', { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': Math.min(100, pct || 0) }, h('span', { style: `width:${Math.min(100, pct || 0)}%` })));
  const sat = p.progress.satisfaction;
  return h('div', { class: 'meters' },
    bar('people', t('project_people'), p.progress.people, p.targets.people, p.progress.people_percent),
    bar('hours', t('project_hours'), p.progress.hours, p.targets.hours, p.progress.hours_percent),
    h('p', { dataset: { meter: 'satisfaction', value: sat === null ? '' : String(sat) } },
      sat === null ? t('project_no_ratings') : t('project_satisfaction', { value: sat, target: p.targets.satisfaction, n: p.progress.ratings }),
      p.progress.satisfaction_met ? ' ✓' : ''));
}

async function renderOne(root, ctx, id) {
  const p = await get(`/projects/${id}`);
  root.replaceChildren(h('p', {}, h('a', { href: '#/projects' }, t('projects_back'))), h('h2', {}, p.name),
    h('section', { class: 'card' }, h('dl', { class: 'facts' },
      ...[['funder', t('project_funder'), p.funder], ['organisation', t('project_organisation'), p.organisation],
        ['period', t('project_period'), `${p.starts_on} – ${p.ends_on}`], ['budget', t('project_budget'), p.budget],
        ['services', t('project_services'), String(p.progress.services)]]
        .map(([key, label, value]) => h('div', { dataset: { fact: key } }, h('dt', {}, label), h('dd', {}, value))))),
    meters(p));
  if (!isStaff(ctx)) return;
  root.append(await addNeedForm(p, ctx), packCard(p, ctx));
}

async function addNeedForm(p, ctx) {
  const page = await get('/needs?per_page=50');
  const need = h('select', {}, page.items.map((n) => h('option', { value: n.id }, `#${n.id} ${n.title}`)));
  const form = h('form', { class: 'card', novalidate: true, dataset: { addNeed: '' } },
    field('need_id', t('project_add_need'), need), h('button', { type: 'submit', class: 'secondary' }, t('project_add')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await post(`/projects/${p.id}/needs`, { need_id: Number(need.value) }); announce(t('project_added')); ctx.rerender(); } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    }
  });
  return form;
}

/** Issue the evaluation pack as the records stand; its JSON, PDF and public verification. */
function packCard(p, ctx) {
  const box = h('section', { class: 'card', dataset: { packs: '' } }, h('h3', {}, t('project_pack')),
    h('p', { class: 'muted' }, t('project_pack_hint')));
  const show = (pack) => {
    box.querySelector('[data-pack]')?.remove();
    box.append(h('div', { dataset: { pack: pack.number } },
      h('p', {}, t('project_pack_issued', { number: pack.number, n: pack.entries })),
      h('p', { class: 'link' }, t('project_pack_head'), h('code', { dataset: { head: '' } }, pack.head_hash)),
      h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `/api/v1/evaluation-packs/${pack.number}`, download: `${pack.number}.json` }, 'JSON'),
        h('a', { class: 'button secondary', href: `/api/v1/evaluation-packs/${pack.number}/pdf` }, 'PDF'),
        h('a', { class: 'button secondary', href: pack.verify_url, target: '_blank', rel: 'noopener', dataset: { verifyLink: '' } }, t('project_pack_verify')))));
  };
  box.append(busyButton(t('project_issue_pack'), async () => {
    try { const pack = await post(`/projects/${p.id}/evaluation-packs`); issued.set(p.id, pack); show(pack); announce(t('project_pack_done')); } catch (err) { fail(err); }
  }));
  if (issued.has(p.id)) show(issued.get(p.id));
  return box;
}

async function createForm(ctx) {
  const orgs = (await get('/organisations?status=verified&per_page=50')).items;
  const name = h('input', { maxlength: 100 });
  const funder = h('input', { maxlength: 100 });
  const org = h('select', {}, orgs.map((o) => h('option', { value: o.id }, o.name)));
  const starts = h('input', { type: 'date' });
  const ends = h('input', { type: 'date' });
  const budget = h('input', { type: 'number', min: 0, step: '0.01', inputmode: 'decimal' });
  const people = h('input', { type: 'number', min: 0, inputmode: 'numeric' });
  const hours = h('input', { type: 'number', min: 0, step: '0.5', inputmode: 'decimal' });
  const sat = h('input', { type: 'number', min: 0, max: 100, value: 80, inputmode: 'numeric' });
  const form = h('form', { class: 'card', novalidate: true, dataset: { newProject: '' } }, h('h3', {}, t('project_new')),
    field('name', t('project_name'), name), field('funder', t('project_funder'), funder),
    field('organisation_id', t('project_organisation'), org), field('starts_on', t('project_starts'), starts),
    field('ends_on', t('project_ends'), ends), field('budget', t('project_budget'), budget),
    field('target_people', t('project_target_people'), people), field('target_hours', t('project_target_hours'), hours),
    field('target_satisfaction', t('project_target_satisfaction'), sat),
    h('button', { type: 'submit', class: 'wide' }, t('project_create')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await post('/projects', {
        name: name.value.trim(), funder: funder.value.trim(), organisation_id: Number(org.value) || null,
        community_ids: communitiesOf(ctx), starts_on: starts.value || null, ends_on: ends.value || null,
        budget: budget.value || null, target_people: Number(people.value), target_hours: hours.value || null,
        target_satisfaction: Number(sat.value),
      });
      announce(t('project_created'));
      ctx.go(`projects/${made.id}`);
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}

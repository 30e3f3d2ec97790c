// Organisations and teams (三社联动): my teams and those I may join; staff register and
// verify them; a leader invites by phone, approves, removes, sees the hours, takes needs
// given to the team and puts members into them. #/teams and #/teams/<id>.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, chip, empty, fail, field, h, reasonForm, showFieldErrors, statusChip, when,
} from '../ui.js';

const KINDS = ['social_organisation', 'volunteer_team', 'resident_unit'];
const isStaff = (ctx) => (ctx.user.roles || []).some((r) => ['social_worker', 'admin'].includes(r.role));
const staffCommunities = (ctx) => [...new Set((ctx.user.roles || [])
  .filter((r) => ['social_worker', 'admin'].includes(r.role) && r.community_id).map((r) => r.community_id))];

export async function render(root, ctx) {
  if (ctx.arg) return renderOne(root, ctx, Number(ctx.arg));
  const [mine, all] = await Promise.all([get('/organisations?mine=true&per_page=50'), get('/organisations?per_page=50')]);
  root.replaceChildren(h('h2', {}, t('teams_title')));
  root.append(h('h3', {}, t('teams_mine')));
  root.append(mine.items.length ? h('div', { dataset: { teamsMine: '' } }, mine.items.map(card)) : empty(t('teams_mine_none')));
  const others = all.items.filter((o) => !mine.items.some((m) => m.id === o.id));
  root.append(h('h3', {}, isStaff(ctx) ? t('teams_of_my_communities') : t('teams_to_join')),
    h('p', { class: 'muted', dataset: { teamsTotal: all.total } }, t('teams_total', { n: all.total })));
  root.append(others.length ? h('div', { dataset: { teamsOthers: '' } }, others.map(card)) : empty(t('teams_none')));
  if (isStaff(ctx) && staffCommunities(ctx).length) root.append(registerForm(ctx));
}

/** One organisation as the list gives it: name, kind, status, leaders, members, hours. */
function card(o) {
  return h('article', { class: 'card', dataset: { organisation: o.id } },
    h('h3', {}, h('a', { href: `#/teams/${o.id}` }, o.name), statusChip(o.status, 'organisation')),
    h('p', { class: 'meta' }, chip(t(`kind_${o.kind}`)), o.incubating ? chip(t('incubating')) : null,
      o.my_role ? chip(t(`member_role_${o.my_role}`), 'ok') : null,
      o.my_status && o.my_status !== 'active' ? chip(t(`member_${o.my_status}`), 'warn') : null),
    h('p', { class: 'muted' }, t('team_line', { leaders: o.leaders.join('、') || '—', members: o.members, hours: o.hours })));
}

function registerForm(ctx) {
  const name = h('input', { maxlength: 100, required: true });
  const kind = h('select', {}, KINDS.map((k) => h('option', { value: k }, t(`kind_${k}`))));
  const code = h('input', { maxlength: 18, autocapitalize: 'characters' });
  const contact = h('input', { maxlength: 30, required: true });
  const phone = h('input', { type: 'tel', maxlength: 20, required: true });
  const leader = h('input', { type: 'tel', inputmode: 'numeric', maxlength: 11, required: true });
  const incubating = h('input', { type: 'checkbox', id: 'org-incubating' });
  const form = h('form', { class: 'card', novalidate: true, dataset: { registerOrganisation: '' } },
    h('h3', {}, t('register_organisation')),
    field('name', t('org_name'), name), field('kind', t('org_kind'), kind),
    field('credit_code', t('credit_code'), code, t('credit_code_hint')),
    h('label', { class: 'check', for: 'org-incubating' }, incubating, t('incubating_hint')),
    field('contact_name', t('contact_name'), contact), field('contact_phone', t('contact_phone'), phone),
    field('leader_phone', t('leader_phone'), leader, t('leader_phone_hint')),
    h('button', { type: 'submit', class: 'wide' }, t('register_organisation')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await post('/organisations', {
        name: name.value.trim(), kind: kind.value, credit_code: code.value.trim().toUpperCase() || null,
        incubating: incubating.checked, contact_name: contact.value.trim(), contact_phone: phone.value.trim(),
        leader_phone: leader.value.trim(), community_ids: staffCommunities(ctx),
      });
      announce(t('organisation_registered_now'));
      ctx.go(`teams/${made.id}`);
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}

async function renderOne(root, ctx, id) {
  const o = await get(`/organisations/${id}`);
  const member = o.manages || o.my_status === 'active';
  const [members, needs] = await Promise.all([
    member ? get(`/organisations/${id}/members?per_page=100`) : null,
    o.manages ? get(`/organisations/${id}/needs?per_page=20`) : null,
  ]);
  root.replaceChildren(h('p', {}, h('a', { href: '#/teams' }, t('teams_back'))),
    h('h2', {}, o.name), info(o), actions(o, ctx));
  if (o.manages) root.append(inviteForm(o, ctx));
  if (members) root.append(memberList(o, members, ctx));
  if (needs) root.append(teamNeeds(needs, members, ctx));
}

function info(o) {
  const row = (key, label, value) => h('div', { dataset: { org: key } }, h('dt', {}, label), h('dd', {}, value));
  return h('section', { class: 'card' }, h('p', {}, statusChip(o.status, 'organisation'), ' ', chip(t(`kind_${o.kind}`)),
    o.incubating ? chip(t('incubating')) : null),
  h('dl', { class: 'facts' },
    row('credit_code', t('credit_code'), o.credit_code || t('no_credit_code')),
    row('contact', t('contact_name'), `${o.contact_name} · ${o.contact_phone}`),
    row('communities', t('org_communities'), o.communities.map((c) => c.name).join('、')),
    row('leaders', t('org_leaders'), o.leaders.join('、') || '—'),
    row('members', t('org_members'), String(o.members)),
    row('hours', t('org_hours'), t('hours_n', { n: o.hours }))));
}

/** What I may do here: verify it (staff), accept an invitation, apply, leave. */
function actions(o, ctx) {
  const box = h('div', { class: 'actions' });
  const act = (label, path, done, kind) => busyButton(label, async () => {
    try { await post(path); announce(done); ctx.rerender(); } catch (err) { fail(err); }
  }, { class: kind || '' });
  if (o.manages && o.status === 'registered') box.append(act(t('verify_organisation'), `/organisations/${o.id}/verify`, t('organisation_verified_now')));
  if (o.my_status === 'invited') box.append(act(t('accept_invitation'), `/organisations/${o.id}/join`, t('joined_now')));
  else if ((!o.my_status || o.my_status === 'removed') && o.status === 'verified' && !o.my_role) {
    box.append(act(t('apply_to_join'), `/organisations/${o.id}/join`, t('applied_now')));
  }
  if (o.my_status === 'applied') box.append(h('p', { class: 'notice' }, t('application_waiting')));
  if (o.my_status === 'active' && (o.my_role !== 'leader' || o.leaders.length > 1)) box.append(act(t('leave_team'), `/organisations/${o.id}/members/${ctx.user.id}/remove`, t('left_now'), 'secondary'));
  return box;
}

function inviteForm(o, ctx) {
  const phone = h('input', { type: 'tel', inputmode: 'numeric', maxlength: 11 });
  const form = h('form', { class: 'card', novalidate: true, dataset: { invite: '' } },
    field('phone', t('invite_by_phone'), phone), h('button', { type: 'submit' }, t('invite')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await post(`/organisations/${o.id}/members`, { phone: phone.value.trim() }); announce(t('invited_now')); ctx.rerender(); } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    }
  });
  return form;
}

/** Members as the API lists them; leaders see phones (masked) and hours served with the team. */
function memberList(o, page, ctx) {
  const list = h('section', { dataset: { members: page.total } }, h('h3', {}, t('org_members_list', { n: page.total })));
  for (const m of page.items) {
    const el = h('article', { class: 'card', dataset: { member: m.user_id } },
      h('h3', {}, h('span', {}, m.name), statusChip(m.status, 'member')),
      h('p', { class: 'meta' }, chip(t(`member_role_${m.role}`)), m.phone ? h('span', { dataset: { phone: '' } }, m.phone) : null,
        m.hours !== null ? h('span', { dataset: { hours: m.hours } }, t('hours_n', { n: m.hours })) : null));
    if (o.manages && m.user_id !== ctx.user.id) {
      const box = h('div', { class: 'actions' });
      const act = (label, path, kind) => busyButton(label, async () => {
        try { await post(path); announce(t('done')); ctx.rerender(); } catch (err) { fail(err); }
      }, { class: kind || '' });
      if (m.status === 'applied') box.append(act(t('approve_member'), `/organisations/${o.id}/members/${m.user_id}/approve`));
      if (m.status === 'active' && m.role === 'member') box.append(act(t('make_leader'), `/organisations/${o.id}/members/${m.user_id}/leader`, 'secondary'));
      if (m.status !== 'removed') box.append(act(t(m.status === 'active' ? 'remove_member' : 'refuse_member'), `/organisations/${o.id}/members/${m.user_id}/remove`, 'danger'));
      el.append(box);
    }
    list.append(el);
  }
  return list;
}

/** Needs given to the team: take N slots, or decline; put active members into the slots taken. */
function teamNeeds(page, members, ctx) {
  const active = (members ? members.items : []).filter((m) => m.status === 'active');
  const box = h('section', { dataset: { teamNeeds: page.total } }, h('h3', {}, t('team_needs', { n: page.total })));
  if (!page.items.length) box.append(empty(t('team_needs_none')));
  for (const n of page.items) {
    const el = h('article', { class: 'card', dataset: { needTeam: n.id } },
      h('h3', {}, h('span', {}, n.need_title), statusChip(n.status, 'team_offer')),
      h('p', { class: 'muted' }, `${when(n.starts_at)} · ${n.place}`),
      h('p', { dataset: { seats: `${n.assigned}/${n.slots}` } }, t('team_seats', { assigned: n.assigned, slots: n.slots })),
      n.members.length ? h('ul', { class: 'plain' }, n.members.map((m) => h('li', {}, `${m.name} · ${t(`status_${m.status}`)}`))) : null);
    if (n.status === 'offered') {
      const count = h('input', { type: 'number', min: 1, max: n.slots, value: n.slots, inputmode: 'numeric' });
      const take = busyButton(t('take_slots'), async () => {
        try { await post(`/need-teams/${n.id}/accept`, { slots: Number(count.value) }); announce(t('taken_now')); ctx.rerender(); } catch (err) { fail(err); }
      });
      el.append(field('slots', t('how_many_slots'), count), h('div', { class: 'actions' }, take,
        reasonForm({ open: t('decline_for_team'), label: t('decline_label'), submit: t('decline_send'),
          send: async (reason) => { await post(`/need-teams/${n.id}/decline`, { reason }); announce(t('declined_now')); ctx.rerender(); } })));
    }
    if (n.status === 'accepted' && n.assigned < n.slots) {
      const onIt = new Set(n.members.map((m) => m.user_id));
      const who = h('select', {}, active.filter((m) => !onIt.has(m.user_id)).map((m) => h('option', { value: m.user_id }, m.name)));
      el.append(field('user_id', t('assign_member'), who), busyButton(t('assign'), async () => {
        try { await post(`/need-teams/${n.id}/members`, { user_id: Number(who.value) }); announce(t('assigned_now')); ctx.rerender(); } catch (err) { fail(err); }
      }));
    }
    box.append(el);
  }
  return box;
}

// My hours, star level and progress, points and rewards, certificate, duty, trainings.
import { get, newKey, optional, post, put } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, empty, fail, h, notice, statusChip, when } from '../ui.js';
import { passwordCard, personalCard, section as settings, activitiesLink, teamsLink, volunteerLink } from './settings.js';

export async function render(root, ctx) {
  const [summary, profile, records, points, trainings] = await Promise.all([
    get('/me/summary', { cache: true }),
    optional('/me/volunteer-profile', { cache: true }),
    get('/me/records', { cache: true }).then((book) => book.services).catch(() => []),
    optional('/me/points'),
    optional('/me/trainings?per_page=50').then((page) => page && page.items),
  ]);
  root.replaceChildren(h('h2', {}, t('me_title')), stats(summary), starProgress(summary));
  if (profile) root.append(dutyCard(profile, ctx));
  root.append(volunteerLink(ctx), teamsLink(), activitiesLink());
  root.append(await pointsCard(summary, points, profile), certificateCard(records));
  root.append(h('h3', {}, t('my_trainings')), trainings === null ? notice(t('not_open_yet'))
    : trainings.length ? h('ul', {}, trainings.map((tr) => h('li', {}, `${tr.title} · ${when(tr.starts_at)}`)))
      : empty(t('trainings_none')));
  root.append(h('h3', {}, t('my_records')));
  if (!records.length) root.append(empty(t('records_none')));
  for (const r of records.slice(0, 20)) {
    root.append(h('article', { class: 'card', dataset: { record: r.id } }, h('h3', {}, h('span', {}, r.content), statusChip(r.status, 'record')),
      h('p', { class: 'muted' }, `${when(r.started_at)} · ${t('hours_n', { n: r.hours })}`),
      r.status === 'pending' ? standing(r) : null,
      r.status === 'rejected' && r.reject_reason ? h('p', {}, t('record_rejected_why', { reason: r.reject_reason })) : null));
  }
  root.append(settings(ctx), passwordCard(ctx), personalCard(ctx));
}

/** Whom a pending record waits on, and whether it has been chased: so hours never vanish unseen. */
function standing(r) {
  const who = r.waiting_on.map((w) => t(`waits_on_${w.role}`, { name: w.name })).join(t('or'));
  const chase = r.escalated ? t('record_escalated') : r.reminded ? t('record_reminded') : '';
  return h('p', { dataset: { waitingOn: r.id } }, t('record_waits_on', { who }), chase ? ` ${chase}` : '');
}

function stats(summary) {
  const stat = (key, value, label) => h('div', { class: 'stat', dataset: { stat: key } }, h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, label));
  return h('div', { class: 'stats' }, stat('hours', summary.hours, t('hours_confirmed')),
    stat('stars', '★'.repeat(summary.star_level) || '—', t('star_level')),
    stat('points', summary.points, t('points')), stat('pending', summary.pending_records, t('records_pending')));
}

function starProgress(summary) {
  if (summary.next_star_hours === null) return h('p', { class: 'card' }, t('top_star'));
  const pct = Math.min(100, (Number(summary.hours) / summary.next_star_hours) * 100);
  return h('section', { class: 'card' },
    h('p', { id: 'star-progress-label' }, t('next_star', { hours: (summary.next_star_hours - Number(summary.hours)).toFixed(1), level: summary.star_level + 1 })),
    h('div', { class: 'progress', role: 'progressbar', 'aria-labelledby': 'star-progress-label',
      'aria-valuemin': 0, 'aria-valuemax': summary.next_star_hours, 'aria-valuenow': Number(summary.hours) },
    h('span', { style: `width:${pct.toFixed(1)}%` })));
}

function dutyCard(profile, ctx) {
  const toggle = h('input', { type: 'checkbox', id: 'on-duty', checked: profile.on_duty });
  toggle.addEventListener('change', async () => {
    const { position, service_radius_m, skills, availability, home_grid_id, party_member, party_unit } = profile;
    const body = { position, service_radius_m, skills, availability, home_grid_id, party_member, party_unit };
    try {
      await put('/me/volunteer-profile', { ...body, on_duty: toggle.checked });
      profile.on_duty = toggle.checked;
      announce(toggle.checked ? t('on_duty_now') : t('off_duty_now'));
    } catch (err) { toggle.checked = !toggle.checked; fail(err); }
  });
  return h('section', { class: 'card' }, h('label', { class: 'check', for: 'on-duty' }, toggle, t('on_duty')),
    h('p', { class: 'muted' }, t('on_duty_hint')), h('p', {}, statusChip(profile.status)));
}

async function pointsCard(summary, points, profile) {
  const balance = points ? points.balance : summary.points;
  const card = h('section', { class: 'card', dataset: { pointsCard: '' } }, h('h3', {}, t('points_and_rewards')),
    h('p', { tabindex: '-1', dataset: { pointsBalance: balance } }, t('points_balance', { n: balance })));
  const communityId = profile && profile.home_grid_id ? await communityOf(profile.home_grid_id) : null;
  const rewards = communityId === null ? null : await optional(`/communities/${communityId}/rewards`).catch(() => null);
  if (rewards === null) { card.append(notice(t('rewards_not_open'))); return card; }
  if (!rewards.length) card.append(empty(t('rewards_none')));
  const list = h('ul', { class: 'plain rewards' }, rewards.map((reward) => rewardRow(reward, balance, async () => {
    const now = await get('/me/points');
    const fresh = await pointsCard(summary, now, profile);
    card.replaceWith(fresh);
    const stat = document.querySelector('[data-stat="points"] .value');
    if (stat) stat.textContent = now.balance;
    return fresh;
  })));
  card.append(list);
  return card;
}

/** One reward: name, price and stock as the API sends them; redeeming asks first. */
function rewardRow(reward, balance, redraw) {
  const redeem = h('button', { type: 'button', class: 'secondary' }, t('redeem'));
  const row = h('li', { class: 'reward', dataset: { reward: reward.id } },
    h('div', { class: 'reward-info' }, h('span', { class: 'reward-name' }, reward.name),
      h('span', { class: 'reward-cost' }, t('points_cost', { n: reward.points_cost })),
      h('span', { class: 'reward-stock muted' }, reward.stock > 0 ? t('reward_stock', { n: reward.stock }) : t('reward_out'))),
    redeem);
  if (reward.stock <= 0) redeem.disabled = true;
  redeem.addEventListener('click', () => {
    if (row.querySelector('.confirm')) return;
    const panel = confirmPanel(reward, balance, redraw, () => { panel.remove(); redeem.hidden = false; redeem.focus(); });
    redeem.hidden = true;
    row.append(panel);
    panel.querySelector('button').focus();
  });
  return row;
}

function confirmPanel(reward, balance, redraw, close) {
  const after = balance - reward.points_cost;
  const id = `redeem-q-${reward.id}`;
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('redeem_cancel'));
  cancel.addEventListener('click', close);
  if (after < 0) {
    return h('div', { class: 'confirm', role: 'group', 'aria-labelledby': id },
      h('p', { id }, t('redeem_short', { name: reward.name, cost: reward.points_cost, short: -after })),
      h('div', { class: 'actions' }, cancel));
  }
  const confirm = busyButton(t('redeem_confirm'), async () => {
    try {
      await post(`/rewards/${reward.id}/redeem`, { quantity: 1 }, newKey());
      const card = await redraw();
      const now = card.querySelector('[data-points-balance]');
      now.focus();
      announce(t('redeemed_balance', { n: now.dataset.pointsBalance }));
    } catch (err) { fail(err); }
  });
  return h('div', { class: 'confirm', role: 'group', 'aria-labelledby': id },
    h('p', { id }, t('redeem_question', { name: reward.name, cost: reward.points_cost, after })),
    h('div', { class: 'actions' }, confirm, cancel));
}

async function communityOf(gridId) {
  try {
    return (await get(`/grids/${gridId}`, { cache: true })).community_id;
  } catch (err) { return null; }
}

function certificateCard(records) {
  // The server takes this year to today in Asia/Shanghai, whatever the phone's zone, and
  // counts confirmed services only: the same records this screen has already read.
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
  const href = '/api/v1/me/certificate.pdf';
  const open = records.some((s) => s.status === 'confirmed' && s.date.startsWith(`${year}-`));
  const slot = open ? h('a', { class: 'button secondary wide', href, download: `certificate-${year}.pdf` }, t('download_certificate'))
    : notice(t('certificate_not_open'));
  return h('section', { class: 'card' }, h('h3', {}, t('certificate')), slot);
}

// Ask for help in three steps: what (big buttons), where (here or home), when.
import { get, post, put } from '../api.js';
import { gridPicker } from '../grid-picker.js';
import { t } from '../i18n.js';
import { announce, fail, field, h, isoFromInput, position, showFieldErrors, wallClock, wallInput } from '../ui.js';

// Common kinds of help, each mapped to a skill of the taxonomy.
const KINDS = [
  ['shopping_errands', 'kind_shopping', '🛒'], ['medical_escort', 'kind_doctor', '🏥'],
  ['cleaning', 'kind_cleaning', '🧹'], ['meal_delivery', 'kind_meals', '🍲'],
  ['home_repair', 'kind_repair', '🔧'], ['emotional_comfort', 'kind_company', '☕'],
  ['digital_help', 'kind_phone', '📱'], ['health_checks', 'kind_health', '❤'], [null, 'kind_other', '…'],
];

export async function render(root, ctx) {
  const onBehalf = ctx.role === 'grid_manager';
  const ask = { skill: undefined, kindLabel: '', position: null, address: localStorage.getItem('last-address') || '' };
  let step = 1;

  const steps = () => h('ol', { class: 'steps', 'aria-label': t('step_of', { n: step, total: 3 }) },
    [1, 2, 3].map((n) => h('li', { class: n <= step ? 'done' : '' })));

  const stepWhat = () => {
    const description = h('textarea', { maxlength: 2000 });
    description.value = ask.description || '';
    const next = h('button', { type: 'button', class: 'wide', disabled: ask.skill === undefined }, t('next'));
    const buttons = KINDS.map(([skill, key, icon]) => {
      const b = h('button', { type: 'button', class: 'big-choice', 'aria-pressed': String(ask.skill === skill && ask.kindLabel === t(key)) },
        h('span', { class: 'icon', 'aria-hidden': 'true' }, icon), t(key));
      b.addEventListener('click', () => {
        ask.skill = skill; ask.kindLabel = t(key);
        root.querySelectorAll('.big-choice').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
        next.disabled = false;
      });
      return b;
    });
    next.addEventListener('click', () => { ask.description = description.value.trim(); step = 2; draw(); });
    return [h('h2', {}, t('ask_what')), h('div', { class: 'big-grid', role: 'group', 'aria-label': t('ask_what') }, buttons),
      h('div', { style: 'margin-top:1rem' }, field('description', t('ask_describe'), description)), next];
  };

  const stepWhere = () => {
    // A new account has no grid yet: it picks one here, and the request goes to that grid.
    const picker = !onBehalf && !homeGrid(ctx.user) ? gridPicker({ current: ask.grid }) : null;
    const address = h('input', { type: 'text', maxlength: 200, autocomplete: 'street-address', required: true });
    address.value = ask.address;
    const status = h('p', { class: 'muted', role: 'status' }, ask.position ? t('position_set') : '');
    const here = h('button', { type: 'button', class: 'big-choice wide', 'aria-pressed': String(ask.where === 'here') },
      h('span', { class: 'icon', 'aria-hidden': 'true' }, '📍'), t('where_here'));
    const home = h('button', { type: 'button', class: 'big-choice wide', 'aria-pressed': String(ask.where === 'home') },
      h('span', { class: 'icon', 'aria-hidden': 'true' }, '⌂'), t('where_home'));
    here.addEventListener('click', async () => {
      status.textContent = t('locating');
      try {
        ask.position = await position(); ask.where = 'here';
        here.setAttribute('aria-pressed', 'true'); home.setAttribute('aria-pressed', 'false');
        status.textContent = t('position_set');
      } catch (err) { status.textContent = err.message; }
    });
    home.addEventListener('click', async () => {
      const gridId = homeGrid(ctx.user);
      if (!gridId) { status.textContent = t('no_home_grid'); return; }
      try {
        const grid = await get(`/grids/${gridId}`, { cache: true });
        ask.position = grid.centre; ask.where = 'home';
        if (!address.value) address.value = grid.name;
        home.setAttribute('aria-pressed', 'true'); here.setAttribute('aria-pressed', 'false');
        status.textContent = t('position_home', { name: grid.name });
      } catch (err) { fail(err); }
    });
    const form = h('form', { novalidate: true }, field('address', t('address'), address, t('address_hint')));
    const back = h('button', { type: 'button', class: 'secondary' }, t('back'));
    back.addEventListener('click', () => { ask.address = address.value; step = 1; draw(); });
    const next = h('button', { type: 'button' }, t('next'));
    next.addEventListener('click', async () => {
      ask.address = address.value.trim();
      if (picker && !picker.value()) { showFieldErrors(form, { fields: { grid_id: t('choose_grid') } }); return; }
      if (picker) {
        try {
          ctx.setUser(await put('/me/home-grid', { grid_id: picker.value() }));
          announce(t('home_grid_saved'));
        } catch (err) { if (!showFieldErrors(form, err)) fail(err); return; }
      }
      if (!ask.position) { status.textContent = t('choose_place'); announce(t('choose_place'), 'error'); return; }
      if (!ask.address) { showFieldErrors(form, { fields: { address: t('required') } }); return; }
      step = 3; draw();
    });
    if (picker) { form.prepend(picker.element); home.disabled = true; }
    return [h('h2', {}, t('ask_where')), h('div', { class: 'big-grid' }, here, home), status, form,
      h('div', { class: 'actions' }, back, next)];
  };

  const stepWhen = () => {
    const resident = h('input', { type: 'number', inputmode: 'numeric', min: 1 });
    const phone = h('input', { type: 'tel', inputmode: 'numeric', maxlength: 11, autocomplete: 'tel' });
    const at = h('input', { type: 'datetime-local' });
    const choices = [['asap', 'when_asap'], ['today', 'when_today'], ['tomorrow_am', 'when_tomorrow_am'],
      ['tomorrow_pm', 'when_tomorrow_pm']];
    const buttons = choices.map(([value, key]) => {
      const b = h('button', { type: 'button', class: 'big-choice', 'aria-pressed': String(ask.when === value) }, t(key));
      b.addEventListener('click', () => {
        ask.when = value; at.value = '';
        root.querySelectorAll('.when .big-choice').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
      });
      return b;
    });
    at.addEventListener('change', () => {
      ask.when = 'at';
      root.querySelectorAll('.when .big-choice').forEach((x) => x.setAttribute('aria-pressed', 'false'));
    });
    const form = h('form', { novalidate: true },
      onBehalf ? field('resident_id', t('resident_number'), resident, t('resident_number_hint')) : null,
      h('div', { class: 'big-grid when', role: 'group', 'aria-label': t('ask_when') }, buttons),
      h('div', { style: 'margin-top:.8rem' }, field('preferred_start', t('when_pick'), at)),
      field('contact_phone', t('contact_phone'), phone, t('contact_phone_hint')),
      h('div', { class: 'field-error', dataset: { errorFor: 'position' } }),
      h('div', { class: 'field-error', dataset: { errorFor: 'description' } }),
      h('div', { class: 'field-error', dataset: { errorFor: 'grid_id' } }));
    const back = h('button', { type: 'button', class: 'secondary' }, t('back'));
    back.addEventListener('click', () => { step = 2; draw(); });
    const send = h('button', { type: 'submit', class: 'ok' }, t('send_request'));
    form.append(h('div', { class: 'actions' }, back, send));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {
        description: ask.description || ask.kindLabel, address: ask.address, position: ask.position,
        urgency: ask.when === 'asap' ? 'urgent' : 'normal', preferred_start: startOf(ask.when, at.value),
      };
      if (ask.skill) body.skill = ask.skill;
      if (phone.value.trim()) body.contact_phone = phone.value.trim();
      if (onBehalf) body.resident_id = resident.value ? Number(resident.value) : null;
      send.disabled = true;
      try {
        await post('/requests', body);
        localStorage.setItem('last-address', ask.address);
        announce(t('request_sent'));
        ctx.go(onBehalf ? 'queue' : 'requests');
      } catch (err) {
        if (!showFieldErrors(form, err)) fail(err);
      } finally { send.disabled = false; }
    });
    return [h('h2', {}, t('ask_when')), form];
  };

  const draw = () => {
    const body = step === 1 ? stepWhat() : step === 2 ? stepWhere() : stepWhen();
    root.replaceChildren(steps(), ...body);
    const heading = root.querySelector('h2');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  };
  draw();
}

function homeGrid(user) {
  const role = (user.roles || []).find((r) => r.grid_id && ['resident', 'grid_manager'].includes(r.role));
  return role ? role.grid_id : null;
}

function startOf(choice, picked) {
  const at = wallClock();
  if (choice === 'at') return isoFromInput(picked);
  if (choice === 'today') { at.setUTCHours(Math.max(at.getUTCHours() + 1, 9), 0, 0, 0); }
  else if (choice === 'tomorrow_am') { at.setUTCDate(at.getUTCDate() + 1); at.setUTCHours(9, 0, 0, 0); }
  else if (choice === 'tomorrow_pm') { at.setUTCDate(at.getUTCDate() + 1); at.setUTCHours(14, 0, 0, 0); }
  else return null;
  return isoFromInput(wallInput(at));
}

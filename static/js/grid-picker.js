// Which grid I live in: the grids near my position to pick from, or my community's grids from a list.
import { get } from './api.js';
import { t } from './i18n.js';
import { fail, h, position } from './ui.js';

/** A fieldset that yields the chosen grid's id (or null); `name` is the error slot it answers to. */
export function gridPicker({ name = 'grid_id', current = null } = {}) {
  let chosen = current ? current.id : null;
  let chosenGrid = current;
  const status = h('p', { class: 'muted', role: 'status' }, current ? t('grid_chosen', { name: gridLabel(current) }) : '');
  const choices = h('div', { class: 'grid-choices', role: 'radiogroup', 'aria-label': t('home_grid') });
  const problem = h('div', { class: 'field-error', dataset: { errorFor: name } });
  const choose = (grid) => {
    chosen = grid.id;
    chosenGrid = grid;
    problem.textContent = '';
    status.textContent = t('grid_chosen', { name: gridLabel(grid) });
    choices.querySelectorAll('[role="radio"]').forEach((b) => b.setAttribute('aria-checked', String(Number(b.dataset.grid) === grid.id)));
  };
  const offer = (grids, distance) => {
    choices.replaceChildren(...grids.map((grid) => {
      const b = h('button', { type: 'button', role: 'radio', class: 'big-choice wide', 'aria-checked': String(grid.id === chosen), dataset: { grid: grid.id } },
        h('span', {}, gridLabel(grid)),
        distance ? h('span', { class: 'muted' }, t('metres_from_here', { m: grid.distance_m })) : null);
      b.addEventListener('click', () => choose(grid));
      return b;
    }));
  };

  const near = h('button', { type: 'button', class: 'secondary wide' }, `📍 ${t('grids_near_me')}`);
  near.addEventListener('click', async () => {
    status.textContent = t('locating');
    try {
      const here = await position();
      const grids = await get(`/grids/near?lat=${here.lat}&lng=${here.lng}&crs=${here.crs}`);
      if (!grids.length) { status.textContent = t('no_grid_near'); list.hidden = false; return; }
      offer(grids, true);
      choose(grids[0]);
    } catch (err) { status.textContent = err.message || t('no_geolocation'); list.hidden = false; }
  });

  // From a list: community first, then its grids.
  const community = h('select', { id: `${name}-community` }, h('option', { value: '' }, t('pick_community')));
  const list = h('div', { class: 'field', hidden: true },
    h('label', { for: `${name}-community` }, t('community')), community);
  const fromList = h('button', { type: 'button', class: 'link' }, t('grid_from_list'));
  fromList.addEventListener('click', async () => {
    list.hidden = false;
    if (community.options.length > 1) return;
    try {
      const communities = await get('/communities', { cache: true });
      community.append(...communities.map((c) => h('option', { value: c.id }, `${c.name}（${c.street}）`)));
    } catch (err) { fail(err); }
  });
  community.addEventListener('change', async () => {
    if (!community.value) { choices.replaceChildren(); return; }
    try {
      const name_ = community.options[community.selectedIndex].textContent.replace(/（.*$/, '');
      const grids = await get(`/grids?community_id=${community.value}`, { cache: true });
      offer(grids.map((g) => ({ ...g, community_name: name_ })), false);
    } catch (err) { fail(err); }
  });

  const element = h('fieldset', { class: 'grid-picker' },
    h('legend', {}, t('home_grid')),
    h('p', { class: 'muted' }, t('home_grid_hint')),
    near, list, choices, fromList, status, problem);
  return { element, value: () => chosen, grid: () => chosenGrid };
}

export const gridLabel = (grid) => (grid.community_name ? `${grid.name} · ${grid.community_name}` : grid.name);

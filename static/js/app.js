// The app shell: who is signed in, which role they are acting in, the tab bar, routing.
import { ApiError, get, post, setCsrf } from './api.js';
import { applyLang, lang, setLang, t } from './i18n.js';
import * as queue from './offline-queue.js';
import { announce, fail, h, seedSkills } from './ui.js';

// Screens by route; each module exports render(root, ctx, preloaded) and may export load().
const SCREENS = {
  login: () => import('./screens/login.js'),
  ask: () => import('./screens/resident-ask.js'),
  requests: () => import('./screens/resident-requests.js'),
  nearby: () => import('./screens/volunteer-nearby.js'),
  offers: () => import('./screens/volunteer-offers.js'),
  tasks: () => import('./screens/volunteer-tasks.js'),
  me: () => import('./screens/volunteer-me.js'),
  profile: () => import('./screens/volunteer-profile.js'),
  volunteers: () => import('./screens/worker-volunteers.js'),
  queue: () => import('./screens/worker-queue.js'),
  need: () => import('./screens/worker-need.js'),
  records: () => import('./screens/worker-records.js'),
  trainings: () => import('./screens/worker-trainings.js'),
  dashboard: () => import('./screens/dashboard.js'),
  settings: () => import('./screens/settings.js'),
  notices: () => import('./screens/notices.js'),
  teams: () => import('./screens/teams.js'),
  activities: () => import('./screens/activities.js'),
  checkin: () => import('./screens/checkin-link.js'),
  projects: () => import('./screens/projects.js'),
};

// The bottom tab bar of each role: [route, label key, icon].
const TABS = {
  resident: [['ask', 'tab_ask', '＋'], ['requests', 'tab_requests', '☰'], ['settings', 'tab_settings', '⚙']],
  volunteer: [['nearby', 'tab_nearby', '📍'], ['offers', 'tab_offers', '✉'], ['tasks', 'tab_tasks', '✓'],
    ['me', 'tab_me', '☺']],
  social_worker: [['queue', 'tab_queue', '☰'], ['records', 'tab_records', '✓'], ['trainings', 'tab_trainings', '✎'],
    ['dashboard', 'tab_dashboard', '▥'], ['settings', 'tab_settings', '⚙']],
  grid_manager: [['ask', 'tab_ask_for', '＋'], ['queue', 'tab_queue', '☰'], ['dashboard', 'tab_dashboard', '▥'],
    ['settings', 'tab_settings', '⚙']],
  admin: [['dashboard', 'tab_dashboard', '▥'], ['queue', 'tab_queue', '☰'], ['settings', 'tab_settings', '⚙']],
};
const ROLE_ORDER = ['social_worker', 'grid_manager', 'admin', 'volunteer', 'resident'];

const tabsOf = (role) => TABS[role] || TABS.resident;

// What the page itself drew before this module arrived (static/js/first-screen.js), and
// the data it drew from; in the kept offline shell there is none.
const first = window.firstScreen || { shell: true, screen: null };

const state = { user: JSON.parse(localStorage.getItem('me') || 'null'), role: localStorage.getItem('role') };

function rolesOf(user) {
  const held = new Set((user?.roles || []).map((r) => r.role));
  return ROLE_ORDER.filter((r) => held.has(r));
}

/** Keep the role chosen before if it is still held; else the first by ROLE_ORDER. */
function chooseRole(fresh = false) {
  const roles = rolesOf(state.user);
  if (!roles.length) return;
  if (fresh || !roles.includes(state.role)) state.role = roles[0];
  localStorage.setItem('role', state.role);
}

function parseRoute() {
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('/');
  return { name: name || '', arg };
}

export function go(route) {
  if (location.hash === `#/${route}`) render();
  else location.hash = `#/${route}`;
}

function setSession(session, fresh = false) {
  state.user = session.user;
  localStorage.setItem('me', JSON.stringify(session.user));
  setCsrf(session.csrf_token);
  chooseRole(fresh);
}

export function signedIn(session) {
  setSession(session, true);
  go(tabsOf(state.role)[0][0]);
}

/** The person as the server now has them (a new home grid, say), without leaving the screen. */
export function setUser(user) {
  state.user = user;
  localStorage.setItem('me', JSON.stringify(user));
}

/** Sign out here; `ended`: the server has already ended the session (the account was deleted). */
export async function signOut({ ended = false } = {}) {
  if (!ended) {
    try { await post('/auth/logout'); } catch (err) { /* the session ends here either way */ }
  }
  state.user = null;
  localStorage.removeItem('me');
  Object.keys(localStorage).filter((k) => k.startsWith('api:')).forEach((k) => localStorage.removeItem(k));
  go('login');
}

function drawChrome() {
  applyLang();
  document.getElementById('app-title').textContent = t('app_title');
  document.querySelector('.skip').textContent = t('skip_to_content');
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = lang() === 'en' ? '中文' : 'English';
  toggle.setAttribute('lang', lang() === 'en' ? 'zh-CN' : 'en');
  toggle.title = t('switch_language');
  const switcher = document.getElementById('role-switch');
  document.getElementById('role-switch-label').textContent = t('acting_as');
  const roles = state.user ? rolesOf(state.user) : [];
  switcher.hidden = roles.length < 2;
  switcher.replaceChildren(...roles.map((r) => h('option', { value: r, selected: r === state.role }, t(`role_${r}`))));
  drawBell();
  const tabs = document.getElementById('tabs');
  tabs.setAttribute('aria-label', t('main_menu'));
  tabs.hidden = !state.user;
  if (state.user) {
    const current = parseRoute().name;
    tabs.replaceChildren(...tabsOf(state.role).map(([route, key, icon]) => h('a', {
      href: `#/${route}`, 'aria-current': route === current ? 'page' : null,
    }, h('span', { class: 'icon', 'aria-hidden': 'true' }, icon), h('span', {}, t(key)))));
  }
}

let unread = 0;

/** The bell in the header: how many of my notifications are unread, said in words too. */
function drawBell() {
  const bell = document.getElementById('bell');
  bell.hidden = !state.user;
  bell.setAttribute('aria-label', unread ? t('bell_unread', { n: unread }) : t('bell'));
  if (parseRoute().name === 'notices') bell.setAttribute('aria-current', 'page');
  else bell.removeAttribute('aria-current');
  const count = document.getElementById('bell-count');
  count.hidden = !unread;
  count.textContent = unread > 99 ? '99+' : String(unread);
}

async function refreshUnread() {
  if (!state.user || navigator.onLine === false) return;
  try {
    unread = (await get('/me/notifications/unread-count')).unread;
    drawBell();
  } catch (err) { /* the badge waits for the next try */ }
}

let firstRender = true;
let early = null;  // the first screen's module and data, fetched alongside the session check

/** Start loading the screen the address names before we know who is signed in. */
function startEarly() {
  const name = parseRoute().name || (state.user ? tabsOf(state.role)[0][0] : '');
  if (!SCREENS[name] || name === 'login') return;
  const mod = SCREENS[name]();
  const data = mod.then((m) => (m.load ? m.load({}) : undefined));
  data.catch(() => {});
  early = { name, mod, data };
}

/** Carry what the person did on the page's own first screen into the app's drawing of it. */
function keepState(old, root) {
  for (const control of old.querySelectorAll('input[name], select[name], textarea[name]')) {
    const twin = root.querySelector(`[name="${control.name}"]`);
    if (twin && twin.type !== 'file') twin.value = control.value;
  }
  const focusable = 'a[href], button, input, select, textarea';
  const index = [...old.querySelectorAll(focusable)].indexOf(document.activeElement);
  return index < 0 ? null : root.querySelectorAll(focusable)[index];
}

// A screen drawn after a newer one was asked for (a quick tap, a slow answer) is dropped.
let drawing = 0;
// The route on screen: a new one opens at its top, a redraw of the same one keeps its place.
let shown = null;

async function render() {
  const mine = ++drawing;
  let { name, arg } = parseRoute();
  if (!state.user) name = 'login';
  else if (state.user.must_change_password) name = 'settings';
  else if (!SCREENS[name] || name === 'login') name = tabsOf(state.role)[0][0];
  if (location.hash !== `#/${name}${arg ? `/${arg}` : ''}`) history.replaceState(null, '', `#/${name}${arg ? `/${arg}` : ''}`);
  drawChrome();
  const view = document.getElementById('view');
  const ctx = { user: state.user, role: state.role, arg, go, signedIn, signOut, rerender: render };
  ctx.setUser = (user) => { setUser(user); ctx.user = user; };
  // The first render takes over the screen the page drew, from the same data: same markup.
  const adopting = firstRender && first.screen === name && !first.taken;
  first.taken = true;
  try {
    const head = early && early.name === name ? early : null;
    early = null;
    const screen = await (head ? head.mod : SCREENS[name]());
    const root = h('div', { class: `screen screen-${name}` });
    const preloaded = adopting && screen.adopt ? screen.adopt(first)
      : head ? await head.data : screen.load ? screen.load(ctx) : undefined;
    await screen.render(root, ctx, preloaded);
    if (mine !== drawing) return;
    const focus = adopting ? keepState(view, root) : null;
    view.replaceChildren(root);
    if (focus) focus.focus({ preventScroll: true });
    if (shown !== location.hash) window.scrollTo(0, 0);
    shown = location.hash;
  } catch (err) {
    if (mine !== drawing) return;
    if (err instanceof ApiError && err.status === 401) { state.user = null; localStorage.removeItem('me'); go('login'); return; }
    view.replaceChildren(h('p', { class: 'notice' }, err.message || t('error_generic')));
  }
  document.body.dataset.screen = name;
  refreshUnread();
  if (firstRender) {
    firstRender = false;
    if (!performance.getEntriesByName('usable').length) performance.mark('usable');
    performance.mark('app');
  } else view.focus({ preventScroll: true });
}

function watchNetwork() {
  const banner = document.getElementById('net-banner');
  const update = () => {
    const waiting = queue.pending().length;
    const offline = navigator.onLine === false;
    banner.hidden = !offline && !waiting;
    banner.textContent = offline ? t('offline_banner', { n: waiting }) : t('sync_waiting', { n: waiting });
  };
  const sync = async () => {
    update();
    if (navigator.onLine === false || !queue.pending().length) return;
    const results = await queue.flush();
    for (const r of results) announce(r.ok ? t('synced') : `${t('sync_refused')}${r.error.message}`, r.ok ? 'info' : 'error');
    update();
    if (results.length && ['tasks', 'me'].includes(parseRoute().name)) render();
  };
  window.addEventListener('online', sync);
  window.addEventListener('offline', update);
  queue.onChange(update);
  setInterval(sync, 20000);
  setInterval(refreshUnread, 60000);
  sync();
}

async function refreshSession() {
  try {
    setSession(await get('/me'));
  } catch (err) {
    if (err.status === 401) { state.user = null; localStorage.removeItem('me'); }
    else if (!err.offline) fail(err);
  }
}

function start() {
  if (localStorage.getItem('large-text') === '1') document.documentElement.classList.add('large');
  chooseRole();
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    render();
  });
  document.getElementById('role-switch').addEventListener('change', (e) => {
    state.role = e.target.value;
    localStorage.setItem('role', state.role);
    go(tabsOf(state.role)[0][0]);
  });
  window.addEventListener('hashchange', render);
  if (!first.shell) {  // the page came with the session (or with none): trust it
    if (first.session) setSession(first.session);
    else { state.user = null; localStorage.removeItem('me'); }
    if (first.skills) seedSkills(first.skills);
  }
  // With a remembered session, draw at once and check it with the server alongside (the
  // page's session leaves out the phone number, which the app shows on "me").
  const checked = first.shell || first.session ? refreshSession() : Promise.resolve();
  if (!first.screen) startEarly();
  if (state.user) { render(); checked.then(() => { if (!state.user) go('login'); }); } else if (!first.shell) render();
  else checked.then(render);
  watchNetwork();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

start();

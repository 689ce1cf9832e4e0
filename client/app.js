// Entry point: the top bar, the routes, and the rule that pages needing a login show the login
// form in place (so a shared room link still opens the room once the visitor has logged in).

import { currentUser, onAuthChange } from './auth.js';
import { createRouter } from './router.js';
import { renderTopbar } from './views/topbar.js';
import { loginView } from './views/login.js';
import { lobbyView } from './views/lobby.js';
import { roomView } from './views/room.js';
import { fleetView } from './views/fleet.js';
import { notFoundView } from './views/notfound.js';

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
let unmount = () => {};
let firstRender = true;
let current = null;

const router = createRouter([
  { path: '/', view: { page: lobbyView, needsLogin: true } },
  { path: '/room/:roomId', view: { page: roomView, needsLogin: true } },
  { path: '/fleet', view: { page: fleetView, needsLogin: false } },
], { page: notFoundView, needsLogin: false }, show);

function show(view, params, path) {
  current = { view, params, path };
  const user = currentUser();
  renderTopbar(topbar, user, router.navigate);
  unmount();
  main.replaceChildren();
  const page = view.needsLogin && !user ? loginView : view.page;
  unmount = page(main, { user, params, path, navigate: router.navigate }) ?? (() => {});
  if (!firstRender) main.querySelector('h1')?.focus({ preventScroll: true }); // screen readers hear the new page
  firstRender = false;
}

onAuthChange(() => {
  if (current) show(current.view, current.params, current.path);
});

router.start();

// History-API routing: a table of path patterns, same-origin link clicks handled without a reload.

/**
 * routes: [{path: '/room/:roomId', view}] tried in order; `:name` matches one path segment.
 * onRoute(view, params, path) is called for every navigation, and for the current location on start().
 */
export function createRouter(routes, fallback, onRoute) {
  const compiled = routes.map(route => ({ ...route, match: compile(route.path) }));

  function resolve(pathname) {
    for (const route of compiled) {
      const params = route.match(pathname);
      if (params) return { view: route.view, params };
    }
    return { view: fallback, params: {} };
  }

  function render() {
    const { view, params } = resolve(location.pathname);
    onRoute(view, params, location.pathname);
  }

  function navigate(path, { replace = false } = {}) {
    const same = path === location.pathname + location.search;
    history[replace || same ? 'replaceState' : 'pushState'](null, '', path);
    render();
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  }

  return {
    start() {
      addEventListener('popstate', render);
      document.addEventListener('click', onClick);
      render();
    },
    navigate,
  };
}

function compile(pattern) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
  const regex = new RegExp(`^${source}/?$`);
  return pathname => {
    const found = regex.exec(pathname);
    if (!found) return null;
    const params = {};
    try {
      names.forEach((name, i) => { params[name] = decodeURIComponent(found[i + 1]); });
    } catch {
      return null; // malformed %-escape: no route matches
    }
    return params;
  };
}

// Messages from others that arrived while the reader could not see them (the tab hidden, or scrolled up to read
// older ones): counted in the tab title, "(3) Room …", and shown as a dot on the favicon, until the reader is back
// at the newest message with the tab visible.

const ICON = '/favicon.svg';
const ICON_UNREAD = '/favicon-unread.svg';

export function createUnread(baseTitle) {
  let count = 0;
  const render = () => {
    document.title = count > 0 ? `(${count}) ${baseTitle}` : baseTitle;
    const icon = document.querySelector('link[rel="icon"]');
    if (icon) icon.setAttribute('href', count > 0 ? ICON_UNREAD : ICON);
  };
  return {
    get count() { return count; },
    add(n) {
      if (n <= 0) return;
      count += n;
      render();
    },
    clear() {
      if (count === 0) return;
      count = 0;
      render();
    },
  };
}

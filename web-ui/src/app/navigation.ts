import { createStore } from '../logic/store';
import { match, type Location } from './routes';

/** The browser's location as a store; links and redirects go through {@link navigate}, the back button too. */
export const location = createStore<Location>(match(window.location.pathname, window.location.search));

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.set(match(window.location.pathname, window.location.search));
  if (!replace) window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => location.set(match(window.location.pathname, window.location.search)));

/** Click handler of in-app links: plain clicks navigate without a page load, modified clicks open as usual. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const anchor = (event.target as Element | null)?.closest('a');
  if (!anchor || anchor.target || anchor.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

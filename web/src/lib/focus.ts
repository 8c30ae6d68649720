// Focus moves to the new page's heading after each client-side navigation, so screen
// reader and keyboard users start at the top of what changed. The first page load keeps
// the browser's own focus, and filter or sort changes (same page) keep it where it is.

/** What makes a location "another page": its path, and the words of a search. */
export function pageKey(pathname: string, search: string): string {
  const q = new URLSearchParams(search).get("q");
  return q ? `${pathname}?q=${q}` : pathname;
}

let current: string | null = typeof window === "undefined" ? null : pageKey(window.location.pathname, window.location.search);

/** True once per page: the first heading rendered for a newly visited page takes focus. */
export function takeHeadingFocus(key: string): boolean {
  if (key === current) return false;
  current = key;
  return true;
}

/** For tests: the page the app started on. */
export function resetHeadingFocus(key: string | null): void {
  current = key;
}

/**
 * The link's token arrives in the fragment (`#t=TOKEN`) so that it never reaches the server's
 * logs or other sites. We keep it in sessionStorage (per page path) and take it out of the
 * address bar, so that a screenshot or a shared screen does not show it, while a reload of
 * the page still works.
 */

/** The token in a fragment such as `#t=abc` or `#x=1&t=abc`, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const t = params.get('t')
  return t && t.trim() !== '' ? t.trim() : null
}

/** The fragment with `t` removed ('' when nothing else is left). */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  params.delete('t')
  const rest = params.toString()
  return rest === '' ? '' : `#${rest}`
}

const storageKey = (path: string) => `sensemaking:token:${path}`

interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>
  history: Pick<History, 'replaceState' | 'state'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

/**
 * The token of the current page: from the fragment (then remembered and removed from the
 * address bar), else the one remembered for this path in this tab.
 */
export function takeToken(env: TokenEnv = browserEnv()): string | null {
  const { location, history, storage } = env
  const fromHash = tokenFromHash(location.hash)
  if (fromHash) {
    try {
      storage.setItem(storageKey(location.pathname), fromHash)
    } catch {
      // Private modes may refuse storage; the page still works until it is reloaded.
    }
    history.replaceState(
      history.state,
      '',
      location.pathname + location.search + hashWithoutToken(location.hash),
    )
    return fromHash
  }
  try {
    return storage.getItem(storageKey(location.pathname))
  } catch {
    return null
  }
}

function browserEnv(): TokenEnv {
  return { location: window.location, history: window.history, storage: window.sessionStorage }
}

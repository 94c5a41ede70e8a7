/**
 * The admin token is remembered for this tab only (sessionStorage), so a facilitator creating
 * several sessions types it once, and it never outlives the browser tab.
 */
const KEY = 'sensemaking:admin-token'

export function rememberedAdminToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberAdminToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token)
    else sessionStorage.removeItem(KEY)
  } catch {
    // Private modes may refuse storage: the token is simply asked again.
  }
}

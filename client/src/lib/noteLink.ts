/**
 * A link that opens a board at one note (the dashboard's "what rooms are saying"): the note's
 * id rides in the fragment beside the token (`#n=NOTE&t=TOKEN`), so neither reaches the
 * server's logs. The board's view takes it once, shows that note and drops it from the address.
 */

/** The board page's address, with the link's token and, if given, the note to open at. */
export function boardLink(boardId: string, token: string, noteId?: string): string {
  const hash = new URLSearchParams()
  if (noteId) hash.set('n', noteId)
  hash.set('t', token)
  return `/b/${encodeURIComponent(boardId)}#${hash.toString()}`
}

/** The note a fragment such as `#n=abc` or `#n=abc&t=…` asks for, or null. */
export function noteFromHash(hash: string): string | null {
  const n = new URLSearchParams(hash.replace(/^#/, '')).get('n')
  return n && n.trim() !== '' ? n.trim() : null
}

let taken = false

/**
 * The note this page was opened at, once per page load (the first view that asks shows it),
 * taken out of the address bar so that a reload does not jump there again.
 */
export function takeNoteTarget(): string | null {
  if (taken || typeof window === 'undefined') return null
  taken = true
  const id = noteFromHash(window.location.hash)
  if (id) {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''))
    params.delete('n')
    const rest = params.toString()
    const { pathname, search } = window.location
    window.history.replaceState(
      window.history.state,
      '',
      pathname + search + (rest ? `#${rest}` : ''),
    )
  }
  return id
}

/**
 * A link that stopped working is refused on the socket's upgrade request (the server holds no
 * socket for it), which a browser reports as a bare failed connection, like a network outage.
 * So after attempts that never opened, ask the API whether the link still works: a 404 there
 * means it was rotated (or never worked), and the page stops trying.
 */
import type { WebsocketProvider } from 'y-websocket'

/** Failed attempts in a row before the link is checked, and the least time between checks. */
const FAILURES_BEFORE_CHECK = 2
const CHECK_EVERY_MS = 10_000

/**
 * Watch `provider`; `isValid` resolves false when the API answers that the link does not work
 * (and throws or resolves true otherwise). `onInvalid` runs once. Returns the unsubscribe.
 */
export function watchLink(
  provider: WebsocketProvider,
  isValid: () => Promise<boolean>,
  onInvalid: () => void,
  now: () => number = Date.now,
): () => void {
  let failures = 0
  let lastCheck = Number.NEGATIVE_INFINITY
  let done = false
  const onStatus = (e: { status: string }) => {
    if (e.status === 'connected') failures = 0
  }
  const onClose = (e: { code?: number } | null) => {
    if (done || provider.wsconnected) return
    // Closed before it opened: the server refused the upgrade, or cannot be reached.
    if (e && e.code !== 1006) return
    failures++
    if (failures < FAILURES_BEFORE_CHECK || now() - lastCheck < CHECK_EVERY_MS) return
    lastCheck = now()
    isValid().then(
      (ok) => {
        if (ok || done) return
        done = true
        onInvalid()
      },
      () => {},
    )
  }
  provider.on('status', onStatus)
  provider.on('connection-close', onClose)
  return () => {
    done = true
    provider.off('status', onStatus)
    provider.off('connection-close', onClose)
  }
}

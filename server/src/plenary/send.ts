/**
 * Sending from a breakout to its session's plenary on the server [SE2]: the shared
 * `sendToBoard` on the two live documents, and, when asked, `refreshCopies` for what changed
 * since it was sent, in one server write (stored, then relayed to everyone on the plenary).
 */
import {
  type BoardRef,
  type DeliveryOutcome,
  REFRESH_OUTCOME,
  refreshCopies,
  SEND_OUTCOME,
  type SentItem,
  sendToBoard,
} from '@sensemaking/shared'

export interface DeliveredItem {
  id: string
  copyId: string | null
  outcome: DeliveryOutcome
}

export interface Delivery {
  notes: DeliveredItem[]
  themes: Array<DeliveredItem & { notes: DeliveredItem[] }>
  /** Items copied (or restored), refreshed, and left as they were (with the reason per item). */
  summary: { sent: number; refreshed: number; skipped: number }
}

/** What to send (`SendToPlenaryBody` without `from`). */
export interface DeliveryRequest {
  notes: readonly string[]
  themes: readonly string[]
  /** Bring copies whose source changed since it was sent up to date [F11.6]. */
  refresh: boolean
}

/**
 * Send `req` from `from` to `target` in the caller's write: one transaction for the copies,
 * one more for the refreshes when asked. Throws a BoardError for a board sending to itself.
 */
export function deliver(
  target: BoardRef,
  from: BoardRef,
  req: DeliveryRequest,
  opts: { origin: object; now: () => number },
): Delivery {
  const sent = sendToBoard(target, from, { notes: req.notes, themes: req.themes }, opts)
  const refreshed = new Set<string>()
  if (req.refresh) {
    const changed = (items: readonly SentItem[]) =>
      items.filter((i) => i.outcome === SEND_OUTCOME.changed && i.copyId).map((i) => i.copyId!)
    const r = refreshCopies(
      target,
      from,
      {
        notes: changed([...sent.notes, ...sent.themes.flatMap((t) => t.notes)]),
        themes: changed(sent.themes),
      },
      opts,
    )
    for (const x of [...r.notes, ...r.themes]) {
      if (x.outcome === REFRESH_OUTCOME.refreshed) refreshed.add(x.copyId)
    }
  }
  const out = (i: SentItem): DeliveredItem => ({
    id: i.id,
    copyId: i.copyId,
    outcome: i.copyId && refreshed.has(i.copyId) ? 'refreshed' : i.outcome,
  })
  const notes = sent.notes.map(out)
  const themes = sent.themes.map((t) => ({ ...out(t), notes: t.notes.map(out) }))
  const all = [...notes, ...themes, ...themes.flatMap((t) => t.notes)]
  const count = (f: (o: DeliveryOutcome) => boolean) => all.filter((i) => f(i.outcome)).length
  return {
    notes,
    themes,
    summary: {
      sent: count((o) => o === SEND_OUTCOME.sent || o === SEND_OUTCOME.restored),
      refreshed: count((o) => o === 'refreshed'),
      skipped: count(
        (o) => o !== SEND_OUTCOME.sent && o !== SEND_OUTCOME.restored && o !== 'refreshed',
      ),
    },
  }
}

/**
 * The dashboard's live view as a test reads it [SE4]: a room as the server describes it, and
 * the `rooms` events of a stream (`GET /api/sessions/:id/live/stream`), one at a time.
 */

/** One room as the live view shows it. */
export interface Room {
  id: string
  title: string
  plenary?: boolean
  online: number
  notes: { total: number; byColumn: Record<string, number> }
  byLever: Record<string, number>
  state: { phase: string | null; locked: boolean }
  recent: Array<{
    from?: string
    id: string
    text: string
    column: string | null
    lever: string | null
    city: string
  }>
  themes: Array<{ id: string; title: string; notes: number }>
}

/** Server-sent events of a response, one `rooms` event at a time. */
export function readEvents(res: Response) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    async next(): Promise<{ ids: string[]; boards: Room[] }> {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block.split('\n').find((l) => l.startsWith('data: '))
          if (data) return JSON.parse(data.slice(6)) as { ids: string[]; boards: Room[] }
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('the stream ended')
        buffer += decoder.decode(value, { stream: true })
      }
    },
  }
}

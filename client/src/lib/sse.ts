/**
 * Server-sent events read from a fetched body (so the request can carry `Authorization`, which
 * `EventSource` cannot): the complete events in a chunk of text, and what is left for the next.
 */

export interface ServerEvent {
  event: string
  data: string
}

/** Split `buffer` into complete events (blank-line separated) and the rest. Comments are dropped. */
export function takeEvents(buffer: string): { events: ServerEvent[]; rest: string } {
  const events: ServerEvent[] = []
  const text = buffer.replace(/\r\n?/g, '\n')
  let at = 0
  for (let end = text.indexOf('\n\n', at); end >= 0; end = text.indexOf('\n\n', at)) {
    const block = text.slice(at, end)
    at = end + 2
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') })
  }
  return { events, rest: text.slice(at) }
}

/** Read a response body as events, calling `on` for each, until it ends (or throws). */
export async function readEvents(res: Response, on: (e: ServerEvent) => void): Promise<void> {
  if (!res.body) return
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    const { events, rest } = takeEvents(buffer)
    buffer = rest
    for (const e of events) on(e)
  }
}

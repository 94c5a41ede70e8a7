import { describe, expect, it } from 'vitest'
import { takeEvents } from './sse'

describe('server-sent events from a fetched body', () => {
  it('[SE4.5] takes complete events, keeps a partial one, drops comments', () => {
    const { events, rest } = takeEvents(
      'event: rooms\ndata: {"a":1}\n\n: keep-alive\n\ndata: x\ndata: y\n\nevent: rooms\ndata: {"b"',
    )
    expect(events).toEqual([
      { event: 'rooms', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ])
    expect(rest).toBe('event: rooms\ndata: {"b"')
    expect(takeEvents(`${rest}:2}\r\n\r\n`).events).toEqual([{ event: 'rooms', data: '{"b":2}' }])
  })
})

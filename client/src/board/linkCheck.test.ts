import { ObservableV2 } from 'lib0/observable'
import { describe, expect, it } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import { watchLink } from './linkCheck'

/** The provider's events and its `wsconnected` flag, nothing else. */
class FakeProvider extends ObservableV2<{
  status: (e: { status: string }) => void
  'connection-close': (e: { code: number } | null) => void
}> {
  wsconnected = false
  failAttempt() {
    this.emit('connection-close', [{ code: 1006 }])
  }
}

function setup(answers: boolean[]) {
  const p = new FakeProvider()
  let t = 0
  let checks = 0
  let invalid = 0
  watchLink(
    p as unknown as WebsocketProvider,
    async () => answers[checks++] ?? true,
    () => invalid++,
    () => t,
  )
  return {
    p,
    at: (ms: number) => {
      t = ms
    },
    checks: () => checks,
    invalid: () => invalid,
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('watchLink: a link refused at the upgrade [G8]', () => {
  it('asks the API after failed attempts, and gives up on a link it calls invalid', async () => {
    const s = setup([false])
    s.p.failAttempt()
    expect(s.checks()).toBe(0)
    s.p.failAttempt()
    await settle()
    expect([s.checks(), s.invalid()]).toEqual([1, 1])
  })

  it('keeps trying while the link works (the server was only out of reach), asking now and then', async () => {
    const s = setup([true, true])
    s.p.failAttempt()
    s.p.failAttempt()
    s.p.failAttempt()
    await settle()
    expect(s.checks()).toBe(1)
    s.at(10_000)
    s.p.failAttempt()
    await settle()
    expect([s.checks(), s.invalid()]).toEqual([2, 0])
  })

  it('a connection that opened starts the count again; a close with a code is not a refusal', async () => {
    const s = setup([false])
    s.p.failAttempt()
    s.p.emit('status', [{ status: 'connected' }])
    s.p.failAttempt()
    s.p.emit('connection-close', [{ code: 4529 }])
    await settle()
    expect(s.checks()).toBe(0)
  })
})

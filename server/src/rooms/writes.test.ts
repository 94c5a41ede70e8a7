import type { PolicyState, Role } from '@sensemaking/shared'
import {
  createNote,
  deleteNote,
  moveNotes,
  purgeNote,
  readBoard,
  readMeta,
  seedBoard,
  setItemsLocked,
  setLocked,
  setText,
  setVotes,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { captureUpdate, offlineTab } from '../testing/replicas'
import { MalformedMessage, MissingDependencies } from './errors'
import { applyWrite, startsAtState, type WriteOutcome } from './writes'

const OPEN: PolicyState = { locked: false, voteOpen: false }

/** A server document with one facilitator note, and a client replica of it. */
function setup() {
  const srv = new Y.Doc()
  seedBoard(srv, { title: 'Breakout' })
  createNote(srv, { id: 'n1', text: 'facilitator words', column: 'what' })
  createNote(srv, { id: 'n2', text: 'second', column: 'so-what' })
  const cli = new Y.Doc()
  Y.applyUpdate(cli, Y.encodeStateAsUpdate(srv))
  const conn = { name: 'connection' }
  /** Make a change on the client; returns the update it would send. */
  const write = (f: (doc: Y.Doc) => void): Uint8Array => {
    const ups: Uint8Array[] = []
    const on = (u: Uint8Array) => ups.push(u)
    cli.on('update', on)
    f(cli)
    cli.off('update', on)
    return Y.mergeUpdates(ups)
  }
  /** The server applies it; a reverted outcome is sent back to the client too. */
  const serve = (role: Role, update: Uint8Array, policy = OPEN): WriteOutcome => {
    const out = applyWrite(srv, role, policy, conn, update)
    if (out.kind === 'reverted') Y.applyUpdate(cli, out.update)
    return out
  }
  const texts = (d: Y.Doc) => readBoard(d).notes.map((n) => [n.id, n.text, n.deletedAt !== null])
  const stored = () => Buffer.from(Y.encodeStateAsUpdate(srv)).toString('latin1')
  return { srv, cli, write, serve, texts, stored }
}

describe('applyWrite', () => {
  it('applies a participant note and hands back the update to persist and relay', () => {
    const t = setup()
    const out = t.serve(
      'participant',
      t.write((d) => createNote(d, { id: 'p', text: 'hi', column: 'what' })),
    )
    expect(out.kind).toBe('applied')
    expect(t.texts(t.srv)).toContainEqual(['p', 'hi', false])
  })

  it('reverts an observer note: gone on the server, not stored, and the writer converges', () => {
    const t = setup()
    const u = t.write((d) => createNote(d, { id: 'o', text: 'observer secret', column: 'what' }))
    const out = t.serve('observer', u)
    expect(out.kind).toBe('reverted')
    expect(t.texts(t.srv).map((n) => n[0])).toEqual(['n1', 'n2'])
    expect(t.stored()).not.toContain('observer secret')
    expect(Buffer.from(out.kind === 'reverted' ? out.update : []).toString('latin1')).not.toContain(
      'observer secret',
    )
    expect(t.texts(t.cli)).toEqual(t.texts(t.srv))
  })

  it.each<[string, (d: Y.Doc) => void]>([
    ['purge a note', (d) => purgeNote(d, 'n1')],
    ['soft-delete a note', (d) => deleteNote(d, 'n1')],
    ['edit a text', (d) => setText(d, 'n1', 'vandalised')],
    ['move a note', (d) => moveNotes(d, [{ id: 'n1', x: 9999, y: 9999 }])],
    ['lock the board', (d) => setLocked(d, true)],
  ])('reverts an observer who tries to %s, and both replicas converge', (_n, f) => {
    const t = setup()
    const before = readBoard(t.srv)
    expect(t.serve('observer', t.write(f)).kind).toBe('reverted')
    expect(readBoard(t.srv).notes).toEqual(before.notes)
    expect(readMeta(t.srv)).toEqual(before.meta)
    expect(readBoard(t.cli).notes).toEqual(before.notes)
    expect(readMeta(t.cli)).toEqual(before.meta)
  })

  it('reverts a participant changing board settings; a facilitator may', () => {
    const t = setup()
    expect(
      t.serve(
        'participant',
        t.write((d) => setLocked(d, true)),
      ).kind,
    ).toBe('reverted')
    expect(readMeta(t.srv).locked).toBe(false)
    expect(readMeta(t.cli).locked).toBe(false)
    expect(
      t.serve(
        'facilitator',
        t.write((d) => setLocked(d, true)),
      ).kind,
    ).toBe('applied')
    expect(readMeta(t.srv).locked).toBe(true)
  })

  it('reverts only the denied part of a mixed update', () => {
    const t = setup()
    const u = t.write((d) => {
      setText(d, 'n2', 'kept edit')
      setLocked(d, true)
    })
    const out = t.serve('participant', u)
    expect(out.kind).toBe('reverted')
    expect(out.kind === 'reverted' && out.denied.map((c) => [c.root, c.key])).toEqual([
      ['board', 'locked'],
    ])
    expect(t.texts(t.srv)).toContainEqual(['n2', 'kept edit', false])
    expect(readMeta(t.srv).locked).toBe(false)
    expect(t.texts(t.cli)).toEqual(t.texts(t.srv))
    expect(readMeta(t.cli).locked).toBe(false)
  })

  it('on a locked board, reverts a participant note', () => {
    const t = setup()
    const u = t.write((d) => createNote(d, { id: 'late', text: 'too late', column: 'what' }))
    expect(t.serve('participant', u, { locked: true, voteOpen: false }).kind).toBe('reverted')
    expect(t.texts(t.srv).map((n) => n[0])).toEqual(['n1', 'n2'])
    expect(t.texts(t.cli)).toEqual(t.texts(t.srv))
  })

  it('keeps a locked note read-only for participants, others stay writable', () => {
    const t = setup()
    expect(
      t.serve(
        'facilitator',
        t.write((d) => setItemsLocked(d, { notes: ['n1'] }, true)),
      ).kind,
    ).toBe('applied')
    expect(
      t.serve(
        'participant',
        t.write((d) => setText(d, 'n1', 'changed')),
      ).kind,
    ).toBe('reverted')
    expect(
      t.serve(
        'participant',
        t.write((d) => setItemsLocked(d, { notes: ['n1'] }, false)),
      ).kind,
    ).toBe('reverted')
    expect(
      t.serve(
        'participant',
        t.write((d) => setText(d, 'n2', 'changed')),
      ).kind,
    ).toBe('applied')
    expect(t.texts(t.srv)).toEqual([
      ['n1', 'facilitator words', false],
      ['n2', 'changed', false],
    ])
  })

  it('takes dots only while a vote is open', () => {
    const t = setup()
    expect(
      t.serve(
        'participant',
        t.write((d) => setVotes(d, 'n1', 'me', 2)),
      ).kind,
    ).toBe('reverted')
    const open = { locked: false, voteOpen: true }
    expect(
      t.serve(
        'participant',
        t.write((d) => setVotes(d, 'n1', 'me', 2)),
        open,
      ).kind,
    ).toBe('applied')
    expect(readBoard(t.srv).votes.get('n1')?.get('me')).toBe(2)
  })

  it('lets Yjs collect the old values of an allowed write', () => {
    const t = setup()
    expect(
      t.serve(
        'participant',
        t.write((d) => setText(d, 'n1', 'new words')),
      ).kind,
    ).toBe('applied')
    expect(t.stored()).not.toContain('facilitator')
  })

  it('treats a no-op update (a reconnect, the empty update [0, 0]) as nothing', () => {
    const t = setup()
    expect(t.serve('observer', Uint8Array.from([0, 0])).kind).toBe('noop')
    expect(t.serve('observer', Y.encodeStateAsUpdate(t.cli)).kind).toBe('noop')
  })

  it.each<[string, Uint8Array]>([
    ['zero-length', new Uint8Array(0)],
    ['random bytes', Uint8Array.from([200, 17, 3, 99, 1, 250, 250, 250])],
    ['a truncated varint', Uint8Array.from([0x80])],
  ])('refuses %s as malformed and leaves the document as it was', (_n, bytes) => {
    const t = setup()
    const sv = Y.encodeStateVector(t.srv)
    expect(() => t.serve('participant', bytes)).toThrow(MalformedMessage)
    expect(Y.encodeStateVector(t.srv)).toEqual(sv)
  })

  it('refuses an update with a gap (missing dependencies) and stores nothing of it', () => {
    const t = setup()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(t.srv))
    const ups: Uint8Array[] = []
    other.on('update', (u: Uint8Array) => ups.push(u))
    createNote(other, { id: 'a', text: 'first', column: 'what' })
    createNote(other, { id: 'b', text: 'second', column: 'what' })
    const sv = Y.encodeStateVector(t.srv)
    expect(() => applyWrite(t.srv, 'facilitator', OPEN, {}, ups[1]!)).toThrow(/gap/)
    expect(Y.encodeStateVector(t.srv)).toEqual(sv)
    expect(t.srv.store.pendingStructs).toBeNull()
  })

  it('refuses a struct that overlaps the end of a known range with other content', () => {
    const t = setup()
    // Two replicas claiming the same client id: the second's text would be integrated after
    // the first's board setting, as a value of that setting.
    const forked = new Y.Doc()
    Y.applyUpdate(forked, Y.encodeStateAsUpdate(t.srv))
    const honest = new Y.Doc()
    Y.applyUpdate(honest, Y.encodeStateAsUpdate(t.srv))
    honest.clientID = forked.clientID = 4242
    const up = (d: Y.Doc, f: () => void) => {
      const ups: Uint8Array[] = []
      d.on('update', (u: Uint8Array) => ups.push(u))
      f()
      return ups[0]!
    }
    applyWrite(
      t.srv,
      'facilitator',
      OPEN,
      {},
      up(honest, () => setLocked(honest, true)),
    )
    const byzantine = up(forked, () => setText(forked, 'n2', 'five!'))
    const sv = Y.encodeStateVector(t.srv)
    expect(() => applyWrite(t.srv, 'observer', OPEN, {}, byzantine)).toThrow(/overlaps/)
    expect(Y.encodeStateVector(t.srv)).toEqual(sv)
    expect(readMeta(t.srv).locked).toBe(true)
  })

  describe('the usual edit (one client, at the server state) skips the separate decode', () => {
    /**
     * A replica with a note the server has not seen (written offline), and a second replica
     * (a tab reopened from that offline copy, with a new client id) whose edit builds on it.
     */
    function offlineCopy() {
      const t = setup()
      const { tab, offlineUpdate } = offlineTab(t.srv)
      const edit = (f: (d: Y.Doc) => void) => captureUpdate(tab, f)
      return { t, offlineUpdate, tab, edit }
    }

    it('reads the header only: one client at its state, or deletions alone, go the fast way', () => {
      const { t, tab, edit } = offlineCopy()
      const none = new Set<number>()
      const own = edit((d) => createNote(d, { id: 'mine', text: 'hi', column: 'what' }))
      expect(startsAtState(t.srv, own, none)).toBe(true)
      expect(startsAtState(t.srv, own, new Set([tab.clientID]))).toBe(false)
      // The offline replica's note starts at its clock 0 too, but carries two clients' structs
      // once merged with the tab's.
      expect(startsAtState(t.srv, Y.encodeStateAsUpdate(tab), none)).toBe(false)
      expect(startsAtState(t.srv, Uint8Array.from([0, 0]), none)).toBe(true)
      expect(startsAtState(t.srv, new Uint8Array(0), none)).toBe(false)
      expect(startsAtState(t.srv, Uint8Array.from([1, 0x80]), none)).toBe(false)
      // A client's second edit, sent before its first reached the server: a gap.
      const next = edit((d) => createNote(d, { id: 'later', text: 'later', column: 'what' }))
      expect(startsAtState(t.srv, next, none)).toBe(false)
    })

    it('applies the part that can be integrated and hands back the rest to hold', () => {
      const { t, tab, edit, offlineUpdate } = offlineCopy()
      const update = edit((d) => {
        createNote(d, { id: 'mine', text: 'new in the tab', column: 'what' })
        setText(d, 'away', 'edited in the tab')
      })
      const out = applyWrite(t.srv, 'participant', OPEN, {}, update)
      expect(out.kind).toBe('applied')
      expect(out.held).toBeInstanceOf(Uint8Array)
      expect(t.srv.store.pendingStructs).toBeNull()
      expect(t.srv.store.pendingDs).toBeNull()
      expect(readBoard(t.srv).notes.map((n) => n.id)).toContain('mine')
      expect(readBoard(t.srv).notes.map((n) => n.id)).not.toContain('away')
      // What was applied and what is held make up the whole edit.
      expect(Y.mergeUpdates([out.kind === 'applied' ? out.update : update, out.held!])).toEqual(
        Y.mergeUpdates([update]),
      )
      // The offline note arrives; the held part now applies through the checked path.
      expect(applyWrite(t.srv, 'participant', OPEN, {}, offlineUpdate).kind).toBe('applied')
      const rest = applyWrite(t.srv, 'participant', OPEN, {}, out.held!)
      expect(rest.kind).toBe('applied')
      expect(rest.held).toBeUndefined()
      expect(t.texts(t.srv)).toContainEqual(['away', 'edited in the tab', false])
      expect(Y.encodeStateVector(t.srv)).toEqual(Y.encodeStateVector(tab))
    })

    it('throws MissingDependencies when nothing could be integrated, leaving the document as it was', () => {
      const { t, edit } = offlineCopy()
      const update = edit((d) => setText(d, 'away', 'edited in the tab'))
      expect(startsAtState(t.srv, update, new Set())).toBe(true)
      const before = t.stored()
      expect(() => applyWrite(t.srv, 'participant', OPEN, {}, update)).toThrow(MissingDependencies)
      expect(t.stored()).toBe(before)
      expect(t.srv.store.pendingStructs).toBeNull()
    })
  })
})

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
import { ApplyFailed, applyChecked, type WriteOutcome } from './writes'

const OPEN: PolicyState = { locked: false, voteOpen: false }
const LOCKED: PolicyState = { locked: true, voteOpen: false }

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
    const out = applyChecked(srv, role, policy, conn, update)
    if (out.kind === 'reverted') Y.applyUpdate(cli, out.update)
    return out
  }
  const texts = (d: Y.Doc) => readBoard(d).notes.map((n) => [n.id, n.text, n.deletedAt !== null])
  const stored = () => Buffer.from(Y.encodeStateAsUpdate(srv)).toString('latin1')
  return { srv, cli, write, serve, texts, stored }
}

describe('applyChecked (after the guard let the update through)', () => {
  it('applies a participant note and hands back the update to persist and relay', () => {
    const t = setup()
    const out = t.serve(
      'participant',
      t.write((d) => createNote(d, { id: 'p', text: 'hi', column: 'what' })),
    )
    expect(out.kind).toBe('applied')
    expect(t.texts(t.srv)).toContainEqual(['p', 'hi', false])
  })

  it('reverts a note on a locked board: gone on the server, not stored, and the writer converges', () => {
    const t = setup()
    const u = t.write((d) => createNote(d, { id: 'o', text: 'late secret', column: 'what' }))
    const out = t.serve('participant', u, LOCKED)
    expect(out.kind).toBe('reverted')
    expect(t.texts(t.srv).map((n) => n[0])).toEqual(['n1', 'n2'])
    expect(t.stored()).not.toContain('late secret')
    expect(Buffer.from(out.kind === 'reverted' ? out.update : []).toString('latin1')).not.toContain(
      'late secret',
    )
    expect(t.texts(t.cli)).toEqual(t.texts(t.srv))
  })

  it.each<[string, (d: Y.Doc) => void]>([
    ['purge a note', (d) => purgeNote(d, 'n1')],
    ['soft-delete a note', (d) => deleteNote(d, 'n1')],
    ['edit a text', (d) => setText(d, 'n1', 'vandalised')],
    ['move a note', (d) => moveNotes(d, [{ id: 'n1', x: 9999, y: 9999 }])],
    ['lock the board', (d) => setLocked(d, true)],
  ])(
    'reverts a participant of a locked board who tries to %s, and both replicas converge',
    (_n, f) => {
      const t = setup()
      const before = readBoard(t.srv)
      expect(t.serve('participant', t.write(f), LOCKED).kind).toBe('reverted')
      expect(readBoard(t.srv).notes).toEqual(before.notes)
      expect(readMeta(t.srv)).toEqual(before.meta)
      expect(readBoard(t.cli).notes).toEqual(before.notes)
      expect(readMeta(t.cli)).toEqual(before.meta)
    },
  )

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
    expect(t.serve('participant', Uint8Array.from([0, 0])).kind).toBe('noop')
    expect(t.serve('participant', Y.encodeStateAsUpdate(t.cli)).kind).toBe('noop')
  })

  it('throws ApplyFailed when Yjs cannot take the update, for the room to reload the board', () => {
    const t = setup()
    const u = t.write((d) => setText(d, 'n2', 'never'))
    t.srv.on('afterTransaction', () => {
      throw new Error('an observer failed')
    })
    expect(() => t.serve('participant', u)).toThrow(ApplyFailed)
  })
})

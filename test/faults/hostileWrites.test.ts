/**
 * Hostile writes [G2]–[G5], [G10] (docs/server.md), from the outside as a hostile link holder
 * would send them: real y-websocket clients and raw frames against the server as a child
 * process. Each test asserts the server's answer, that another board keeps syncing while the
 * attack runs (a probe's note moves between two clients of it, in a process of their own: the
 * median trip within 100 ms, and no step of the attack costing the server 100 ms of CPU), that
 * what the server stored equals what it serves, and that its resident memory grows by less
 * than a stated bound.
 */
import { CLOSE, createNote, notesMap, purgeNote, readBoard, setLocked } from '@sensemaking/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { encodeUpdate, Hostile, waitFor } from './hostile'
import {
  deletionOf,
  gcStruct,
  nestedMaps,
  replicaOf,
  textOf,
  tinyStructs,
  typedBackwards,
  updateOf,
} from './hostileAttacks'
import { hostileSteps } from './hostileSteps'

const h = new Hostile()
beforeAll(() => h.start(), 60_000)
afterAll(() => h.dispose())
const { sendThenBarrier, sendThenClosed, othersKeptSyncing, boardWithNote, unharmed } =
  hostileSteps(h)

describe('hostile writes', () => {
  it('[G5] concurrent inserts at one position (two ~50 KB messages) are refused before they cost anything, from a participant and from an observer of a locked board', async () => {
    const [target, other] = await h.boards(2)
    const { fac, noteId } = await boardWithNote(target!, 'typed into')
    const first = typedBackwards(replicaOf(fac.doc), noteId, 5000)
    const second = typedBackwards(replicaOf(fac.doc), noteId, 5000)
    expect(first.length).toBeGreaterThan(40_000)
    const rss = h.rss()
    const answers: Record<string, number | 'open'> = {}
    const probe = await h.underAttack(other!, async () => {
      answers.participant = await sendThenClosed(
        'first 50 KB',
        h.raw(target!.id, target!.links.participant),
        [encodeUpdate(first)],
      )
      answers.participantSecond = await sendThenClosed(
        'second 50 KB',
        h.raw(target!.id, target!.links.participant),
        [encodeUpdate(second)],
      )
      setLocked(fac.doc, true)
      const o = h.raw(target!.id, target!.links.observer)
      await sendThenBarrier('both from an observer', o, [encodeUpdate(first), encodeUpdate(second)])
      answers.observer = 'open'
    })
    console.log(`[hostile] G5 answers ${JSON.stringify(answers)}; probe ${JSON.stringify(probe)}`)
    expect(answers).toEqual({
      participant: CLOSE.refused.code,
      participantSecond: CLOSE.refused.code,
      observer: 'open',
    })
    othersKeptSyncing(probe)
    await unharmed(target!, rss, 32)
    const c = h.client(target!.id, target!.links.observer)
    await c.synced
    expect(textOf(c.doc, noteId).toString()).toBe('typed into')
  })

  it('[G2] a GC struct for another person’s client id is refused (observer and participant), and that person’s offline edits still arrive', async () => {
    const [target, other] = await h.boards(2)
    const victim = h.client(target!.id, target!.links.participant)
    await victim.synced
    createNote(victim.doc, { id: 'online', text: 'written online', column: 'what' })
    const watcher = h.client(target!.id, target!.links.observer)
    await waitFor('the online note', () => notesMap(watcher.doc).has('online'), 10_000)
    victim.provider.disconnect()
    createNote(victim.doc, { id: 'offline', text: 'written offline', column: 'so-what' })
    const client = victim.doc.clientID
    const serverState = Y.getState(watcher.doc.store, client)
    const attack = gcStruct(client, serverState, 40)
    expect(attack.length).toBeLessThan(16)
    const rss = h.rss()
    const answers: Record<string, number | 'open'> = {}
    const probe = await h.underAttack(other!, async () => {
      const o = h.raw(target!.id, target!.links.observer)
      await sendThenBarrier('GC from an observer', o, [encodeUpdate(attack)])
      answers.observer = 'open'
      answers.participant = await sendThenClosed(
        'GC from a participant',
        h.raw(target!.id, target!.links.participant),
        [encodeUpdate(attack)],
      )
    })
    expect(answers).toEqual({ observer: 'open', participant: CLOSE.refused.code })
    othersKeptSyncing(probe)
    // The person comes back: their offline note reaches everyone, and their device keeps it.
    victim.provider.connect()
    await waitFor('the offline note', () => notesMap(watcher.doc).has('offline'), 10_000)
    expect(
      readBoard(victim.doc)
        .notes.map((n) => n.text)
        .sort(),
    ).toEqual(['written offline', 'written online'])
    await unharmed(target!, rss, 32)
  })

  it('[G3] 9,000 nested maps under a note field are refused, for a facilitator too; the note purges cleanly', async () => {
    const [target, other] = await h.boards(2)
    const { fac, noteId } = await boardWithNote(target!)
    const landmine = nestedMaps(fac.doc, noteId, 9000)
    const rss = h.rss()
    const answers: Record<string, number> = {}
    const probe = await h.underAttack(other!, async () => {
      for (const role of ['participant', 'facilitator'] as const) {
        answers[role] = await sendThenClosed(role, h.raw(target!.id, target!.links[role]), [
          encodeUpdate(landmine),
        ])
      }
    })
    expect(answers).toEqual({ participant: CLOSE.refused.code, facilitator: CLOSE.refused.code })
    othersKeptSyncing(probe)
    purgeNote(fac.doc, noteId)
    const c = h.client(target!.id, target!.links.observer)
    await waitFor('the purge', () => !notesMap(c.doc).has(noteId), 10_000)
    expect(fac.closes).toEqual([])
    await unharmed(target!, rss, 32)
  })

  it('[G4] a 100,000-character note, 50,000 notes in one message and a million tiny structs are refused, costing neither time nor memory', async () => {
    const [target, other] = await h.boards(2)
    const { fac, noteId } = await boardWithNote(target!)
    const longText = updateOf(replicaOf(fac.doc), (d) =>
      textOf(d, noteId).insert(0, 'w'.repeat(100_000)),
    )
    // Bare notes (an empty map each), so that 50,000 fit in a participant's message.
    const manyNotes = updateOf(replicaOf(fac.doc), (d) => {
      d.transact(() => {
        for (let i = 0; i < 50_000; i++) notesMap(d).set(`n${i}`, new Y.Map())
      })
    })
    const tiny = tinyStructs(fac.doc, noteId, 1_000_000)
    // Under the facilitator's message size: the struct cap refuses it.
    const fewerTiny = tinyStructs(fac.doc, noteId, 400_000)
    console.log(
      `[hostile] G4 sizes: text ${longText.length} B, notes ${manyNotes.length} B, tiny ${tiny.length} and ${fewerTiny.length} B`,
    )
    const rss = h.rss()
    const answers: Record<string, number> = {}
    const probe = await h.underAttack(other!, async () => {
      const send = (step: string, role: 'participant' | 'facilitator', u: Uint8Array) =>
        sendThenClosed(step, h.raw(target!.id, target!.links[role]), [encodeUpdate(u)])
      answers.longText = await send('long text', 'participant', longText)
      answers.manyNotes = await send('50,000 notes', 'participant', manyNotes)
      answers.manyNotesFromFacilitator = await send('50,000 notes (fac)', 'facilitator', manyNotes)
      answers.tinyFromParticipant = await send('1M structs', 'participant', tiny)
      answers.tinyFromFacilitator = await send('1M structs (fac)', 'facilitator', tiny)
      answers.fewerTinyFromFacilitator = await send('400k structs (fac)', 'facilitator', fewerTiny)
    })
    console.log(`[hostile] G4 answers ${JSON.stringify(answers)}`)
    expect(answers).toEqual({
      longText: CLOSE.refused.code,
      manyNotes: CLOSE.refused.code,
      manyNotesFromFacilitator: CLOSE.refused.code,
      tinyFromParticipant: CLOSE.tooLarge.code,
      tinyFromFacilitator: CLOSE.tooLarge.code,
      fewerTinyFromFacilitator: CLOSE.refused.code,
    })
    othersKeptSyncing(probe)
    await unharmed(target!, rss, 64)
  })

  it('[G10] a landmine already in storage (maps nested past the stack) fails its purge; the board is read again from storage, the writer closed with 4400', async () => {
    const [target, other] = await h.boards(2)
    const { fac, noteId } = await boardWithNote(target!)
    // Stored before these rules (legacy data): planted straight into the database.
    const landmine = nestedMaps(fac.doc, noteId, 9000)
    const noteItem = (notesMap(fac.doc).get(noteId) as Y.Map<unknown>)._item!.id
    fac.destroy()
    await h.sut.server.stop()
    const storage = openSqliteStorage(h.sut.dataDir)
    storage.appendUpdate(target!.id, landmine)
    storage.close()
    await h.sut.restart()
    const rss = h.rss()
    // A facilitator purges the note: a deletion Yjs carries out recursively, past the stack.
    const purge = deletionOf(noteItem.client, noteItem.clock)
    let answer = 0
    const probe = await h.underAttack(other!, async () => {
      answer = await sendThenClosed('the purge', h.raw(target!.id, target!.links.facilitator), [
        encodeUpdate(purge),
      ])
    })
    expect(answer).toBe(CLOSE.malformed.code)
    expect(await h.rejected('apply-failed')).toBeGreaterThan(0)
    // Reading such a board again costs what loading it costs (this legacy board: its 9,000
    // maps), so the step is not held to the bound of a message; the rest is.
    othersKeptSyncing(probe, { perStep: false })
    // The board takes writes again, from what storage holds.
    const p = h.client(target!.id, target!.links.participant)
    await p.synced
    createNote(p.doc, { id: 'after', text: 'after the failed purge', column: 'so-what' })
    const w = h.client(target!.id, target!.links.facilitator)
    await waitFor('the later note', () => notesMap(w.doc).has('after'), 20_000)
    await unharmed(target!, rss, 96)
  })
})

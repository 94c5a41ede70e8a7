/**
 * The policy table [F12] against the server's write path: each case's board is set up, the
 * change is made on a replica, and the update it sends is applied by `applyWrite` as a room
 * applies a connection's write. The server keeps what the table allows and reverts what it
 * refuses, for the reasons the table gives (its check over the transaction's own summary).
 * The same table runs against the pure check and the views' questions in
 * shared/src/policy/policy.test.ts.
 */
import { judge, policyState, readMeta, readPrivateWriting, readVote } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { act, replicaOf, setUpBoard } from '../../../shared/src/testing/policyBoard'
import {
  caseTitle,
  ME,
  ME_CITY,
  ME_NAME,
  POLICY_CASES,
  type PolicyCase,
} from '../../../shared/src/testing/policyCases'
import { actorOf, askServer, unitsOf } from '../../../shared/src/testing/policyUnits'
import type { Person } from '../auth/people'
import { summarizeTransaction } from '../rooms/changes'
import { withOwnership } from '../rooms/ownership'
import { applyWrite } from '../rooms/writes'
import { captureUpdate } from '../testing/replicas'

/** The writer of every case, as the server knows them from their credential [F13.1]. */
const WRITER: Person = { id: ME, name: ME_NAME, city: ME_CITY, signed: true }

/** The refusal reasons of a change's units, as the server judges them. */
function reasons(c: PolicyCase, units: Parameters<typeof judge>[2]): string[] {
  const board = setUpBoard(c)
  const state = policyState(readMeta(board), readVote(board), readPrivateWriting(board))
  const codes = judge(actorOf(c), state, units, 'server')
    .map((j) => j.refusal?.code)
    .filter((code): code is NonNullable<typeof code> => code !== undefined)
  return [...new Set(codes)].sort()
}

/** The units the server's summary finds in `update`, applied to a copy of the board. */
function summaryOf(board: Y.Doc, update: Uint8Array) {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(board))
  const origin = { name: 'writer' }
  let units: ReturnType<typeof summarizeTransaction> = []
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === origin) units = withOwnership(doc, tr, summarizeTransaction(doc, tr), ME)
  })
  Y.applyUpdate(doc, update, origin)
  return units
}

describe('the policy table [F12] on the server’s write path', () => {
  for (const c of POLICY_CASES) {
    it(`${caseTitle(c)}: ${c.server === null ? 'kept' : `reverted (${c.server})`}`, () => {
      const srv = setUpBoard(c)
      const before = Y.encodeStateAsUpdate(srv)
      const update = captureUpdate(replicaOf(srv), (d) => act(c, d))
      const state = policyState(readMeta(srv), readVote(srv), readPrivateWriting(srv))
      const out = applyWrite(srv, c.role, state, {}, update, undefined, WRITER)
      expect(out.kind).toBe(c.server === null ? 'applied' : 'reverted')
      // The table's units say what the server's own summary of the transaction says.
      const board = new Y.Doc()
      Y.applyUpdate(board, before)
      expect(reasons(c, summaryOf(board, update))).toEqual(reasons(c, unitsOf(c)))
      expect(askServer(c)?.code ?? null).toBe(c.server)
    })
  }
})

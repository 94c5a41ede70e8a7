/**
 * The policy table [F12] against the server's write path: each case's board is set up, the
 * change is made on a replica, and the update it sends goes the way a room takes a
 * connection's write: refused unread when the policy refuses every change of its writer (an
 * observer's [G1]), else read and checked by the guard and applied by `applyChecked`. The server
 * keeps what the table allows and reverts what it refuses, for the reasons the table gives (its
 * check over the transaction's own summary).
 * The same table runs against the pure check and the views' questions in
 * shared/src/policy/policy.test.ts.
 */
import {
  erasedIds,
  judge,
  policyState,
  readMeta,
  readPrivateWriting,
  readVote,
  refusalOfEveryChange,
} from '@sensemaking/shared'
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
import { resolveLimits } from '../config'
import { checkUpdate } from '../guard/check'
import { scanUpdate } from '../guard/scan'
import { summarizeTransaction } from '../rooms/changes'
import { ClientIds } from '../rooms/clientIds'
import { withOwnership } from '../rooms/ownership'
import { writeCaps } from '../rooms/roomWriter'
import { applyChecked } from '../rooms/writes'
import { captureUpdate } from '../testing/replicas'

/** The writer of every case, as the server knows them from their credential [F14.1]. */
const WRITER: Person = { id: ME, name: ME_NAME, city: ME_CITY, signed: true }

/** The refusal reasons of a change's units, as the server judges them. */
function reasons(c: PolicyCase, units: Parameters<typeof judge>[2]): string[] {
  const board = setUpBoard(c)
  const state = policyState(
    readMeta(board),
    readVote(board),
    readPrivateWriting(board),
    erasedIds(board),
  )
  const codes = judge(actorOf(c), state, units, 'server')
    .map((j) => j.refusal?.code)
    .filter((code): code is NonNullable<typeof code> => code !== undefined)
  return [...new Set(codes)].sort()
}

const LIMITS = resolveLimits()

/** What the server does with `update` from `c.role`: as a room's write path takes it. */
function serverWrite(c: PolicyCase, srv: Y.Doc, update: Uint8Array): string {
  const every = refusalOfEveryChange({ role: c.role, person: null })
  if (every) return `refused unread (${every.code})`
  const caps = writeCaps(LIMITS, c.role)
  const verdict = checkUpdate(scanUpdate(update, { maxStructs: caps.maxStructs }), {
    doc: srv,
    caps,
    owner: new ClientIds(WRITER),
    retired: new Set(),
    maxConcurrentInserts: LIMITS.maxConcurrentInserts,
  })
  if (verdict.kind !== 'apply') return `guard: ${verdict.kind}`
  const state = policyState(readMeta(srv), readVote(srv), readPrivateWriting(srv), erasedIds(srv))
  return applyChecked(srv, c.role, state, {}, update, WRITER).kind
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
    const expected =
      c.server === null
        ? 'applied'
        : refusalOfEveryChange({ role: c.role, person: null })
          ? `refused unread (${c.server})`
          : 'reverted'
    it(`${caseTitle(c)}: ${expected}`, () => {
      const srv = setUpBoard(c)
      const before = Y.encodeStateAsUpdate(srv)
      const update = captureUpdate(replicaOf(srv), (d) => act(c, d))
      expect(serverWrite(c, srv, update)).toBe(expected)
      // The table's units say what the server's own summary of the transaction says.
      const board = new Y.Doc()
      Y.applyUpdate(board, before)
      expect(reasons(c, summaryOf(board, update))).toEqual(reasons(c, unitsOf(c)))
      expect(askServer(c)?.code ?? null).toBe(c.server)
    })
  }
})

/**
 * Which role a token grants on a board or a session. Board links grant their role on that
 * board; session links (facilitator, participant) on every board of their session and no
 * other. Every candidate is compared, in constant time, whatever matched; an unknown board or
 * session costs the same lookup and the same comparisons as a known one, so answer times do not
 * tell which ids exist [G11].
 */
import { ROLES as BOARD_ROLES, type Role, SESSION_ROLES } from '@sensemaking/shared'
import type { Access } from '../rooms/connection'
import type { BoardRecord, BoardStorage, TokenScope } from '../storage/types'
import { deriveToken, MAX_TOKEN_LENGTH, tokensEqual } from './tokens'

export { BOARD_ROLES, SESSION_ROLES }

type Candidate = [scope: TokenScope, id: string, role: Role, generation: number]

/** Stand-ins compared when the id is unknown: as many as a real board or session has. */
const UNKNOWN = '\u0000unknown'
const UNKNOWN_BOARD: Candidate[] = [
  ...BOARD_ROLES.map((r): Candidate => ['board', UNKNOWN, r, 0]),
  ...SESSION_ROLES.map((r): Candidate => ['session', UNKNOWN, r, 0]),
]
const UNKNOWN_SESSION: Candidate[] = SESSION_ROLES.map((r): Candidate => ['session', UNKNOWN, r, 0])

export class AccessControl {
  private readonly generations = new Map<string, number>()

  constructor(
    private readonly storage: BoardStorage,
    private readonly secret: Buffer,
    private readonly adminToken: string,
    /** Token derivation (tests count its calls). */
    private readonly derive: typeof deriveToken = deriveToken,
  ) {}

  private generation(scope: TokenScope, id: string, role: Role): number {
    const key = `${scope}|${id}|${role}`
    let g = this.generations.get(key)
    if (g === undefined) {
      g = this.storage.getGeneration(scope, id, role)
      this.generations.set(key, g)
    }
    return g
  }

  /** The current token of a link. */
  token(scope: TokenScope, id: string, role: Role): string {
    return this.derive(this.secret, scope, id, role, this.generation(scope, id, role))
  }

  /** The board record, read from storage (one lookup, known or not). */
  board(id: string): BoardRecord | null {
    return this.storage.getBoard(id)
  }

  private match(token: string | null, candidates: Candidate[], real: boolean): Access | null {
    const t = token !== null && token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? token : ''
    let found: Access | null = null
    for (const [scope, scopeId, role, generation] of candidates) {
      const ok = tokensEqual(t, this.derive(this.secret, scope, scopeId, role, generation))
      if (ok && real && t !== '' && !found) found = { role, scope, scopeId, generation }
    }
    return found
  }

  /** The access a token grants on a board; null for an unknown board or a wrong token alike. */
  boardAccess(boardId: string, token: string | null): Access | null {
    const b = this.board(boardId)
    if (!b) return this.match(token, UNKNOWN_BOARD, false)
    return this.match(
      token,
      [
        ...BOARD_ROLES.map((r): Candidate => ['board', b.id, r, this.generation('board', b.id, r)]),
        ...SESSION_ROLES.map(
          (r): Candidate => ['session', b.sessionId, r, this.generation('session', b.sessionId, r)],
        ),
      ],
      true,
    )
  }

  /** The access a session-wide token grants; null for an unknown session or a wrong token. */
  sessionAccess(sessionId: string, token: string | null): Access | null {
    if (!this.storage.getSession(sessionId)) return this.match(token, UNKNOWN_SESSION, false)
    return this.match(
      token,
      SESSION_ROLES.map(
        (r): Candidate => ['session', sessionId, r, this.generation('session', sessionId, r)],
      ),
      true,
    )
  }

  isAdmin(token: string | null): boolean {
    return token !== null && token.length <= MAX_TOKEN_LENGTH && tokensEqual(token, this.adminToken)
  }

  /** Rotate a link: its old token stops working. Returns the new generation. */
  rotate(scope: TokenScope, id: string, role: Role): number {
    const g = this.storage.bumpGeneration(scope, id, role)
    this.generations.set(`${scope}|${id}|${role}`, g)
    return g
  }
}

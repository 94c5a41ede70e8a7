/**
 * Which role a token grants on a board or a session. Board links grant their role on that
 * board; session links (facilitator, participant) on every board of their session and no
 * other. Every candidate is compared, in constant time, whatever matched.
 */
import { ROLES as BOARD_ROLES, type Role, SESSION_ROLES } from '@sensemaking/shared'
import type { Access } from '../rooms/connection'
import type { BoardRecord, BoardStorage, TokenScope } from '../storage/types'
import { deriveToken, MAX_TOKEN_LENGTH, tokensEqual } from './tokens'

export { BOARD_ROLES, SESSION_ROLES }

export class AccessControl {
  private readonly generations = new Map<string, number>()
  private readonly boards = new Map<string, BoardRecord>()

  constructor(
    private readonly storage: BoardStorage,
    private readonly secret: Buffer,
    private readonly adminToken: string,
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
    return deriveToken(this.secret, scope, id, role, this.generation(scope, id, role))
  }

  /** The board record (boards never change once created). */
  board(id: string): BoardRecord | null {
    let b = this.boards.get(id)
    if (!b) {
      const r = this.storage.getBoard(id)
      if (!r) return null
      b = r
      this.boards.set(id, b)
    }
    return b
  }

  private match(token: string, candidates: [TokenScope, string, Role][]): Access | null {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null
    let found: Access | null = null
    for (const [scope, scopeId, role] of candidates) {
      const generation = this.generation(scope, scopeId, role)
      const ok = tokensEqual(token, deriveToken(this.secret, scope, scopeId, role, generation))
      if (ok && !found) found = { role, scope, scopeId, generation }
    }
    return found
  }

  /** The access a token grants on a board; null for an unknown board or a wrong token alike. */
  boardAccess(boardId: string, token: string | null): Access | null {
    const b = this.board(boardId)
    if (!b || !token) return null
    return this.match(token, [
      ...BOARD_ROLES.map((r): [TokenScope, string, Role] => ['board', b.id, r]),
      ...SESSION_ROLES.map((r): [TokenScope, string, Role] => ['session', b.sessionId, r]),
    ])
  }

  /** The access a session-wide token grants; null for an unknown session or a wrong token. */
  sessionAccess(sessionId: string, token: string | null): Access | null {
    if (!token || !this.storage.getSession(sessionId)) return null
    return this.match(
      token,
      SESSION_ROLES.map((r): [TokenScope, string, Role] => ['session', sessionId, r]),
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

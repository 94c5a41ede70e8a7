/** One breakout room on the dashboard: who is there, notes per column, its chart, its links. */
import {
  type ColumnDef,
  PARKING_LOT,
  PARKING_LOT_TITLE,
  type SessionBoard,
  sortColumns,
  type TagDef,
} from '@sensemaking/shared'
import type { ReactNode } from 'react'
import { rotateLink } from '../lib/api'
import { boardLink } from '../lib/noteLink'
import { JoinLink } from './JoinLink'
import { LeverChart } from './LeverChart'

export const ROLE_LINKS = [
  { role: 'participant', label: 'Participant', hint: 'writes notes' },
  { role: 'observer', label: 'Observer', hint: 'reads only' },
  { role: 'facilitator', label: 'Facilitator', hint: 'runs the room' },
] as const

export function Online({ n }: { n: number }) {
  return (
    <span className={`online ${n > 0 ? 'is-on' : ''}`} data-online={n}>
      <span className="dot online-dot" aria-hidden="true" />
      {n === 1 ? '1 online' : `${n} online`}
    </span>
  )
}

/** Notes per column as big numbers, with the parking lot when it holds any. */
export function ColumnFigures({
  byColumn,
  columns,
}: {
  byColumn: Record<string, number>
  columns: readonly ColumnDef[]
}) {
  const cells = sortColumns(columns).map((c) => ({
    id: c.id,
    title: c.title,
    n: byColumn[c.id] ?? 0,
  }))
  const parked = byColumn[PARKING_LOT] ?? 0
  if (parked > 0) cells.push({ id: PARKING_LOT, title: PARKING_LOT_TITLE, n: parked })
  return (
    <dl className="figures">
      {cells.map((c) => (
        <div key={c.id} className="figure" data-column={c.id}>
          <dt>{c.title}</dt>
          <dd>{c.n}</dd>
        </div>
      ))}
    </dl>
  )
}

export function BoardCard({
  board,
  columns,
  tags,
  token,
  onChanged,
  children,
}: {
  board: SessionBoard
  columns: readonly ColumnDef[]
  tags: readonly TagDef[]
  /** The session facilitator token, which may revoke the room's links and opens the room. */
  token: string
  /** Something changed on the server (a link was revoked): read the session again. */
  onChanged(): void
  /** What the room is saying (RoomDigest), under its figures. */
  children?: ReactNode
}) {
  const total = board.notes.total
  return (
    <article
      className={`board-card${board.plenary ? ' is-plenary' : ''}`}
      data-board-id={board.id}
      aria-labelledby={`b-${board.id}`}
    >
      <header className="board-card-head">
        <h3 id={`b-${board.id}`}>{board.name}</h3>
        {board.plenary && <span className="badge plenary">Plenary</span>}
        <Online n={board.online} />
      </header>
      <p className="board-card-total">
        <strong data-notes-total={total}>{total}</strong> {total === 1 ? 'note' : 'notes'}
      </p>
      <ColumnFigures byColumn={board.notes.byColumn} columns={columns} />
      <LeverChart counts={board.byLeverColumn} columns={columns} tags={tags} title={board.name} />
      {children}
      <div className="board-card-actions">
        <a
          className="btn small"
          // The session's link, which may send from the room to the plenary.
          href={boardLink(board.id, token)}
          target="_blank"
          rel="noopener noreferrer"
        >
          Open board
        </a>
      </div>
      <details className="board-links">
        <summary>Join links</summary>
        {ROLE_LINKS.map((r) => (
          <JoinLink
            key={r.role}
            kind={r.role}
            label={r.label}
            hint={r.hint}
            url={board.links[r.role].url}
            onRevoke={async () => {
              await rotateLink('board', board.id, token, r.role)
              onChanged()
            }}
          />
        ))}
      </details>
    </article>
  )
}

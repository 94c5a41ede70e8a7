/**
 * What a room is saying, on its dashboard card (SESSION-SPEC SE4.2): its latest notes (words,
 * lever, column, kind, city) and its themes, live, each with a button that sends it to the
 * session's plenary. Readable without opening the room; a note's words open the room at it.
 */
import { type ColumnDef, type LiveRoom, PARKING_LOT_TITLE, type TagDef } from '@sensemaking/shared'
import { boardLink } from '../lib/noteLink'
import { SendButton } from '../plenary/SendToPlenaryButton'

interface Props {
  room: LiveRoom
  columns: readonly ColumnDef[]
  tags: readonly TagDef[]
  /** The session's plenary, to send to (none on the plenary's own card). */
  plenary: { id: string; name: string } | null
  token: string
}

export function RoomDigest({ room, columns, tags, plenary, token }: Props) {
  const send = plenary && !room.plenary ? plenary : null
  const columnTitle = (id: string | null) =>
    id === null ? PARKING_LOT_TITLE : (columns.find((c) => c.id === id)?.title ?? id)
  return (
    <section className="room-digest" aria-label={`What ${room.title} is saying`}>
      <h4>Latest notes</h4>
      {room.recent.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="digest-notes">
          {room.recent.map((n) => {
            const tag = tags.find((t) => t.id === n.lever)
            const column = columns.find((c) => c.id === n.column)
            const kind = column?.kinds?.find((k) => k.id === n.kind)
            return (
              <li
                key={n.id}
                data-recent-note={n.id}
                style={tag ? { ['--lever' as string]: tag.color } : undefined}
                className={tag ? 'has-lever' : undefined}
              >
                <a
                  className="digest-text"
                  dir="auto"
                  href={boardLink(room.id, token, n.id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  title={`Open ${room.title} at this note`}
                >
                  {n.text}
                </a>
                <span className="digest-meta">
                  {tag && <span className="lever-tag">{tag.label}</span>}
                  <span>{columnTitle(n.column)}</span>
                  {kind && <span className="kind-tag">{kind.title}</span>}
                  {n.city && <bdi>{n.city}</bdi>}
                  {n.from !== undefined && (
                    <span className="copy-from">
                      From <bdi>{n.from || 'another room'}</bdi>
                    </span>
                  )}
                </span>
                {send && (
                  <SendButton
                    target={send}
                    token={token}
                    from={room.id}
                    notes={[n.id]}
                    label="Send"
                    what={`“${n.text.slice(0, 40)}” to ${send.name}`}
                  />
                )}
              </li>
            )
          })}
        </ul>
      )}
      {room.themes.length > 0 && (
        <>
          <h4>Themes</h4>
          <ul className="digest-themes">
            {room.themes.map((t) => (
              <li key={t.id} data-digest-theme={t.id}>
                <span dir="auto">{t.title || 'Untitled theme'}</span>{' '}
                <span className="muted">
                  {t.notes} {t.notes === 1 ? 'note' : 'notes'}
                </span>
                {send && (
                  <SendButton
                    target={send}
                    token={token}
                    from={room.id}
                    notes={[]}
                    themes={[t.id]}
                    label="Send"
                    what={`theme “${t.title}” to ${send.name}`}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

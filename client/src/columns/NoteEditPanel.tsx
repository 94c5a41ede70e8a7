/**
 * A card in editing: the text bound to the note's Y.Text, its lever, kind (when the column
 * offers kinds), column and theme, Done and Delete. Enter or Escape in the text (or Done) ends editing; Shift+Enter adds a line.
 */
import {
  type ClusterView,
  kindsOf,
  lockedThemeIds,
  type NoteView,
  type TagDef,
  whyNotRegroup,
} from '@sensemaking/shared'
import { createContext, useContext, useId } from 'react'
import { useBoard } from '../board/BoardContext'
import { noteFacts } from '../board/refusals'
import { actorOf, policyOf } from '../board/selectors'
import { useBoardSelector } from '../board/useBoardSelector'
import { ColumnSelect, KindSelect, LeverSelect, ThemeSelect } from '../lib/fields'
import { useCardActions } from './actions'
import { themesOf } from './model'
import { YTextArea } from './YTextArea'

/** The board's themes, for the theme select of the card in editing. */
export const ClustersContext = createContext<ReadonlyMap<string, ClusterView>>(new Map())

export function NoteEditPanel({ note, tag }: { note: NoteView; tag: TagDef | undefined }) {
  const board = useBoard()
  const { doc, meta } = board
  const policy = useBoardSelector(policyOf)
  const clusters = useContext(ClustersContext)
  const actions = useCardActions()
  const textId = useId()
  // Participants cannot put a note into a locked theme [F8.8].
  const facts = noteFacts(note, lockedThemeIds(clusters.values()))
  const themes = themesOf(clusters, note.column).filter(
    (c) => c.id === note.clusterId || whyNotRegroup(actorOf(board), policy, facts, c) === null,
  )
  const current = note.clusterId ? clusters.get(note.clusterId) : undefined
  if (current && !themes.includes(current)) themes.unshift(current)
  const style = tag ? { ['--lever' as string]: tag.color } : undefined
  const kinds = kindsOf(meta, note.column)
  return (
    <li
      className={`note-card editing${tag ? ' has-lever' : ''}`}
      style={style}
      data-note-id={note.id}
    >
      <label className="field-label" htmlFor={textId}>
        Note text
      </label>
      <YTextArea doc={doc} noteId={note.id} id={textId} onDone={() => actions.stopEdit(note.id)} />
      <div className="edit-fields">
        <LeverSelect
          tags={meta.tags}
          value={note.lever}
          onChange={(lever) => actions.setLever(note.id, lever)}
        />
        {kinds.length > 0 && (
          <KindSelect
            kinds={kinds}
            value={note.kind}
            onChange={(kind) => actions.setKind(note.id, kind)}
          />
        )}
        <ColumnSelect
          columns={meta.columns}
          value={note.column}
          onChange={(column) => actions.move(note, column)}
        />
        {(themes.length > 0 || note.clusterId !== null) && (
          <ThemeSelect
            themes={themes}
            value={note.clusterId}
            onChange={(clusterId) => actions.setTheme(note, clusterId)}
          />
        )}
      </div>
      <div className="note-actions">
        <button
          type="button"
          className="btn small primary"
          onClick={() => actions.stopEdit(note.id)}
        >
          Done
        </button>
        <button
          type="button"
          className="btn small ghost danger"
          onClick={() => actions.remove(note)}
        >
          Delete
        </button>
      </div>
    </li>
  )
}

/**
 * A board opened at one note (the dashboard's link, `#n=`) in the columns view: its column's
 * tab on a phone, its card shown however long the column, scrolled to the middle, marked and
 * given the keyboard, so the facilitator lands on what they read.
 */
import { isLive } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import type { BoardStore } from '../board/boardStore'
import { takeNoteTarget } from '../lib/noteLink'

/** The note the page was opened at (for ColumnSection's keepVisible), else null. */
export function useOpenAtCard(
  loaded: boolean,
  store: BoardStore,
  narrow: boolean,
  setTab: (key: string) => void,
): string | null {
  const [target, setTarget] = useState<string | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: taken once, when the board arrives
  useEffect(() => {
    if (!loaded) return
    const id = takeNoteTarget()
    const note = id ? store.note(id) : undefined
    if (!id || !note || !isLive(note)) return
    if (narrow) setTab(note.column ?? '')
    setTarget(id)
  }, [loaded])
  useEffect(() => {
    if (!target) return
    const frame = requestAnimationFrame(() => {
      const card = document.querySelector<HTMLElement>(
        `.columns-view .note-card[data-note-id="${CSS.escape(target)}"]`,
      )
      if (!card) return
      // Not React's props: a later render of the card keeps them.
      card.dataset.target = ''
      card.tabIndex = -1
      card.scrollIntoView({ block: 'center' })
      card.focus({ preventScroll: true })
    })
    return () => cancelAnimationFrame(frame)
  }, [target])
  return target
}

/**
 * Other people's cursors with their names, at most 30, nearest to the middle of the view; none
 * on a phone, where they would hide the few notes on screen.
 */
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { PHONE, useMediaQuery } from '../lib/useMediaQuery'
import { cursorsToDraw } from '../presence/presence'
import { usePeople } from '../presence/usePeople'

export function Cursors() {
  const editor = useEditor()
  const { awareness } = useBoard()
  const people = usePeople(awareness, 60)
  const view = useValue('viewport', () => {
    const b = editor.getViewportPageBounds()
    return { x: b.x, y: b.y, w: b.w, h: b.h }
  }, [editor])
  const phone = useMediaQuery(PHONE)
  const shown = phone ? [] : cursorsToDraw(people, view)
  return (
    <div className="cursors" aria-hidden="true">
      {shown.map((p) => {
        const s = editor.pageToViewport(p.cursor!)
        return (
          <div
            key={p.clientId}
            className="cursor"
            style={{ transform: `translate(${s.x}px, ${s.y}px)`, ['--who' as string]: p.color }}
          >
            <svg width="18" height="22" viewBox="0 0 18 22" aria-hidden="true">
              <path d="M1 1 L1 18 L6 13.5 L9.5 21 L12.5 19.6 L9 12.3 L16 12.3 Z" />
            </svg>
            <span className="cursor-name">
              {p.name}
              {p.city && <span className="cursor-city"> · {p.city}</span>}
            </span>
          </div>
        )
      })}
    </div>
  )
}

/**
 * On a narrow screen one column shows at a time, chosen with tabs (the ARIA tabs pattern:
 * one tab stop, arrow keys, Home and End move between tabs).
 */
import { useRef } from 'react'

export interface TabDef {
  key: string
  title: string
  count: number
  isNow: boolean
}

export const tabId = (prefix: string, key: string) => `${prefix}-tab-${key || 'parking-lot'}`
export const panelId = (prefix: string, key: string) => `${prefix}-panel-${key || 'parking-lot'}`

export function ColumnTabs({
  prefix,
  tabs,
  selected,
  onSelect,
}: {
  prefix: string
  tabs: readonly TabDef[]
  selected: string
  onSelect(key: string): void
}) {
  const refs = useRef(new Map<string, HTMLButtonElement>())
  const go = (i: number) => {
    const t = tabs[(i + tabs.length) % tabs.length]
    if (!t) return
    onSelect(t.key)
    refs.current.get(t.key)?.focus()
  }
  return (
    <div className="column-tabs" role="tablist" aria-label="Columns">
      {tabs.map((t, i) => (
        <button
          key={t.key}
          ref={(el) => {
            if (el) refs.current.set(t.key, el)
            else refs.current.delete(t.key)
          }}
          type="button"
          role="tab"
          id={tabId(prefix, t.key)}
          aria-controls={panelId(prefix, t.key)}
          aria-selected={t.key === selected}
          tabIndex={t.key === selected ? 0 : -1}
          className={t.isNow ? 'is-now' : undefined}
          onClick={() => onSelect(t.key)}
          onKeyDown={(e) => {
            const moves: Record<string, number> = {
              ArrowRight: i + 1,
              ArrowLeft: i - 1,
              Home: 0,
              End: tabs.length - 1,
            }
            const to = moves[e.key]
            if (to === undefined) return
            e.preventDefault()
            go(to)
          }}
        >
          <span className="tab-title">{t.title}</span>
          {t.isNow && <span className="now-dot">Now</span>}
          <span className="tab-count">
            {t.count}
            <span className="sr-only"> notes</span>
          </span>
        </button>
      ))}
    </div>
  )
}

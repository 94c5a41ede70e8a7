/**
 * The body of the harvest report in the shape of the programme's own report [H9]: common themes
 * first, the three parts under their report headings with kinds as sub-headings and notes by
 * lever, the parking lot, then the levers of change ranked, each gathering what was said on it.
 * Shared by the board report and the session report (where a note names its room).
 */
import { PARKING_LOT_TITLE } from '../board/columns'
import { cityKey, normalizeCity } from '../board/text'
import { mdBlock, mdInline } from './mdEscape'
import type { HarvestBody, SaidNote } from './ranking'
import type { HarvestCity, HarvestKind, RankedLever, RankedTheme } from './schema'

export { PARKING_LOT_TITLE }
export const UNTAGGED_LABEL = 'Untagged'
/** Sub-heading of the notes of a column with kinds that carry none. */
export const NO_KIND_TITLE = 'Other notes'

export const heading = (level: number, text: string) => `${'#'.repeat(Math.min(level, 6))} ${text}`
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** "Nantes (6), Lahti (4)". */
export function cityLine(cities: readonly HarvestCity[]): string {
  return cities.map((c) => `${mdInline(c.name)} (${c.notes})`).join(', ')
}

export interface ReportColumn {
  id: string
  title: string
  heading: string
  prompt: string
  kinds: readonly HarvestKind[]
}

/** What the report body is written from. */
export interface ReportInput {
  /** The heading level of the report's own title (its sections are one below). */
  level: number
  boards: readonly HarvestBody[]
  columns: readonly ReportColumn[]
  said: readonly SaidNote[]
  themes: readonly RankedTheme[]
  levers: readonly RankedLever[]
  cities: readonly HarvestCity[]
  /** Name every note's room (a session), or only a copy's (a board). */
  rooms: 'always' | 'copies'
}

/** The columns of board harvests, each once, with the kinds all of them offer. */
export function reportColumns(boards: readonly HarvestBody[]): ReportColumn[] {
  const out = new Map<string, ReportColumn & { kinds: HarvestKind[] }>()
  for (const b of boards) {
    for (const c of b.columns) {
      const have = out.get(c.id)
      if (!have) {
        out.set(c.id, {
          id: c.id,
          title: c.title,
          heading: c.heading,
          prompt: c.prompt,
          kinds: [...c.kinds],
        })
        continue
      }
      for (const k of c.kinds) if (!have.kinds.some((x) => x.id === k.id)) have.kinds.push(k)
    }
  }
  return [...out.values()]
}

class Writer {
  readonly out: string[] = []
  private readonly cityName: Map<string, string>
  private readonly themeTitle = new Map<string, string>()
  private readonly leverLabel: Map<string, string>
  constructor(readonly r: ReportInput) {
    this.cityName = new Map(r.cities.map((c) => [cityKey(c.name), c.name]))
    this.leverLabel = new Map(r.levers.map((l) => [l.id, l.label]))
    for (const b of r.boards) {
      for (const c of [
        ...b.columns.flatMap((col) => col.clusters),
        ...(b.parkingLotClusters ?? []),
      ]) {
        this.themeTitle.set(`${b.board.id}\u0000${c.id}`, c.title)
      }
    }
  }

  /** A block (heading, paragraph, list start) after exactly one blank line. */
  private block(...lines: string[]) {
    if (this.out.at(-1) !== '') this.out.push('')
    this.out.push(...lines)
  }

  private h(depth: number, text: string) {
    this.block(heading(this.r.level + depth, text), '')
  }

  /** "— Nantes (Léa) · Room A · What? · Early outcome · 3 votes · theme “Continuity”". */
  private bullet(s: SaidNote, extra: { place?: string; theme?: boolean } = {}): string {
    const n = s.note
    const text = n.text.trim() === '' ? '_(empty note)_' : mdBlock(n.text)
    const city = normalizeCity(n.city)
    const who = [
      city === '' ? '' : mdInline(this.cityName.get(cityKey(city)) ?? city),
      n.author.trim() === '' ? '' : `(${mdInline(n.author)})`,
    ]
      .filter((p) => p !== '')
      .join(' ')
    const parts = [who]
    const copy = n.source !== null
    if (this.r.rooms === 'always') parts.push(mdInline(s.room.title || 'Untitled board'))
    else if (copy) parts.push(`from ${mdInline(s.room.title || 'another board')}`)
    if (s.alsoIn.length > 0) {
      parts.push(`also in ${s.alsoIn.map((b) => mdInline(b.title || 'Untitled board')).join(', ')}`)
    }
    if (extra.place) parts.push(extra.place)
    if (s.votes > 0) parts.push(plural(s.votes, 'vote'))
    const theme =
      n.clusterId === null ? undefined : this.themeTitle.get(`${s.board.id}\u0000${n.clusterId}`)
    if (extra.theme && theme !== undefined) {
      parts.push(`theme “${theme.trim() === '' ? 'Untitled theme' : mdInline(theme)}”`)
    }
    const tail = parts.filter((p) => p !== '').join(' · ')
    return `- ${text}${tail === '' ? '' : ` — ${tail}`}`
  }

  /** Notes grouped by lever, most discussed lever first, Untagged last [H9.3]. */
  private byLever(notes: readonly SaidNote[], depth: number) {
    const groups = new Map<string, SaidNote[]>()
    for (const l of this.r.levers) groups.set(l.id, [])
    const untagged: SaidNote[] = []
    for (const s of notes) {
      const list = s.note.lever === null ? undefined : groups.get(s.note.lever)
      if (list) list.push(s)
      else untagged.push(s)
    }
    for (const [id, list] of [...groups, ['', untagged] as const]) {
      if (list.length === 0) continue
      this.h(depth, mdInline(id === '' ? UNTAGGED_LABEL : (this.leverLabel.get(id) ?? id)))
      for (const s of list) this.out.push(this.bullet(s, { theme: true }))
    }
  }

  commonThemes() {
    this.h(1, 'Common themes')
    if (this.r.themes.length === 0) {
      this.block('_No themes named._')
      return
    }
    this.r.themes.forEach((t, i) => {
      const title = t.title.trim() === '' ? 'Untitled theme' : mdInline(t.title)
      const rooms = [...new Set(t.boards.map((b) => b.title))]
      const parts = [plural(t.notes, 'note')]
      if (t.votes > 0) parts.push(plural(t.votes, 'vote'))
      if (this.r.rooms === 'always') parts.push(rooms.map((r) => mdInline(r)).join(', '))
      if (t.cities.length > 0) parts.push(t.cities.map((c) => mdInline(c.name)).join(', '))
      this.out.push(`${i + 1}. **${title}** — ${parts.join(' · ')}`)
    })
  }

  /** One part: its report heading, its prompt, then its notes by kind and by lever [H9.2]. */
  part(c: ReportColumn | null) {
    const notes = this.r.said.filter((s) => s.note.column === (c?.id ?? null))
    if (c === null && notes.length === 0) return
    this.h(1, mdInline(c === null ? PARKING_LOT_TITLE : c.heading || c.title))
    if (c && c.prompt.trim() !== '') this.block(`> ${mdInline(c.prompt)}`)
    if (notes.length === 0) return this.block('_No notes._')
    // Kinds as sub-headings only when some note carries one: "Other notes" alone says nothing.
    const kinded = notes.some((s) => c?.kinds.some((k) => k.id === s.note.kind))
    if (!c || !kinded) return this.byLever(notes, 2)
    for (const k of [...c.kinds, { id: '', title: NO_KIND_TITLE }]) {
      const of = notes.filter(
        (s) =>
          (s.note.kind ?? '') === k.id ||
          (k.id === '' && !c.kinds.some((x) => x.id === s.note.kind)),
      )
      if (of.length === 0) continue
      this.h(2, mdInline(k.title))
      this.byLever(of, 3)
    }
  }

  /** The levers of change, ranked, each with what was said on it across rooms [H9.5]. */
  levers(columns: readonly ReportColumn[]) {
    this.h(1, 'Levers of change')
    const used = this.r.levers.filter((l) => l.notes > 0)
    const unused = this.r.levers.filter((l) => l.notes === 0)
    const untagged = this.r.said.filter(
      (s) => s.note.lever === null || !this.leverLabel.has(s.note.lever),
    ).length
    const lines: string[] = []
    if (used.length > 0) {
      lines.push(
        `Most discussed first: ${used.map((l) => `${mdInline(l.label)} (${l.notes})`).join(', ')}.`,
      )
    }
    if (unused.length > 0)
      lines.push(`Not discussed: ${unused.map((l) => mdInline(l.label)).join(', ')}.`)
    if (untagged > 0) lines.push(`${plural(untagged, 'note')} without a lever.`)
    this.block(lines.join(' '))
    const order = new Map(columns.map((c, i) => [c.id, i]))
    const place = (s: SaidNote) => {
      const c = columns.find((x) => x.id === s.note.column)
      if (!c) return PARKING_LOT_TITLE
      const kind = c.kinds.find((k) => k.id === s.note.kind)
      return mdInline(kind ? `${c.title} · ${kind.title}` : c.title)
    }
    for (const l of used) {
      this.h(2, mdInline(l.label))
      const figures = [plural(l.notes, 'note')]
      if (l.votes > 0) figures.push(plural(l.votes, 'vote'))
      if (this.r.rooms === 'always')
        figures.push(l.boards.map((b) => `${mdInline(b.title)} (${b.notes})`).join(', '))
      if (l.cities.length > 0) figures.push(cityLine(l.cities))
      this.block(figures.join(' · '), '')
      const notes = this.r.said
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s.note.lever === l.id)
        .sort(
          (a, b) =>
            (order.get(a.s.note.column ?? '') ?? order.size) -
              (order.get(b.s.note.column ?? '') ?? order.size) || a.i - b.i,
        )
      for (const { s } of notes) this.out.push(this.bullet(s, { place: place(s) }))
    }
  }
}

/** The report's sections from common themes to the levers of change [H9.2]–[H9.5]. */
export function reportBody(r: ReportInput): string[] {
  const w = new Writer(r)
  w.commonThemes()
  for (const c of r.columns) w.part(c)
  w.part(null)
  w.levers(r.columns)
  return w.out
}

/**
 * The Markdown report in the harvest template [H9]: a lever × column table first, then per
 * column its prompt, its clusters as themes, and its other notes by lever, each with its city.
 */
import { PARKING_LOT_TITLE } from '../board/columns'
import { cityKey, normalizeCity } from '../board/text'
import { isolate, mdBlock, mdInline } from './mdEscape'
import type { Harvest, HarvestCluster, HarvestLever, HarvestNote, HarvestSummary } from './schema'
import { PARKING_LOT, TOTAL, UNTAGGED } from './schema'

export { PARKING_LOT_TITLE }
export const UNTAGGED_LABEL = 'Untagged'

export interface MarkdownOptions {
  /** Level of the report's own heading (1: `#`); a session report nests boards at 2. */
  level?: number
}

const heading = (level: number, text: string) => `${'#'.repeat(Math.min(level, 6))} ${text}`

/** "2026-01-15 09:00 UTC" from an ISO time. */
export function displayTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** An id as inline code; ids are machine-made, but a backtick or line break must not escape. */
const code = (id: string) => `\`${id.replace(/[`\r\n]/g, ' ')}\``

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** "Nantes (6), Lahti (4)". */
export function cityLine(summary: Pick<HarvestSummary, 'cities'>): string {
  return summary.cities.map((c) => `${mdInline(c.name)} (${c.notes})`).join(', ')
}

/** The lever × column table with totals [H9]. */
export function leverTable(
  levers: readonly Pick<HarvestLever, 'id' | 'label'>[],
  columns: readonly { id: string; title: string }[],
  summary: Pick<HarvestSummary, 'byColumn' | 'byLever' | 'notes'>,
): string[] {
  const cols = [
    ...columns.map((c) => ({ id: c.id, title: c.title })),
    { id: PARKING_LOT, title: PARKING_LOT_TITLE },
  ]
  const rows = [
    ...levers.map((l) => ({ id: l.id, label: l.label })),
    { id: UNTAGGED, label: UNTAGGED_LABEL },
  ]
  const cell = (lever: string, column: string) => summary.byLever[lever]?.[column] ?? 0
  const out = [
    `| Lever | ${cols.map((c) => mdInline(c.title)).join(' | ')} | Total |`,
    `| :-- | ${cols.map(() => '--:').join(' | ')} | --: |`,
  ]
  for (const r of rows) {
    const values = cols.map((c) => cell(r.id, c.id))
    out.push(`| ${mdInline(r.label)} | ${values.join(' | ')} | ${cell(r.id, TOTAL)} |`)
  }
  const totals = cols.map((c) => summary.byColumn[c.id] ?? 0)
  out.push(`| **Total** | ${totals.join(' | ')} | ${summary.notes} |`)
  return out
}

/** How the report names each city: the spelling its summary shows for the group [H8]. */
type CityNames = ReadonlyMap<string, string>

const cityNames = (h: Harvest): CityNames =>
  new Map(h.summary.cities.map((c) => [cityKey(c.name), c.name]))

/** "— Nantes (Léa) · Finance and funding · 3 votes" after a note's text. */
function attribution(n: HarvestNote, leverLabel: string | null, cities: CityNames): string {
  const city = normalizeCity(n.city)
  const who = [
    city === '' ? '' : mdInline(cities.get(cityKey(city)) ?? city),
    n.author.trim() === '' ? '' : `(${mdInline(n.author)})`,
  ]
    .filter((s) => s !== '')
    .join(' ')
  const parts = [who, leverLabel === null ? '' : `_${mdInline(leverLabel)}_`]
  if (n.votes > 0) parts.push(plural(n.votes, 'vote'))
  const tail = parts.filter((s) => s !== '').join(' · ')
  return tail === '' ? '' : ` — ${tail}`
}

function bullet(n: HarvestNote, leverLabel: string | null, cities: CityNames): string {
  const text = n.text.trim() === '' ? '_(empty note)_' : mdBlock(n.text)
  return `- ${text}${attribution(n, leverLabel, cities)}`
}

interface Section {
  title: string
  prompt: string
  clusters: readonly HarvestCluster[]
  notes: readonly HarvestNote[]
}

/** One column (or the parking lot): prompt, themes, then the other notes by lever [H9]. */
function section(
  s: Section,
  levers: readonly HarvestLever[],
  level: number,
  cities: CityNames,
): string[] {
  const out = ['', heading(level, mdInline(s.title))]
  if (s.prompt.trim() !== '') out.push('', `> ${mdInline(s.prompt)}`)
  if (s.notes.length === 0 && s.clusters.length === 0) {
    out.push('', '_No notes._')
    return out
  }
  const label = new Map(levers.map((l) => [l.id, l.label]))
  const byId = new Map(s.notes.map((n) => [n.id, n]))
  const themed = new Set<string>()
  for (const c of s.clusters) {
    const title = c.title.trim() === '' ? 'Untitled theme' : mdInline(c.title)
    out.push('', heading(level + 1, `Theme: ${title}`), '')
    const members = c.noteIds.map((id) => byId.get(id)).filter((n) => n !== undefined)
    if (members.length === 0) out.push('_No notes._')
    for (const n of members) {
      themed.add(n.id)
      out.push(bullet(n, n.lever === null ? null : (label.get(n.lever) ?? null), cities))
    }
  }
  const groups = new Map<string, HarvestNote[]>()
  for (const l of levers) groups.set(l.id, [])
  groups.set(UNTAGGED, [])
  for (const n of s.notes) {
    if (themed.has(n.id)) continue
    const key = n.lever !== null && label.has(n.lever) ? n.lever : UNTAGGED
    groups.get(key)!.push(n)
  }
  for (const [id, notes] of groups) {
    if (notes.length === 0) continue
    out.push('', heading(level + 1, mdInline(label.get(id) ?? UNTAGGED_LABEL)), '')
    for (const n of notes) out.push(bullet(n, null, cities))
  }
  return out
}

/** The body of a board's report (everything under its title heading). */
function body(h: Harvest, level: number): string[] {
  const out: string[] = []
  const session = h.board.session === null ? '' : ` · session ${mdInline(h.board.session.title)}`
  out.push(`Exported ${displayTime(h.exportedAt)} · board ${code(h.board.id)}${session}`)
  const s = h.summary
  const cityList = s.cities.length === 0 ? '' : `: ${cityLine(s)}`
  out.push(
    '',
    `${plural(s.notes, 'note')} from ${plural(s.participants, 'participant')} in ${plural(s.cities.length, 'city', 'cities')}${cityList}.`,
  )
  out.push('', heading(level + 1, 'Levers by column'), '', ...leverTable(h.levers, h.columns, s))
  const cities = cityNames(h)
  for (const c of h.columns) out.push(...section(c, h.levers, level + 1, cities))
  if (h.parkingLot.length > 0 || (h.parkingLotClusters ?? []).length > 0) {
    out.push(
      ...section(
        {
          title: PARKING_LOT_TITLE,
          prompt: '',
          clusters: h.parkingLotClusters ?? [],
          notes: h.parkingLot,
        },
        h.levers,
        level + 1,
        cities,
      ),
    )
  }
  if (h.invalid.length > 0) {
    out.push('', heading(level + 1, 'Entries the board could not read in full'), '')
    for (const e of h.invalid) out.push(`- ${isolate(code(e.id))}: ${mdInline(e.reason)}`)
  }
  return out
}

/** The Markdown report of one board's harvest [H9]. */
export function harvestToMarkdown(h: Harvest, opts: MarkdownOptions = {}): string {
  const level = opts.level ?? 1
  const title = h.board.title.trim() === '' ? 'Untitled board' : mdInline(h.board.title)
  return `${[heading(level, `Harvest: ${title}`), '', ...body(h, level)].join('\n')}\n`
}

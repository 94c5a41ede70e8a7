/**
 * What was said, across boards [H8.4]–[H8.6]: every note once (a copy sent to a plenary and its
 * source are one note), the levers ranked by how much was said on them, and the themes ranked,
 * those of one title across boards taken together. Pure functions of board harvests.
 */
import { cityKey } from '../board/text'
import { sourceKey } from '../provenance/source'
import { compareText } from './order'
import type { Harvest, HarvestLever, HarvestNote, RankedLever, RankedTheme } from './schema'
import { cityCounts } from './summary'

/** A board harvest without its summary: what the rankings read. */
export type HarvestBody = Pick<
  Harvest,
  'board' | 'levers' | 'columns' | 'parkingLot' | 'parkingLotClusters'
>

/** One note as the report tells it. */
export interface SaidNote {
  /** The board harvest it is listed on. */
  board: { id: string; title: string }
  /** The instance that speaks for all its copies: the original when it is among the boards. */
  note: HarvestNote
  /** Where it was said: its own board, or for a copy of a board not among these, that board. */
  room: { id: string; title: string }
  /** Dots over every copy of it among these boards. */
  votes: number
  /** The other boards among these that hold a copy of it (a plenary), in board order. */
  alsoIn: { id: string; title: string }[]
}

/** Union-find over string keys; a loop of sources is just one group. */
class Groups {
  private parent = new Map<string, string>()
  find(k: string): string {
    let root = k
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) {
      root = p
    }
    // Path compression keeps long chains of copies cheap.
    for (let at = k; at !== root; ) {
      const next = this.parent.get(at) ?? root
      this.parent.set(at, root)
      at = next
    }
    if (!this.parent.has(root)) this.parent.set(root, root)
    return root
  }
  union(a: string, b: string): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(rb, ra)
  }
}

/** The notes of a board harvest in report order: columns in order, then the parking lot. */
const bodyNotes = (b: HarvestBody) => [...b.columns.flatMap((c) => c.notes), ...b.parkingLot]

export interface SaidNotes {
  /** Every note once, in report order (board by board, column by column, reading order). */
  notes: SaidNote[]
  /** The entry that stands for a note of a board (itself or its original). */
  of(boardId: string, noteId: string): SaidNote | undefined
}

/**
 * Every note of the boards once [H8.4]: a note and its copies (linked by `source`, however
 * many steps, loops included) are one note, told by the original when it is among the boards,
 * else by its first copy, with the dots of all of them.
 */
export function saidNotes(boards: readonly HarvestBody[]): SaidNotes {
  // Only notes linked by a source need grouping; the rest (nearly all) stand for themselves.
  const groups = new Groups()
  const linked = new Map<string, Set<string>>()
  const link = (boardId: string, noteId: string) => {
    const set = linked.get(boardId) ?? new Set<string>()
    set.add(noteId)
    linked.set(boardId, set)
  }
  for (const b of boards) {
    for (const n of bodyNotes(b)) {
      if (!n.source) continue
      link(b.board.id, n.id)
      link(n.source.boardId, n.source.noteId)
      groups.union(sourceKey(n.source.boardId, n.source.noteId), sourceKey(b.board.id, n.id))
    }
  }
  type Entry = { board: HarvestBody; note: HarvestNote; group: string | null }
  const all: Entry[] = []
  const byGroup = new Map<string, Entry[]>()
  for (const b of boards) {
    const mine = linked.get(b.board.id)
    for (const n of bodyNotes(b)) {
      const group = mine?.has(n.id) ? groups.find(sourceKey(b.board.id, n.id)) : null
      const entry = { board: b, note: n, group }
      all.push(entry)
      if (group === null) continue
      const list = byGroup.get(group)
      if (list) list.push(entry)
      else byGroup.set(group, [entry])
    }
  }
  const speak = (first: Entry, votes: number, others: readonly Entry[] = []): SaidNote => {
    const own = { id: first.board.board.id, title: first.board.board.title }
    const src = first.note.source
    const alsoIn = new Map<string, { id: string; title: string }>()
    for (const e of others) {
      const b = e.board.board
      if (b.id !== own.id && !alsoIn.has(b.id)) alsoIn.set(b.id, { id: b.id, title: b.title })
    }
    return {
      board: own,
      note: first.note,
      room: src ? { id: src.boardId, title: src.boardName } : own,
      votes,
      alsoIn: [...alsoIn.values()],
    }
  }
  const speaker = new Map<string, SaidNote>()
  for (const [g, list] of byGroup) {
    const first = list.find((e) => e.note.source === null) ?? list[0]!
    speaker.set(
      g,
      speak(
        first,
        list.reduce((sum, e) => sum + e.note.votes, 0),
        list,
      ),
    )
  }
  const index = new Map<string, Map<string, SaidNote>>()
  const notes: SaidNote[] = []
  for (const e of all) {
    const s = e.group === null ? speak(e, e.note.votes) : speaker.get(e.group)!
    if (s.note === e.note) notes.push(s)
    const perBoard = index.get(e.board.board.id) ?? new Map<string, SaidNote>()
    perBoard.set(e.note.id, s)
    index.set(e.board.board.id, perBoard)
  }
  return { notes, of: (boardId, noteId) => index.get(boardId)?.get(noteId) }
}

/** How the whole harvest names each city (its most frequent spelling over all notes, H8.2). */
type CityNames = ReadonlyMap<string, string>

function cityNames(all: readonly SaidNote[]): CityNames {
  return new Map(cityCounts(all.map((s) => s.note)).map((c) => [cityKey(c.name), c.name]))
}

/** The cities of some notes, each named as the whole harvest names it, not as these spell it. */
function citiesOf(notes: readonly SaidNote[], names: CityNames) {
  return cityCounts(notes.map((s) => s.note))
    .map((c) => ({ name: names.get(cityKey(c.name)) ?? c.name, notes: c.notes }))
    .sort((a, b) => b.notes - a.notes || compareText(a.name, b.name))
}

/** Most first; ties by votes, then by the given order. */
function ranked<T extends { notes: number; votes: number }>(
  items: T[],
  tie: (a: T, b: T) => number,
) {
  return items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) =>
        b.item.notes - a.item.notes ||
        b.item.votes - a.item.votes ||
        tie(a.item, b.item) ||
        a.i - b.i,
    )
    .map((x) => x.item)
}

/**
 * Every lever, most discussed first [H8.5]: distinct notes tagged with it, their dots, their
 * cities, and the boards (rooms) they were said in. Levers without notes come last, in order.
 */
export function rankLevers(
  levers: readonly HarvestLever[],
  said: readonly SaidNote[],
): RankedLever[] {
  const names = cityNames(said)
  return ranked(
    levers.map((l) => {
      const notes = said.filter((s) => s.note.lever === l.id)
      const rooms = new Map<string, { id: string; title: string; notes: number }>()
      for (const s of notes) {
        const r = rooms.get(s.room.id) ?? { id: s.room.id, title: s.room.title, notes: 0 }
        r.notes++
        rooms.set(s.room.id, r)
      }
      return {
        id: l.id,
        label: l.label,
        notes: notes.length,
        votes: notes.reduce((sum, s) => sum + s.votes, 0),
        cities: citiesOf(notes, names),
        boards: [...rooms.values()].sort((a, b) => b.notes - a.notes),
      }
    }),
    () => 0,
  )
}

/** The clusters of a board harvest once each, with all their live members. */
function themesOf(b: HarvestBody) {
  const out = new Map<
    string,
    {
      id: string
      title: string
      noteIds: string[]
      sources: { boardId: string; clusterId: string }[]
    }
  >()
  for (const c of [...b.columns.flatMap((col) => col.clusters), ...(b.parkingLotClusters ?? [])]) {
    const have = out.get(c.id)
    if (have) have.noteIds.push(...c.noteIds)
    else out.set(c.id, { id: c.id, title: c.title, noteIds: [...c.noteIds], sources: c.sources })
  }
  return [...out.values()]
}

/**
 * Themes ranked [H8.6]: a theme and the themes it was sent from, and themes of one title
 * (compared as city names are, F3.5) across boards, are one; each counts its distinct live
 * notes and their dots. Themes without live notes are left out.
 */
export function rankThemes(boards: readonly HarvestBody[], said: SaidNotes): RankedTheme[] {
  const names = cityNames(said.notes)
  const groups = new Groups()
  const instances: {
    board: HarvestBody
    theme: ReturnType<typeof themesOf>[number]
    key: string
  }[] = []
  for (const b of boards) {
    for (const t of themesOf(b)) {
      const key = sourceKey(b.board.id, t.id)
      groups.find(key)
      for (const s of t.sources) groups.union(sourceKey(s.boardId, s.clusterId), key)
      const name = cityKey(t.title)
      if (name !== '') groups.union(`title:${name}`, key)
      instances.push({ board: b, theme: t, key })
    }
  }
  const byGroup = new Map<string, typeof instances>()
  for (const i of instances) {
    const g = groups.find(i.key)
    byGroup.set(g, [...(byGroup.get(g) ?? []), i])
  }
  const out: RankedTheme[] = []
  for (const list of byGroup.values()) {
    const members = new Set<SaidNote>()
    for (const i of list) {
      for (const id of i.theme.noteIds) {
        const s = said.of(i.board.board.id, id)
        if (s) members.add(s)
      }
    }
    // Only instances with live notes are named: an empty frame of the same title adds nothing.
    const named = list.filter((i) => i.theme.noteIds.length > 0)
    if (members.size === 0) continue
    const biggest = list.reduce((a, b) => (b.theme.noteIds.length > a.theme.noteIds.length ? b : a))
    const notes = [...members]
    out.push({
      title: biggest.theme.title,
      notes: notes.length,
      votes: notes.reduce((sum, s) => sum + s.votes, 0),
      cities: citiesOf(notes, names),
      boards: named.map((i) => ({
        id: i.board.board.id,
        title: i.board.board.title,
        clusterId: i.theme.id,
      })),
    })
  }
  return ranked(out, (a, b) => compareText(a.title, b.title))
}

/**
 * How a lever is told apart without its colour: a shape and a short name, derived from the
 * board's own tag list (its display order), so every view and every board's template agree.
 */
import type { TagDef } from '@sensemaking/shared'

/** Shapes in the order the tags get them; easy to tell apart at 10 px. */
export const MARK_SHAPES = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'star',
  'hexagon',
  'cross',
  'ring',
] as const

export type MarkShape = (typeof MARK_SHAPES)[number]

export interface LeverMark {
  id: string
  /** The full name, as the template spells it. */
  label: string
  /** One word (or a few letters more when two tags share a first word). */
  short: string
  color: string
  shape: MarkShape
}

const MAX_SHORT = 14

/** The first word of a label, without trailing punctuation ("Learning, capabilities…" → "Learning"). */
function firstWord(label: string): string {
  const word = label.trim().split(/\s+/u)[0] ?? ''
  return word.replace(/[^\p{L}\p{N}]+$/u, '') || label.trim()
}

/**
 * Every tag's mark, by id. Short names are the label's first word; where two tags would share
 * one, each keeps as much of its label as tells it apart (capped), so no two marks read alike.
 */
export function leverMarks(tags: readonly TagDef[]): Map<string, LeverMark> {
  const first = tags.map((t) => firstWord(t.label))
  const shorts = tags.map((t, i) => {
    const clash = first.some((w, j) => j !== i && w.toLowerCase() === first[i]!.toLowerCase())
    const s = clash ? t.label.trim() : first[i]!
    return s.length > MAX_SHORT ? `${s.slice(0, MAX_SHORT - 1)}…` : s
  })
  return new Map(
    tags.map((t, i) => [
      t.id,
      {
        id: t.id,
        label: t.label,
        short: shorts[i]!,
        color: t.color,
        shape: MARK_SHAPES[i % MARK_SHAPES.length]!,
      },
    ]),
  )
}

const cache = new WeakMap<readonly TagDef[], Map<string, LeverMark>>()

/** The mark of one lever of a tag list (computed once per list), or undefined. */
export function markOf(
  tags: readonly TagDef[],
  id: string | null | undefined,
): LeverMark | undefined {
  if (!id) return undefined
  let marks = cache.get(tags)
  if (!marks) {
    marks = leverMarks(tags)
    cache.set(tags, marks)
  }
  return marks.get(id)
}

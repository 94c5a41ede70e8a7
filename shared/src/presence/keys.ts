/**
 * Every awareness field of a board's presence ([P1]–[P8] in PRESENCE-SPEC.md), in one table.
 * No other file names an awareness field with a string literal.
 */

/** Top-level fields of one client's awareness state. */
export const PRESENCE = {
  /** Who is there [P2]. */
  user: 'user',
  /** Their pointer on the canvas [P3]. */
  cursor: 'cursor',
  /** Notes and frames they are dragging [P4]. */
  drag: 'drag',
  /** What their canvas shows [P5]. */
  viewport: 'viewport',
  /** How many private drafts they hold [P6]. */
  drafts: 'drafts',
} as const

/** Fields of `user` [P2]. */
export const PRESENCE_USER = {
  id: 'id',
  name: 'name',
  city: 'city',
  color: 'color',
  role: 'role',
} as const

/** A key of `drag` names a note, or a theme's frame with this prefix and its cluster id [P4]. */
export const FRAME_DRAG_PREFIX = 'frame:'

/**
 * Level of detail of the canvas: as the view zooms out, stickies show fewer, larger words, so
 * note text stays readable on screen (about 12.5 CSS px or more) down to a quarter of full
 * size. Pure: the zoom goes in, the sizes the CSS needs come out, in page units.
 */

/** The smallest on-screen size of note text we aim for, in CSS px. */
export const READABLE_PX = 12.5

/** The lowest zoom at which note text still reaches READABLE_PX. */
export const LOWEST_READABLE_ZOOM = 0.24

/**
 * Zoom levels where the sizes step up. Steps (rather than a size per zoom) keep the whole
 * canvas from restyling on every frame of a zoom: it restyles only when a step is crossed.
 */
const STEPS = [
  0.97,
  0.9,
  0.83,
  0.76,
  0.7,
  0.64,
  0.59,
  0.54,
  0.5,
  0.46,
  0.43,
  0.4,
  0.375,
  0.35,
  0.33,
  0.31,
  0.29,
  0.27,
  0.255,
  LOWEST_READABLE_ZOOM,
] as const

export interface Detail {
  /** 'full' shows the author line; 'overview' leaves room for the text alone. */
  level: 'full' | 'overview'
  /** The least size of note text, in page px (0: each note's own size applies). */
  textFloor: number
  /** The lever line's type size, in page px. */
  bandFont: number
  /** Theme titles and column prompts. */
  titleFloor: number
}

const FULL: Detail = { level: 'full', textFloor: 0, bandFont: 12, titleFloor: 0 }

/** The detail for a zoom level (1 = 100 %). */
export function detailAt(zoom: number): Detail {
  if (!(zoom > 0) || zoom >= STEPS[0]) return FULL
  // The step whose lower bound the zoom is at or above; below the last, the last.
  const bound = STEPS.find((s) => zoom >= s) ?? LOWEST_READABLE_ZOOM
  const textFloor = Math.ceil(READABLE_PX / bound)
  return {
    level: bound >= 0.53 ? 'full' : 'overview',
    textFloor,
    bandFont: Math.ceil(10.5 / bound),
    titleFloor: Math.ceil((READABLE_PX + 1) / bound),
  }
}

/** A lever's shape in its colour, with a dark outline so it reads on any paper. */
import type { MarkShape } from './marks'

const PATHS: Record<MarkShape, string> = {
  circle: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13Z',
  square: 'M2 2h12v12H2Z',
  triangle: 'M8 1.2 15 14.5H1Z',
  diamond: 'M8 .8 15.2 8 8 15.2.8 8Z',
  star: 'M8 .8l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 11.7l-4.4 2.5 1.1-4.9L.9 5.9l5-.5Z',
  hexagon: 'M4.3 1.6h7.4L15.4 8l-3.7 6.4H4.3L.6 8Z',
  cross: 'M5.5 1h5v4.5H15v5h-4.5V15h-5v-4.5H1v-5h4.5Z',
  ring: 'M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1Zm0 3.5a3.5 3.5 0 1 1 0 7a3.5 3.5 0 1 1 0-7Z',
}

/** The dark outline every glyph is drawn with, inline and as an image alike. */
const OUTLINE = { stroke: 'rgb(0 0 0 / 55%)', width: '1', join: 'round' } as const

export function LeverGlyph({
  shape,
  color,
  size = 14,
  className = 'lever-glyph',
}: {
  shape: MarkShape
  color: string
  size?: number | string
  className?: string
}) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      data-shape={shape}
    >
      <path
        d={PATHS[shape]}
        fill={color}
        fillRule="evenodd"
        stroke={OUTLINE.stroke}
        strokeWidth={OUTLINE.width}
        strokeLinejoin={OUTLINE.join}
      />
    </svg>
  )
}

/** The glyph as an SVG image's URL (the same drawing), one string per shape and colour. */
const urls = new Map<string, string>()
export function leverGlyphUrl(shape: MarkShape, color: string): string {
  const key = `${shape} ${color}`
  let url = urls.get(key)
  if (!url) {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="${PATHS[shape]}" ` +
      `fill="${color}" fill-rule="evenodd" stroke="${OUTLINE.stroke}" ` +
      `stroke-width="${OUTLINE.width}" stroke-linejoin="${OUTLINE.join}"/></svg>`
    url = `url("data:image/svg+xml,${encodeURIComponent(svg)}")`
    urls.set(key, url)
  }
  return url
}

/**
 * The glyph drawn as an image rather than inline SVG, for the stickies: an inline SVG is its
 * own coordinate system (a transform and a clip among the page's paint properties), and the
 * browser regroups every sticky's paint properties into compositing layers again on each
 * keystroke and each frame of someone else's drag; an image paints with the sticky's own.
 */
export function LeverGlyphImage({
  shape,
  color,
  size = 14,
}: {
  shape: MarkShape
  color: string
  size?: number | string
}) {
  return (
    <span
      className="lever-glyph lever-glyph-image"
      aria-hidden="true"
      data-shape={shape}
      style={{ width: size, height: size, backgroundImage: leverGlyphUrl(shape, color) }}
    />
  )
}

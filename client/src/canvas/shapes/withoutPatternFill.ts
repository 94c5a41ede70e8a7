/**
 * tldraw's own arrow, draw and geo shapes, without the pattern fill they put in the canvas's
 * SVG defs. A board never holds these shapes (their tools are not offered, and pasted ones are
 * removed), but tldraw mounts their defs with the canvas, and the pattern fill renders a
 * canvas per zoom step and colour scheme, up to 2,048 px square, and encodes each as a PNG:
 * about 2 s of the main thread on a machine that draws in software, whatever the board.
 */
import { ArrowShapeUtil, DrawShapeUtil, GeoShapeUtil } from 'tldraw'

export class PlainArrowShapeUtil extends ArrowShapeUtil {
  override getCanvasSvgDefs() {
    return []
  }
}

export class PlainDrawShapeUtil extends DrawShapeUtil {
  override getCanvasSvgDefs() {
    return []
  }
}

export class PlainGeoShapeUtil extends GeoShapeUtil {
  override getCanvasSvgDefs() {
    return []
  }
}

/** QR codes drawn in the page (no network): an SVG string from the `qrcode` package. */
import QRCode from 'qrcode'

const cache = new Map<string, Promise<string>>()

/** The QR code of `text` as an SVG document string; cached, since links do not change often. */
export function qrSvg(text: string): Promise<string> {
  let svg = cache.get(text)
  if (!svg) {
    svg = QRCode.toString(text, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: '#1f2633ff', light: '#ffffffff' },
    })
    cache.set(text, svg)
    svg.catch(() => cache.delete(text))
  }
  return svg
}

/**
 * Colour maths for telling levers apart: sRGB ↔ CIELAB (D65), the CIEDE2000 difference, and
 * simulated colour-vision deficiency (Machado, Oliveira and Fernandes 2009, full severity).
 * Pure functions, so the template's colours can be checked in a unit test.
 */

export type Rgb = readonly [number, number, number]
export type Lab = readonly [number, number, number]

/** `#rrggbb` (or `#rgb`) as 0–255 channels. */
export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim())
  if (!m) throw new Error(`not a hex colour: ${hex}`)
  let h = m[1]!
  if (h.length === 3) h = [...h].map((c) => c + c).join('')
  return [
    Number.parseInt(h.slice(0, 2), 16),
    Number.parseInt(h.slice(2, 4), 16),
    Number.parseInt(h.slice(4, 6), 16),
  ]
}

const toLinear = (c: number) => {
  const v = c / 255
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
}
const fromLinear = (v: number) => {
  const c = Math.min(1, Math.max(0, v))
  return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055)
}

/** Machado et al. (2009) matrices at severity 1.0, applied to linear RGB. */
const CVD = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
} as const

export type Vision = 'normal' | keyof typeof CVD

/** How a colour looks to a person with the given vision (0–255 channels). */
export function simulate(rgb: Rgb, vision: Vision): Rgb {
  if (vision === 'normal') return rgb
  const m = CVD[vision]
  const l = rgb.map(toLinear) as unknown as Rgb
  const row = (r: readonly number[]) => r[0]! * l[0] + r[1]! * l[1] + r[2]! * l[2]
  return [fromLinear(row(m[0])), fromLinear(row(m[1])), fromLinear(row(m[2]))]
}

/** A colour mixed with white, as CSS `color-mix(in srgb, c p%, white)` paints a note's paper. */
export function tint(rgb: Rgb, share: number): Rgb {
  return rgb.map((c) => c * share + 255 * (1 - share)) as unknown as Rgb
}

/** sRGB (0–255) to CIELAB under D65. */
export function toLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear) as unknown as [number, number, number]
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116)
  const [fx, fy, fz] = [f(x), f(y), f(z)]
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)]
}

const rad = (deg: number) => (deg * Math.PI) / 180
const deg = (r: number) => {
  const d = (r * 180) / Math.PI
  return d < 0 ? d + 360 : d
}

/** The CIEDE2000 colour difference of two Lab colours (Sharma, Wu and Dalal 2005). */
export function deltaE2000(a: Lab, b: Lab): number {
  const [L1, a1, b1] = a
  const [L2, a2, b2] = b
  const C1 = Math.hypot(a1, b1)
  const C2 = Math.hypot(a2, b2)
  const Cm = (C1 + C2) / 2
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)))
  const a1p = (1 + G) * a1
  const a2p = (1 + G) * a2
  const C1p = Math.hypot(a1p, b1)
  const C2p = Math.hypot(a2p, b2)
  const h1p = C1p === 0 ? 0 : deg(Math.atan2(b1, a1p))
  const h2p = C2p === 0 ? 0 : deg(Math.atan2(b2, a2p))
  const dLp = L2 - L1
  const dCp = C2p - C1p
  let dhp = 0
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p
    if (dhp > 180) dhp -= 360
    else if (dhp < -180) dhp += 360
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(rad(dhp / 2))
  const Lpm = (L1 + L2) / 2
  const Cpm = (C1p + C2p) / 2
  let hpm = h1p + h2p
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hpm += h1p + h2p < 360 ? 360 : -360
    hpm /= 2
  }
  const T =
    1 -
    0.17 * Math.cos(rad(hpm - 30)) +
    0.24 * Math.cos(rad(2 * hpm)) +
    0.32 * Math.cos(rad(3 * hpm + 6)) -
    0.2 * Math.cos(rad(4 * hpm - 63))
  const dTheta = 30 * Math.exp(-(((hpm - 275) / 25) ** 2))
  const Rc = 2 * Math.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7))
  const Sl = 1 + (0.015 * (Lpm - 50) ** 2) / Math.sqrt(20 + (Lpm - 50) ** 2)
  const Sc = 1 + 0.045 * Cpm
  const Sh = 1 + 0.015 * Cpm * T
  const Rt = -Math.sin(rad(2 * dTheta)) * Rc
  return Math.sqrt(
    (dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh),
  )
}

/** The CIEDE2000 difference of two hex colours as a person with `vision` sees them. */
export function difference(x: string, y: string, vision: Vision = 'normal'): number {
  return deltaE2000(toLab(simulate(parseHex(x), vision)), toLab(simulate(parseHex(y), vision)))
}

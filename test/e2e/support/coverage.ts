/**
 * "Nothing covers the board", measured: every button a person can see, at the point a finger
 * or a pointer would press it (its centre), is what the page finds there.
 */
import type { Page } from 'playwright-core'

/**
 * The visible buttons whose centre `document.elementFromPoint` does not find inside them,
 * each described with what covers it. A button counts as visible when it has a size, is not
 * hidden by CSS, and its centre lies inside the screen and inside every box that clips it
 * (a scrolled list, the canvas).
 */
export function coveredButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element | null): string => {
      if (!el) return 'nothing'
      const h = el as HTMLElement
      const label =
        h.getAttribute('aria-label') ??
        h.getAttribute('title') ??
        (h.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      const cls = typeof h.className === 'string' ? h.className.split(' ')[0] : ''
      return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${label}"`
    }
    const clipsOf = (el: Element): DOMRect[] => {
      const out: DOMRect[] = []
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p)
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.contain.includes('paint'))
          out.push(p.getBoundingClientRect())
      }
      return out
    }
    const vw = document.documentElement.clientWidth
    const vh = document.documentElement.clientHeight
    const covered: string[] = []
    for (const b of Array.from(document.querySelectorAll('button'))) {
      const r = b.getBoundingClientRect()
      if (r.width < 1 || r.height < 1) continue
      const s = getComputedStyle(b)
      if (s.visibility !== 'visible' || Number(s.opacity) === 0) continue
      if (b.closest('[hidden], [aria-hidden="true"], .sr-only')) continue
      const x = r.left + r.width / 2
      const y = r.top + r.height / 2
      if (x < 0 || y < 0 || x >= vw || y >= vh) continue
      const clipped = clipsOf(b).some(
        (c) => x < c.left || x >= c.right || y < c.top || y >= c.bottom,
      )
      if (clipped) continue
      const hit = document.elementFromPoint(x, y)
      if (hit && (hit === b || b.contains(hit))) continue
      covered.push(`${describe(b)} at ${Math.round(x)},${Math.round(y)} under ${describe(hit)}`)
    }
    return covered
  })
}

/**
 * The notice's plain text as blocks to show: paragraphs separated by a blank line, a paragraph
 * starting with `# ` a heading. Never HTML: the operator's text is shown, not run.
 */

export type NoticeBlock = { kind: 'heading' | 'paragraph'; text: string }

export function noticeBlocks(text: string): NoticeBlock[] {
  const out: NoticeBlock[] = []
  for (const raw of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = raw.split('\n').map((l) => l.trim())
    while (lines.length > 0 && lines[0]!.startsWith('# ')) {
      out.push({ kind: 'heading', text: lines.shift()!.slice(2).trim() })
    }
    const body = lines.join(' ').replace(/\s+/g, ' ').trim()
    if (body !== '') out.push({ kind: 'paragraph', text: body })
  }
  return out
}

/** A day as people read it (“12 March 2027”), in the browser's language. */
export function formatDay(ms: number, locale?: string): string {
  return new Date(ms).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' })
}

/** Whole days from `now` until `ms`, at least 0 (a part of a day counts as one). */
export function daysUntil(ms: number, now: number): number {
  return Math.max(0, Math.ceil((ms - now) / 86_400_000))
}

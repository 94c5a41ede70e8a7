/** What a send to the plenary did, told in one sentence (SESSION-SPEC SE2.1). */
import { SEND_OUTCOME, type SendToPlenaryResult } from '@sensemaking/shared'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** One sentence for the person who sent: what arrived, what was there already, what was not. */
export function describeDelivery(r: SendToPlenaryResult, plenary: string): string {
  const all = [...r.notes, ...r.themes, ...r.themes.flatMap((t) => t.notes)]
  const count = (...outcomes: string[]) => all.filter((i) => outcomes.includes(i.outcome)).length
  const themes = r.themes.filter((t) => t.outcome === SEND_OUTCOME.sent).length
  const sent = count(SEND_OUTCOME.sent, SEND_OUTCOME.restored) - themes
  const parts: string[] = []
  const what = [
    themes > 0 ? plural(themes, 'theme') : '',
    sent > 0 ? plural(sent, 'note') : '',
  ].filter((x) => x !== '')
  if (what.length > 0) parts.push(`Sent ${what.join(' and ')} to ${plenary}.`)
  const refreshed = count('refreshed')
  if (refreshed > 0) parts.push(`Brought ${plural(refreshed, 'copy', 'copies')} up to date.`)
  const there = count(SEND_OUTCOME.alreadySent)
  if (there > 0) parts.push(`${there} ${there === 1 ? 'was' : 'were'} there already.`)
  const changed = count(SEND_OUTCOME.changed)
  if (changed > 0) {
    parts.push(
      `${plural(changed, 'copy', 'copies')} changed here since sent: refresh ${changed === 1 ? 'it' : 'them'} on ${plenary}.`,
    )
  }
  const gone = count(SEND_OUTCOME.notFound)
  if (gone > 0) parts.push(`${plural(gone, 'item')} could not be found.`)
  const back = count(SEND_OUTCOME.fromTarget)
  if (back > 0) parts.push(`${plural(back, 'note')} came from ${plenary} and stayed.`)
  return parts.length > 0 ? parts.join(' ') : 'Nothing to send.'
}

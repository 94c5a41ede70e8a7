/** The three harvest formats over HTTP. */
import type { ServerResponse } from 'node:http'
import { HARVEST_FORMATS, type HarvestFormat } from '@sensemaking/shared'
import { HttpError, sendBody } from '../respond'

export function harvestFormat(url: URL): HarvestFormat {
  const f = url.searchParams.get('format') ?? 'json'
  const known = HARVEST_FORMATS.find((k) => k === f)
  if (known) return known
  const list = `${HARVEST_FORMATS.slice(0, -1).join(', ')} or ${HARVEST_FORMATS.at(-1)}`
  throw new HttpError(400, 'bad_request', `format must be ${list}`)
}

/** Send a harvest in `format`; `render` turns it into Markdown or CSV text. */
export function sendHarvest<H>(
  res: ServerResponse,
  format: HarvestFormat,
  harvest: H,
  render: { md: (h: H) => string; csv: (h: H) => string },
  fileBase: string,
): void {
  // Saved, never shown by the browser: a harvest holds participants' words [G11].
  const disposition = { 'content-disposition': `attachment; filename="${fileBase}.${format}"` }
  if (format === 'json') {
    sendBody(res, 'application/json; charset=utf-8', JSON.stringify(harvest), disposition)
    return
  }
  const type = format === 'md' ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8'
  sendBody(res, type, render[format](harvest), disposition)
}

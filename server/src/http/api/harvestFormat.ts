/** The three harvest formats over HTTP. */
import type { ServerResponse } from 'node:http'
import { HARVEST_FORMATS, type HarvestFormat } from '@sensemaking/shared'
import { HttpError, sendBody, sendJson } from '../respond'

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
  if (format === 'json') {
    sendJson(res, 200, harvest)
    return
  }
  const type = format === 'md' ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8'
  sendBody(res, type, render[format](harvest), {
    'content-disposition': `inline; filename="${fileBase}.${format}"`,
  })
}

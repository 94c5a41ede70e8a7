/**
 * PNG and SVG images of the whole board, with tldraw's export (columns included). On a big
 * board the canvas draws only the notes around the view: every note is drawn for the export.
 */
import type { Editor } from 'tldraw'
import { downloadBlob, fileStem } from '../export/download'
import type { ViewExport } from '../export/viewExports'
import { withEveryNote } from './drawnNotes'

export function imageExports(editor: Editor, title: () => string): ViewExport[] {
  const ids = () => [...editor.getCurrentPageShapeIds()]
  return [
    {
      id: 'png',
      label: 'Image (PNG)',
      async run() {
        const { blob } = await withEveryNote(editor, () =>
          editor.toImage(ids(), { format: 'png', background: true, padding: 32 }),
        )
        downloadBlob(blob, `${fileStem(title())}.png`)
      },
    },
    {
      id: 'svg',
      label: 'Image (SVG)',
      async run() {
        const r = await withEveryNote(editor, () =>
          editor.getSvgString(ids(), { background: true, padding: 32 }),
        )
        if (!r) throw new Error('The board is empty: nothing to draw.')
        downloadBlob(new Blob([r.svg], { type: 'image/svg+xml' }), `${fileStem(title())}.svg`)
      },
    },
  ]
}

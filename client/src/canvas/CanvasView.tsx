/**
 * The canvas view: tldraw with the board's own shapes (stickies, themes, column regions),
 * bound to the Y.Doc, with presence, a toolbar and image exports. Loaded on demand.
 */
import 'tldraw/tldraw.css'
import './canvas.css'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useRef, useState } from 'react'
import {
  type Editor,
  type TLComponents,
  type TLUiOverrides,
  Tldraw,
  type TldrawOptions,
} from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { useViewExports } from '../export/viewExports'
import { useCanvasFacilitation } from '../facilitation/follow/useCanvasFacilitation'
import { undoOverrides } from '../facilitation/undo/undoOverrides'
import { getConfig } from '../lib/api'
import { CanvasToolbar } from './CanvasToolbar'
import { Cursors } from './Cursors'
import { fitBoard } from './camera'
import { withEveryNoteNow } from './drawnNotes'
import { setExportBoard } from './exportBoard'
import { imageExports } from './exportImage'
import { useMovingLayer, useMovingShapes } from './movingLayers'
import { NotePeek } from './NotePeek'
import { SelectionToolbar } from './SelectionToolbar'
import { ClusterShapeUtil } from './shapes/ClusterShapeUtil'
import { ColumnShapeUtil } from './shapes/ColumnShapeUtil'
import { NoteShapeUtil } from './shapes/NoteShapeUtil'
import {
  PlainArrowShapeUtil,
  PlainDrawShapeUtil,
  PlainGeoShapeUtil,
} from './shapes/withoutPatternFill'
import { keepZOrderStable } from './stableZOrder'
import { ThemeToolbar } from './ThemeToolbar'
import { skipTldrawFonts } from './tldrawFonts'
import { useBinding } from './useBinding'
import { useCanvasKeys } from './useCanvasKeys'
import { useCursorBroadcast } from './useCursorBroadcast'
import { useDetailLevel } from './useDetailLevel'
import { useOpenAtNote } from './useOpenAtNote'
import { usePasteAsNotes } from './usePasteAsNotes'

const shapeUtils = [
  NoteShapeUtil,
  ClusterShapeUtil,
  ColumnShapeUtil,
  PlainArrowShapeUtil,
  PlainDrawShapeUtil,
  PlainGeoShapeUtil,
]

/** tldraw's fonts, icons and translations, bundled: the board never calls a third-party CDN. */
const assetUrls = getAssetUrlsByImport()

const options: Partial<TldrawOptions> = {
  // tldraw refuses shapes past this (4,000 by default); a session never gets near 20,000.
  maxShapesPerPage: 20_000,
  createTextOnCanvasDoubleClick: false,
  enableToolbarKeyboardShortcuts: false,
  // The editor mounts empty (the binding writes the board's shapes after), and no shape of a
  // board waits on a tldraw font (tldrawFonts.ts): the canvas is drawn without that wait.
  maxFontsToLoadBeforeRender: 0,
  // The camera counts as moving until this long after its last move (tldraw's default is 64
  // ms). Each change between moving and resting is a change of tldraw's instance state, which
  // runs tldraw's reactions to it, shows or hides the hit-test blocker over the
  // canvas (pointer events, a new grouping of the page's layers) and, on a board past 500
  // shapes, sets the zoom's CSS property that restyles every element of the canvas. Wheel
  // events from a mouse, or frames of a loaded page, often come more than 64 ms apart: a pan
  // went from moving to resting and back about once every second frame.
  cameraMovingTimeoutMs: 150,
}

/** Selecting and panning only: a board is made of notes and themes, not drawings. */
const TOOLS = new Set(['select', 'hand'])
const ACTIONS = new Set([
  'undo',
  'redo',
  'select-all',
  'select-none',
  'delete',
  'copy',
  'cut',
  'paste',
  'duplicate',
  'zoom-in',
  'zoom-out',
  'zoom-to-100',
  'zoom-to-fit',
  'zoom-to-selection',
  'align-left',
  'align-center-horizontal',
  'align-right',
  'align-top',
  'align-center-vertical',
  'align-bottom',
  'distribute-horizontal',
  'distribute-vertical',
])

const keep = <T,>(all: Record<string, T>, ids: Set<string>) =>
  Object.fromEntries(Object.entries(all).filter(([id]) => ids.has(id)))

const overrides: TLUiOverrides = {
  tools: (_editor, tools) => keep(tools, TOOLS),
  actions: (editor, actions) => {
    const kept = keep(actions, ACTIONS)
    const all = kept['select-all']
    // On a big board only the notes around the view are drawn: select-all draws them all
    // first, and the selected notes stay drawn while selected.
    if (all) {
      kept['select-all'] = {
        ...all,
        onSelect: (source) => withEveryNoteNow(editor, () => all.onSelect(source)),
      }
    }
    return kept
  },
}

/** The editor, once mounted, without tldraw's own fonts in its queue (tldrawFonts.ts). */
function mounted(setEditor: (e: Editor) => void) {
  return (editor: Editor) => {
    skipTldrawFonts(editor)
    setEditor(editor)
  }
}

const components: TLComponents = {
  InFrontOfTheCanvas: () => (
    <>
      <Cursors />
      <NotePeek />
      <SelectionToolbar />
      <ThemeToolbar />
      <CanvasToolbar />
    </>
  ),
}

export default function CanvasView() {
  const board = useBoard()
  const [licenseKey, setLicenseKey] = useState<string | undefined | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [onMount] = useState(() => mounted(setEditor))
  const fitted = useRef(false)
  const titleRef = useRef(board.meta.title)
  titleRef.current = board.meta.title

  useEffect(() => {
    getConfig().then((c) => setLicenseKey(c.tldrawLicenseKey ?? undefined))
  }, [])

  // Before the binding writes the board's shapes: their z-index is numbered from the start.
  useEffect(
    () => (editor ? keepZOrderStable(editor, board.store) : undefined),
    [editor, board.store],
  )
  useBinding(editor, board)
  useCursorBroadcast(editor, board.awareness)
  useCanvasKeys(editor, board)
  usePasteAsNotes(editor, board)
  useCanvasFacilitation(editor, board)
  useDetailLevel(editor)
  useMovingLayer(editor)
  useMovingShapes(editor)

  useEffect(() => {
    if (!editor || !board.loaded || fitted.current) return
    fitted.current = true
    fitBoard(editor, board.meta)
  }, [editor, board.loaded, board.meta])
  useOpenAtNote(editor, board)

  useEffect(() => (editor ? setExportBoard(editor, board) : undefined), [editor, board])

  const setExports = useViewExports((s) => s.setExports)
  useEffect(() => {
    if (!editor) return
    setExports(imageExports(editor, () => titleRef.current))
    return () => setExports([])
  }, [editor, setExports])

  if (licenseKey === null) return <div className="view-loading">Loading the canvas…</div>
  return (
    <div className="canvas-view" data-testid="canvas">
      <Tldraw
        licenseKey={licenseKey}
        assetUrls={assetUrls}
        shapeUtils={shapeUtils}
        options={options}
        overrides={[overrides, undoOverrides]}
        components={components}
        hideUi
        onMount={onMount}
      />
    </div>
  )
}

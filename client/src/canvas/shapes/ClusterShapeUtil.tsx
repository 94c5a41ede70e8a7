/**
 * A theme: a named frame drawn behind its notes. Notes are never tldraw children of it, so
 * their x, y stay page coordinates; membership is each note's clusterId in the document.
 */
import { useContext, useEffect, useRef, useState } from 'react'
import {
  HTMLContainer,
  Rectangle2d,
  resizeBox,
  ShapeUtil,
  type TLResizeInfo,
  useEditor,
  useValue,
} from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { renameTheme } from '../actions'
import { clusterIdOf } from '../mapping'
import { clusterShapeProps } from '../shapeProps'
import { CLUSTER_SHAPE, type ClusterShape } from '../shapeTypes'

export class ClusterShapeUtil extends ShapeUtil<ClusterShape> {
  static override type = CLUSTER_SHAPE
  static override props = clusterShapeProps

  override getDefaultProps(): ClusterShape['props'] {
    return { w: 400, h: 300, title: '', column: '', locked: false, sourceRooms: '' }
  }
  override getGeometry(shape: ClusterShape) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }
  override component(shape: ClusterShape) {
    return (
      <HTMLContainer>
        <ClusterBody shape={shape} />
      </HTMLContainer>
    )
  }
  override getIndicatorPath(shape: ClusterShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 14)
    return path
  }
  override canEdit() {
    return true
  }
  override canBind() {
    return false
  }
  override hideRotateHandle() {
    return true
  }
  override getText(shape: ClusterShape) {
    return shape.props.title
  }
  override getAriaDescriptor(shape: ClusterShape) {
    return `Theme: ${shape.props.title || 'untitled'}`
  }
  override onResize(shape: ClusterShape, info: TLResizeInfo<ClusterShape>) {
    return resizeBox(shape, info, { minWidth: 120, minHeight: 120 })
  }
}

function ClusterBody({ shape }: { shape: ClusterShape }) {
  const editor = useEditor()
  const board = useContext(BoardContext)
  const isEditing = useValue('theme editing', () => editor.getEditingShapeId() === shape.id, [
    editor,
    shape.id,
  ])
  return (
    <div
      className="theme-frame"
      data-theme-id={clusterIdOf(shape.id)}
      title={shape.props.title || 'Untitled theme'}
    >
      <div className="theme-title">
        {isEditing && board ? (
          <ThemeTitleEditor
            initial={shape.props.title}
            onChange={(t) => renameTheme(board, clusterIdOf(shape.id), t)}
            onDone={() => {
              editor.setEditingShape(null)
              editor.setCurrentTool('select.idle')
            }}
          />
        ) : (
          <span dir="auto">
            {shape.props.title || 'Untitled theme'}
            {shape.props.locked && <span className="theme-locked"> · locked</span>}
            {shape.props.sourceRooms && (
              <span className="copy-from"> · from {shape.props.sourceRooms}</span>
            )}
          </span>
        )}
      </div>
    </div>
  )
}

function ThemeTitleEditor({
  initial,
  onChange,
  onDone,
}: {
  initial: string
  onChange(title: string): void
  onDone(): void
}) {
  const [value, setValue] = useState(initial)
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    ref.current?.focus()
    ref.current?.select()
  }, [])
  return (
    <input
      ref={ref}
      className="theme-title-input"
      dir="auto"
      aria-label="Theme name"
      value={value}
      maxLength={120}
      onChange={(e) => {
        setValue(e.target.value)
        onChange(e.target.value)
      }}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault()
          onDone()
        }
      }}
      onPointerDown={(e) => e.stopPropagation()}
    />
  )
}

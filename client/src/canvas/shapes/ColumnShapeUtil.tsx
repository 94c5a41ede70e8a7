/**
 * A column's region: a locked shape behind everything, headed by the column's title and
 * prompt, with a "+" that starts a new sticky there. Being a shape, it is in image exports.
 */
import { useContext } from 'react'
import { HTMLContainer, Rectangle2d, ShapeUtil, useEditor } from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { mayPost } from '../../board/selectors'
import { addNote } from '../actions'
import { columnShapeProps } from '../shapeProps'
import { COLUMN_SHAPE, type ColumnShape } from '../shapeTypes'

export class ColumnShapeUtil extends ShapeUtil<ColumnShape> {
  static override type = COLUMN_SHAPE
  static override props = columnShapeProps

  override getDefaultProps(): ColumnShape['props'] {
    return { w: 1180, h: 1400, columnId: '', title: '', prompt: '', active: false }
  }
  override getGeometry(shape: ColumnShape) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }
  override component(shape: ColumnShape) {
    return (
      <HTMLContainer>
        <ColumnBody shape={shape} />
      </HTMLContainer>
    )
  }
  override getIndicatorPath() {
    return undefined
  }
  override canSnap() {
    return false
  }
  override canBind() {
    return false
  }
  override canEdit() {
    return false
  }
  override canResize() {
    return false
  }
  override hideSelectionBoundsFg() {
    return true
  }
  override canCull() {
    return false
  }
}

function ColumnBody({ shape }: { shape: ColumnShape }) {
  const editor = useEditor()
  const board = useContext(BoardContext)
  const { title, prompt, active, columnId } = shape.props
  const parking = columnId === ''
  const canPost = board !== null && !parking && mayPost(board)
  return (
    <section
      className={`column-region${active ? ' active' : ''}${parking ? ' parking' : ''}`}
      data-column-region={columnId}
      aria-label={title}
    >
      <header className="column-header">
        <div className="column-heading">
          <h2 dir="auto">
            {title}
            {active && <span className="column-now">Now</span>}
          </h2>
          <p dir="auto" title={prompt}>
            {prompt}
          </p>
        </div>
        {canPost && (
          <button
            type="button"
            className="column-add"
            data-add-note={columnId}
            aria-label={`Add a note to ${title}`}
            title={`Add a note to ${title}`}
            onPointerDown={(e) => {
              editor.markEventAsHandled(e)
              e.stopPropagation()
            }}
            onClick={() => addNote(editor, board, columnId)}
          >
            <span aria-hidden="true">+</span>
          </button>
        )}
      </header>
    </section>
  )
}

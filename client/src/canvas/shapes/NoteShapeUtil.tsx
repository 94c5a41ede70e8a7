/** The sticky: a custom shape whose text lives in the note's Y.Text (see NoteBody). */
import { HTMLContainer, Rectangle2d, ShapeUtil } from 'tldraw'
import { noteShapeProps } from '../shapeProps'
import { NOTE_SHAPE, type NoteShape } from '../shapeTypes'
import { NoteBody } from './NoteBody'

export class NoteShapeUtil extends ShapeUtil<NoteShape> {
  static override type = NOTE_SHAPE
  static override props = noteShapeProps

  override getDefaultProps(): NoteShape['props'] {
    return {
      w: 200,
      h: 200,
      text: '',
      lever: '',
      leverLabel: '',
      leverColor: '',
      kind: '',
      kindLabel: '',
      city: '',
      author: '',
      authorId: '',
      column: '',
      clusterId: '',
      locked: false,
      sourceRoom: '',
    }
  }

  override getGeometry(shape: NoteShape) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }

  override component(shape: NoteShape) {
    return (
      <HTMLContainer>
        <NoteBody shape={shape} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: NoteShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 6)
    return path
  }

  override canEdit() {
    return true
  }
  override canResize() {
    return false
  }
  override canBind() {
    return false
  }
  override hideRotateHandle() {
    return true
  }
  override hideResizeHandles() {
    return true
  }
  override isAspectRatioLocked() {
    return true
  }
  override getText(shape: NoteShape) {
    return shape.props.text
  }
  override getAriaDescriptor(shape: NoteShape) {
    const { text, leverLabel, kindLabel, author, city, sourceRoom } = shape.props
    const what = kindLabel ? `${kindLabel}, ${leverLabel || 'untagged'}` : leverLabel || 'Untagged'
    const from = sourceRoom ? `, sent from ${sourceRoom}` : ''
    return `${what} note by ${author || 'someone'}${city ? `, ${city}` : ''}${from}: ${text}`
  }
}

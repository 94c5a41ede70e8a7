/** tldraw validators of the canvas shapes' props (see shapeTypes.ts for their meaning). */
import { type RecordProps, T } from 'tldraw'
import type { ClusterShape, ColumnShape, NoteShape } from './shapeTypes'

export const noteShapeProps: RecordProps<NoteShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  text: T.string,
  lever: T.string,
  leverLabel: T.string,
  leverColor: T.string,
  kind: T.string,
  kindLabel: T.string,
  city: T.string,
  author: T.string,
  authorId: T.string,
  column: T.string,
  clusterId: T.string,
  locked: T.boolean,
  sourceRoom: T.string,
}

export const clusterShapeProps: RecordProps<ClusterShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  title: T.string,
  column: T.string,
  locked: T.boolean,
  sourceRooms: T.string,
}

export const columnShapeProps: RecordProps<ColumnShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  columnId: T.string,
  title: T.string,
  prompt: T.string,
  active: T.boolean,
}

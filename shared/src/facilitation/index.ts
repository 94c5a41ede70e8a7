export * from './locks'
export * from './session'
export * from './timer'
export * from './undo'

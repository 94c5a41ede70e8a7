/**
 * Exports a view offers besides the harvest (the canvas: PNG and SVG images). The active
 * view registers them on mount, so the export menu stays independent of any view.
 */
import { create } from 'zustand'

export interface ViewExport {
  id: string
  label: string
  run(): Promise<void>
}

export const useViewExports = create<{
  exports: ViewExport[]
  setExports(e: ViewExport[]): void
}>((set) => ({ exports: [], setExports: (exports) => set({ exports }) }))

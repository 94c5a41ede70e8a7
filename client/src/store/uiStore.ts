/**
 * UI state only (never board data): who is using this device, the lever filter and the
 * active view. The board itself lives in the Y.Doc. (There is no "lever new notes get": a
 * note's lever is what its writer picks for it, never a default carried over.)
 */
import { create } from 'zustand'
import { type LocalUser, loadUser, saveUser } from './user'
import { initialView, rememberView, type ViewId } from './viewPreference'

export type { ViewId }

export interface UiState {
  user: LocalUser
  /** Highlight one lever (tag id) and dim the rest; null shows all alike. */
  leverFilter: string | null
  view: ViewId
  setUser(patch: Partial<LocalUser>): void
  setLeverFilter(lever: string | null): void
  setView(view: ViewId): void
}

const storage = typeof localStorage === 'undefined' ? null : localStorage

export const useUiStore = create<UiState>((set, get) => ({
  user: loadUser(storage),
  leverFilter: null,
  view: initialView(storage),
  setUser(patch) {
    const user = { ...get().user, ...patch }
    saveUser(storage, user)
    set({ user })
  },
  setLeverFilter: (leverFilter) => set({ leverFilter }),
  setView: (view) => {
    rememberView(storage, view)
    set({ view })
  },
}))

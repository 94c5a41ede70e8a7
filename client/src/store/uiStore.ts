/**
 * UI state only (never board data): who is using this device, the lever filter, the
 * active view and the lever new notes get. The board itself lives in the Y.Doc.
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
  /** The lever a new note starts with (tag id) or null. */
  defaultLever: string | null
  setUser(patch: Partial<LocalUser>): void
  setLeverFilter(lever: string | null): void
  setView(view: ViewId): void
  setDefaultLever(lever: string | null): void
}

const storage = typeof localStorage === 'undefined' ? null : localStorage

export const useUiStore = create<UiState>((set, get) => ({
  user: loadUser(storage),
  leverFilter: null,
  view: initialView(storage),
  defaultLever: null,
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
  setDefaultLever: (defaultLever) => set({ defaultLever }),
}))

/**
 * UI state of following (never board data): the canvas editor while the canvas is shown
 * (for "bring everyone to me"), and whose viewport this person follows, if anyone's.
 */
import type { Editor } from 'tldraw'
import { create } from 'zustand'

export interface FollowState {
  editor: Editor | null
  /** The person id followed, or null. */
  following: string | null
  followingName: string
  setEditor(editor: Editor | null): void
  follow(personId: string, name: string): void
  stop(): void
}

export const useFollowStore = create<FollowState>((set) => ({
  editor: null,
  following: null,
  followingName: '',
  setEditor: (editor) => set(editor ? { editor } : { editor: null, following: null }),
  follow: (following, followingName) => set({ following, followingName }),
  stop: () => set({ following: null, followingName: '' }),
}))

/**
 * The timer's gentle end signal: a short, soft two-note tone through WebAudio. Browsers
 * let a page make sound only after a person interacted with it, so the audio context is
 * made on the first pointer or key press, and the chime stays silent before that.
 */

let ctx: AudioContext | null = null
let listening = false

function unlock() {
  if (ctx) return
  try {
    ctx = new AudioContext()
  } catch {
    ctx = null
  }
  window.removeEventListener('pointerdown', unlock, true)
  window.removeEventListener('keydown', unlock, true)
}

/** Start waiting for the first gesture (idempotent). */
export function armChime(): void {
  if (listening || typeof window === 'undefined') return
  listening = true
  window.addEventListener('pointerdown', unlock, true)
  window.addEventListener('keydown', unlock, true)
}

/** Two soft sine notes (about 0.9 s in all); silent before any gesture. */
export function playChime(): void {
  const ac = ctx
  if (!ac) return
  void ac.resume?.()
  const start = ac.currentTime + 0.02
  for (const [i, freq] of [659.25, 880].entries()) {
    const t = start + i * 0.28
    const osc = ac.createOscillator()
    const gain = ac.createGain()
    osc.type = 'sine'
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0, t)
    gain.gain.linearRampToValueAtTime(0.08, t + 0.04)
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6)
    osc.connect(gain).connect(ac.destination)
    osc.start(t)
    osc.stop(t + 0.65)
  }
}

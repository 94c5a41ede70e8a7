import { useState } from 'react'

/**
 * The value a native control shows: the board's, except that a person's own choice shows at once.
 *
 * A `<select>` controlled by a value read from the board lags its change event by a render of the
 * read model; React puts the old value back in the DOM after the handler, so a second ArrowDown
 * pressed before the board caught up stepped from the old value again (two presses, one step, and
 * a keyboard user lands on the wrong option). When the board's value changes — the person's own
 * write arriving, someone else's, or a refused write taken back — it shows the board's again.
 */
export function useShownValue<T>(fromBoard: T): [T, (chosen: T) => void] {
  const [shown, setShown] = useState(fromBoard)
  const [seen, setSeen] = useState(fromBoard)
  if (!Object.is(seen, fromBoard)) {
    // Adjusting state while rendering, React's pattern for following a prop without an effect's lag.
    setSeen(fromBoard)
    setShown(fromBoard)
  }
  return [shown, setShown]
}

/** A throttle for work driven by frequent events (awareness, document changes, pointer moves). */

/** Throttle to at most one call per `ms`, always delivering the last arguments. */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
  now: () => number = () => performance.now(),
): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: A | null = null
  const run = () => {
    timer = null
    if (!pending) return
    const args = pending
    pending = null
    last = now()
    fn(...args)
  }
  const throttled = (...args: A) => {
    pending = args
    const wait = last + ms - now()
    if (wait <= 0) {
      if (timer) clearTimeout(timer)
      run()
    } else if (!timer) {
      timer = setTimeout(run, wait)
    }
  }
  throttled.flush = () => {
    if (timer) clearTimeout(timer)
    run()
  }
  throttled.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  return throttled
}

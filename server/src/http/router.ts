/** A tiny router: method + path pattern → handler, with `:param` segments. */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  params: Record<string, string>
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>

interface Route {
  method: string
  pattern: RegExp
  names: string[]
  handler: RouteHandler
}

export class Router {
  private readonly routes: Route[] = []

  /** Add a route; `path` like `/api/boards/:id/me`. */
  on(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = []
    const source = path
      .split('/')
      .map((seg) => {
        if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(seg.slice(1))
        return '([^/]+)'
      })
      .join('/')
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler })
    return this
  }

  /**
   * The handler for a request: `handler` when one matches, `methods` (the allowed ones) when the
   * path matches only under other methods, null when nothing matches.
   */
  match(
    method: string,
    pathname: string,
  ): { handler: RouteHandler; params: Record<string, string> } | { methods: string[] } | null {
    const methods: string[] = []
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname)
      if (!m) continue
      if (r.method !== method) {
        methods.push(r.method)
        continue
      }
      const params: Record<string, string> = {}
      try {
        r.names.forEach((n, i) => {
          params[n] = decodeURIComponent(m[i + 1]!)
        })
      } catch {
        return null // a malformed %-escape names nothing
      }
      return { handler: r.handler, params }
    }
    return methods.length > 0 ? { methods } : null
  }
}

/**
 * One end-to-end file's fixture: a real server on a fresh data dir, headless Chromium, and a
 * session of `boards`, made before the file's tests and closed after them with every page and
 * node client the tests opened. Register it at the top of a file; its fields are set once the
 * file's first `beforeAll` has run (hooks a file adds later run after it, in order).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, type PersonPage } from './browser'
import type { NodeClient } from './nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './server'

/** Where end-to-end tests leave their screenshots (ignored by git). */
export const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')

export interface E2eSuite {
  server: TestServer
  browser: Browser
  session: CreatedSession
  /** Node clients to close after the file's tests. */
  nodes: NodeClient[]
  /** Browser pages (their contexts) to close after the file's tests. */
  pages: PersonPage[]
}

export function e2eSuite(title: string, boards: string[]): E2eSuite {
  const suite = { nodes: [], pages: [] } as unknown as E2eSuite
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    suite.server = await startTestServer()
    suite.browser = await launchBrowser()
    suite.session = await suite.server.createSession({ title, boards })
  })
  afterAll(async () => {
    for (const n of suite.nodes) n.close()
    for (const p of suite.pages) await p.context.close().catch(() => {})
    await suite.browser?.close()
    await suite.server?.close()
  })
  return suite
}

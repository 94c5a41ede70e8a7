/** Posting notes on the canvas and reading what the device stored, shared by e2e tests. */
import type { Page } from 'playwright-core'

const COLUMN_KEY: Record<string, string> = { what: '1', 'so-what': '2', 'now-what': '3' }

/** Post a sticky through the column's "+" (it must be in view) and type its text. */
export async function postWithPlus(page: Page, column: string, text: string): Promise<void> {
  await page.click(`[data-add-note="${column}"]`)
  await typeNote(page, text)
}

/** Post a sticky with the column's key (wherever the camera is) and type its text. */
export async function postByKey(page: Page, column: string, text: string): Promise<void> {
  await page.keyboard.press('Escape')
  await page.keyboard.press(COLUMN_KEY[column]!)
  await typeNote(page, text)
}

async function typeNote(page: Page, text: string): Promise<void> {
  await page.waitForSelector('textarea.note-editor')
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await page.waitForSelector('textarea.note-editor', { state: 'detached' })
}

/** Entries y-indexeddb has written in the device's database `name`. */
export function storedUpdates(page: Page, name: string): Promise<number> {
  return page.evaluate(
    (db) =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open(db)
        req.onerror = () => reject(req.error)
        req.onsuccess = () => {
          const conn = req.result
          const count = conn.transaction('updates', 'readonly').objectStore('updates').count()
          count.onsuccess = () => {
            resolve(count.result)
            conn.close()
          }
          count.onerror = () => reject(count.error)
        }
      }),
    name,
  )
}

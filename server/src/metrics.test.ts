import { describe, expect, it } from 'vitest'
import { Histogram, ServerMetrics } from './metrics'

describe('metrics', () => {
  it('counts a histogram as Prometheus reads one: cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram([0.001, 0.01])
    for (const v of [0.0005, 0.001, 0.002, 0.5]) h.observe(v)
    expect(h.exposition({ name: 'w', help: 'Writes' }).split('\n')).toEqual([
      '# HELP w Writes',
      '# TYPE w histogram',
      'w_bucket{le="0.001"} 2',
      'w_bucket{le="0.01"} 3',
      'w_bucket{le="+Inf"} 4',
      'w_sum 0.5035',
      'w_count 4',
      '',
    ])
  })

  it('writes the append times and the counters on the first scrape, process figures beside', async () => {
    const m = new ServerMetrics({ connections: () => 3, boardsInMemory: () => 1 })
    m.writeSeconds.observe(0.0002)
    m.messagesIn = 7
    const { contentType, text } = await m.text()
    expect(contentType).toMatch(/^text\/plain/)
    expect(text).toContain('board_connections 3')
    expect(text).toContain('board_messages_in_total 7')
    expect(text).toContain('board_write_seconds_bucket{le="0.00025"} 1')
    expect(text).toContain('board_write_seconds_count 1')
    expect(text).toContain('process_cpu_user_seconds_total')
  })
})

import { LEVERS, RETRO_TEMPLATE, W3_TEMPLATE } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { leverColumnChart, sumCounts, UNTAGGED_COLOR } from './chart'

const { columns, tags } = W3_TEMPLATE

describe('leverColumnChart', () => {
  it('has one row per column in order and no series for an empty board', () => {
    const c = leverColumnChart({}, columns, tags)
    expect(c.rows.map((r) => r.label)).toEqual(['What?', 'So What?', 'Now What?'])
    expect(c.series).toEqual([])
    expect(c.total).toBe(0)
    expect(c.max).toBe(1)
  })

  it('stacks levers in the tag order with their colours, untagged last', () => {
    const c = leverColumnChart(
      {
        untagged: { what: 1 },
        'social-innovation': { what: 2, 'now-what': 1 },
        'technology-infrastructure': { what: 3 },
      },
      columns,
      tags,
    )
    expect(c.series.map((s) => s.id)).toEqual([
      'technology-infrastructure',
      'social-innovation',
      'untagged',
    ])
    expect(c.series[0]!.color).toBe(LEVERS[0]!.color)
    expect(c.series[2]!.color).toBe(UNTAGGED_COLOR)
    const what = c.rows[0]!
    expect(what.segments.map((s) => [s.series.id, s.value, s.start])).toEqual([
      ['technology-infrastructure', 3, 0],
      ['social-innovation', 2, 3],
      ['untagged', 1, 5],
    ])
    expect(what.total).toBe(6)
    expect(c.rows[1]!.segments).toEqual([])
    expect(c.max).toBe(6)
    expect(c.total).toBe(7)
  })

  it('adds the parking lot only when it holds notes, and keeps unknown levers', () => {
    const c = leverColumnChart(
      { 'gone-lever': { parkingLot: 2 }, people: { 'went-well': 1 } },
      RETRO_TEMPLATE.columns,
      RETRO_TEMPLATE.tags,
    )
    expect(c.rows.map((r) => r.id)).toEqual(['went-well', 'to-improve', 'actions', 'parkingLot'])
    expect(c.rows[3]!.label).toBe('Parking lot')
    expect(c.series.map((s) => s.label)).toEqual(['People', 'gone-lever'])
  })

  it('ignores negative and non-numeric counts and missing counts', () => {
    const c = leverColumnChart(
      { people: { 'went-well': -3, actions: Number.NaN }, process: { actions: 2 } },
      RETRO_TEMPLATE.columns,
      RETRO_TEMPLATE.tags,
    )
    expect(c.total).toBe(2)
    expect(c.series.map((s) => s.id)).toEqual(['process'])
  })
})

describe('sumCounts', () => {
  it('adds boards together cell by cell, skipping boards without counts', () => {
    const sum = sumCounts([
      { untagged: { what: 1 }, 'finance-funding': { 'so-what': 2 } },
      undefined,
      { 'finance-funding': { 'so-what': 3, what: 1 } },
    ])
    expect(sum).toEqual({ untagged: { what: 1 }, 'finance-funding': { 'so-what': 5, what: 1 } })
  })
})

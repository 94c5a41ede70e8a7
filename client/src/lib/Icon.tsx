/**
 * The few icons of the board's frame, drawn inline: emoji differ between systems, and some
 * (phones, kiosks) have no emoji font at all.
 */
const PATHS = {
  clock:
    'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13Zm0 1.6a4.9 4.9 0 1 1 0 9.8a4.9 4.9 0 1 1 0-9.8ZM7.2 4.5v4.1l3 1.8.8-1.3-2.2-1.3V4.5Z',
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7Zm1.6 0h2.8V5a1.4 1.4 0 0 0-2.8 0Z',
  megaphone: 'M2 6h3l6-3.5v11L5 10H4l1 4H3l-1-4Zm11 .2a2 2 0 0 1 0 3.6Z',
  menu: 'M2 3.5h12v1.8H2Zm0 3.6h12v1.8H2Zm0 3.6h12v1.8H2Z',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className={`icon icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  )
}

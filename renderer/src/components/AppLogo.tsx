import { useId } from 'react';

/** The app mark: a portrait oval on a soft square, the same drawing as resources/icon.svg. */
export function AppLogo({ size = 28 }: { size?: number }) {
  const gradient = useId();
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#5b8def" />
          <stop offset="1" stopColor="#7c5ce0" />
        </linearGradient>
      </defs>
      <rect x="2" y="2" width="60" height="60" rx="14" fill={`url(#${gradient})`} />
      <ellipse cx="32" cy="32" rx="17" ry="22" fill="#ffffff" fillOpacity="0.95" />
      <circle cx="32" cy="27" r="7.5" fill="#5b6fd9" />
      <path d="M19.5 46c2.5-7 7.5-10 12.5-10s10 3 12.5 10a17 22 0 0 1-25 0z" fill="#5b6fd9" />
    </svg>
  );
}

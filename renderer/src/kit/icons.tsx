/**
 * The few line icons the shell uses, drawn inline (no icon font, nothing fetched).
 *
 * 16 px by default, `currentColor`, `aria-hidden`: every icon sits next to
 * text or inside a control that carries its own label.
 */
import type { ReactNode, SVGProps } from 'react';

/** Props every icon accepts. */
export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

/** The frame every line icon shares: 16×16 viewBox, stroked in currentColor, hidden from assistive tech. */
export function IconSvg({ size = 16, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

/** A cylinder: a storage connection. */
export function DatabaseIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <ellipse cx="8" cy="3.5" rx="5" ry="1.8" />
      <path d="M3 3.5v9c0 1 2.2 1.8 5 1.8s5-.8 5-1.8v-9" />
      <path d="M3 8c0 1 2.2 1.8 5 1.8S13 9 13 8" />
    </IconSvg>
  );
}

/** A sand box / flask: the built-in sandbox. */
export function SandboxIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="M6 1.8h4M6.6 1.8v4.4L2.8 12.6a1.2 1.2 0 0 0 1 1.8h8.4a1.2 1.2 0 0 0 1-1.8L9.4 6.2V1.8" />
      <path d="M4.6 9.6h6.8" />
    </IconSvg>
  );
}

/** A circled "i": About and information toasts. */
export function InfoIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 7.2v4M8 4.9v.1" />
    </IconSvg>
  );
}

/** A warning triangle: error toasts and the error screen. */
export function AlertIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="M8 1.9 14.6 13.6H1.4Z" />
      <path d="M8 6.4v3.4M8 11.7v.1" />
    </IconSvg>
  );
}

/** A check mark: success toasts. */
export function CheckIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <circle cx="8" cy="8" r="6.2" />
      <path d="m5.3 8.2 1.9 1.9 3.6-3.8" />
    </IconSvg>
  );
}

/** A cross: close and dismiss. */
export function CloseIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="m4 4 8 8M12 4l-8 8" />
    </IconSvg>
  );
}

/** A chevron pointing right (breadcrumb separators, collapsed sections). */
export function ChevronRightIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="m6 3.5 4.5 4.5L6 12.5" />
    </IconSvg>
  );
}

/** A chevron pointing up (expand a bottom panel). */
export function ChevronUpIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="m3.5 10 4.5-4.5 4.5 4.5" />
    </IconSvg>
  );
}

/** A chevron pointing down (collapse a bottom panel). */
export function ChevronDownIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="m3.5 6 4.5 4.5L12.5 6" />
    </IconSvg>
  );
}

/** A right-hand side panel: toggles the inspector. */
export function SidePanelIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <rect x="1.8" y="2.5" width="12.4" height="11" rx="1.5" />
      <path d="M10 2.5v11" />
    </IconSvg>
  );
}

/** Two opposed arrows: transfers and jobs. */
export function TransferIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="M5 13V3M2.5 5.5 5 3l2.5 2.5M11 3v10M8.5 10.5 11 13l2.5-2.5" />
    </IconSvg>
  );
}

/** A half-filled circle: the theme switch. */
export function ContrastIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 1.8v12.4A6.2 6.2 0 0 0 8 1.8Z" fill="currentColor" stroke="none" />
    </IconSvg>
  );
}

/** A magnifier over a document: the inspector's empty state. */
export function InspectIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="M9 14.2H3.6a1 1 0 0 1-1-1V2.8a1 1 0 0 1 1-1h5.2l3 3v2.4" />
      <circle cx="11" cy="11" r="2.3" />
      <path d="m12.7 12.7 1.6 1.6" />
    </IconSvg>
  );
}

/** A snowflake: restoring archived (frozen) objects. */
export function SnowflakeIcon(props: IconProps) {
  return (
    <IconSvg {...props}>
      <path d="M8 1.5v13M2.4 4.75l11.2 6.5M2.4 11.25l11.2-6.5" />
      <path d="M6.3 2.6 8 4l1.7-1.4M6.3 13.4 8 12l1.7 1.4" />
    </IconSvg>
  );
}

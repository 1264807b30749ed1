/**
 * Line icons of the browsing screens (folder, file, bucket, navigation), in the kit's style.
 */
import { IconSvg as Svg, type IconProps } from '../../kit/icons';

/** Props every icon accepts. */
export type BrowseIconProps = IconProps;

/** A folder: a common prefix. */
export function FolderIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M1.8 4.2c0-.6.4-1 1-1h3.3l1.4 1.5h5.7c.6 0 1 .4 1 1v6.6c0 .6-.4 1-1 1H2.8c-.6 0-1-.4-1-1z" />
    </Svg>
  );
}

/** A page: an object. */
export function FileIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M4 1.8h5l3 3v9.4H4z" />
      <path d="M9 1.8v3h3" />
    </Svg>
  );
}

/** A bucket. */
export function BucketIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <ellipse cx="8" cy="4" rx="5.5" ry="1.8" />
      <path d="M2.5 4l1.3 8.6c.2 1 2 1.6 4.2 1.6s4-.6 4.2-1.6L13.5 4" />
    </Svg>
  );
}

/** Arrow left: back. */
export function BackIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M13 8H3M7 4L3 8l4 4" />
    </Svg>
  );
}

/** Arrow right: forward. */
export function ForwardIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M3 8h10M9 4l4 4-4 4" />
    </Svg>
  );
}

/** Arrow up: parent folder. */
export function UpIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M8 13V3M4 7l4-4 4 4" />
    </Svg>
  );
}

/** Magnifier: filter and search. */
export function SearchIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <circle cx="7" cy="7" r="4.2" />
      <path d="M10.2 10.2L14 14" />
    </Svg>
  );
}

/** Disclosure triangle for tree nodes; rotate with CSS when expanded. */
export function DisclosureIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M6 4l4 4-4 4" />
    </Svg>
  );
}

/** A chain link: share link. */
export function LinkIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M6.8 9.2a2.6 2.6 0 003.7 0l2.2-2.2a2.6 2.6 0 00-3.7-3.7l-.9.9" />
      <path d="M9.2 6.8a2.6 2.6 0 00-3.7 0L3.3 9a2.6 2.6 0 003.7 3.7l.9-.9" />
    </Svg>
  );
}

/** Two sheets: copy. */
export function CopyIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1" />
      <path d="M10.5 5.5v-2c0-.6-.4-1-1-1h-6c-.6 0-1 .4-1 1v6c0 .6.4 1 1 1h2" />
    </Svg>
  );
}

/** Arrow into a tray: download. */
export function DownloadIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M8 2v8M4.8 7L8 10.2 11.2 7" />
      <path d="M2.5 11v2.2h11V11" />
    </Svg>
  );
}

/** Arrow out of a tray: upload. */
export function UploadIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M8 10.5V2.5M4.8 5.6L8 2.4l3.2 3.2" />
      <path d="M2.5 11v2.2h11V11" />
    </Svg>
  );
}

/** A folder with a plus: new folder. */
export function NewFolderIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M1.8 4.2c0-.6.4-1 1-1h3.3l1.4 1.5h5.7c.6 0 1 .4 1 1v6.6c0 .6-.4 1-1 1H2.8c-.6 0-1-.4-1-1z" />
      <path d="M8 7.2v4M6 9.2h4" />
    </Svg>
  );
}

/** Stacked sheets with a clock hand: versions. */
export function VersionsIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <circle cx="8.5" cy="8.5" r="5.2" />
      <path d="M8.5 5.6v3l2 1.3" />
      <path d="M1.8 8.5a6.7 6.7 0 0 1 1.4-4.1M1.6 3.2l1.6 1.2 1.2-1.6" />
    </Svg>
  );
}

/** A trash can: delete. */
export function TrashIcon(props: BrowseIconProps) {
  return (
    <Svg {...props}>
      <path d="M2.8 4.2h10.4M6.2 4.2V2.6h3.6v1.6M4 4.2l.7 9.2h6.6l.7-9.2" />
      <path d="M6.7 6.8v4.2M9.3 6.8v4.2" />
    </Svg>
  );
}

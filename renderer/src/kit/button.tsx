/**
 * Buttons: a text button in three weights and a square icon button.
 *
 * Always `type="button"` unless told otherwise, so a button inside a form never submits by accident.
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** `default` bordered, `primary` filled with the accent, `ghost` borderless (toolbars). */
export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

/** Props of `Button`. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  icon?: ReactNode;
}

/** A text button, optionally with a leading icon. */
export function Button({ variant = 'default', icon, className, children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} className={cx('btn', `btn-${variant}`, className)} {...rest}>
      {icon}
      {children !== undefined && <span>{children}</span>}
    </button>
  );
}

/** Props of `IconButton`: the label is required because the icon has no text. */
export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label'> {
  label: string;
  icon: ReactNode;
  /** For toggles: rendered as `aria-pressed`. */
  pressed?: boolean;
}

/** A square, borderless button showing only an icon; `label` becomes its accessible name and tooltip. */
export function IconButton({ label, icon, pressed, className, type = 'button', ...rest }: IconButtonProps) {
  return (
    <button type={type} className={cx('icon-btn', className)} aria-label={label} title={label} aria-pressed={pressed} {...rest}>
      {icon}
    </button>
  );
}

/** Joins class names, skipping empty ones. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}

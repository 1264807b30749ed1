/**
 * The shell's small component kit; screens build from these and the CSS variables in `styles.css`.
 */
export { Button, IconButton, cx, type ButtonProps, type ButtonVariant, type IconButtonProps } from './button';
export { Badge, EmptyState, KeyValueList, PaneHeader, Spinner, type KeyValue } from './pane';
export { ModalDialog, type ModalDialogProps } from './modal-dialog';
export * from './icons';
export { Breadcrumb, type Crumb } from './breadcrumb';
export { PairsEditor, type Pair, type PairsEditorProps } from './pairs-editor';

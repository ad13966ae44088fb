import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface ConfirmProps {
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
}

/** A modal question (the native dialog: focus stays inside, Escape cancels). */
export function Confirm(props: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm"
      onClose={props.onClose}
    >
      <h2 id="confirm-title">{props.title}</h2>
      {props.children}
      <div class="dialog-actions">
        <button type="button" data-testid="confirm-cancel" onClick={props.onClose}>
          Keep
        </button>
        <button
          type="button"
          class="danger"
          data-testid="confirm-ok"
          onClick={() => {
            props.onConfirm();
            props.onClose();
          }}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

"use client";
import { useRef } from "react";

/**
 * For a dialog opened from state rather than from a Radix `DialogTrigger` (the
 * table's Edit, Delete, Revoke buttons): Radix returns the focus to its trigger on
 * close, and without one the focus falls to the page's body, so a keyboard user
 * loses their place. Spread the result on `DialogContent`: the focus goes back to
 * the element that had it when the dialog opened, when that element is still there.
 */
export function useReturnFocus() {
  const from = useRef<HTMLElement | null>(null);
  return {
    // Fired before Radix moves the focus into the dialog: the opener still has it.
    onOpenAutoFocus: () => {
      from.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    },
    onCloseAutoFocus: (event: Event) => {
      const opener = from.current;
      from.current = null;
      if (opener?.isConnected) {
        event.preventDefault();
        opener.focus();
      }
    },
  };
}

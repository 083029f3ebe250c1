"use client";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { isApiProblem } from "@/lib/query/policies";
import { useReturnFocus } from "./return-focus";

/** A confirmation for a change that re-decides dependencies: says what, runs it, shows the server's refusal. */
export function ConfirmDialog({ open, onOpenChange, title, description, children, confirmLabel, destructive, onConfirm }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; description: ReactNode; children?: ReactNode; confirmLabel: string; destructive?: boolean; onConfirm: () => Promise<unknown> }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  return (
    <Dialog open={open} onOpenChange={(o) => (setError(null), onOpenChange(o))}>
      <DialogContent {...returnFocus}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
        {error && (
          <p role="alert" className="text-sm text-danger-foreground">
            {error}
          </p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button
            variant={destructive ? "destructive" : "default"}
            disabled={pending}
            onClick={async () => {
              setPending(true);
              setError(null);
              try {
                await onConfirm();
                onOpenChange(false);
              } catch (e) {
                setError(isApiProblem(e) ? (e.fieldErrors ? Object.values(e.fieldErrors).flat().join(" ") : e.message) : String(e));
              } finally {
                setPending(false);
              }
            }}
          >
            {pending ? "Working…" : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
